import { repoParams } from '../../api/path.js';
import { must } from '../../api/client.js';
import { paginate } from '../../api/paginate.js';
import type { Context } from '../../context/context.js';
import type { RepoRef } from '../../git/remote.js';
import { BbError } from '../../core/errors.js';
import { printItem, status } from '../shared/print.js';
import { bodyFromFlags } from '../pr/editor.js';
import { madeSince, sendWrite } from '../shared/lost-answer.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { BODY_FLAGS } from './create.js';
import { userName } from './present.js';
import { type IssueComment, OP, parseIssueId, trackerError, TRACKER_GONE } from './tracker.js';

export default defineCommand({
  path: ['issue', 'comment'],
  summary: 'Comment on an issue',
  description: ['Adds a comment to the issue; the text comes from --body or --body-file (- reads standard input).', TRACKER_GONE].join('\n\n'),
  examples: [
    'bb issue comment 12 --body "Fixed in 1a2b3c4"',
    'bb issue comment 12 --body-file reply.md',
    'git log -1 --format=%B | bb issue comment 12 --body-file -',
  ],
  args: [{ name: 'issue', description: 'issue number or URL', required: true }],
  flags: [...BODY_FLAGS],
  repo: true,
  write: true,
  json: ['id', 'body', 'author', 'createdAt', 'url'],
  // the comments are read back only when the answer to the POST is lost (src/cmd/shared/lost-answer.ts)
  operations: [OP.comment, OP.comments],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const id = parseIssueId(input.args.issue);
    const text = await bodyFromFlags(ctx, input);
    if (!text?.trim()) throw new BbError('INVALID_ARGUMENT', 'the comment is empty', { hints: ['pass --body "…" or --body-file FILE'] });
    const body = { content: { raw: text } };
    const params = { ...repoParams(repo), issue_id: id };
    if (dryRun(ctx, input, { operation: OP.comment, params, body })) return 0;
    const api = await ctx.api();
    let c: IssueComment & { links?: { html?: { href?: string } } };
    try {
      c = await sendWrite(
        ctx,
        async () =>
          must(
            await api.POST('/repositories/{workspace}/{repo_slug}/issues/{issue_id}/comments', {
              params: { path: { ...repoParams(repo), issue_id: String(id) } },
              body: body as never,
            }),
          ) as unknown as IssueComment & { links?: { html?: { href?: string } } },
        { what: `the comment on issue #${id}`, check: `bb issue view ${id} --comments`, readBack: (sentAt) => findIssueComment(ctx, repo, id, text, sentAt) },
      );
    } catch (e) {
      throw trackerError(e, repo, `issue #${id}`);
    }
    status(ctx, `✓ Commented on issue #${id}`);
    await printItem(ctx, input, c, {
      toJson: (x) => ({ id: x.id, body: x.content?.raw ?? '', author: userName(x.user), createdAt: x.created_on ?? null, url: x.links?.html?.href ?? null }),
      human: () => {
        if (c.links?.html?.href) ctx.io.out.write(`${c.links.html.href}\n`);
      },
    });
    return 0;
  },
});

/** After a lost answer: the newest comment on the issue with this text, made since the write was sent. */
async function findIssueComment(
  ctx: Context,
  repo: RepoRef,
  id: number,
  text: string,
  sentAt: Date,
): Promise<{ item: IssueComment & { links?: { html?: { href?: string } } }; id: string } | undefined> {
  const recent = await paginate<IssueComment & { links?: { html?: { href?: string } } }>(
    await ctx.http(),
    '/repositories/{workspace}/{repo_slug}/issues/{issue_id}/comments',
    { ...repoParams(repo), issue_id: String(id) },
    { sort: '-created_on' },
    { limit: 50 },
  );
  const found = recent.find((c) => (c.content?.raw ?? '').trim() === text.trim() && madeSince(c.created_on, sentAt));
  return found ? { item: found, id: `comment #${found.id}` } : undefined;
}
