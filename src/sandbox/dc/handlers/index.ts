import { ACCESS_TOKEN_ROUTES } from './access-tokens.js';
import { BRANCH_PERMISSION_ROUTES } from './branch-permissions.js';
import { BUILD_ROUTES } from './builds.js';
import { COMMIT_COMMENT_ROUTES } from './commit-comments.js';
import { COMMIT_ROUTES } from './commits.js';
import type { DcRoutes } from './context.js';
import { DEFAULT_REVIEWER_ROUTES } from './default-reviewers.js';
import { FILE_ROUTES } from './files.js';
import { INSIGHT_ROUTES } from './insights.js';
import { PERMISSION_ROUTES } from './permissions.js';
import { PROJECT_ROUTES } from './projects.js';
import { PULL_REQUEST_CHANGE_ROUTES } from './pull-request-changes.js';
import { PULL_REQUEST_COMMENT_ROUTES } from './pull-request-comments.js';
import { PULL_REQUEST_REVIEWER_ROUTES } from './pull-request-reviewers.js';
import { PULL_REQUEST_ROUTES } from './pull-requests.js';
import { REF_ROUTES } from './refs.js';
import { REPOSITORY_ROUTES } from './repositories.js';
import { SSH_KEY_ROUTES } from './ssh-keys.js';
import { USER_ROUTES } from './users.js';
import { WEBHOOK_ROUTES } from './webhooks.js';

/**
 * The Data Center sandbox's routes: one file per area of the API, each exporting its routes keyed by operation
 * (`METHOD /path/template` of spec/bitbucket-dc.openapi.json, below /rest). Every operation has one handler: joining
 * the areas refuses an operation two areas claim (no override by order).
 */
export const DC_AREAS: Readonly<Record<string, DcRoutes>> = {
  users: USER_ROUTES,
  projects: PROJECT_ROUTES,
  repositories: REPOSITORY_ROUTES,
  refs: REF_ROUTES,
  commits: COMMIT_ROUTES,
  builds: BUILD_ROUTES,
  files: FILE_ROUTES,
  'pull-requests': PULL_REQUEST_ROUTES,
  'pull-request-reviewers': PULL_REQUEST_REVIEWER_ROUTES,
  'pull-request-comments': PULL_REQUEST_COMMENT_ROUTES,
  'pull-request-changes': PULL_REQUEST_CHANGE_ROUTES,
  'ssh-keys': SSH_KEY_ROUTES,
  'access-tokens': ACCESS_TOKEN_ROUTES,
  webhooks: WEBHOOK_ROUTES,
  'default-reviewers': DEFAULT_REVIEWER_ROUTES,
  'branch-permissions': BRANCH_PERMISSION_ROUTES,
  insights: INSIGHT_ROUTES,
  'commit-comments': COMMIT_COMMENT_ROUTES,
  permissions: PERMISSION_ROUTES,
};

/** The areas' routes as one table; throws when two areas define the same operation. */
export function joinRoutes(areas: Readonly<Record<string, DcRoutes>>): DcRoutes {
  const table: DcRoutes = {};
  const owner = new Map<string, string>();
  for (const [area, routes] of Object.entries(areas)) {
    for (const [operation, handler] of Object.entries(routes)) {
      const first = owner.get(operation);
      if (first !== undefined) throw new Error(`${operation} is defined twice: in ${first} and in ${area}`);
      owner.set(operation, area);
      table[operation] = handler;
    }
  }
  return table;
}

export const DC_ROUTES: DcRoutes = joinRoutes(DC_AREAS);
