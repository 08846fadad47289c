import { fileMethods } from './files.js';
import type { Context } from '../../context/context.js';
import type { HostInfo, Provider } from '../types.js';
import { branchRestrictionMethods } from './branch-restrictions.js';
import { commitCommentMethods } from './commit-comments.js';
import { commitMethods } from './commits.js';
import { insightMethods } from './insights.js';
import { permissionMethods } from './permissions.js';
import { projectMethods } from './projects.js';
import { dcPullRequestMethods } from './pullrequests.js';
import { refMethods } from './refs.js';
import { repositoryMethods } from './repositories.js';
import { sshKeyMethods } from './ssh-keys.js';
import { statusMethods } from './statuses.js';
import { prChangeMethods } from './pr-changes.js';
import { reviewQueueMethods } from './review-queue.js';
import { taskMethods } from './tasks.js';
import { tokenMethods } from './tokens.js';
import { webhookMethods } from './webhooks.js';

/** The Bitbucket Data Center adapter: one factory per area (src/provider/README.md). Loaded only for DC hosts. */
export function createDcProvider(ctx: Context, host: HostInfo): Provider {
  return {
    kind: 'dc',
    host,
    ...repositoryMethods(ctx),
    ...projectMethods(ctx, host),
    ...refMethods(ctx),
    ...commitMethods(ctx),
    ...statusMethods(ctx),
    ...insightMethods(ctx),
    ...commitCommentMethods(ctx),
    ...webhookMethods(ctx, host),
    ...sshKeyMethods(ctx),
    ...tokenMethods(ctx),
    ...dcPullRequestMethods(ctx),
    ...branchRestrictionMethods(ctx),
    ...fileMethods(ctx),
    ...taskMethods(ctx),
    ...prChangeMethods(ctx),
    ...reviewQueueMethods(ctx),
    ...permissionMethods(ctx),
  };
}
