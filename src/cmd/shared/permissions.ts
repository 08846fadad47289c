/**
 * What `bb repo permissions …` and `bb project permissions …` share: the flags, the table and JSON of a list, and
 * the grant and revoke runs. The target (a repository or a project) is the command's; the host's calls are the
 * provider's (src/provider/permissions.ts).
 */
import { paginate } from '../../api/paginate.js';
import type { Context } from '../../context/context.js';
import type { CommandInput, FlagDef } from '../../core/command.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import { checkPermissionLevel, type Permission, type PermissionTarget, permissionSubject, permissionTargetName } from '../../provider/permissions.js';
import { USER_BY_NAME } from '../../provider/pullrequests.js';
import { printItem, printList, status } from './print.js';
import { confirmYes } from './write.js';

export const PERMISSION_JSON_FIELDS = ['kind', 'name', 'displayName', 'uuid', 'accountId', 'permission'];

export const SUBJECT_FLAGS: FlagDef[] = [
  { name: 'user', short: 'u', type: 'string', valueName: 'USER', description: 'a user: nickname, {uuid} or account id (Data Center: the username)' },
  { name: 'group', short: 'g', type: 'string', valueName: 'GROUP', description: 'a group: its slug (Data Center: its name)' },
];

export const LIST_FLAGS: FlagDef[] = [
  { name: 'users', type: 'boolean', description: "only the users' permissions" },
  { name: 'groups', type: 'boolean', description: "only the groups' permissions" },
];

/** Cloud: a user given by nickname is looked up among the workspace's members (the path takes a {uuid} or account id). */
export function memberLookupRule(): { flag: string; pattern: string; patternLabel: string; operations: string[]; source: string } {
  return {
    flag: 'user',
    pattern: USER_BY_NAME,
    patternLabel: 'NAME',
    operations: ['GET /workspaces/{workspace}/members'],
    source:
      'a nickname or display name (not a {uuid} or an account id) is looked up among the workspace members: the permission endpoints take only a {uuid} or an account id',
  };
}

export async function listPermissions(ctx: Context, input: CommandInput, target: PermissionTarget): Promise<void> {
  const p = await provider(ctx);
  const { users, groups } = input.flags;
  const kinds: Array<'user' | 'group'> = users && !groups ? ['user'] : groups && !users ? ['group'] : ['user', 'group'];
  const items: Permission[] = [];
  for (const kind of kinds) {
    items.push(...(await p.listPermissions(target, kind, { limit: input.flags.limit as number | undefined, all: Boolean(input.flags.all) })));
  }
  await printList(ctx, input, items, {
    columns: [
      { header: 'TYPE', value: (i) => i.kind, style: () => 'gray' },
      { header: 'NAME', value: (i) => i.name ?? i.uuid ?? '', style: () => 'bold' },
      { header: 'DISPLAY NAME', value: (i) => i.displayName ?? '', flexible: true },
      { header: 'PERMISSION', value: (i) => i.permission, style: (i) => (i.permission === 'admin' ? 'yellow' : 'green') },
    ],
    toJson: (i) => ({ ...i }),
    empty: `${permissionTargetName(target)} has no explicit ${kinds.length === 2 ? 'user or group' : kinds[0]} permissions`,
  });
}

export async function grantPermission(ctx: Context, input: CommandInput, target: PermissionTarget, command: string): Promise<void> {
  const level = checkPermissionLevel(target, input.args.permission);
  const subject = permissionSubject(input.flags, command);
  const write = await (await provider(ctx)).grantPermission(target, subject, level);
  if (await dryRunWrite(ctx, input, write)) return;
  const granted = await write.send();
  const shown = granted ?? { kind: subject.kind, name: subject.name, displayName: null, uuid: null, accountId: null, permission: level };
  await printItem(ctx, input, shown, {
    toJson: (i) => ({ ...i }),
    human: () => status(ctx, `✓ Granted ${level} on ${permissionTargetName(target)} to ${subject.kind} ${granted?.displayName ?? subject.name}`),
  });
}

export async function revokePermission(ctx: Context, input: CommandInput, target: PermissionTarget, command: string): Promise<void> {
  const subject = permissionSubject(input.flags, command);
  const name = permissionTargetName(target);
  const write = await (await provider(ctx)).revokePermission(target, subject);
  if (await dryRunWrite(ctx, input, write)) return;
  await confirmYes(
    ctx,
    input,
    `Revoke the permissions of ${subject.kind} ${subject.name} on ${name}?`,
    `revoke the permissions of ${subject.kind} ${subject.name}`,
  );
  await write.send();
  status(ctx, `✓ Revoked the permissions of ${subject.kind} ${subject.name} on ${name}`);
}

/** Cloud's workspace permission answers (`workspace_membership`, `repository_permission`): only what bb reads. */
interface CloudWorkspacePermission {
  permission?: string;
  user?: { display_name?: string; nickname?: string; uuid?: string; account_id?: string };
  repository?: { full_name?: string };
}

export const WORKSPACE_PERMISSION_JSON_FIELDS = ['nickname', 'displayName', 'uuid', 'accountId', 'permission', 'repository'];

const USER_FIELDS = ['permission', 'user.display_name', 'user.nickname', 'user.uuid', 'user.account_id'];

/**
 * Cloud's effective permissions (Cloud-only commands): the workspace's members (`/workspaces/{workspace}/permissions`),
 * or each member's on the workspace's repositories (`…/permissions/repositories[/{repo_slug}]`).
 */
export async function listWorkspacePermissions(
  ctx: Context,
  input: CommandInput,
  template:
    | '/workspaces/{workspace}/permissions'
    | '/workspaces/{workspace}/permissions/repositories'
    | '/workspaces/{workspace}/permissions/repositories/{repo_slug}',
  params: Record<string, string>,
  empty: string,
): Promise<void> {
  const perRepo = template !== '/workspaces/{workspace}/permissions';
  const items = await paginate<CloudWorkspacePermission>(
    await ctx.http(),
    template,
    params,
    {},
    { limit: input.flags.limit as number | undefined, all: Boolean(input.flags.all), fields: perRepo ? [...USER_FIELDS, 'repository.full_name'] : USER_FIELDS },
  );
  await printList(ctx, input, items, {
    columns: [
      ...(perRepo ? [{ header: 'REPOSITORY', value: (m: CloudWorkspacePermission) => m.repository?.full_name ?? '' }] : []),
      { header: 'NAME', value: (m) => m.user?.display_name ?? '', style: () => 'bold', flexible: true },
      { header: 'NICKNAME', value: (m) => m.user?.nickname ?? '' },
      { header: 'PERMISSION', value: (m) => m.permission ?? '' },
    ],
    toJson: (m) => ({
      nickname: m.user?.nickname ?? null,
      displayName: m.user?.display_name ?? null,
      uuid: m.user?.uuid ?? null,
      accountId: m.user?.account_id ?? null,
      permission: m.permission ?? null,
      repository: m.repository?.full_name ?? null,
    }),
    empty,
  });
}
