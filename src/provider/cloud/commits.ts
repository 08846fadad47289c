import { repoParams } from '../../api/path.js';
import { must } from '../../api/client.js';
import { paginate } from '../../api/paginate.js';

import type { Context } from '../../context/context.js';
import type { Commit, CommitMethods } from '../types.js';
import { type Account, accountFields, accountJson } from './users.js';

/** A commit as Cloud sends it (only the fields bb reads). */
export interface CloudCommit {
  hash?: string;
  date?: string;
  message?: string;
  summary?: { raw?: string };
  author?: { raw?: string; user?: Account };
  parents?: Array<{ hash?: string }>;
  links?: { html?: { href?: string } };
}

/** `Ada Lovelace <ada@example.com>` → `Ada Lovelace`; the Bitbucket user's nickname when linked. */
export function authorName(c: CloudCommit): string {
  return c.author?.user?.nickname ?? c.author?.user?.display_name ?? (c.author?.raw ?? '').replace(/\s*<[^>]*>\s*$/, '');
}

export function subject(c: CloudCommit): string {
  return (c.message ?? '').split('\n')[0] ?? '';
}

export function commitToJson(c: CloudCommit): Record<string, unknown> {
  return {
    hash: c.hash ?? null,
    shortHash: (c.hash ?? '').slice(0, 7),
    subject: subject(c),
    message: c.message ?? '',
    author: c.author?.raw ?? null,
    authorUser: accountJson(c.author?.user),
    date: c.date ?? null,
    parents: (c.parents ?? []).map((p) => p.hash),
    url: c.links?.html?.href ?? null,
  };
}

/** The commit fields commitToJson and authorName read: the lists' `fields=`. */
export const COMMIT_FIELDS = ['hash', 'date', 'message', 'author.raw', ...accountFields('author.user'), 'parents.hash', 'links.html.href'];

export function cloudCommit(c: CloudCommit): Commit {
  return { ...(commitToJson(c) as unknown as Commit), authorName: authorName(c) };
}

export function commitMethods(ctx: Context): CommitMethods {
  return {
    async listCommits(ref, opts) {
      const query = { exclude: opts.exclude, path: opts.path };
      const commits = opts.branch
        ? await paginate<CloudCommit>(
            await ctx.http(),
            '/repositories/{workspace}/{repo_slug}/commits/{revision}',
            { ...repoParams(ref), revision: opts.branch },
            query,
            {
              limit: opts.limit,
              all: opts.all,
              fields: COMMIT_FIELDS,
            },
          )
        : await paginate<CloudCommit>(await ctx.http(), '/repositories/{workspace}/{repo_slug}/commits', repoParams(ref), query, {
            limit: opts.limit,
            all: opts.all,
            fields: COMMIT_FIELDS,
          });
      return commits.map(cloudCommit);
    },
    async getCommit(ref, rev) {
      const api = await ctx.api();
      const r = await api.GET('/repositories/{workspace}/{repo_slug}/commit/{commit}', { params: { path: { ...repoParams(ref), commit: rev } } });
      return cloudCommit(must(r) as unknown as CloudCommit);
    },
  };
}
