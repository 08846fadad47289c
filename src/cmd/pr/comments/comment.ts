/**
 * One pull-request comment, as the `bb pr comment` and `bb pr comments …` commands handle it: its `--json` form, the
 * comment-id argument, threads for reading, and posting one (read back when the answer is lost).
 */
import { BbError } from '../../../core/errors.js';
import type { CommandInput } from '../../define.js';
import type { Context } from '../../../context/context.js';
import { COMMENT_JSON_FIELDS, type PrComment, type PullRequestMethods } from '../../../provider/pullrequests.js';
import type { RepoLocator } from '../../../provider/types.js';
import { madeSince, sendWrite } from '../../shared/lost-answer.js';
import { printItem, status } from '../../shared/print.js';
import { dryRunWrite } from '../../../provider/dry-run.js';
import { colorize, writeOut } from '../../../output/iostreams.js';
import { sanitize } from '../../../output/sanitize.js';
import { timeAgo } from '../../../output/table.js';
import { accountName } from '../present.js';

/** The `--json` form of a domain comment: its JSON fields only. */
export function domainCommentJson(c: PrComment): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of COMMENT_JSON_FIELDS) out[f] = c[f];
  return out;
}

/** `path:line` of an inline comment (the new-side line, else the old side). */
export function location(c: PrComment): string {
  if (!c.path) return '';
  const line = c.line ?? c.oldLine;
  if (!line) return c.path;
  return c.startLine !== null && c.startLine !== line ? `${c.path}:${c.startLine}-${line}` : `${c.path}:${line}`;
}

/** Comments ordered as threads: each top-level comment followed by its replies (depth-first), with depth. */
export function threads(comments: PrComment[]): Array<{ comment: PrComment; depth: number }> {
  const byParent = new Map<number | undefined, PrComment[]>();
  const ids = new Set(comments.map((c) => c.id));
  for (const c of comments) {
    const parent = c.parentId !== null && ids.has(c.parentId) ? c.parentId : undefined;
    const list = byParent.get(parent) ?? [];
    list.push(c);
    byParent.set(parent, list);
  }
  const out: Array<{ comment: PrComment; depth: number }> = [];
  // each comment once: a server's parent links may loop (a comment its own parent, two answering each other)
  const shown = new Set<PrComment>();
  const walk = (parent: number | undefined, depth: number) => {
    for (const c of byParent.get(parent) ?? []) {
      if (shown.has(c)) continue;
      shown.add(c);
      out.push({ comment: c, depth });
      walk(c.id, depth + 1);
    }
  };
  walk(undefined, 0);
  // comments only reachable through a loop: shown at the top level, in their order
  for (const c of comments) {
    if (shown.has(c)) continue;
    shown.add(c);
    out.push({ comment: c, depth: 0 });
    walk(c.id, 1);
  }
  return out;
}

/** The threaded, human form: a header line per comment (id, author, time, file:line, state), then its text. */
export function printThreads(ctx: Context, comments: PrComment[]): void {
  const io = ctx.io;
  for (const { comment: c, depth } of threads(comments)) {
    const pad = '    '.repeat(depth);
    const where = location(c);
    const header = [
      colorize(io, 'green', `#${c.id}`),
      colorize(io, 'bold', sanitize(accountName(c.author), { singleLine: true })),
      colorize(io, 'gray', io.stdoutIsTTY ? timeAgo(c.createdAt ?? undefined, ctx.now()) : (c.createdAt ?? '')),
      where ? colorize(io, 'cyan', sanitize(where, { singleLine: true })) : '',
      c.task ? colorize(io, 'yellow', c.resolved ? '(task, done)' : '(task)') : c.resolved ? colorize(io, 'yellow', '(resolved)') : '',
      c.pending ? colorize(io, 'magenta', '(pending)') : '',
      depth > 0 ? colorize(io, 'gray', `(reply to #${c.parentId})`) : '',
    ]
      .filter(Boolean)
      .join('  ');
    io.out.write(`${pad}${header}\n`);
    const text = c.deleted ? '(deleted)' : c.body.trimEnd();
    writeOut(
      io,
      `${text
        .split('\n')
        .map((l) => `${pad}  ${l}`)
        .join('\n')}\n\n`,
    );
  }
}

export const COMMENT_ARG = { name: 'comment', description: 'comment id (see `bb pr comments list`)', required: true } as const;

export function commentId(input: CommandInput): number {
  const raw = String(input.args.comment ?? '');
  const n = Number(raw.replace(/^#/, ''));
  if (!Number.isSafeInteger(n) || n < 1)
    throw new BbError('INVALID_ARGUMENT', `"${raw}" is not a comment id`, { hints: ['bb pr comments list shows the ids'] });
  return n;
}

/**
 * After a comment's answer was lost: the newest comment of the pull request with the text that was sent, on
 * the same file (or as a reply to the same comment), made since the write was sent. (The author is not asked
 * for: that would need the account scope the write itself does not.)
 */
export async function findComment(
  p: Pick<PullRequestMethods, 'listPullRequestComments'>,
  repo: RepoLocator,
  id: number,
  sent: { body: string; path?: string; parent?: number },
  sentAt: Date,
): Promise<{ item: PrComment; id: string } | undefined> {
  const comments = await p.listPullRequestComments(repo, id);
  const matches = comments.filter(
    (c) =>
      !c.deleted &&
      c.body.trim() === sent.body.trim() &&
      (sent.parent === undefined ? true : c.parentId === sent.parent) &&
      (sent.path === undefined ? true : c.path === sent.path) &&
      madeSince(c.createdAt, sentAt),
  );
  const newest = matches.sort((a, b) => b.id - a.id)[0];
  return newest ? { item: newest, id: `comment #${newest.id}` } : undefined;
}

/**
 * Add a comment (or a task, or an inline comment) and print it — `pr comments add` and `pr comment`: the dry run,
 * then the write sent once, read back when its answer is lost (src/cmd/shared/lost-answer.ts).
 */
export async function postComment(
  ctx: Context,
  input: CommandInput,
  target: { repo: RepoLocator; id: number; p: Pick<PullRequestMethods, 'addPullRequestComment' | 'listPullRequestComments'> },
  sent: { body: string; path?: string; line?: number; oldLine?: number; startLine?: number; task?: boolean; pending?: boolean },
): Promise<number> {
  const { repo, id, p } = target;
  const w = await p.addPullRequestComment(repo, id, sent);
  if (await dryRunWrite(ctx, input, w)) return 0;
  const what = `${sent.pending ? 'pending ' : ''}${sent.task ? 'task' : 'comment'}`;
  const created = await sendWrite(ctx, () => w.send(), {
    what: `the ${what} on pull request #${id}`,
    check: `bb pr comments list ${id}`,
    readBack: (sentAt) => findComment(p, repo, id, { body: sent.body, path: sent.path, parent: undefined }, sentAt),
  });
  const last = sent.line ?? sent.oldLine;
  const lines = last === undefined ? '' : sent.startLine !== undefined && sent.startLine !== last ? `:${sent.startLine}-${last}` : `:${last}`;
  const where = sent.path ? ` on ${sanitize(sent.path, { singleLine: true })}${lines}` : '';
  await printItem(ctx, input, created, {
    toJson: domainCommentJson,
    human: () => {
      status(ctx, `✓ Added ${what} #${created.id} to pull request #${id}${where}`);
      if (sent.pending) status(ctx, `  only you see it until you publish your review: bb pr review ${id} --submit`);
      if (created.url) ctx.io.out.write(`${created.url}\n`);
    },
  });
  return 0;
}
