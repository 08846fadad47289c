import { defineCommand } from '../define.js';
import { openInBrowser, repoPage, webFlag } from '../shared/web.js';
import { reportStatuses, STATUS_JSON_FIELDS, STATUS_JSON_RENAMED, WATCH_FLAGS } from '../status/report.js';
import { CLOUD_PR_OP as OP } from '../../provider/pullrequests.js';
import { PR_ARG, prContext } from './finder.js';

export default defineCommand({
  path: ['pr', 'checks'],
  summary: 'Show the build statuses (checks) of a pull request',
  description:
    "Lists the builds reported on the pull request (Data Center: on its source branch's latest commit): state, name, key and link. Exit status: 0 when all passed, 1 when one failed or was stopped, 8 while some are still in progress (--watch waits for them instead). --web opens the pull request's page instead.",
  examples: [
    'bb pr checks 42',
    '# wait for the builds to finish; fail if one fails',
    'bb pr checks --watch',
    'bb pr checks 42 --json name,state,url',
    'bb pr checks 42 --web',
  ],
  args: [PR_ARG],
  // -w is --watch here
  flags: [...WATCH_FLAGS, webFlag('the pull request', false)],
  operations: [OP.prStatuses, OP.prList],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}', 'GET /build-status/latest/commits/{commitId}'],
  repo: true,
  json: STATUS_JSON_FIELDS,
  jsonRenamed: STATUS_JSON_RENAMED,
  async run(ctx, input) {
    const { repo, id, p } = await prContext(ctx, input);
    if (input.flags.web) {
      await openInBrowser(ctx, await repoPage(ctx, repo, { cloud: `/pull-requests/${id}`, dc: `/pull-requests/${id}/overview` }, 'a pull request'));
      return 0;
    }
    return reportStatuses(ctx, input, `pull request #${id}`, () => p.listPullRequestStatuses(repo, id));
  },
});
