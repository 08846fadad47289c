import { BbError } from '../../core/errors.js';
import { sanitize } from '../../output/sanitize.js';
import { printFields } from '../../output/table.js';
import { provider } from '../../provider/index.js';
import { REF_JSON_FIELDS } from '../branch/ref-list.js';
import { defineCommand } from '../define.js';
import { printItem } from '../shared/print.js';

export default defineCommand({
  path: ['tag', 'view'],
  summary: 'Show one tag',
  description: 'Prints the tag: its commit, the commit date and subject, the author and, for an annotated tag, its message.',
  examples: ['bb tag view v1.0.0', 'bb tag view v1.0.0 -R myteam/web --json name,commit'],
  args: [{ name: 'name', description: 'the tag name', required: true }],
  hosts: ['cloud'],
  operations: ['GET /repositories/{workspace}/{repo_slug}/refs/tags/{name}'],
  repo: true,
  json: REF_JSON_FIELDS,
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const name = String(input.args.name ?? '').trim();
    if (!name) throw new BbError('INVALID_ARGUMENT', 'the tag name is empty', { hints: ['list the tags with `bb tag list`'] });
    const p = await provider(ctx);
    const r = await p.getTag(repo, name).catch((e) => {
      throw e instanceof BbError && e.errorName === 'API_NOT_FOUND' && e.hints.length === 0
        ? new BbError('API_NOT_FOUND', e.message, { operation: e.operation, status: 404, hints: ['list the tags with `bb tag list`'] })
        : e;
    });
    await printItem(ctx, input, r, {
      toJson: ({ authorName: _a, ...x }) => x,
      human: () => {
        printFields(ctx.io, [
          ['name', r.name ?? ''],
          ['commit', r.commit ?? ''],
          ['date', r.commitDate ?? ''],
          ['subject', r.commitSubject],
          ['author', r.authorName],
          ['url', r.url ?? ''],
        ]);
        if (r.message) ctx.io.out.write(`\n${sanitize(r.message)}\n`);
      },
    });
    return 0;
  },
});
