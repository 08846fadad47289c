import type { components } from '../../api/generated/dc-schema.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { type CommitCommentMethods, DC_COMMIT_COMMENT_OP as OP } from '../commit-comments.js';
import type { PrComment } from '../pullrequests.js';
import type { RepoLocator } from '../types.js';
import { dcPaginate, dcSend } from './http.js';
import { dcAccount } from './pullrequests.js';
import { iso, repoParams } from './shapes.js';

type DcComment = components['schemas']['RestComment'];
type Anchor = { path?: string | { toString?: unknown; components?: unknown }; line?: number; fileType?: string; multilineMarker?: { startLine?: number } };

function anchorPath(a: Anchor | undefined): string | undefined {
  const p = a?.path;
  if (!p) return undefined;
  if (typeof p === 'string') return p;
  if (typeof p.toString === 'string') return p.toString;
  return Array.isArray(p.components) ? p.components.map(String).join('/') : undefined;
}

/** A comment and its replies, depth-first; replies carry their thread's anchor. */
function flatten(c: DcComment, parentId: number | null, anchor: Anchor | undefined): PrComment[] {
  const a = (c.anchor as Anchor | undefined) ?? anchor;
  const path = anchorPath(a) ?? null;
  const onOld = a?.fileType === 'FROM';
  const own: PrComment = {
    id: c.id ?? 0,
    parentId,
    author: dcAccount(c.author as Parameters<typeof dcAccount>[0]),
    body: c.text ?? '',
    path,
    line: path && typeof a?.line === 'number' && !onOld ? a.line : null,
    oldLine: path && typeof a?.line === 'number' && onOld ? a.line : null,
    startLine: path && typeof a?.multilineMarker?.startLine === 'number' ? a.multilineMarker.startLine : null,
    resolved: c.state === 'RESOLVED',
    pending: c.state === 'PENDING',
    deleted: false,
    createdAt: iso(c.createdDate),
    updatedAt: iso(c.updatedDate),
    url: null,
    task: false,
    version: c.version ?? null,
  };
  return [own, ...((c.comments ?? []) as DcComment[]).flatMap((r) => flatten(r, c.id ?? null, a))];
}

export function commitCommentMethods(ctx: Context): CommitCommentMethods {
  const params = (repo: RepoLocator, commit: string) => ({ ...repoParams(repo), commitId: commit });
  const current = async (repo: RepoLocator, commit: string, id: number) => dcSend<DcComment>(ctx, OP.get, { ...params(repo, commit), commentId: id });
  const notOnDc = (what: string) =>
    new BbError('NOT_ON_DC', `Bitbucket Data Center has no ${what} of a commit`, {
      hints: ['approve the pull request the commit is in: bb pr approve NUMBER', 'or comment on the commit: bb commit comment COMMIT -b TEXT'],
    });
  return {
    async listCommitComments(repo, commit, opts) {
      const top = await dcPaginate<DcComment>(ctx, OP.list, params(repo, commit), {}, opts);
      return top.flatMap((c) => flatten(c, null, undefined));
    },
    async addCommitComment(repo, commit, input) {
      const p = params(repo, commit);
      const body: Record<string, unknown> = { text: input.body };
      if (input.path)
        body.anchor = {
          path: input.path,
          diffType: 'COMMIT',
          toHash: commit,
          ...(input.line !== undefined ? { line: input.line, lineType: 'ADDED', fileType: 'TO' } : {}),
        };
      return {
        plan: [{ operation: OP.add, params: p, body }],
        send: async () => {
          const c = await dcSend<DcComment>(ctx, OP.add, p, { body });
          const [first] = flatten(
            c,
            null,
            (c.anchor as Anchor | undefined) ?? (input.path ? { path: input.path, line: input.line, fileType: 'TO' } : undefined),
          );
          return first as PrComment;
        },
      };
    },
    async editCommitComment(repo, commit, id, text) {
      const p = { ...params(repo, commit), commentId: id };
      const cur = await current(repo, commit, id);
      const body = { text, version: cur.version ?? 0 };
      return {
        plan: [{ operation: OP.edit, params: p, body }],
        send: async () => {
          const c = await dcSend<DcComment>(ctx, OP.edit, p, { body });
          return flatten(c, null, (c.anchor ?? cur.anchor) as Anchor | undefined)[0] as PrComment;
        },
      };
    },
    async deleteCommitComment(repo, commit, id) {
      const p = { ...params(repo, commit), commentId: id };
      const query = { version: (await current(repo, commit, id)).version ?? 0 };
      return {
        plan: [{ operation: OP.delete, params: p, query }],
        send: async () => {
          await dcSend(ctx, OP.delete, p, { query });
        },
      };
    },
    async approveCommit() {
      throw notOnDc('approval');
    },
    async unapproveCommit() {
      throw notOnDc('approval');
    },
  };
}
