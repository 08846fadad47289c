import type { Context } from '../../context/context.js';
import type { HostInfo, Provider } from '../types.js';
import { branchRestrictionMethods } from './branch-restrictions.js';
import { commitCommentMethods } from './commit-comments.js';
import { commitMethods } from './commits.js';
import { fileMethods } from './files.js';
import { insightMethods } from './insights.js';
import { permissionMethods } from './permissions.js';
import { projectMethods } from './projects.js';
import { cloudPullRequestMethods } from './pullrequests.js';
import { refMethods } from './refs.js';
import { repositoryMethods } from './repositories.js';
import { sshKeyMethods } from './ssh-keys.js';
import { statusMethods } from './statuses.js';
import { prChangeMethods } from './pr-changes.js';
import { reviewQueueMethods } from './review-queue.js';
import { taskMethods } from './tasks.js';
import { tokenMethods } from './tokens.js';
import { webhookMethods } from './webhooks.js';

/** The Bitbucket Cloud adapter: one factory per area (src/provider/README.md). */
export function createCloudProvider(ctx: Context, host: HostInfo): Provider {
  return {
    kind: 'cloud',
    host,
    ...repositoryMethods(ctx),
    ...projectMethods(ctx),
    ...refMethods(ctx),
    ...commitMethods(ctx),
    ...statusMethods(ctx),
    ...insightMethods(ctx),
    ...commitCommentMethods(ctx),
    ...webhookMethods(ctx),
    ...sshKeyMethods(ctx),
    ...tokenMethods(),
    ...cloudPullRequestMethods(ctx),
    ...branchRestrictionMethods(ctx),
    ...fileMethods(ctx),
    ...taskMethods(ctx),
    ...prChangeMethods(ctx),
    ...reviewQueueMethods(ctx),
    ...permissionMethods(ctx),
  };
}
