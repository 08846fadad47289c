import { BbError } from '../../core/errors.js';
import { provider } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { notFound } from '../../provider/errors.js';
import { CLOUD_PR_OP as OP } from '../../provider/pullrequests.js';
import { reportStatuses, STATUS_JSON_FIELDS, STATUS_JSON_RENAMED, WATCH_FLAGS } from './report.js';

export default defineCommand({
  path: ['status', 'list'],
  summary: 'List the build statuses of a commit',
  description:
    'Lists the build statuses reported on a commit (default: HEAD of the local clone). Exit status: 0 when all passed, 1 when one failed or was stopped, 8 while some are still in progress (--watch waits).',
  examples: [
    'bb status list',
    'bb status list 3f2a9c1',
    '# in CI: wait for the other builds',
    'bb status list "$BITBUCKET_COMMIT" --watch --interval 30',
    'bb status list main --json key,state',
  ],
  args: [{ name: 'commit', description: 'commit hash, ref or commit URL (default: HEAD of the local clone)', accepts: 'commit' }],
  flags: WATCH_FLAGS,
  operations: [OP.commitStatuses],
  dcOperations: ['GET /build-status/latest/commits/{commitId}'],
  repo: true,
  json: STATUS_JSON_FIELDS,
  jsonRenamed: STATUS_JSON_RENAMED,
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    let commit = input.args.commit as string | undefined;
    if (!commit) {
      try {
        commit = (await ctx.git.run(['rev-parse', 'HEAD'])).trim();
      } catch {
        throw new BbError('INVALID_ARGUMENT', 'no commit given and no local clone to take HEAD from', { hints: ['pass a commit hash: bb status list SHA'] });
      }
    }
    const p = await provider(ctx);
    const sha = commit;
    return reportStatuses(ctx, input, `commit ${sha.slice(0, 12)}`, async () => {
      try {
        return await p.listBuildStatuses(repo, sha);
      } catch (e) {
        throw notFound(e, `commit ${sha} not found in ${repo.workspace}/${repo.repo}`);
      }
    });
  },
});
