import type { CommitCommentRecord, RepositoryRecord } from '../state.js';
import { accountRef } from '../wire.js';
import { bodyObject, page, repoOf } from './common.js';
import { ApiError, type HandlerContext, type HandlerMap, created, json, noContent } from './types.js';

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Commit discussions: comments on a commit (general or inline: `inline.path`, `inline.to`/`from`; replies with
 * `parent.id`) and approving a commit. As the spec describes: only the content of a comment can be updated; deleting a
 * comment with replies blanks it and sets `deleted` instead of removing it; a comment is edited or deleted by its author.
 */

async function commitOf(c: HandlerContext, repo: RepositoryRecord): Promise<string> {
  const hash = await c.sb.git(repo).resolve(c.params.commit ?? '');
  if (!hash) throw new ApiError(404, `Commit not found: ${c.params.commit}`);
  return hash;
}

function commentJson(c: HandlerContext, repo: RepositoryRecord, r: CommitCommentRecord): Record<string, unknown> {
  const user = c.sb.store.data.users[r.user];
  const api = c.sb.urls.api(`/repositories/${repo.workspace}/${repo.slug}/commit/${r.commit}/comments/${r.id}`);
  const out: Record<string, unknown> = {
    type: 'commit_comment',
    id: r.id,
    created_on: r.created_on,
    updated_on: r.updated_on,
    content: { raw: r.raw, markup: 'markdown', html: r.raw ? `<p>${escapeHtml(r.raw)}</p>` : '' },
    user: user ? accountRef(c.sb.urls, user) : null,
    deleted: r.deleted,
    links: { self: { href: api }, html: { href: c.sb.urls.html(`/${repo.workspace}/${repo.slug}/commits/${r.commit}#comment-${r.id}`) } },
    commit: { type: 'commit', hash: r.commit },
  };
  if (r.parent !== undefined) out.parent = { id: r.parent };
  if (r.inline) out.inline = r.inline;
  return out;
}

function commentOf(c: HandlerContext, repo: RepositoryRecord, commit: string): CommitCommentRecord {
  const r = c.sb.store.data.commitComments[String(Number(c.params.comment_id))];
  if (!r || r.repository !== repo.uuid || r.commit !== commit) throw new ApiError(404, `Comment not found: ${c.params.comment_id}`);
  return r;
}

function raw(body: Record<string, unknown>): string {
  const content = body.content;
  const text = content && typeof content === 'object' ? (content as Record<string, unknown>).raw : undefined;
  if (typeof text !== 'string' || !text.trim()) throw new ApiError(400, 'Bad request', undefined, { content: ['This field is required.'] });
  return text;
}

const C = '/repositories/{workspace}/{repo_slug}/commit/{commit}';

export const handlers: HandlerMap = {
  [`GET ${C}/comments`]: async (c) => {
    const repo = repoOf(c);
    const commit = await commitOf(c, repo);
    const list = Object.values(c.sb.store.data.commitComments)
      .filter((r) => r.repository === repo.uuid && r.commit === commit)
      .sort((a, b) => a.id - b.id)
      .map((r) => commentJson(c, repo, r));
    return json(page(c, list));
  },

  [`POST ${C}/comments`]: async (c) => {
    const repo = repoOf(c);
    const commit = await commitOf(c, repo);
    const body = bodyObject(c);
    const text = raw(body);
    const now = c.sb.now().toISOString();
    const r: CommitCommentRecord = {
      id: c.sb.store.next('comment'),
      repository: repo.uuid,
      commit,
      user: c.user.uuid,
      raw: text,
      deleted: false,
      created_on: now,
      updated_on: now,
    };
    const parent = body.parent && typeof body.parent === 'object' ? (body.parent as Record<string, unknown>).id : undefined;
    if (parent !== undefined) {
      const p = c.sb.store.data.commitComments[String(parent)];
      if (!p || p.repository !== repo.uuid || p.commit !== commit)
        throw new ApiError(400, 'Bad request', undefined, { parent: ['The parent comment does not exist on this commit.'] });
      r.parent = p.id;
      if (p.inline) r.inline = p.inline;
    }
    const inline = body.inline;
    if (inline !== undefined && parent === undefined) {
      const i = inline as Record<string, unknown>;
      if (!i || typeof i !== 'object' || typeof i.path !== 'string' || !i.path)
        throw new ApiError(400, 'Bad request', undefined, { 'inline.path': ['This field is required.'] });
      for (const k of ['to', 'from'] as const)
        if (i[k] !== undefined && (typeof i[k] !== 'number' || !Number.isInteger(i[k]) || (i[k] as number) < 1))
          throw new ApiError(400, 'Bad request', undefined, { [`inline.${k}`]: ['Ensure this value is greater than or equal to 1.'] });
      r.inline = { path: i.path, ...(typeof i.to === 'number' ? { to: i.to } : {}), ...(typeof i.from === 'number' ? { from: i.from } : {}) };
    }
    c.sb.store.data.commitComments[String(r.id)] = r;
    return created(commentJson(c, repo, r));
  },

  [`GET ${C}/comments/{comment_id}`]: async (c) => {
    const repo = repoOf(c);
    return json(commentJson(c, repo, commentOf(c, repo, await commitOf(c, repo))));
  },

  [`PUT ${C}/comments/{comment_id}`]: async (c) => {
    const repo = repoOf(c);
    const r = commentOf(c, repo, await commitOf(c, repo));
    if (r.user !== c.user.uuid) throw new ApiError(403, 'You can only edit your own comments.');
    if (r.deleted) throw new ApiError(400, 'Bad request', 'a deleted comment cannot be edited');
    r.raw = raw(bodyObject(c));
    r.updated_on = c.sb.now().toISOString();
    // the spec answers 201 for an update
    return created(commentJson(c, repo, r));
  },

  [`DELETE ${C}/comments/{comment_id}`]: async (c) => {
    const repo = repoOf(c);
    const r = commentOf(c, repo, await commitOf(c, repo));
    if (r.user !== c.user.uuid) throw new ApiError(403, 'You can only delete your own comments.');
    const replies = Object.values(c.sb.store.data.commitComments).some((x) => x.parent === r.id && x.repository === repo.uuid);
    if (replies) {
      r.deleted = true;
      r.raw = '';
    } else delete c.sb.store.data.commitComments[String(r.id)];
    return noContent();
  },

  [`POST ${C}/approve`]: async (c) => {
    const repo = repoOf(c);
    const commit = await commitOf(c, repo);
    const key = `${repo.uuid}:${commit}`;
    const list = c.sb.store.data.commitApprovals[key] ?? [];
    if (!list.includes(c.user.uuid)) list.push(c.user.uuid);
    c.sb.store.data.commitApprovals[key] = list;
    return json({
      type: 'participant',
      user: accountRef(c.sb.urls, c.user),
      role: 'PARTICIPANT',
      approved: true,
      state: 'approved',
      participated_on: c.sb.now().toISOString(),
    });
  },

  [`DELETE ${C}/approve`]: async (c) => {
    const repo = repoOf(c);
    const commit = await commitOf(c, repo);
    const key = `${repo.uuid}:${commit}`;
    const list = c.sb.store.data.commitApprovals[key] ?? [];
    if (!list.includes(c.user.uuid)) throw new ApiError(404, 'You have not approved this commit.');
    c.sb.store.data.commitApprovals[key] = list.filter((u) => u !== c.user.uuid);
    return noContent();
  },
};
