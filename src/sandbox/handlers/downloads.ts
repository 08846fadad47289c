import { Readable } from 'node:stream';
import type { DownloadRecord, RepositoryRecord } from '../state.js';
import { accountRef } from '../wire.js';
import { page, repoOf } from './common.js';
import { parseMultipart } from './snippets.js';
import { ApiError, created, type HandlerContext, type HandlerMap, json, noContent, type Sandbox } from './types.js';

/**
 * Repository downloads (artifacts): list, upload (multipart/form-data `files` parts; a file with an existing
 * name replaces it), fetch and delete. Dropped with their repository (triggers.ts).
 */

const key = (repo: RepositoryRecord, name: string) => `${repo.uuid}/${name}`;

function downloadJson(c: HandlerContext, repo: RepositoryRecord, d: DownloadRecord): Record<string, unknown> {
  const user = c.sb.store.data.users[d.user];
  return {
    type: 'download',
    name: d.name,
    size: d.size,
    downloads: d.downloads,
    created_on: d.created_on,
    user: user ? accountRef(c.sb.urls, user) : null,
    links: { self: { href: c.sb.urls.api(`/repositories/${repo.workspace}/${repo.slug}/downloads/${encodeURIComponent(d.name)}`) } },
  };
}

function downloadOf(c: HandlerContext): { repo: RepositoryRecord; d: DownloadRecord } {
  const repo = repoOf(c);
  const d = c.sb.store.data.downloads[key(repo, c.params.filename ?? '')];
  if (!d) throw new ApiError(404, `No download named ${c.params.filename} in ${repo.workspace}/${repo.slug}`);
  return { repo, d };
}

export function dropRepositoryDownloads(sb: Sandbox, repo: RepositoryRecord): void {
  for (const [id, d] of Object.entries(sb.store.data.downloads)) if (d.repository === repo.uuid) delete sb.store.data.downloads[id];
}

export const handlers: HandlerMap = {
  'GET /repositories/{workspace}/{repo_slug}/downloads': (c) => {
    const repo = repoOf(c);
    const items = Object.values(c.sb.store.data.downloads)
      .filter((d) => d.repository === repo.uuid)
      .sort((a, b) => b.created_on.localeCompare(a.created_on) || a.name.localeCompare(b.name))
      .map((d) => downloadJson(c, repo, d));
    return json(page(c, items));
  },

  'POST /repositories/{workspace}/{repo_slug}/downloads': (c) => {
    const repo = repoOf(c);
    const ct = typeof c.headers['content-type'] === 'string' ? c.headers['content-type'] : undefined;
    const files = (parseMultipart(ct, c.rawBody) ?? []).filter((p) => p.name === 'files' && p.filename);
    if (files.length === 0) throw new ApiError(400, 'Expected multipart/form-data with one or more "files" parts');
    const now = c.sb.now().toISOString();
    for (const f of files) {
      const name = f.filename as string;
      c.sb.store.data.downloads[key(repo, name)] = {
        repository: repo.uuid,
        name,
        content: f.body.toString('base64'),
        size: f.body.length,
        user: c.user.uuid,
        created_on: now,
        downloads: 0,
      };
    }
    return created({});
  },

  'GET /repositories/{workspace}/{repo_slug}/downloads/{filename}': (c) => {
    const { d } = downloadOf(c);
    d.downloads += 1;
    return { status: 200, stream: Readable.from([Buffer.from(d.content, 'base64')]), contentType: 'application/octet-stream' };
  },

  'DELETE /repositories/{workspace}/{repo_slug}/downloads/{filename}': (c) => {
    const { repo, d } = downloadOf(c);
    delete c.sb.store.data.downloads[key(repo, d.name)];
    return noContent();
  },
};
