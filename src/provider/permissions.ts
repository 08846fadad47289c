/**
 * The permissions area of the provider boundary (src/provider/README.md): who may do what on a repository or a
 * project, user by user and group by group. bb speaks one vocabulary, Cloud's: `read`, `write`, `admin` (and, on
 * a project, `create-repo`); the Data Center adapter maps it to REPO_READ … PROJECT_ADMIN and back.
 */
import { BbError } from '../core/errors.js';
import type { ListOptions, RepoLocator, Write } from './types.js';

/** bb's permission levels, lowest first (`create-repo` only on a project: read and creating repositories). */
export const PERMISSION_LEVELS = ['read', 'write', 'create-repo', 'admin'] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

export type PermissionTarget = { kind: 'repository'; repo: RepoLocator } | { kind: 'project'; workspace: string; key: string };

/** Whose permission: a user (Cloud: nickname, `{uuid}` or account id; DC: the username) or a group (Cloud: slug; DC: name). */
export interface PermissionSubject {
  kind: 'user' | 'group';
  name: string;
}

/** `bb repo|project permissions list --json` (PERMISSION_JSON_FIELDS). */
export interface Permission {
  /** `user` or `group`. */
  kind: 'user' | 'group';
  /** What grant and revoke take: Cloud the user's nickname or the group's slug; DC the username or the group's name. */
  name: string | null;
  displayName: string | null;
  /** Cloud users only. */
  uuid: string | null;
  accountId: string | null;
  /** `read`, `write`, `create-repo` or `admin` (also on Data Center). */
  permission: string;
}

export interface PermissionMethods {
  /** The explicit permissions of the target's users or groups (not those inherited from a project or the workspace). */
  listPermissions(target: PermissionTarget, kind: 'user' | 'group', opts: ListOptions): Promise<Permission[]>;
  /** Grants, or changes, the subject's permission (what it had is replaced). */
  grantPermission(target: PermissionTarget, subject: PermissionSubject, level: PermissionLevel): Promise<Write<Permission | undefined>>;
  /** Takes the subject's explicit permission away. */
  revokePermission(target: PermissionTarget, subject: PermissionSubject): Promise<Write<void>>;
}

/** The level a user typed, checked against what the target takes (a repository has no `create-repo`). */
export function checkPermissionLevel(target: PermissionTarget, value: unknown): PermissionLevel {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  const allowed: readonly string[] = target.kind === 'project' ? PERMISSION_LEVELS : PERMISSION_LEVELS.filter((l) => l !== 'create-repo');
  if (!allowed.includes(text)) {
    throw new BbError('INVALID_ARGUMENT', `"${String(value ?? '')}" is not a ${target.kind} permission: use ${allowed.join(', ')}`, {
      hints: [`for example: bb ${target.kind === 'project' ? 'project permissions grant KEY' : 'repo permissions grant'} write --user alex`],
    });
  }
  return text as PermissionLevel;
}

/** `--user NAME` or `--group NAME` (exactly one), checked: no blanks, no slashes. */
export function permissionSubject(flags: Record<string, unknown>, command: string): PermissionSubject {
  const user = flags.user;
  const group = flags.group;
  const given = [user, group].filter((v) => v !== undefined);
  if (given.length !== 1) {
    throw new BbError(
      'INVALID_ARGUMENT',
      given.length === 0 ? 'whose permission? pass --user NAME or --group NAME' : 'pass either --user or --group, not both',
      {
        hints: [`for example: bb ${command} --user alex`],
      },
    );
  }
  const kind = user !== undefined ? 'user' : 'group';
  const name = typeof given[0] === 'string' ? given[0].trim() : '';
  if (!name || /[\s/?#]/.test(name)) {
    throw new BbError('INVALID_ARGUMENT', `"${String(given[0] ?? '')}" is not a ${kind} name`, {
      hints: [kind === 'user' ? 'a username, {uuid} or account id (Data Center: the username)' : 'the group slug (Data Center: the group name)'],
    });
  }
  return { kind, name };
}

/** How a target is named in messages: `acme/web`, `project PLAT`. */
export function permissionTargetName(target: PermissionTarget): string {
  return target.kind === 'repository' ? `${target.repo.workspace}/${target.repo.repo}` : `project ${target.key}`;
}
