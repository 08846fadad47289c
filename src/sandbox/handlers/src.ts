import { afterPush } from '../repos.js';
import { pushRefusal } from '../model/branch-restrictions.js';
import { type FileChange, safeTreePath } from '../git.js';
import type { RepositoryRecord } from '../state.js';
import { commitJson, type Urls } from '../wire.js';
import { page, repoOf } from './common.js';
import { parseMultipart } from './snippets.js';
import { ApiError, type HandlerContext, type HandlerMap, json, type Reply, text } from './types.js';

/**
 * Files (issue 16, #4): `GET src/{commit}/{path}` (a file's raw content, a directory's paged listing of
 * `commit_file` / `commit_directory`, `?format=meta` for either's JSON), `GET src` (the main branch's root),
 * `POST src` (a commit of files from form fields or multipart parts: `message`, `branch`, `author`, `parents`,
 * `files` — paths to delete —, every other field a path and its content), and `filehistory/{commit}/{path}`.
 */

const link = (href: string) => ({ href });

function base(r: RepositoryRecord): string {
  return `/repositories/${r.workspace}/${r.slug}`;
}

function commitRef(urls: Urls, r: RepositoryRecord, hash: string) {
  return {
    type: 'commit',
    hash,
    links: { self: link(urls.api(`${base(r)}/commit/${hash}`)), html: link(urls.html(`/${r.workspace}/${r.slug}/commits/${hash}`)) },
  };
}

function entryJson(urls: Urls, r: RepositoryRecord, hash: string, path: string, kind: 'blob' | 'tree', size?: number) {
  const enc = path.split('/').map(encodeURIComponent).join('/');
  const self = urls.api(`${base(r)}/src/${hash}/${enc}${kind === 'tree' ? '/' : ''}`);
  if (kind === 'tree')
    return { type: 'commit_directory', path, commit: commitRef(urls, r, hash), links: { self: link(self), meta: link(`${self}?format=meta`) } };
  return {
    type: 'commit_file',
    path,
    commit: commitRef(urls, r, hash),
    attributes: [],
    escaped_path: path,
    ...(size !== undefined ? { size } : {}),
    mimetype: null,
    links: { self: link(self), meta: link(`${self}?format=meta`), history: link(urls.api(`${base(r)}/filehistory/${hash}/${enc}`)) },
  };
}

function cleanPath(raw: string | undefined): string {
  const p = (raw ?? '').replace(/^\/+|\/+$/g, '');
  if (!safeTreePath(p)) throw new ApiError(404, 'No such file or directory', p);
  return p;
}

async function serve(c: HandlerContext, rev: string, rawPath: string | undefined): Promise<Reply> {
  const repo = repoOf(c);
  const git = c.sb.git(repo);
  const hash = await git.resolve(rev);
  if (!hash) throw new ApiError(404, `Commit not found: ${rev}`);
  const path = cleanPath(rawPath);
  const kind = path === '' ? 'tree' : await git.pathType(hash, path);
  if (!kind) throw new ApiError(404, 'No such file or directory', path);
  const meta = c.query.get('format') === 'meta';
  if (kind === 'blob') {
    if (meta) {
      const entry = (await git.listDir(hash, path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '')).find((e) => e.name === path.split('/').at(-1));
      return json(entryJson(c.sb.urls, repo, hash, path, 'blob', entry?.size));
    }
    const bytes = await git.readBlob(hash, path);
    // Bitbucket sends a file's bytes as they are: text as text/plain, anything else as application/octet-stream
    return text(bytes, isBinary(bytes) ? 'application/octet-stream' : 'text/plain; charset=utf-8');
  }
  if (meta) return json(entryJson(c.sb.urls, repo, hash, path, 'tree'));
  const entries = (await git.listDir(hash, path))
    .filter((e) => e.type !== 'commit')
    .map((e) => entryJson(c.sb.urls, repo, hash, path ? `${path}/${e.name}` : e.name, e.type === 'tree' ? 'tree' : 'blob', e.size));
  return json(page(c, entries, { defaultPagelen: 10 }));
}

/** Git's rule for a binary file: a NUL byte in its first 8000 bytes. */
function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

/** The fields of a `POST src`: urlencoded or multipart (a part's bytes kept exactly: binary files). */
function formFields(c: HandlerContext): Map<string, Buffer[]> {
  const ct = typeof c.headers['content-type'] === 'string' ? c.headers['content-type'] : '';
  const out = new Map<string, Buffer[]>();
  const add = (k: string, v: Buffer) => out.set(k, [...(out.get(k) ?? []), v]);
  const parts = parseMultipart(ct, c.rawBody);
  if (parts) {
    for (const p of parts) if (p.name) add(p.name, Buffer.from(p.body));
    return out;
  }
  if (/^application\/x-www-form-urlencoded/i.test(ct)) {
    for (const [k, v] of new URLSearchParams(c.rawBody.toString('utf8'))) add(k, Buffer.from(v, 'utf8'));
    return out;
  }
  throw new ApiError(400, 'Bad request', 'POST src takes multipart/form-data or application/x-www-form-urlencoded fields');
}

const SPECIAL = new Set(['message', 'author', 'parents', 'files', 'branch']);

export const handlers: HandlerMap = {
  'GET /repositories/{workspace}/{repo_slug}/src': async (c) => serve(c, repoOf(c).mainbranch, ''),
  'GET /repositories/{workspace}/{repo_slug}/src/{commit}/{path}': async (c) => serve(c, c.params.commit ?? '', c.params.path),

  'GET /repositories/{workspace}/{repo_slug}/filehistory/{commit}/{path}': async (c) => {
    const repo = repoOf(c);
    const git = c.sb.git(repo);
    const hash = await git.resolve(c.params.commit ?? '');
    if (!hash) throw new ApiError(404, `Commit not found: ${c.params.commit}`);
    const path = cleanPath(c.params.path);
    if (!path) throw new ApiError(404, 'No such file or directory', path);
    const commits = await git.log([hash], [], 0, 10_000, path);
    if (commits.length === 0) throw new ApiError(404, 'No such file or directory', path);
    const values = commits.map((k) => ({ ...entryJson(c.sb.urls, repo, k.hash, path, 'blob'), commit: commitJson(c.sb.urls, c.sb.store, repo, k) }));
    return json(page(c, values, { defaultPagelen: 50 }));
  },

  'POST /repositories/{workspace}/{repo_slug}/src': async (c) => {
    const repo = repoOf(c);
    const git = c.sb.git(repo);
    const fields = formFields(c);
    const one = (k: string) => fields.get(k)?.at(-1)?.toString('utf8');
    const branch = one('branch') ?? repo.mainbranch;
    if (!/^[^\s~^:?*[\\]+$/.test(branch) || branch.length > 255) throw new ApiError(400, `"${branch}" is not a valid branch name`);
    const refused = pushRefusal(c.sb, repo, branch, c.user);
    if (refused) throw new ApiError(403, refused);
    const parentsRaw = one('parents');
    const head = await git.resolve(`refs/heads/${branch}`);
    const parent = parentsRaw ? await git.resolve(parentsRaw.split(',')[0]?.trim() ?? '') : (head ?? (await git.resolve(`refs/heads/${repo.mainbranch}`)));
    if (parentsRaw && !parent) throw new ApiError(400, `Commit not found: ${parentsRaw}`);
    // Bitbucket: a parent given with an existing branch must be that branch's tip, else 409 (a stale edit)
    if (parentsRaw && head && parent !== head) throw new ApiError(409, `The branch ${branch} has moved on from ${parentsRaw}`);
    const changes: FileChange[] = [];
    for (const [name, values] of fields) {
      if (SPECIAL.has(name)) continue;
      const p = name.replace(/^\/+/, '');
      if (!p || !safeTreePath(p) || p.split('/').some((seg) => seg === '' || seg === '.' || seg === '.git')) throw new ApiError(400, `Invalid path: ${name}`);
      changes.push({ path: p, content: values.at(-1) ?? Buffer.alloc(0) });
    }
    for (const delRaw of fields.get('files') ?? []) {
      const p = delRaw.toString('utf8').replace(/^\/+/, '');
      if (p && safeTreePath(p) && parent && (await git.pathType(parent, p)) === 'blob') changes.push({ path: p, remove: true });
    }
    if (changes.length === 0) throw new ApiError(400, 'Bad request', 'no file to add, change or delete');
    const authorField = one('author');
    const m = authorField ? /^(.*?)\s*<([^>]+)>$/.exec(authorField) : undefined;
    if (authorField && !m) throw new ApiError(400, 'author must look like "Name <email>"');
    const when = c.sb.now().toISOString();
    const author = { name: m?.[1] ?? c.user.display_name, email: m?.[2] ?? c.user.email, date: when };
    const hash = await git.commitChanges(parent, changes, one('message') ?? 'Edited online with Bitbucket', author);
    await git.updateRef(`refs/heads/${branch}`, hash);
    await afterPush(c.sb, repo);
    return { status: 201, headers: { Location: c.sb.urls.api(`${base(repo)}/commit/${hash}`) } };
  },
};
