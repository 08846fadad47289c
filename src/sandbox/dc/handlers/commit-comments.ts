import type { DcCommitComment, DcRepo, DcStore, DcUser } from '../model.js';
import { anchorJson, userJson } from '../wire.js';
import { DcApiError, type DcContext, type DcRoutes, me, page, R, repoOf, str } from './context.js';

/**
 * Commit discussions (`…/commits/{commitId}/comments`), as the spec describes them: a comment has `text`, optionally a
 * `parent` (a reply) or an `anchor` (a file, optionally a line); updates and deletes carry the comment's `version`
 * (409 when stale); only the author may change the text; a comment with replies may not be deleted (409).
 */

const NO_COMMENT = 'com.atlassian.bitbucket.comment.NoSuchCommentException';
const CONFLICT = 'com.atlassian.bitbucket.comment.CommentOutOfDateException';

async function commitOf(c: DcContext, repo: DcRepo): Promise<string> {
  const commit = await c.store.git(repo).resolve(c.params.commitId ?? '');
  if (!commit)
    throw new DcApiError(
      404,
      `Commit '${c.params.commitId}' does not exist in repository '${repo.slug}'.`,
      'com.atlassian.bitbucket.commit.NoSuchCommitException',
    );
  return commit;
}

function json(store: DcStore, x: DcCommitComment, base: string): Record<string, unknown> {
  return {
    id: x.id,
    version: x.version,
    text: x.text,
    author: userJson(store.users[x.author] as DcUser, base),
    createdDate: x.createdDate,
    updatedDate: x.updatedDate,
    // the anchor as DC answers it (RestCommentThreadDiffAnchor: the path as a RestPath object)
    ...(x.anchor ? { anchor: { ...anchorJson({ diffType: 'COMMIT', ...x.anchor }), ...(x.anchor.toHash ? { toHash: x.anchor.toHash } : {}) } } : {}),
    comments: Object.values(store.commitComments)
      .filter((r) => r.parent === x.id)
      .map((r) => json(store, r, base)),
  };
}

async function commentOf(c: DcContext): Promise<DcCommitComment> {
  const repo = repoOf(c);
  const commit = await commitOf(c, repo);
  const x = c.store.commitComments[Number(c.params.commentId)];
  if (!x || x.repo !== repo.id || x.commit !== commit) throw new DcApiError(404, `Comment ${c.params.commentId} does not exist.`, NO_COMMENT);
  return x;
}

function checkVersion(x: DcCommitComment, v: unknown): void {
  if (v === undefined || v === null || v === '')
    throw new DcApiError(400, 'The comment version is required.', 'com.atlassian.bitbucket.validation.ArgumentValidationException');
  if (Number(v) !== x.version)
    throw new DcApiError(
      409,
      `You are attempting to modify a comment based on out-of-date information (version ${String(v)}, current ${x.version}).`,
      CONFLICT,
    );
}

const C = `${R}/commits/{commitId}/comments`;

export const COMMIT_COMMENT_ROUTES: DcRoutes = {
  [`GET ${C}`]: async (c) => {
    const repo = repoOf(c);
    const commit = await commitOf(c, repo);
    const path = c.query.get('path');
    const top = Object.values(c.store.commitComments).filter(
      (x) => x.repo === repo.id && x.commit === commit && x.parent === undefined && (!path || x.anchor?.path === path),
    );
    return {
      status: 200,
      json: page(
        c,
        top.map((x) => json(c.store, x, c.base)),
      ),
    };
  },
  [`POST ${C}`]: async (c) => {
    const repo = repoOf(c);
    const commit = await commitOf(c, repo);
    const text = str(c.body.text);
    if (!text?.trim()) throw new DcApiError(400, 'The comment text is required.', 'com.atlassian.bitbucket.validation.ArgumentValidationException');
    const now = c.now();
    const x: DcCommitComment = { id: c.store.next('comment'), repo: repo.id, commit, version: 0, text, author: me(c).name, createdDate: now, updatedDate: now };
    const parent = (c.body.parent as { id?: unknown } | undefined)?.id;
    if (parent !== undefined) {
      const p = c.store.commitComments[Number(parent)];
      if (!p || p.repo !== repo.id || p.commit !== commit) throw new DcApiError(404, `Comment ${String(parent)} does not exist.`, NO_COMMENT);
      x.parent = p.id;
    } else if (c.body.anchor !== undefined) {
      const a = c.body.anchor as Record<string, unknown>;
      const path = a && typeof a === 'object' ? str(a.path) : undefined;
      if (!path) throw new DcApiError(400, 'An anchor needs a path.', 'com.atlassian.bitbucket.validation.ArgumentValidationException');
      if (a.line !== undefined && (typeof a.line !== 'number' || !Number.isInteger(a.line) || a.line < 1))
        throw new DcApiError(400, 'anchor.line must be a positive line number.', 'com.atlassian.bitbucket.validation.ArgumentValidationException');
      x.anchor = { path, ...(typeof a.line === 'number' ? { line: a.line, lineType: str(a.lineType) ?? 'ADDED', fileType: str(a.fileType) ?? 'TO' } : {}) };
    }
    c.store.commitComments[x.id] = x;
    return { status: 201, json: json(c.store, x, c.base) };
  },
  [`GET ${C}/{commentId}`]: async (c) => ({ status: 200, json: json(c.store, await commentOf(c), c.base) }),
  [`PUT ${C}/{commentId}`]: async (c) => {
    const x = await commentOf(c);
    checkVersion(x, c.body.version);
    const text = str(c.body.text);
    if (text !== undefined && text !== x.text) {
      if (x.author !== me(c).name)
        throw new DcApiError(403, 'Only the author of a comment may update its text.', 'com.atlassian.bitbucket.AuthorisationException');
      if (!text.trim()) throw new DcApiError(400, 'The comment text is required.', 'com.atlassian.bitbucket.validation.ArgumentValidationException');
      x.text = text;
    }
    x.version += 1;
    x.updatedDate = c.now();
    return { status: 200, json: json(c.store, x, c.base) };
  },
  [`DELETE ${C}/{commentId}`]: async (c) => {
    const x = await commentOf(c);
    checkVersion(x, c.query.get('version'));
    if (Object.values(c.store.commitComments).some((r) => r.parent === x.id))
      throw new DcApiError(409, 'A comment which has replies may not be deleted.', 'com.atlassian.bitbucket.comment.CommentDeletionException');
    delete c.store.commitComments[x.id];
    return { status: 204 };
  },
};
