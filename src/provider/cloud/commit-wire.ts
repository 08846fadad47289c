/** A commit as Cloud sends it, and its domain JSON (src/provider/types.ts Commit). */
import { type Account, accountJson } from './users.js';

export interface Commit {
  hash?: string;
  date?: string;
  message?: string;
  summary?: { raw?: string };
  author?: { raw?: string; user?: Account };
  parents?: Array<{ hash?: string }>;
  links?: { html?: { href?: string } };
}

/** `Ada Lovelace <ada@example.com>` → `Ada Lovelace`; the Bitbucket user's nickname when linked. */
export function authorName(c: Commit): string {
  return c.author?.user?.nickname ?? c.author?.user?.display_name ?? (c.author?.raw ?? '').replace(/\s*<[^>]*>\s*$/, '');
}

export function subject(c: Commit): string {
  return (c.message ?? '').split('\n')[0] ?? '';
}

export function commitToJson(c: Commit): Record<string, unknown> {
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
