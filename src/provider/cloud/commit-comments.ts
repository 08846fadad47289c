import { requireFields } from '../../api/errors.js';
import { must } from '../../api/client.js';
import { paginate } from '../../api/paginate.js';
import { repoParams } from '../../api/path.js';
import type { Context } from '../../context/context.js';
import { CLOUD_COMMIT_COMMENT_OP as OP, type CommitCommentMethods } from '../commit-comments.js';
import type { PrComment } from '../pullrequests.js';
import type { RepoLocator } from '../types.js';
import { cloudComment } from './pullrequests.js';
import { accountFields } from './users.js';

type Comment = Parameters<typeof cloudComment>[0];

/** The comment fields cloudComment reads: the list's `fields=`. */
const FIELDS = [
  'id',
  'parent.id',
  ...accountFields('user'),
  'content.raw',
  'inline.path',
  'inline.from',
  'inline.to',
  'deleted',
  'created_on',
  'updated_on',
  'links.html.href',
];

export function commitCommentMethods(ctx: Context): CommitCommentMethods {
  const params = (repo: RepoLocator, commit: string) => ({ ...repoParams(repo), commit });
  return {
    async listCommitComments(repo, commit, opts) {
      const list = await paginate<Comment>(
        await ctx.http(),
        '/repositories/{workspace}/{repo_slug}/commit/{commit}/comments',
        params(repo, commit),
        {},
        {
          ...opts,
          fields: FIELDS,
        },
      );
      return list.map(cloudComment);
    },
    async addCommitComment(repo, commit, input) {
      const path = params(repo, commit);
      const body: Record<string, unknown> = { content: { raw: input.body } };
      if (input.path) body.inline = { path: input.path, ...(input.line !== undefined ? { to: input.line } : {}) };
      return {
        plan: [{ operation: OP.add, params: path, body }],
        async send(): Promise<PrComment> {
          const api = await ctx.api();
          const r = await api.POST('/repositories/{workspace}/{repo_slug}/commit/{commit}/comments', { params: { path }, body: body as never });
          return cloudComment(requireFields(must(r) as unknown as Comment, 'the comment', ['id'], OP.add));
        },
      };
    },
    async editCommitComment(repo, commit, id, text) {
      const path = { ...params(repo, commit), comment_id: id };
      const body = { content: { raw: text } };
      return {
        plan: [{ operation: OP.edit, params: path, body }],
        async send() {
          const api = await ctx.api();
          const r = await api.PUT('/repositories/{workspace}/{repo_slug}/commit/{commit}/comments/{comment_id}', { params: { path }, body: body as never });
          return cloudComment(requireFields(must(r) as unknown as Comment, 'the comment', ['id'], OP.edit));
        },
      };
    },
    async deleteCommitComment(repo, commit, id) {
      const path = { ...params(repo, commit), comment_id: id };
      return {
        plan: [{ operation: OP.delete, params: path }],
        async send() {
          const api = await ctx.api();
          must(await api.DELETE('/repositories/{workspace}/{repo_slug}/commit/{commit}/comments/{comment_id}', { params: { path } }));
        },
      };
    },
    async approveCommit(repo, commit) {
      const path = params(repo, commit);
      return {
        plan: [{ operation: OP.approve, params: path }],
        async send() {
          const api = await ctx.api();
          must(await api.POST('/repositories/{workspace}/{repo_slug}/commit/{commit}/approve', { params: { path } }));
        },
      };
    },
    async unapproveCommit(repo, commit) {
      const path = params(repo, commit);
      return {
        plan: [{ operation: OP.unapprove, params: path }],
        async send() {
          const api = await ctx.api();
          must(await api.DELETE('/repositories/{workspace}/{repo_slug}/commit/{commit}/approve', { params: { path } }));
        },
      };
    },
  };
}
