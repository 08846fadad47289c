import { defineCommand } from '../define.js';
import { reportStatuses, STATUS_JSON_FIELDS, WATCH_FLAGS } from '../status/shared.js';
import { type BuildStatus, OP, PR_ARG, prContext } from './shared.js';

export default defineCommand({
  path: ['pr', 'checks'],
  summary: 'Show the build statuses (checks) of a pull request',
  description:
    "Lists the builds reported on the pull request (Data Center: on its source branch's latest commit): state, name, key and link. Exit status: 0 when all passed, 1 when one failed or was stopped, 8 while some are still in progress (--watch waits for them instead).",
  examples: ['bb pr checks 42', '# wait for the builds to finish; fail if one fails', 'bb pr checks --watch', 'bb pr checks 42 --json name,state,url'],
  args: [PR_ARG],
  flags: WATCH_FLAGS,
  operations: [OP.prStatuses, OP.prList],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}', 'GET /build-status/latest/commits/{commitId}'],
  repo: true,
  json: STATUS_JSON_FIELDS,
  async run(ctx, input) {
    const { repo, id, p } = await prContext(ctx, input);
    // reportStatuses reads Cloud's field names; the domain statuses carry the same facts
    return reportStatuses(ctx, input, `pull request #${id}`, async () =>
      (await p.listPullRequestStatuses(repo, id)).map(
        (s): BuildStatus => ({
          key: s.key ?? undefined,
          name: s.name ?? undefined,
          state: s.state ?? undefined,
          url: s.url ?? undefined,
          description: s.description ?? undefined,
          refname: s.refname ?? undefined,
          created_on: s.createdAt ?? undefined,
          updated_on: s.updatedAt ?? undefined,
          ...(s.commit ? { commit: { hash: s.commit } } : {}),
        }),
      ),
    );
  },
});
