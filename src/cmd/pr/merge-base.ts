import { BbError } from '../../core/errors.js';
import { CLOUD_PR_CHANGE_OP as OP, DC_PR_CHANGE_OP as DC } from '../../provider/pr-changes.js';
import { CLOUD_PR_OP } from '../../provider/pullrequests.js';
import { COMMIT_JSON_FIELDS } from '../commit/present.js';
import { defineCommand } from '../define.js';
import { printItem } from '../shared/print.js';
import { PR_ARG, prContext } from './finder.js';

export default defineCommand({
  path: ['pr', 'merge-base'],
  summary: 'Show the merge base of a pull request',
  description:
    "Prints the best common ancestor of the pull request's source and destination commits (as git merge-base does): the commit its diff is taken from.",
  examples: [
    'bb pr merge-base 42',
    'bb pr merge-base 42 --json hash,subject,date',
    '# the changes since the merge base, locally',
    'git diff $(bb pr merge-base 42)',
  ],
  args: [PR_ARG],
  operations: [CLOUD_PR_OP.prGet, OP.mergeBase, CLOUD_PR_OP.prList],
  dcOperations: [DC.mergeBase],
  repo: true,
  json: COMMIT_JSON_FIELDS,
  async run(ctx, input) {
    const { repo, id, p } = await prContext(ctx, input);
    const base = await p.pullRequestMergeBase(repo, id);
    if (!base?.hash)
      throw new BbError('API_NOT_FOUND', `the source and destination of pull request #${id} have no common ancestor`, {
        hints: ['the two branches share no history: the pull request diff is against the whole destination'],
      });
    const { authorName: _a, ...json } = base;
    await printItem(ctx, input, json, { toJson: (c) => c, human: () => void ctx.io.out.write(`${base.hash}\n`) });
    return 0;
  },
});
