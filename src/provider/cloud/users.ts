/**
 * Bitbucket Cloud users as the pull-request (and commit, branch) answers carry them, and turning the names a user
 * gives (`--reviewer alice`, `@me`, a `{uuid}`, an account id) into the `{uuid}` / `{account_id}` references a
 * request body takes.
 */
import { must } from '../../api/client.js';
import { paginate } from '../../api/paginate.js';
import { templateOf } from '../../api/path.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { CLOUD_ACCOUNT_ID, CLOUD_PR_OP as OP, CLOUD_UUID } from '../pullrequests.js';

/** A Cloud account (only the fields bb reads; the API sends more). */
export interface Account {
  uuid?: string;
  account_id?: string;
  nickname?: string;
  display_name?: string;
  type?: string;
}

/** The account fields accountJson reads, as `fields=` paths under `prefix` (`author.user` → `author.user.uuid`…). */
export function accountFields(prefix: string): string[] {
  return ['nickname', 'display_name', 'uuid', 'account_id'].map((f) => `${prefix}.${f}`);
}

export function accountJson(a: Account | null | undefined): Record<string, unknown> | null {
  if (!a) return null;
  return { nickname: a.nickname ?? null, displayName: a.display_name ?? null, uuid: a.uuid ?? null, accountId: a.account_id ?? null };
}

export async function me(ctx: Context): Promise<Account> {
  const api = await ctx.api();
  return must(await api.GET('/user')) as unknown as Account;
}

/** A user reference for a request body: `{uuid}` as is; anything else is resolved to one. */
export type UserRef = { uuid: string } | { account_id: string };

/**
 * Turn `--reviewer` values into `{uuid}` / `{account_id}` references: uuids (`{…}`) and account ids are
 * used as given, `@me` is you (GET /user), and a nickname or display name is looked up among the users
 * given in `known` (the pull request's participants, the default reviewers), then among the
 * workspace's members (GET /workspaces/{workspace}/members).
 */
export async function resolveUsers(ctx: Context, workspace: string, names: string[], known: Account[] = []): Promise<UserRef[]> {
  const refs: UserRef[] = [];
  let members: Account[] | undefined;
  for (const raw of names) {
    const name = raw.trim().replace(/^@(?!me$)/, '');
    if (!name) continue;
    if (CLOUD_UUID.test(name)) refs.push({ uuid: name.toLowerCase() });
    else if (CLOUD_ACCOUNT_ID.test(name)) refs.push({ account_id: name });
    else if (name === '@me') {
      const u = await me(ctx);
      if (u.uuid) refs.push({ uuid: u.uuid });
    } else {
      const match = (list: Account[]) =>
        list.find((a) => a.nickname?.toLowerCase() === name.toLowerCase()) ?? list.find((a) => a.display_name?.toLowerCase() === name.toLowerCase());
      let found = match(known);
      if (!found) {
        members ??= (await paginate<{ user?: Account }>(await ctx.http(), templateOf(OP.members), { workspace }, {}, { all: true })).flatMap((m) =>
          m.user ? [m.user] : [],
        );
        found = match(members);
      }
      if (!found?.uuid) {
        throw new BbError('INVALID_ARGUMENT', `no member of workspace ${workspace} is called "${name}"`, {
          hints: ["give the user's nickname as shown in Bitbucket, or their uuid ({…}) or account id"],
        });
      }
      refs.push({ uuid: found.uuid });
    }
  }
  return dedupeRefs(refs);
}

/**
 * The users to take off a pull request's reviewers: uuids and account ids as given, `@me` is you (GET /user), and a
 * nickname or display name is found among the current `reviewers` only — someone who is not among them cannot be
 * removed, so no member lookup is needed (and none is made: `bb pr reviewers remove 42 alex` needs no workspace
 * scope). Each user must be a reviewer: otherwise INVALID_ARGUMENT naming the current ones.
 */
export async function reviewersToRemove(ctx: Context, names: string[], reviewers: Account[], id: number): Promise<UserRef[]> {
  const current = new Set(reviewers.flatMap((r) => [r.uuid, r.account_id].filter(Boolean).map((k) => (k as string).toLowerCase())));
  const list = reviewers.map((r) => r.nickname ?? r.display_name ?? r.uuid ?? '').join(', ');
  const notOne = (who: string) =>
    new BbError('INVALID_ARGUMENT', `${who} ${who === 'you' ? 'are' : 'is'} not a reviewer of pull request #${id}`, {
      hints: [reviewers.length ? `its reviewers: ${list}` : 'it has no reviewers'],
    });
  const refs: UserRef[] = [];
  for (const raw of names) {
    const name = raw.trim().replace(/^@(?!me$)/, '');
    if (!name) continue;
    let ref: UserRef | undefined;
    if (CLOUD_UUID.test(name)) ref = { uuid: name.toLowerCase() };
    else if (CLOUD_ACCOUNT_ID.test(name)) ref = { account_id: name };
    else if (name === '@me') {
      const u = await me(ctx);
      ref = u.uuid ? { uuid: u.uuid } : u.account_id ? { account_id: u.account_id } : undefined;
      if (!ref || !current.has(refKey(ref))) throw notOne('you');
    } else {
      const found =
        reviewers.find((a) => a.nickname?.toLowerCase() === name.toLowerCase()) ?? reviewers.find((a) => a.display_name?.toLowerCase() === name.toLowerCase());
      ref = found ? accountRef(found) : undefined;
    }
    if (!ref || !current.has(refKey(ref))) throw notOne(`"${name}"`);
    refs.push(ref);
  }
  return dedupeRefs(refs);
}

export function refKey(r: UserRef | Account): string {
  return ('uuid' in r && r.uuid ? r.uuid : 'account_id' in r && r.account_id ? r.account_id : '').toLowerCase();
}

export function dedupeRefs(refs: UserRef[]): UserRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = refKey(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function accountRef(a: Account): UserRef | undefined {
  if (a.uuid) return { uuid: a.uuid };
  if (a.account_id) return { account_id: a.account_id };
  return undefined;
}
