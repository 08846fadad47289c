import type { DcComment, DcProject, DcPullRequest, DcRepo, DcStore, DcUser } from '../model.js';

/**
 * What every Data Center handler works with: the request context, the reply, the error that becomes DC's envelope,
 * DC paging and the lookups that answer 404 as DC does. Permissions are checked by the server before a handler runs
 * (server.ts).
 */

export class DcApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly exceptionName = 'com.atlassian.bitbucket.ServiceException',
  ) {
    super(message);
  }
}

export interface DcReply {
  status: number;
  json?: unknown;
}

/** A reply with a text body (a raw diff, a file); server.ts sends it as text/plain. */
export type DcTextReply = DcReply & { text?: string | Buffer; contentType?: string };

export interface DcContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** The request body as sent (multipart forms: the file edit), and its Content-Type. */
  rawBody?: Buffer;
  contentType?: string;
  /** The request had a body (an empty one parses to `{}` too). */
  hasBody?: boolean;
  user: DcUser | undefined;
  store: DcStore;
  base: string;
  now: () => number;
}

export type DcHandler = (c: DcContext) => Promise<DcReply> | DcReply;

/** One area's routes, keyed by operation (`METHOD /path/template` of the DC spec, below /rest). */
export type DcRoutes = Record<string, DcHandler>;

/** Set by the server for list handlers that show only what the caller may see (after the cap). */
export interface DcContextWithLevels extends DcContext {
  canSee?: (p: DcProject) => boolean;
  canRead?: (r: DcRepo) => boolean;
}

/** The repository and pull-request prefixes of the DC spec's path templates. */
export const R = '/api/latest/projects/{projectKey}/repos/{repositorySlug}';
export const PR = `${R}/pull-requests/{pullRequestId}`;

/** DC paging: `start`, `limit` (default 25, max 1000) → `{size, limit, start, isLastPage, values, nextPageStart?}`. */
export function page<T>(c: DcContext, items: T[]) {
  const start = Math.max(0, Number.parseInt(c.query.get('start') ?? '0', 10) || 0);
  const limit = Math.min(1000, Math.max(1, Number.parseInt(c.query.get('limit') ?? '25', 10) || 25));
  const values = items.slice(start, start + limit);
  const isLastPage = start + values.length >= items.length;
  return { size: values.length, limit, start, isLastPage, values, ...(isLastPage ? {} : { nextPageStart: start + values.length }) };
}

export function repoOf(c: DcContext): DcRepo {
  const repo = c.store.repo(c.params.projectKey ?? '', c.params.repositorySlug ?? '');
  if (!repo)
    throw new DcApiError(
      404,
      `Repository ${c.params.projectKey}/${c.params.repositorySlug} does not exist.`,
      'com.atlassian.bitbucket.repository.NoSuchRepositoryException',
    );
  return repo;
}

export function projectOf(c: DcContext): DcProject {
  const p = c.store.project(c.params.projectKey ?? '');
  if (!p) throw new DcApiError(404, `Project ${c.params.projectKey} does not exist.`, 'com.atlassian.bitbucket.project.NoSuchProjectException');
  return p;
}

export function prOf(c: DcContext): { repo: DcRepo; pr: DcPullRequest } {
  const repo = repoOf(c);
  const pr = c.store.pullRequests[c.store.prKey(repo, c.params.pullRequestId ?? '')];
  if (!pr)
    throw new DcApiError(
      404,
      `Pull request ${c.params.pullRequestId} does not exist in ${repo.project}/${repo.slug}.`,
      'com.atlassian.bitbucket.pull.NoSuchPullRequestException',
    );
  return { repo, pr };
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function me(c: DcContext): DcUser {
  if (!c.user) throw new DcApiError(401, 'Authentication required', 'com.atlassian.bitbucket.AuthorisationException');
  return c.user;
}

export function branchName(ref: string): string {
  return ref.replace(/^refs\/heads\//, '');
}

export function participant(pr: DcPullRequest, user: string): DcPullRequest['participants'][number] {
  let p = pr.participants.find((x) => x.user === user);
  if (!p) {
    p = { user, role: 'PARTICIPANT', approved: false, status: 'UNAPPROVED' };
    pr.participants.push(p);
  }
  return p;
}

export function checkVersion(c: DcContext, pr: DcPullRequest): void {
  const v = c.query.get('version') ?? (typeof c.body.version === 'number' ? String(c.body.version) : undefined);
  if (v !== undefined && Number(v) !== pr.version)
    throw new DcApiError(
      409,
      `You are attempting to modify a pull request based on out-of-date information (version ${v}, current ${pr.version}).`,
      'com.atlassian.bitbucket.pull.PullRequestOutOfDateException',
    );
}

export function commentOf(c: DcContext): DcComment {
  const { repo, pr } = prOf(c);
  const comment = c.store.comments[Number(c.params.commentId)];
  if (!comment || comment.pr !== c.store.prKey(repo, pr.id))
    throw new DcApiError(404, `Comment ${c.params.commentId} does not exist.`, 'com.atlassian.bitbucket.comment.NoSuchCommentException');
  return comment;
}

export function tokenPermissions(c: DcContext, allowed: string[]): string[] {
  const perms = Array.isArray(c.body.permissions) ? (c.body.permissions as unknown[]).filter((p): p is string => typeof p === 'string') : [];
  const bad = perms.filter((p) => !allowed.includes(p));
  if (perms.length === 0 || bad.length)
    throw new DcApiError(400, `Token permissions must be some of ${allowed.join(', ')}.`, 'com.atlassian.bitbucket.validation.ArgumentValidationException');
  return perms;
}
