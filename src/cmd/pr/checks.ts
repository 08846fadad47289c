import { paginate } from '../../api/paginate.js';
import { defineCommand } from '../define.js';
import { reportStatuses, STATUS_JSON_FIELDS, WATCH_FLAGS } from '../status/shared.js';
import { type BuildStatus, notFound, OP, PR_ARG, prTarget, template } from './shared.js';

export default defineCommand({
  path: ['pr', 'checks'],
  summary: 'Show the build statuses (checks) of a pull request',
  description:
    'Lists the builds reported on the pull request: state, name, key and link. Exit status: 0 when all passed, 1 when one failed or was stopped, 8 while some are still in progress (--watch waits for them instead).',
  examples: ['bb pr checks 42', '# wait for the builds to finish; fail if one fails', 'bb pr checks --watch', 'bb pr checks 42 --json name,state,url'],
  args: [PR_ARG],
  flags: WATCH_FLAGS,
  operations: [OP.prStatuses, OP.prList],
  repo: true,
  json: STATUS_JSON_FIELDS,
  async run(ctx, input) {
    const { repo, id, params } = await prTarget(ctx, input);
    const http = await ctx.http();
    return reportStatuses(ctx, input, `pull request #${id}`, async () => {
      try {
        return await paginate<BuildStatus>(http, template(OP.prStatuses), params, {}, { all: true });
      } catch (e) {
        throw notFound(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
      }
    });
  },
});
