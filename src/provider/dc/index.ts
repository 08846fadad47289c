import type { Context } from '../../context/context.js';
import type { HostInfo, Provider } from '../types.js';
import { commitMethods } from './commits.js';
import { permissionMethods } from './permissions.js';
import { projectMethods } from './projects.js';
import { dcPullRequestMethods } from './pullrequests.js';
import { refMethods } from './refs.js';
import { repositoryMethods } from './repositories.js';
import { sshKeyMethods } from './ssh-keys.js';
import { statusMethods } from './statuses.js';
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
    ...webhookMethods(ctx, host),
    ...sshKeyMethods(ctx),
    ...tokenMethods(ctx),
    ...dcPullRequestMethods(ctx),
    ...permissionMethods(ctx),
  };
}
