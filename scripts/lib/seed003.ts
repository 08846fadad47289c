/**
 * The hand-written "command → minimum scope" table of shared/seeds/003 (another Bitbucket CLI's scope guide),
 * encoded as data so docs/scopes.md can list where it disagrees with the official spec. Each row: the command,
 * the scopes the seed lists (":bitbucket" names as written there), and the operations such a command calls — used
 * only when this bb has no command of that name yet (otherwise the command's own declared operations count).
 * Rows the seed marks "(none …)" (auth logout, auth token) are left out: they call no API.
 */
const R = '/repositories/{workspace}/{repo_slug}';
const PR = `${R}/pullrequests/{pull_request_id}`;

export interface SeedRow {
  command: string;
  scopes: string[];
  operations: string[];
}

const s = (...names: string[]) => names.map((n) => `${n}:bitbucket`);

export const SEED003: readonly SeedRow[] = [
  { command: 'auth login', scopes: s('read:user'), operations: ['GET /user'] },
  { command: 'auth status', scopes: s('read:user'), operations: ['GET /user'] },
  { command: 'repo list', scopes: s('read:repository'), operations: ['GET /repositories/{workspace}'] },
  { command: 'repo view', scopes: s('read:repository'), operations: [`GET ${R}`] },
  { command: 'repo clone', scopes: s('read:repository'), operations: [`GET ${R}`] },
  { command: 'repo create', scopes: s('write:repository'), operations: [`POST ${R}`] },
  { command: 'repo delete', scopes: s('admin:repository'), operations: [`DELETE ${R}`] },
  { command: 'repo default-reviewers list', scopes: s('read:repository'), operations: [`GET ${R}/default-reviewers`] },
  { command: 'repo default-reviewers add', scopes: s('write:repository'), operations: [`PUT ${R}/default-reviewers/{target_username}`] },
  { command: 'repo default-reviewers remove', scopes: s('write:repository'), operations: [`DELETE ${R}/default-reviewers/{target_username}`] },
  { command: 'pr list', scopes: s('read:pullrequest', 'read:repository'), operations: [`GET ${R}/pullrequests`] },
  { command: 'pr view', scopes: s('read:pullrequest', 'read:repository'), operations: [`GET ${PR}`] },
  { command: 'pr diff', scopes: s('read:pullrequest', 'read:repository'), operations: [`GET ${PR}/diff`] },
  { command: 'pr checkout', scopes: s('read:pullrequest', 'read:repository'), operations: [`GET ${PR}`] },
  { command: 'pr activity', scopes: s('read:pullrequest', 'read:repository'), operations: [`GET ${PR}/activity`] },
  { command: 'pr checks', scopes: s('read:pullrequest', 'read:repository'), operations: [`GET ${PR}/statuses`] },
  { command: 'pr comments list', scopes: s('read:pullrequest', 'read:repository'), operations: [`GET ${PR}/comments`] },
  { command: 'pr reviewers list', scopes: s('read:pullrequest', 'read:repository'), operations: [`GET ${PR}`] },
  { command: 'pr create', scopes: s('write:pullrequest', 'read:repository'), operations: [`POST ${R}/pullrequests`] },
  { command: 'pr edit', scopes: s('write:pullrequest', 'read:repository'), operations: [`PUT ${PR}`] },
  { command: 'pr ready', scopes: s('write:pullrequest', 'read:repository'), operations: [`PUT ${PR}`] },
  { command: 'pr approve', scopes: s('write:pullrequest', 'read:repository'), operations: [`POST ${PR}/approve`] },
  { command: 'pr decline', scopes: s('write:pullrequest', 'read:repository'), operations: [`POST ${PR}/decline`] },
  { command: 'pr merge', scopes: s('write:pullrequest', 'read:repository'), operations: [`POST ${PR}/merge`] },
  { command: 'pr comments add', scopes: s('write:pullrequest', 'read:repository'), operations: [`POST ${PR}/comments`] },
  { command: 'pr comments edit', scopes: s('write:pullrequest', 'read:repository'), operations: [`PUT ${PR}/comments/{comment_id}`] },
  { command: 'pr comments delete', scopes: s('write:pullrequest', 'read:repository'), operations: [`DELETE ${PR}/comments/{comment_id}`] },
  { command: 'pr reviewers add', scopes: s('write:pullrequest', 'read:repository'), operations: [`PUT ${PR}`] },
  { command: 'pr reviewers remove', scopes: s('write:pullrequest', 'read:repository'), operations: [`PUT ${PR}`] },
  { command: 'pipeline list', scopes: s('read:pipeline'), operations: [`GET ${R}/pipelines`] },
  { command: 'pipeline view', scopes: s('read:pipeline'), operations: [`GET ${R}/pipelines/{pipeline_uuid}`] },
  { command: 'pipeline logs', scopes: s('read:pipeline'), operations: [`GET ${R}/pipelines/{pipeline_uuid}/steps/{step_uuid}/log`] },
  { command: 'pipeline run', scopes: s('write:pipeline'), operations: [`POST ${R}/pipelines`] },
  { command: 'pipeline stop', scopes: s('write:pipeline'), operations: [`POST ${R}/pipelines/{pipeline_uuid}/stopPipeline`] },
  { command: 'commit list', scopes: s('read:repository'), operations: [`GET ${R}/commits`] },
  { command: 'commit view', scopes: s('read:repository'), operations: [`GET ${R}/commit/{commit}`] },
  { command: 'status list', scopes: s('read:repository'), operations: [`GET ${R}/commit/{commit}/statuses`] },
  { command: 'status set', scopes: s('write:repository'), operations: [`POST ${R}/commit/{commit}/statuses/build`] },
  { command: 'issue list', scopes: s('read:issue'), operations: [`GET ${R}/issues`] },
  { command: 'issue view', scopes: s('read:issue'), operations: [`GET ${R}/issues/{issue_id}`] },
  { command: 'issue create', scopes: s('write:issue'), operations: [`POST ${R}/issues`] },
  { command: 'issue edit', scopes: s('write:issue'), operations: [`PUT ${R}/issues/{issue_id}`] },
  { command: 'issue close', scopes: s('write:issue'), operations: [`PUT ${R}/issues/{issue_id}`] },
  { command: 'issue comment', scopes: s('write:issue'), operations: [`POST ${R}/issues/{issue_id}/comments`] },
  { command: 'workspace list', scopes: s('read:workspace'), operations: ['GET /user/workspaces'] },
  { command: 'workspace view', scopes: s('read:workspace'), operations: ['GET /workspaces/{workspace}'] },
  { command: 'project list', scopes: s('read:project'), operations: ['GET /workspaces/{workspace}/projects'] },
  { command: 'project view', scopes: s('read:project'), operations: ['GET /workspaces/{workspace}/projects/{project_key}'] },
  { command: 'project create', scopes: s('admin:project'), operations: ['POST /workspaces/{workspace}/projects'] },
  { command: 'snippet list', scopes: s('read:snippet'), operations: ['GET /snippets/{workspace}'] },
  { command: 'snippet view', scopes: s('read:snippet'), operations: ['GET /snippets/{workspace}/{encoded_id}'] },
  { command: 'snippet create', scopes: s('write:snippet'), operations: ['POST /snippets/{workspace}'] },
  { command: 'snippet edit', scopes: s('write:snippet'), operations: ['PUT /snippets/{workspace}/{encoded_id}'] },
  { command: 'snippet delete', scopes: s('write:snippet'), operations: ['DELETE /snippets/{workspace}/{encoded_id}'] },
];
