import type { Context } from '../../context/context.js';
import type { Commit, CommitMethods } from '../types.js';
import { dcPaginate, dcSend } from './http.js';
import { type DcCommit, iso, repoParams } from './shapes.js';

const OP = {
  list: 'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits',
  get: 'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}',
} as const;

export function dcCommit(c: DcCommit, webBase?: string): Commit {
  const a = c.author;
  const message = c.message ?? '';
  return {
    hash: c.id ?? null,
    shortHash: (c.id ?? '').slice(0, 7),
    subject: message.split('\n')[0] ?? '',
    message,
    author: a ? `${a.name}${a.emailAddress ? ` <${a.emailAddress}>` : ''}` : null,
    authorUser: null,
    date: iso(c.authorTimestamp),
    parents: (c.parents ?? []).map((p) => p.id ?? '').filter(Boolean),
    url: webBase && c.id ? `${webBase}/commits/${c.id}` : null,
    authorName: a?.name ?? '',
  };
}

export function commitMethods(ctx: Context): CommitMethods {
  const web = async (ref: Parameters<CommitMethods['getCommit']>[0]) => {
    const p = repoParams(ref);
    return `${(await ctx.host()).baseUrl}/projects/${encodeURIComponent(p.projectKey)}/repos/${encodeURIComponent(p.repositorySlug)}`;
  };
  return {
    async listCommits(ref, opts) {
      // DC: `until` the ref (default: the default branch), `since` the excluded ref.
      const list = await dcPaginate<DcCommit>(ctx, OP.list, repoParams(ref), { until: opts.branch, since: opts.exclude, path: opts.path }, opts);
      const base = await web(ref);
      return list.map((c) => dcCommit(c, base));
    },
    async getCommit(ref, rev) {
      return dcCommit(await dcSend<DcCommit>(ctx, OP.get, { ...repoParams(ref), commitId: rev }), await web(ref));
    },
  };
}
