import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { newUuid, type SnippetCommentRecord, type SnippetCommitRecord, type SnippetRecord, type UserRecord, type WorkspaceRecord } from '../state.js';
import { accountRef } from '../wire.js';
import { bodyObject, bool, page, str, workspaceOf } from './common.js';
import { ApiError, created, type HandlerContext, type HandlerMap, json, noContent, type Reply, type Sandbox } from './types.js';

/**
 * Snippets: list (role=owner|contributor|member), create (multipart/form-data or multipart/related
 * with several files, or JSON `{"title","is_private","files":{"name":{"content":"…"}}}`), view,
 * update (same bodies; a form field named after a file with an empty value, or `"files":{"name":null}`,
 * deletes it), delete, and raw file content. Private snippets are visible to the workspace's members.
 * Comments (list, create with `content.raw` and optional `parent.id`, view, edit and delete by their
 * author; the snippet's writers may delete any), watching (GET answers 204 when the caller watches,
 * else 404), and the commits (one per create and update, newest first in the list).
 */

const enc = encodeURIComponent;
const META = new Set(['title', 'is_private', 'scm']);

// ---------------- multipart ----------------

export interface Part {
  name?: string;
  filename?: string;
  contentType?: string;
  body: Buffer;
}

/** Parse a multipart body (form-data or related) into parts; undefined when it is not multipart. */
export function parseMultipart(contentType: string | undefined, raw: Buffer): Part[] | undefined {
  const m = /^multipart\/[a-z-]+\s*;.*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!m) return undefined;
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
  const parts: Part[] = [];
  let pos = raw.indexOf(boundary);
  if (pos < 0) throw new ApiError(400, 'Malformed multipart body: no boundary');
  while (pos >= 0) {
    let start = pos + boundary.length;
    if (raw.subarray(start, start + 2).toString() === '--') break;
    if (raw[start] === 13 && raw[start + 1] === 10) start += 2;
    const headerEnd = raw.indexOf('\r\n\r\n', start);
    if (headerEnd < 0) throw new ApiError(400, 'Malformed multipart body: a part has no headers');
    const next = raw.indexOf(boundary, headerEnd + 4);
    if (next < 0) throw new ApiError(400, 'Malformed multipart body: unterminated part');
    let end = next;
    if (raw[end - 2] === 13 && raw[end - 1] === 10) end -= 2;
    const headers = raw.subarray(start, headerEnd).toString('utf8');
    const part: Part = { body: raw.subarray(headerEnd + 4, end) };
    for (const line of headers.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-type') part.contentType = value;
      if (name === 'content-disposition') {
        const n = /\bname="([^"]*)"/i.exec(value);
        const f = /\bfilename="([^"]*)"/i.exec(value);
        if (n) part.name = n[1];
        if (f) part.filename = f[1];
      }
    }
    parts.push(part);
    pos = next;
  }
  return parts;
}

interface SnippetInput {
  title?: string;
  is_private?: boolean;
  /** name → content (null deletes). */
  files: Record<string, Buffer | null>;
}

function readInput(c: HandlerContext): SnippetInput {
  const ct = typeof c.headers['content-type'] === 'string' ? c.headers['content-type'] : undefined;
  const parts = parseMultipart(ct, c.rawBody);
  const input: SnippetInput = { files: {} };
  const meta = (o: Record<string, unknown>) => {
    if (str(o.title) !== undefined) input.title = str(o.title);
    if (bool(o.is_private) !== undefined) input.is_private = bool(o.is_private);
    if (o.scm !== undefined && o.scm !== 'git') throw new ApiError(400, 'Bad request', undefined, { scm: ['Only git snippets are supported.'] });
    const files = o.files;
    if (files && typeof files === 'object') {
      for (const [name, v] of Object.entries(files as Record<string, unknown>)) {
        if (v === null) input.files[name] = null;
        else if (v && typeof v === 'object' && typeof (v as Record<string, unknown>).content === 'string') {
          input.files[name] = Buffer.from((v as Record<string, string>).content as string, 'utf8');
        }
      }
    }
  };
  if (!parts) {
    if (c.body !== undefined) {
      if (!c.body || typeof c.body !== 'object' || Array.isArray(c.body)) throw new ApiError(400, 'Bad request', 'the request body must be a JSON object');
      meta(c.body as Record<string, unknown>);
    }
    return input;
  }
  // `files=<name>` parts (form-data) list files to delete: the spec's way to delete one, unless a file
  // part uploads that name too (file parts are processed whether or not `files` lists them)
  const listed: string[] = [];
  for (const p of parts) {
    if (p.name === 'files' && (p.filename === undefined || p.filename === '')) {
      const name = p.body.toString('utf8').trim();
      if (name) listed.push(name);
    } else if (p.filename !== undefined && p.filename !== '') {
      input.files[p.filename.split(/[\\/]/).pop() as string] = Buffer.from(p.body);
    } else if (/json/i.test(p.contentType ?? '') && !p.name) {
      try {
        meta(JSON.parse(p.body.toString('utf8')) as Record<string, unknown>);
      } catch (e) {
        if (e instanceof ApiError) throw e;
        throw new ApiError(400, 'Bad request', 'the JSON part of the multipart body is not valid JSON');
      }
    } else if (p.name === 'title') input.title = p.body.toString('utf8');
    else if (p.name === 'is_private') input.is_private = /^(true|1|on)$/i.test(p.body.toString('utf8').trim());
    else if (p.name === 'scm') {
      if (p.body.toString('utf8').trim() !== 'git') throw new ApiError(400, 'Bad request', undefined, { scm: ['Only git snippets are supported.'] });
    } else if (p.name && !META.has(p.name) && p.body.length === 0) input.files[p.name] = null;
  }
  for (const name of listed) if (!input.files[name]) input.files[name] = null;
  return input;
}

// ---------------- model ----------------

function nodeId(s: SnippetRecord): string {
  const h = createHash('sha1').update(s.updated_on);
  for (const name of Object.keys(s.files).sort()) h.update(`\0${name}\0${s.files[name]}`);
  return h.digest('hex').slice(0, 12);
}

function ownerJson(sb: Sandbox, ws: WorkspaceRecord): Record<string, unknown> {
  const personal = sb.store.user(ws.slug);
  if (personal && ws.members.some((m) => m.user === personal.uuid && m.permission === 'owner')) return accountRef(sb.urls, personal);
  return {
    type: 'team',
    uuid: ws.uuid,
    username: ws.slug,
    display_name: ws.name,
    links: { self: { href: sb.urls.api(`/workspaces/${ws.slug}`) }, html: { href: sb.urls.html(`/${ws.slug}/`) } },
  };
}

export function snippetJson(sb: Sandbox, s: SnippetRecord): Record<string, unknown> {
  const ws = sb.store.workspace(s.workspace) as WorkspaceRecord;
  const self = `/snippets/${s.workspace}/${s.id}`;
  const node = nodeId(s);
  const creator = sb.store.data.users[s.creator];
  const files: Record<string, unknown> = {};
  for (const name of Object.keys(s.files).sort()) {
    files[name] = {
      links: {
        self: { href: sb.urls.api(`${self}/${node}/files/${enc(name)}`) },
        html: { href: sb.urls.html(`/${s.workspace}/workspace/snippets/${s.id}/revisions/${node}#file-${enc(name)}`) },
      },
    };
  }
  return {
    type: 'snippet',
    id: s.id,
    title: s.title,
    scm: 'git',
    created_on: s.created_on,
    updated_on: s.updated_on,
    is_private: s.is_private,
    owner: ws ? ownerJson(sb, ws) : null,
    creator: creator ? accountRef(sb.urls, creator) : null,
    files,
    links: {
      self: { href: sb.urls.api(self) },
      html: { href: sb.urls.html(`/${s.workspace}/workspace/snippets/${s.id}`) },
      comments: { href: sb.urls.api(`${self}/comments`) },
      watchers: { href: sb.urls.api(`${self}/watchers`) },
      commits: { href: sb.urls.api(`${self}/commits`) },
      clone: [{ name: 'https', href: sb.urls.html(`/snippets/${s.workspace}/${s.id}.git`) }],
    },
  };
}

function isMember(ws: WorkspaceRecord | undefined, user: UserRecord): boolean {
  return !!ws && ws.members.some((m) => m.user === user.uuid);
}

function visible(sb: Sandbox, s: SnippetRecord, user: UserRecord): boolean {
  return !s.is_private || s.creator === user.uuid || isMember(sb.store.workspace(s.workspace), user);
}

function snippetOf(c: HandlerContext): SnippetRecord {
  const ws = workspaceOf(c);
  const id = c.params.encoded_id ?? '';
  const s = Object.values(c.sb.store.data.snippets).find((x) => x.workspace === ws.slug && x.id === id);
  if (!s || !visible(c.sb, s, c.user)) throw new ApiError(404, `Snippet ${ws.slug}/${id} not found`);
  return s;
}

function canWrite(c: HandlerContext, s: SnippetRecord): void {
  if (s.creator === c.user.uuid) return;
  const ws = c.sb.store.workspace(s.workspace);
  if (ws?.members.some((m) => m.user === c.user.uuid && (m.permission === 'owner' || m.permission === 'collaborator'))) return;
  throw new ApiError(403, 'You do not have permission to change this snippet.');
}

function newId(store: Sandbox['store']): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  for (;;) {
    const id = Array.from(randomBytes(6), (b) => alphabet[b % alphabet.length]).join('');
    if (!Object.values(store.data.snippets).some((s) => s.id === id)) return id;
  }
}

/** Create a snippet record (handlers and the demo seed). */
export function addSnippet(
  sb: Sandbox,
  ws: WorkspaceRecord,
  creator: UserRecord,
  o: { title: string; is_private?: boolean; files: Record<string, string | Buffer>; created_on?: string; id?: string },
): SnippetRecord {
  const now = o.created_on ?? sb.now().toISOString();
  const s: SnippetRecord = {
    uuid: newUuid(),
    id: o.id ?? newId(sb.store),
    workspace: ws.slug,
    title: o.title,
    is_private: o.is_private ?? true,
    creator: creator.uuid,
    created_on: now,
    updated_on: now,
    files: Object.fromEntries(Object.entries(o.files).map(([n, v]) => [n, (typeof v === 'string' ? Buffer.from(v, 'utf8') : v).toString('base64')])),
  };
  recordCommit(s, creator, 'Initial commit');
  sb.store.data.snippets[s.uuid] = s;
  return s;
}

function recordCommit(s: SnippetRecord, author: UserRecord, message: string): void {
  const history = s.history ?? [];
  const h = createHash('sha1').update(`${s.uuid}\0${history.length}\0${s.updated_on}\0${message}`);
  for (const name of Object.keys(s.files).sort()) h.update(`\0${name}\0${s.files[name]}`);
  history.push({ hash: h.digest('hex'), author: author.uuid, date: s.updated_on, message });
  s.history = history;
}

function create(c: HandlerContext, ws: WorkspaceRecord): Reply {
  if (!isMember(ws, c.user)) throw new ApiError(403, `You cannot create snippets in workspace ${ws.slug}.`);
  const input = readInput(c);
  const files = Object.fromEntries(Object.entries(input.files).filter((e): e is [string, Buffer] => e[1] !== null));
  const s = addSnippet(c.sb, ws, c.user, { title: input.title ?? '', is_private: input.is_private, files });
  const out = snippetJson(c.sb, s);
  return { ...created(out), headers: { Location: c.sb.urls.api(`/snippets/${s.workspace}/${s.id}`) } };
}

/** POST /snippets creates in the user's own workspace (slug = nickname), else the first they own. */
function personalWorkspace(c: HandlerContext): WorkspaceRecord {
  const own = c.sb.store.workspace(c.user.nickname);
  if (own && isMember(own, c.user)) return own;
  const first = c.sb.store.workspacesOf(c.user.uuid).find((w) => w.members.some((m) => m.user === c.user.uuid && m.permission === 'owner'));
  if (!first) throw new ApiError(400, 'You have no workspace to create the snippet in.');
  return first;
}

function list(c: HandlerContext, only?: WorkspaceRecord) {
  const role = c.query.get('role');
  if (role !== null && !['owner', 'contributor', 'member'].includes(role)) throw new ApiError(400, `Invalid role "${role}": use owner, contributor or member`);
  const items = Object.values(c.sb.store.data.snippets)
    .filter((s) => (only ? s.workspace === only.slug : true))
    .filter((s) => {
      if (role === 'owner' || role === 'contributor') return s.creator === c.user.uuid;
      if (role === 'member' || !only) return isMember(c.sb.store.workspace(s.workspace), c.user) || s.creator === c.user.uuid;
      return visible(c.sb, s, c.user);
    })
    .sort((a, b) => b.updated_on.localeCompare(a.updated_on))
    .map((s) => snippetJson(c.sb, s));
  return json(page(c, items));
}

function fileReply(s: SnippetRecord, path: string): Reply {
  const content = s.files[path];
  if (content === undefined) throw new ApiError(404, `No file ${path} in snippet ${s.id}`);
  const buf = Buffer.from(content, 'base64');
  const textual = !buf.subarray(0, 8000).includes(0);
  return {
    status: 200,
    contentType: textual ? 'text/plain; charset=utf-8' : 'application/octet-stream',
    headers: { 'Content-Length': String(buf.length), 'Content-Disposition': `attachment; filename="${path.replace(/["\\\r\n]/g, '_')}"` },
    stream: Readable.from([buf]),
  };
}

const S = '/snippets/{workspace}/{encoded_id}';

function rendered(raw: string): Record<string, unknown> {
  const esc = raw.replace(/[&<>"]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&quot;'));
  return { raw, markup: 'markdown', html: raw ? `<p>${esc}</p>` : '' };
}

function userRef(sb: Sandbox, uuid: string): Record<string, unknown> | null {
  const u = sb.store.data.users[uuid];
  return u ? accountRef(sb.urls, u) : null;
}

function snippetRef(sb: Sandbox, s: SnippetRecord): Record<string, unknown> {
  return {
    type: 'snippet',
    id: s.id,
    title: s.title,
    links: { self: { href: sb.urls.api(`/snippets/${s.workspace}/${s.id}`) }, html: { href: sb.urls.html(`/${s.workspace}/workspace/snippets/${s.id}`) } },
  };
}

function commentJson(sb: Sandbox, s: SnippetRecord, cm: SnippetCommentRecord): Record<string, unknown> {
  return {
    type: 'snippet_comment',
    id: cm.id,
    created_on: cm.created_on,
    updated_on: cm.updated_on,
    content: rendered(cm.content),
    user: userRef(sb, cm.user),
    deleted: false,
    ...(cm.parent !== undefined
      ? { parent: { id: cm.parent, links: { self: { href: sb.urls.api(`/snippets/${s.workspace}/${s.id}/comments/${cm.parent}`) } } } }
      : {}),
    snippet: snippetRef(sb, s),
    links: {
      self: { href: sb.urls.api(`/snippets/${s.workspace}/${s.id}/comments/${cm.id}`) },
      html: { href: sb.urls.html(`/${s.workspace}/workspace/snippets/${s.id}#comment-${cm.id}`) },
    },
  };
}

function commitJson(sb: Sandbox, s: SnippetRecord, i: number): Record<string, unknown> {
  const h = (s.history ?? [])[i] as SnippetCommitRecord;
  const prev = i > 0 ? (s.history ?? [])[i - 1] : undefined;
  const author = sb.store.data.users[h.author];
  const self = `/snippets/${s.workspace}/${s.id}/commits/${h.hash}`;
  return {
    type: 'snippet_commit',
    hash: h.hash,
    date: h.date,
    message: h.message,
    summary: rendered(h.message),
    author: {
      type: 'author',
      raw: author ? `${author.display_name} <${author.nickname}@example.com>` : 'unknown',
      ...(author ? { user: accountRef(sb.urls, author) } : {}),
    },
    parents: prev
      ? [{ type: 'snippet_commit', hash: prev.hash, links: { self: { href: sb.urls.api(`/snippets/${s.workspace}/${s.id}/commits/${prev.hash}`) } } }]
      : [],
    snippet: snippetRef(sb, s),
    links: {
      self: { href: sb.urls.api(self) },
      html: { href: sb.urls.html(`/${s.workspace}/workspace/snippets/${s.id}/revisions/${h.hash}`) },
      diff: { href: sb.urls.api(`/snippets/${s.workspace}/${s.id}/${h.hash}/diff`) },
    },
  };
}

function commentOf(c: HandlerContext, s: SnippetRecord): SnippetCommentRecord {
  const cm = (s.comments ?? []).find((x) => String(x.id) === c.params.comment_id);
  if (!cm) throw new ApiError(404, `Comment ${c.params.comment_id} not found`);
  return cm;
}

/** `content.raw` of a comment body: required, a string, not blank. */
function commentContent(c: HandlerContext): string {
  const body = bodyObject(c);
  const content = body.content;
  const raw = content && typeof content === 'object' ? str((content as Record<string, unknown>).raw) : undefined;
  if (raw === undefined || raw.trim() === '') throw new ApiError(400, 'Bad request', undefined, { content: ['This field is required.'] });
  return raw;
}

function nextCommentId(sb: Sandbox): number {
  let max = 0;
  for (const s of Object.values(sb.store.data.snippets)) for (const cm of s.comments ?? []) max = Math.max(max, cm.id);
  return max + 1;
}

export const handlers: HandlerMap = {
  'GET /snippets': (c) => list(c),
  'POST /snippets': (c) => create(c, personalWorkspace(c)),
  'GET /snippets/{workspace}': (c) => list(c, workspaceOf(c)),
  'POST /snippets/{workspace}': (c) => create(c, workspaceOf(c)),

  [`GET ${S}`]: (c) => json(snippetJson(c.sb, snippetOf(c))),

  [`PUT ${S}`]: (c) => {
    const s = snippetOf(c);
    canWrite(c, s);
    const input = readInput(c);
    if (input.title !== undefined) s.title = input.title;
    if (input.is_private !== undefined) s.is_private = input.is_private;
    for (const [name, content] of Object.entries(input.files)) {
      if (content === null) delete s.files[name];
      else s.files[name] = content.toString('base64');
    }
    s.updated_on = c.sb.now().toISOString();
    recordCommit(s, c.user, 'Edited online with Bitbucket');
    return json(snippetJson(c.sb, s));
  },

  [`DELETE ${S}`]: (c) => {
    const s = snippetOf(c);
    canWrite(c, s);
    delete c.sb.store.data.snippets[s.uuid];
    return noContent();
  },

  [`GET ${S}/comments`]: (c) => {
    const s = snippetOf(c);
    return json(
      page(
        c,
        (s.comments ?? []).map((cm) => commentJson(c.sb, s, cm)),
      ),
    );
  },

  [`POST ${S}/comments`]: (c) => {
    const s = snippetOf(c);
    const content = commentContent(c);
    const parent = (c.body as Record<string, unknown>).parent;
    let parentId: number | undefined;
    if (parent !== undefined && parent !== null) {
      const pid = typeof parent === 'object' ? (parent as Record<string, unknown>).id : undefined;
      if (!(s.comments ?? []).some((x) => x.id === Number(pid)))
        throw new ApiError(400, 'Bad request', undefined, { parent: ['The parent comment does not exist.'] });
      parentId = Number(pid);
    }
    const now = c.sb.now().toISOString();
    const cm: SnippetCommentRecord = { id: nextCommentId(c.sb), user: c.user.uuid, content, created_on: now, updated_on: now };
    if (parentId !== undefined) cm.parent = parentId;
    s.comments = [...(s.comments ?? []), cm];
    return { ...created(commentJson(c.sb, s, cm)), headers: { Location: c.sb.urls.api(`/snippets/${s.workspace}/${s.id}/comments/${cm.id}`) } };
  },

  [`GET ${S}/comments/{comment_id}`]: (c) => {
    const s = snippetOf(c);
    return json(commentJson(c.sb, s, commentOf(c, s)));
  },

  [`PUT ${S}/comments/{comment_id}`]: (c) => {
    const s = snippetOf(c);
    const cm = commentOf(c, s);
    const content = commentContent(c);
    if (cm.user !== c.user.uuid) throw new ApiError(403, 'You can only edit your own comments.');
    cm.content = content;
    cm.updated_on = c.sb.now().toISOString();
    return json(commentJson(c.sb, s, cm));
  },

  [`DELETE ${S}/comments/{comment_id}`]: (c) => {
    const s = snippetOf(c);
    const cm = commentOf(c, s);
    if (cm.user !== c.user.uuid) canWrite(c, s);
    s.comments = (s.comments ?? []).filter((x) => x.id !== cm.id);
    return noContent();
  },

  [`GET ${S}/watch`]: (c) => {
    const s = snippetOf(c);
    if (!(s.watchers ?? []).includes(c.user.uuid)) throw new ApiError(404, `You are not watching snippet ${s.id}`);
    return noContent();
  },

  [`PUT ${S}/watch`]: (c) => {
    const s = snippetOf(c);
    if (!(s.watchers ?? []).includes(c.user.uuid)) s.watchers = [...(s.watchers ?? []), c.user.uuid];
    return noContent();
  },

  [`DELETE ${S}/watch`]: (c) => {
    const s = snippetOf(c);
    s.watchers = (s.watchers ?? []).filter((u) => u !== c.user.uuid);
    return noContent();
  },

  [`GET ${S}/commits`]: (c) => {
    const s = snippetOf(c);
    const n = (s.history ?? []).length;
    return json(
      page(
        c,
        Array.from({ length: n }, (_, k) => commitJson(c.sb, s, n - 1 - k)),
      ),
    );
  },

  [`GET ${S}/commits/{revision}`]: (c) => {
    const s = snippetOf(c);
    const rev = c.params.revision ?? '';
    const i = rev.length >= 7 ? (s.history ?? []).findIndex((h) => h.hash.startsWith(rev)) : -1;
    if (i < 0) throw new ApiError(404, `Snippet ${s.id} has no commit ${rev}`);
    return json(commitJson(c.sb, s, i));
  },

  [`GET ${S}/files/{path}`]: (c) => fileReply(snippetOf(c), c.params.path ?? ''),

  [`GET ${S}/{node_id}/files/{path}`]: (c) => {
    const s = snippetOf(c);
    if (c.params.node_id !== nodeId(s)) throw new ApiError(404, `Snippet ${s.id} has no revision ${c.params.node_id}`);
    return fileReply(s, c.params.path ?? '');
  },

  [`GET ${S}/{node_id}`]: (c) => {
    const s = snippetOf(c);
    if (c.params.node_id !== nodeId(s)) throw new ApiError(404, `Snippet ${s.id} has no revision ${c.params.node_id}`);
    return json(snippetJson(c.sb, s));
  },
};
