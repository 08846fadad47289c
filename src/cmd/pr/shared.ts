/**
 * Helpers shared by the `bb pr …` commands (and reused by `commit`, `status`, `branch`, `tag`):
 * the loose shapes bb reads from Bitbucket, pull-request lookup by id / branch / URL, the JSON form of
 * a pull request, user and reviewer resolution, message bodies from flags / files / stdin / $EDITOR,
 * and the local git helpers (current branch, the remote of the repository).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { must } from '../../api/client.js';
import { paginate } from '../../api/paginate.js';
import type { Context } from '../../context.js';
import { BbError } from '../../errors.js';
import { parseRemoteUrl, type RepoRef } from '../../git/remote.js';
import type { CommandInput } from '../define.js';
import { provider } from '../../provider/index.js';
import type { PrAccount, PullRequest as DomainPr } from '../../provider/pullrequests.js';
import type { Provider } from '../../provider/types.js';

// ---------------------------------------------------------------------------------------------------
// Shapes (only the fields bb reads; the API sends more)

export interface Account {
  uuid?: string;
  account_id?: string;
  nickname?: string;
  display_name?: string;
  type?: string;
}

export interface Link {
  href?: string;
}

export interface Endpoint {
  branch?: { name?: string };
  commit?: { hash?: string };
  repository?: { full_name?: string; name?: string; uuid?: string; links?: { html?: Link } };
}

export interface Participant {
  user?: Account;
  role?: 'PARTICIPANT' | 'REVIEWER' | string;
  approved?: boolean;
  state?: 'approved' | 'changes_requested' | null | string;
  participated_on?: string;
}

export interface PullRequest {
  id: number;
  title?: string;
  description?: string;
  summary?: { raw?: string };
  state?: string;
  draft?: boolean;
  author?: Account;
  source?: Endpoint;
  destination?: Endpoint;
  reviewers?: Account[];
  participants?: Participant[];
  close_source_branch?: boolean;
  merge_commit?: { hash?: string } | null;
  closed_by?: Account | null;
  comment_count?: number;
  task_count?: number;
  created_on?: string;
  updated_on?: string;
  links?: { html?: Link; self?: Link };
}

export interface Comment {
  id: number;
  content?: { raw?: string };
  user?: Account;
  parent?: { id?: number };
  inline?: { path?: string; from?: number | null; to?: number | null };
  deleted?: boolean;
  resolution?: { user?: Account; created_on?: string } | null;
  created_on?: string;
  updated_on?: string;
  links?: { html?: Link };
}

export interface BuildStatus {
  key?: string;
  name?: string;
  state?: 'SUCCESSFUL' | 'FAILED' | 'INPROGRESS' | 'STOPPED' | string;
  url?: string;
  description?: string;
  refname?: string;
  created_on?: string;
  updated_on?: string;
  commit?: { hash?: string };
  links?: { commit?: { href?: string } };
}

// ---------------------------------------------------------------------------------------------------
// Operations, exactly as in the spec (note `{pull_request_id}`: the spec's own spelling here)

export const OP = {
  repoGet: 'GET /repositories/{workspace}/{repo_slug}',
  prList: 'GET /repositories/{workspace}/{repo_slug}/pullrequests',
  prCreate: 'POST /repositories/{workspace}/{repo_slug}/pullrequests',
  prGet: 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}',
  prUpdate: 'PUT /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}',
  prActivity: 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/activity',
  prApprove: 'POST /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/approve',
  prUnapprove: 'DELETE /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/approve',
  prRequestChanges: 'POST /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/request-changes',
  prUnrequestChanges: 'DELETE /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/request-changes',
  prDecline: 'POST /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/decline',
  prMerge: 'POST /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/merge',
  prMergeTask: 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/merge/task-status/{task_id}',
  prDiff: 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/diff',
  prDiffstat: 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/diffstat',
  // a PR's diff and diffstat answer with a redirect to these, which need the repository scope
  repoDiff: 'GET /repositories/{workspace}/{repo_slug}/diff/{spec}',
  repoDiffstat: 'GET /repositories/{workspace}/{repo_slug}/diffstat/{spec}',
  prStatuses: 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/statuses',
  prComments: 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments',
  prCommentAdd: 'POST /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments',
  prCommentGet: 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}',
  prCommentEdit: 'PUT /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}',
  prCommentDelete: 'DELETE /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}',
  prCommentResolve: 'POST /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}/resolve',
  prCommentUnresolve: 'DELETE /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}/resolve',
  defaultReviewers: 'GET /repositories/{workspace}/{repo_slug}/effective-default-reviewers',
  branchGet: 'GET /repositories/{workspace}/{repo_slug}/refs/branches/{name}',
  user: 'GET /user',
  members: 'GET /workspaces/{workspace}/members',
  commitGet: 'GET /repositories/{workspace}/{repo_slug}/commit/{commit}',
  commitStatuses: 'GET /repositories/{workspace}/{repo_slug}/commit/{commit}/statuses',
} as const;

/** The template part of an operation: `GET /a/{b}` → `/a/{b}`. */
export function template(operation: string): string {
  return operation.slice(operation.indexOf(' ') + 1);
}

export type RepoParams = { workspace: string; repo_slug: string };

export function repoParams(ref: RepoRef): RepoParams {
  return { workspace: ref.workspace, repo_slug: ref.repo };
}

// ---------------------------------------------------------------------------------------------------
// Pull request lookup

/** `12` or `#12` (a URL argument was turned into its number, and its repository noted, by src/resolve/target.ts). */
export function parsePrNumber(text: string): number | undefined {
  const t = text.trim();
  const m = /^#?(\d+)$/.exec(t);
  if (!m?.[1]) return undefined;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** The branch checked out here (`git rev-parse --abbrev-ref HEAD`). */
export async function currentBranch(ctx: Context): Promise<string> {
  let out: string;
  try {
    out = (await ctx.git.run(['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
  } catch {
    throw new BbError('NO_REPO_CONTEXT', 'not on a git branch here, and no pull request given', {
      hints: ['pass the pull request number, or run inside a clone of the repository'],
    });
  }
  if (!out || out === 'HEAD') {
    throw new BbError('INVALID_ARGUMENT', 'HEAD is detached: no current branch', { hints: ['pass the pull request number, or check out a branch'] });
  }
  return out;
}

/** Escape a value for a Bitbucket `q` filter string literal. */
export function q(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The pull request number for `[ID|BRANCH|URL]`: a number is used as is; a branch name (or no argument:
 * the current branch) is looked up among the open pull requests from that branch.
 */
export async function resolvePrId(ctx: Context, repo: RepoRef, arg: unknown): Promise<number> {
  if (typeof arg === 'string' && arg !== '') {
    const n = parsePrNumber(arg);
    if (n !== undefined) return n;
    // digits that are no pull request number (0, -1, past 2^53): not a branch name either
    if (/^#?-?\d+$/.test(arg.trim()))
      throw new BbError('INVALID_ARGUMENT', `"${arg}" is not a pull request number`, { hints: ['pull request numbers start at 1'] });
    return (await (await provider(ctx)).pullRequestForBranch(repo, arg)).id;
  }
  const branch = await currentBranch(ctx);
  return (await (await provider(ctx)).pullRequestForBranch(repo, branch)).id;
}

export async function prForBranch(ctx: Context, repo: RepoRef, branch: string): Promise<PullRequest> {
  const found = await paginate<PullRequest>(
    await ctx.http(),
    template(OP.prList),
    repoParams(repo),
    { q: `source.branch.name=${q(branch)}`, state: ['OPEN'], sort: '-updated_on' },
    { limit: 1 },
  );
  const pr = found[0];
  if (!pr) {
    throw new BbError('API_NOT_FOUND', `no open pull request from branch "${branch}" in ${repo.workspace}/${repo.repo}`, {
      operation: OP.prList,
      hints: ['create one with `bb pr create`, or pass the pull request number'],
    });
  }
  return pr;
}

export async function getPr(ctx: Context, repo: RepoRef, id: number): Promise<PullRequest> {
  const api = await ctx.api();
  try {
    return must(
      await api.GET('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}', {
        params: { path: { ...repoParams(repo), pull_request_id: id } },
      }),
    ) as unknown as PullRequest;
  } catch (e) {
    throw notFound(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
  }
}

/** A 404 with a message naming what was missing (keeps code 2002). */
export function notFound(e: unknown, message: string): unknown {
  if (e instanceof BbError && e.errorName === 'API_NOT_FOUND') {
    return new BbError('API_NOT_FOUND', message, { operation: e.operation, status: 404, hints: e.hints });
  }
  return e;
}

// ---------------------------------------------------------------------------------------------------
// Presentation

export function userName(a: Account | null | undefined): string {
  return a?.nickname || a?.display_name || a?.uuid || a?.account_id || '';
}

export function prUrl(pr: PullRequest): string {
  return pr.links?.html?.href ?? '';
}

export function prState(pr: PullRequest): string {
  return pr.state === 'OPEN' && pr.draft ? 'DRAFT' : (pr.state ?? '');
}

export function branchLabel(pr: PullRequest): string {
  const src = pr.source?.branch?.name ?? '?';
  const dst = pr.destination?.branch?.name ?? '?';
  const srcRepo = pr.source?.repository?.full_name;
  const fork = srcRepo && pr.destination?.repository?.full_name && srcRepo !== pr.destination.repository.full_name;
  return `${fork ? `${srcRepo}:` : ''}${src} → ${dst}`;
}

export function reviewState(p: Participant): string {
  if (p.approved || p.state === 'approved') return 'approved';
  if (p.state === 'changes_requested') return 'changes requested';
  return 'pending';
}

/** Reviewers with their review state: `reviewers` (who was asked) joined with `participants` (who did what). */
export function reviewersOf(pr: PullRequest): Array<{ user: Account; state: string }> {
  const out: Array<{ user: Account; state: string }> = [];
  const seen = new Set<string>();
  const key = (a: Account) => a.uuid ?? a.account_id ?? a.nickname ?? '';
  for (const p of pr.participants ?? []) {
    if (!p.user || (p.role !== 'REVIEWER' && !p.approved && p.state !== 'changes_requested')) continue;
    seen.add(key(p.user));
    out.push({ user: p.user, state: reviewState(p) });
  }
  for (const r of pr.reviewers ?? []) if (!seen.has(key(r))) out.push({ user: r, state: 'pending' });
  return out;
}

export const PR_JSON_FIELDS = [
  'id',
  'title',
  'body',
  'state',
  'isDraft',
  'author',
  'headRefName',
  'headRepository',
  'headCommit',
  'baseRefName',
  'baseRepository',
  'reviewers',
  'reviewDecision',
  'closeSourceBranch',
  'mergeCommit',
  'commentCount',
  'taskCount',
  'createdAt',
  'updatedAt',
  'url',
] as const;

export function prToJson(pr: PullRequest): Record<string, unknown> {
  const reviewers = reviewersOf(pr);
  return {
    id: pr.id,
    title: pr.title ?? '',
    body: pr.description ?? pr.summary?.raw ?? '',
    state: pr.state ?? null,
    isDraft: Boolean(pr.draft),
    author: accountJson(pr.author),
    headRefName: pr.source?.branch?.name ?? null,
    headRepository: pr.source?.repository?.full_name ?? null,
    headCommit: pr.source?.commit?.hash ?? null,
    baseRefName: pr.destination?.branch?.name ?? null,
    baseRepository: pr.destination?.repository?.full_name ?? null,
    reviewers: reviewers.map((r) => ({ ...accountJson(r.user), state: r.state })),
    reviewDecision: reviewers.some((r) => r.state === 'changes requested')
      ? 'CHANGES_REQUESTED'
      : reviewers.some((r) => r.state === 'approved')
        ? 'APPROVED'
        : 'REVIEW_REQUIRED',
    closeSourceBranch: Boolean(pr.close_source_branch),
    mergeCommit: pr.merge_commit?.hash ?? null,
    commentCount: pr.comment_count ?? 0,
    taskCount: pr.task_count ?? 0,
    createdAt: pr.created_on ?? null,
    updatedAt: pr.updated_on ?? null,
    url: prUrl(pr) || null,
  };
}

export function accountJson(a: Account | null | undefined): Record<string, unknown> | null {
  if (!a) return null;
  return { nickname: a.nickname ?? null, displayName: a.display_name ?? null, uuid: a.uuid ?? null, accountId: a.account_id ?? null };
}

// ---------------------------------------------------------------------------------------------------
// Users

export async function me(ctx: Context): Promise<Account> {
  const api = await ctx.api();
  return must(await api.GET('/user')) as unknown as Account;
}

const UUID = /^\{[0-9a-f-]{36}\}$/i;
const ACCOUNT_ID = /^(?:\d+:[0-9a-f-]{36}|[0-9a-f]{24})$/i;

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
    if (UUID.test(name)) refs.push({ uuid: name.toLowerCase() });
    else if (ACCOUNT_ID.test(name)) refs.push({ account_id: name });
    else if (name === '@me') {
      const u = await me(ctx);
      if (u.uuid) refs.push({ uuid: u.uuid });
    } else {
      const match = (list: Account[]) =>
        list.find((a) => a.nickname?.toLowerCase() === name.toLowerCase()) ?? list.find((a) => a.display_name?.toLowerCase() === name.toLowerCase());
      let found = match(known);
      if (!found) {
        members ??= (await paginate<{ user?: Account }>(await ctx.http(), template(OP.members), { workspace }, {}, { all: true })).flatMap((m) =>
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
    if (UUID.test(name)) ref = { uuid: name.toLowerCase() };
    else if (ACCOUNT_ID.test(name)) ref = { account_id: name };
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

/**
 * A user given by name — a nickname or display name, which bb looks up — rather than `@me`, a `{uuid}` or an account id
 * (which need no lookup): the `pattern` of the scope rules for the commands that take users (resolveUsers' cases).
 */
export const USER_BY_NAME = `(?!@me$)(?!@?(?:${UUID.source.slice(1, -1)})$)(?!@?(?:${ACCOUNT_ID.source.slice(1, -1)})$)@?[^@\\s].*`;

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

// ---------------------------------------------------------------------------------------------------
// Message bodies

/**
 * The text of `--body`, or of `--body-file` (`-` is standard input), or undefined when neither is given.
 */
export async function bodyFromFlags(ctx: Context, input: CommandInput): Promise<string | undefined> {
  const { body, bodyFile } = input.flags as { body?: string; bodyFile?: string };
  if (body !== undefined && bodyFile !== undefined) throw new BbError('INVALID_ARGUMENT', '--body and --body-file cannot be used together');
  if (body !== undefined) return body;
  if (bodyFile === undefined) return undefined;
  const { readInputText } = await import('../../util/input.js');
  return readInputText(ctx.io.in, bodyFile);
}

/** `--editor` opens an editor on the terminal: refuse it at once elsewhere. */
export function checkEditorUsable(ctx: Context): void {
  if (!ctx.io.canPrompt) throw new BbError('INVALID_ARGUMENT', '--editor needs a terminal', { hints: ['use --body or --body-file instead'] });
}

/** Open $VISUAL / $EDITOR (split on spaces, no shell) on `initial`; returns the saved text. Terminal only. */
export async function editText(ctx: Context, initial: string, fileName = 'BB_EDITMSG.md'): Promise<string> {
  checkEditorUsable(ctx);
  const editor = (ctx.env.VISUAL || ctx.env.EDITOR || 'vi').trim();
  const dir = mkdtempSync(join(tmpdir(), 'bb-edit-'));
  const file = join(dir, fileName);
  try {
    writeFileSync(file, initial, { mode: 0o600 });
    const [cmd, ...args] = editor.split(/\s+/);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(cmd as string, [...args, file], { stdio: 'inherit' });
      child.once('error', (e) =>
        reject(new BbError('INVALID_ARGUMENT', `cannot run the editor "${editor}": ${e.message}`, { hints: ['set VISUAL or EDITOR'] })),
      );
      child.once('close', (code) => (code === 0 ? resolve() : reject(new BbError('CANCELLED', `the editor exited with status ${code}; nothing was done`))));
    });
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `--yes` skips it; on a terminal ask; elsewhere refuse. */
export async function confirmYes(ctx: Context, input: CommandInput, question: string, what: string): Promise<void> {
  if (input.flags.yes) return;
  if (!ctx.io.canPrompt) throw new BbError('CONFIRMATION_REQUIRED', `refusing to ${what} without confirmation`, { hints: ['pass --yes to confirm'] });
  if (!(await ctx.prompter.confirm(question, { default: false }))) throw new BbError('CANCELLED', 'cancelled; nothing was done');
}

export const YES_FLAG = { name: 'yes', short: 'y', type: 'boolean', description: 'do not ask for confirmation' } as const;

// ---------------------------------------------------------------------------------------------------
// Local git

/** The name of the git remote that points at `repo` (default `origin`). */
export async function remoteFor(ctx: Context, repo: RepoRef): Promise<{ name: string; url?: string }> {
  const remotes = await ctx.remotes();
  const hosts = [new URL(ctx.apiUrl).host];
  for (const r of remotes) {
    const ref = parseRemoteUrl(r.url, hosts);
    if (ref && ref.workspace.toLowerCase() === repo.workspace.toLowerCase() && ref.repo.toLowerCase() === repo.repo.toLowerCase()) return r;
  }
  const origin = remotes.find((r) => r.name === 'origin') ?? remotes[0];
  return origin ?? { name: 'origin' };
}

/** The repository's main branch (GET repository → mainbranch). */
export async function mainBranch(ctx: Context, repo: RepoRef): Promise<string> {
  const api = await ctx.api();
  const r = must(await api.GET('/repositories/{workspace}/{repo_slug}', { params: { path: repoParams(repo) } })) as unknown as {
    mainbranch?: { name?: string };
  };
  const name = r.mainbranch?.name;
  if (!name) throw new BbError('INVALID_ARGUMENT', `${repo.workspace}/${repo.repo} has no main branch (is it empty?)`, { hints: ['pass --base BRANCH'] });
  return name;
}

export function shortHash(h: string | undefined): string {
  return (h ?? '').slice(0, 7);
}

/** Relative on a terminal, ISO when piped (stable for scripts). */
export function when(ctx: Context, iso: string | undefined, timeAgo: (iso: string | undefined, now: Date) => string): string {
  return ctx.io.stdoutIsTTY ? timeAgo(iso, ctx.now()) : (iso ?? '');
}

/** The `[pr]` argument of the commands that act on one pull request. */
export const PR_ARG = { name: 'pr', description: 'number, URL or source branch (default: the current branch)', accepts: 'pr' } as const;
export const PR_ARG_REQUIRED = { name: 'pr', description: 'pull request number, URL or source branch', required: true, accepts: 'pr' } as const;

/** Repository and pull request number of a command's `[pr]` argument. */
export async function prTarget(ctx: Context, input: CommandInput): Promise<{ repo: RepoRef; id: number; params: RepoParams & { pull_request_id: number } }> {
  const repo = await ctx.repo(input.flags.repo);
  const id = await resolvePrId(ctx, repo, input.args.pr);
  return { repo, id, params: { ...repoParams(repo), pull_request_id: id } };
}

/**
 * The body of a PUT on a pull request: Bitbucket replaces the reviewers (and may clear the description)
 * when they are left out, so the current title, description and reviewers are always sent along with
 * the change.
 */
export function updateBody(pr: PullRequest, change: Record<string, unknown>): Record<string, unknown> {
  const reviewers = (pr.reviewers ?? []).flatMap((r) => accountRef(r) ?? []);
  return { type: 'pullrequest', title: pr.title ?? '', description: pr.description ?? '', reviewers, ...change };
}

export async function putPr(ctx: Context, params: RepoParams & { pull_request_id: number }, body: Record<string, unknown>): Promise<PullRequest> {
  const api = await ctx.api();
  return must(
    await api.PUT('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}', { params: { path: params }, body: body as never }),
  ) as unknown as PullRequest;
}

// ---------------------------------------------------------------------------------------------------
// Domain pull requests (src/provider/pullrequests.ts): what the commands print, on either host

/** A domain user's name: nickname (DC: slug), else display name, else an id. */
export function accountName(a: PrAccount | null | undefined): string {
  return a?.nickname || a?.displayName || a?.uuid || a?.accountId || '';
}

export function domainState(pr: DomainPr): string {
  return pr.state === 'OPEN' && pr.isDraft ? 'DRAFT' : (pr.state ?? '');
}

export function domainBranchLabel(pr: DomainPr): string {
  const fork = pr.headRepository && pr.baseRepository && pr.headRepository !== pr.baseRepository;
  return `${fork ? `${pr.headRepository}:` : ''}${pr.headRefName ?? '?'} → ${pr.baseRefName ?? '?'}`;
}

/** The `--json` form of a domain pull request: its JSON fields only. */
export function domainPrJson(pr: DomainPr): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of PR_JSON_FIELDS) out[f] = pr[f];
  return out;
}

/** Repository and pull request of a command's `[pr]` argument, with the host's provider. */
export async function prContext(ctx: Context, input: CommandInput): Promise<{ repo: RepoRef; id: number; p: Provider }> {
  const repo = await ctx.repo(input.flags.repo);
  const p = await provider(ctx);
  try {
    return { repo, id: await resolvePrId(ctx, repo, input.args.pr), p };
  } catch (e) {
    throw input.flags.repo === undefined ? await inTheParent(p, repo, e) : e;
  }
}

/**
 * No pull request for the branch in a clone of a fork: `bb pr create` opened it in the fork's parent, so say where
 * to look. Only on this error path, and best effort: a token that cannot read the repository keeps the first error.
 */
async function inTheParent(p: Provider, repo: RepoRef, e: unknown): Promise<unknown> {
  if (!(e instanceof BbError && e.errorName === 'API_NOT_FOUND' && /^no open pull request from branch/.test(e.message))) return e;
  const parent = await p.getRepository(repo).then(
    (r) => r.parent,
    () => null,
  );
  if (!parent) return e;
  return new BbError('API_NOT_FOUND', e.message, {
    operation: e.operation,
    status: e.status,
    hints: [
      `${repo.workspace}/${repo.repo} is a fork of ${parent}, where \`bb pr create\` opens its pull requests: add -R ${parent}, or make it this clone's default: bb repo set-default ${parent}`,
      ...(e.hints ?? []),
    ],
  });
}
