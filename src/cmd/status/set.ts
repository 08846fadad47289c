import { BbError } from '../../core/errors.js';
import { printItem, status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import type { BuildState, BuildStatus } from '../../provider/types.js';
import { defineCommand } from '../define.js';
import { madeSince, sendWrite } from '../shared/lost-answer.js';
import { notFound } from '../../provider/errors.js';
import { STATUS_JSON_FIELDS, STATUS_JSON_RENAMED } from './report.js';

const OP_SET = 'POST /repositories/{workspace}/{repo_slug}/commit/{commit}/statuses/build';

export default defineCommand({
  path: ['status', 'set'],
  summary: 'Report a build status on a commit',
  description:
    'Creates or replaces (same --key) the build status of a commit, as a CI system does. The state is SUCCESSFUL, FAILED, INPROGRESS or STOPPED. --url, the link back to the build, is required on both hosts: Bitbucket Cloud refuses a status without one (400 "url: This field is required") and Data Center\'s build status API lists it among the required fields (key, state, url). bb does not make one up: a link to the commit would not lead to the build.',
  examples: [
    'bb status set 3f2a9c1 --state INPROGRESS --key lint --name "Lint" --url https://ci.example.com/builds/77',
    'bb status set "$(git rev-parse HEAD)" --state SUCCESSFUL --key lint --url "$CI_JOB_URL" --description "0 problems"',
    'bb status set 3f2a9c1 --state FAILED --key e2e --url https://ci.example.com/builds/78 --dry-run',
  ],
  args: [{ name: 'commit', description: 'the commit hash (or its URL)', required: true, accepts: 'commit' }],
  flags: [
    {
      name: 'state',
      short: 's',
      type: 'string',
      valueName: 'STATE',
      choices: ['SUCCESSFUL', 'FAILED', 'INPROGRESS', 'STOPPED'],
      description: 'SUCCESSFUL, FAILED, INPROGRESS or STOPPED (required)',
    },
    { name: 'key', short: 'k', type: 'string', valueName: 'KEY', description: 'identifies the build; a status with the same key is replaced (required)' },
    { name: 'name', short: 'n', type: 'string', valueName: 'NAME', description: 'name shown for the build' },
    { name: 'url', short: 'u', type: 'string', valueName: 'URL', description: 'link to the build (required)' },
    { name: 'description', short: 'd', type: 'string', valueName: 'TEXT', description: 'one-line summary of the result' },
    { name: 'refname', type: 'string', valueName: 'BRANCH', description: 'the branch the build ran for' },
  ],
  operations: [OP_SET, 'GET /repositories/{workspace}/{repo_slug}/commit/{commit}/statuses'],
  dcOperations: ['POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/builds', 'GET /build-status/latest/commits/{commitId}'],
  repo: true,
  write: true,
  json: STATUS_JSON_FIELDS,
  jsonRenamed: STATUS_JSON_RENAMED,
  async run(ctx, input) {
    const f = input.flags as { state?: string; key?: string; name?: string; url?: string; description?: string; refname?: string };
    // --url too: Cloud answers 400 "url: This field is required" without it, and Data Center's spec lists it as required
    const missing = [!f.state && '--state', !f.key && '--key', !f.url?.trim() && '--url'].filter(Boolean) as string[];
    if (missing.length) {
      const message =
        missing.length > 1
          ? `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)} are required`
          : missing[0] === '--url'
            ? 'a build status needs --url, the link to the build: Bitbucket requires one'
            : `${missing[0]} is required`;
      throw new BbError('INVALID_ARGUMENT', message, {
        hints: [
          'for example: bb status set SHA --state SUCCESSFUL --key build --url https://ci.example.com/builds/77',
          ...(missing.includes('--url') ? ['--url links the status to its build: Bitbucket requires one'] : []),
        ],
      });
    }
    const repo = await ctx.repo(input.flags.repo);
    const commit = String(input.args.commit);
    const p = await provider(ctx);
    const write = await p.setBuildStatus(repo, {
      commit,
      key: f.key as string,
      state: f.state as BuildState,
      name: f.name,
      url: f.url,
      description: f.description,
      refname: f.refname,
    });
    if (await dryRunWrite(ctx, input, write)) return 0;
    let created: BuildStatus;
    try {
      created = await sendWrite(ctx, () => write.send(), {
        what: `the ${f.key} status of ${commit.slice(0, 12)}`,
        check: `bb status list ${commit}`,
        readBack: async (sentAt) => {
          const now = await p.listBuildStatuses(repo, commit);
          const hit = now.find(
            (s) => s.key === f.key && s.state === f.state && (f.url === undefined || s.url === f.url) && madeSince(s.updatedAt ?? s.createdAt, sentAt),
          );
          return hit ? { item: hit, id: `${hit.key} is ${hit.state}` } : undefined;
        },
      });
    } catch (e) {
      throw notFound(e, `commit ${commit} not found in ${repo.workspace}/${repo.repo}`);
    }
    await printItem(ctx, input, created, {
      toJson: (s) => ({ ...s }),
      human: () => status(ctx, `✓ Set ${f.key} to ${f.state} on ${commit.slice(0, 12)} in ${repo.workspace}/${repo.repo}`),
    });
    return 0;
  },
});
