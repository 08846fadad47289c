import { repoParams } from '../../api/path.js';
/**
 * What the `bb issue …` commands ask the issue tracker: the operations, the shapes bb reads, the
 * issue-tracker-disabled error, issue lookup and update, and assignees.
 */
import { must } from '../../api/client.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import type { RepoRef } from '../../git/remote.js';

/** Said in every issue command's help: the Cloud tracker is gone, the commands are not. */
export const TRACKER_GONE =
  'Bitbucket Cloud removed the issue tracker on 2026-08-20 (its API answers 410 Gone): use Jira there. These commands keep working against `bb sandbox` and any server that still serves the issue API.';

export const OP = {
  list: 'GET /repositories/{workspace}/{repo_slug}/issues',
  get: 'GET /repositories/{workspace}/{repo_slug}/issues/{issue_id}',
  create: 'POST /repositories/{workspace}/{repo_slug}/issues',
  update: 'PUT /repositories/{workspace}/{repo_slug}/issues/{issue_id}',
  comments: 'GET /repositories/{workspace}/{repo_slug}/issues/{issue_id}/comments',
  comment: 'POST /repositories/{workspace}/{repo_slug}/issues/{issue_id}/comments',
  user: 'GET /user',
} as const;

export interface Account {
  display_name?: string;
  nickname?: string;
  uuid?: string;
  account_id?: string;
}

export interface Issue {
  id: number;
  title?: string;
  content?: { raw?: string };
  state?: string;
  kind?: string;
  priority?: string;
  reporter?: Account | null;
  assignee?: Account | null;
  votes?: number;
  created_on?: string;
  updated_on?: string;
  links?: { html?: { href?: string } };
}

export interface IssueComment {
  id: number;
  content?: { raw?: string };
  user?: Account;
  created_on?: string;
}

/**
 * Bitbucket answers 404 "Repository has no issue tracker." on every issue operation of a repository whose
 * tracker is off: turn that into its own error with a way out. Other 404s name what was missing.
 */
export function trackerError(e: unknown, repo: RepoRef, missing?: string): unknown {
  if (!(e instanceof BbError) || e.errorName !== 'API_NOT_FOUND') return e;
  const where = `${repo.workspace}/${repo.repo}`;
  if (/issue tracker/i.test(e.message)) {
    return new BbError('ISSUE_TRACKER_DISABLED', `${where} has no issue tracker (it is disabled)`, {
      operation: e.operation,
      status: 404,
      hints: [`an admin can enable it under Repository settings → Features → Issues (or: bb api -X PUT /repositories/${where} -f has_issues=true)`],
    });
  }
  if (missing) return new BbError('API_NOT_FOUND', `${missing} not found in ${where}`, { operation: e.operation, status: 404, hints: e.hints });
  return e;
}

/** `12`, `#12` or an issue URL (`…/issues/12`). */
export function parseIssueId(text: unknown): number {
  const t = typeof text === 'string' ? text.trim() : '';
  const m = /^#?(\d+)$/.exec(t) ?? /\/issues\/(\d+)(?:[/?#].*)?$/.exec(t);
  const n = m?.[1] ? Number(m[1]) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new BbError('INVALID_ARGUMENT', `"${String(text ?? '')}" is not an issue: expected its number`, { hints: ['for example: bb issue view 12'] });
  }
  return n;
}

export async function getIssue(ctx: Context, repo: RepoRef, id: number): Promise<Issue> {
  const api = await ctx.api();
  try {
    return must(
      await api.GET('/repositories/{workspace}/{repo_slug}/issues/{issue_id}', { params: { path: { ...repoParams(repo), issue_id: String(id) } } }),
    ) as unknown as Issue;
  } catch (e) {
    throw trackerError(e, repo, `issue #${id}`);
  }
}

export async function updateIssue(ctx: Context, repo: RepoRef, id: number, body: Record<string, unknown>): Promise<Issue> {
  const api = await ctx.api();
  try {
    return must(
      await api.PUT('/repositories/{workspace}/{repo_slug}/issues/{issue_id}', {
        params: { path: { ...repoParams(repo), issue_id: String(id) } },
        body: body as never,
      }),
    ) as unknown as Issue;
  } catch (e) {
    throw trackerError(e, repo, `issue #${id}`);
  }
}

const UUID = /^\{[0-9a-f-]{36}\}$/i;

const ACCOUNT_ID = /^(?:\d+:[0-9a-f-]{36}|[0-9a-f]{24})$/i;

/** `--assignee`: `{uuid}`, an account id, `@me` (GET /user), or "" to unassign. */
export async function assigneeRef(ctx: Context, value: unknown): Promise<{ uuid: string } | { account_id: string } | null | undefined> {
  if (value === undefined) return undefined;
  const v = String(value).trim();
  if (v === '') return null;
  if (UUID.test(v)) return { uuid: v.toLowerCase() };
  if (ACCOUNT_ID.test(v)) return { account_id: v };
  if (v === '@me') {
    const api = await ctx.api();
    const me = must(await api.GET('/user')) as unknown as Account;
    if (me.uuid) return { uuid: me.uuid };
  }
  throw new BbError('INVALID_ARGUMENT', `--assignee ${v}: expected a {uuid}, an Atlassian account id, @me, or "" to unassign`, {
    hints: ["find a member's uuid with `bb workspace members --json nickname,uuid`"],
  });
}

export const ASSIGNEE_ME_RULE = { flag: 'assignee', values: ['@me'], operations: [OP.user], source: '@me is looked up with GET /user' };
