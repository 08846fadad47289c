import { withPager } from '../../output/iostreams.js';
import { CLOUD_PR_CHANGE_OP as OP, DC_PR_CHANGE_OP as DC } from '../../provider/pr-changes.js';
import { CLOUD_PR_OP } from '../../provider/pullrequests.js';
import { defineCommand } from '../define.js';
import { colorDiff } from './diff.js';
import { PR_ARG, prContext } from './finder.js';

export default defineCommand({
  path: ['pr', 'patch'],
  summary: 'Show a pull request as a patch series',
  description:
    'Prints the commits of the pull request as git format-patch does (one mail per commit, with author and message), raw when piped so that `git am` can apply them; coloured and through the pager on a terminal.',
  examples: ['bb pr patch 42', '# apply the commits, authors and messages included', 'bb pr patch 42 | git am'],
  args: [PR_ARG],
  operations: [OP.patch, OP.repoPatch, CLOUD_PR_OP.prList],
  dcOperations: [DC.patch],
  repo: true,
  async run(ctx, input) {
    const { repo, id, p } = await prContext(ctx, input);
    const text = await p.pullRequestPatch(repo, id);
    if (!ctx.io.stdoutIsTTY) {
      ctx.io.out.write(text);
      return 0;
    }
    await withPager(ctx.io, async (out) => {
      out.out.write(colorDiff(ctx.io, text));
      if (!text.endsWith('\n') && text) out.out.write('\n');
    });
    return 0;
  },
});
