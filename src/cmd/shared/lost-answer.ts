import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { status } from './print.js';

/**
 * A write whose answer is lost (the connection reset or went silent after the request was sent) may or may
 * not have been applied: "run the command again" could duplicate it. `sendWrite` sends a non-idempotent write
 * once (the transport never sends a write again after an answer that may mean it ran) and, when its answer is
 * lost, reads back before speaking — the way `pr merge` reads the pull request's state:
 *
 * - the write is found (`readBack` matched what was sent: a comment's text and author, an issue's title, a
 *   status's key and state, made since the write was sent): "it was applied: <id>", and the command goes on
 *   with the item read back, as if the answer had come;
 * - nothing matches: "it was not applied: safe to run again" (an error: the command did not do its work);
 * - the read-back fails too: the outcome is unknown, and the hint says what to check before running again.
 */
export interface LostAnswerOptions<T> {
  /** What was sent, for messages: `the comment on pull request #3`. */
  what: string;
  /** Reads back; returns the item the write made (with an id to name), or undefined when there is none. */
  readBack: (sentAt: Date) => Promise<{ item: T; id: string } | undefined>;
  /** A command that shows whether the write was applied: `bb pr comments list 3`. */
  check: string;
}

/** Clocks differ: an item made this long before bb sent its write still counts as possibly its own. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** True when `createdAt` (ISO) is not before the write was sent (within CLOCK_SKEW_MS), or is unknown. */
export function madeSince(createdAt: string | null | undefined, sentAt: Date): boolean {
  if (!createdAt) return true;
  const t = Date.parse(createdAt);
  return Number.isNaN(t) || t >= sentAt.getTime() - CLOCK_SKEW_MS;
}

/** A failure after the request may have reached the server: reset, cut or silent answer. Not: refused, unknown host. */
export function isLostAnswer(e: unknown): e is BbError {
  if (!(e instanceof BbError) || (e.errorName !== 'NETWORK_ERROR' && e.errorName !== 'TIMEOUT')) return false;
  const code = (e.cause as { cause?: { code?: string } } | undefined)?.cause?.code;
  return !(code && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code));
}

export async function sendWrite<T>(ctx: Context, send: () => Promise<T>, opts: LostAnswerOptions<T>): Promise<T> {
  const sentAt = new Date(ctx.now().getTime());
  try {
    return await send();
  } catch (e) {
    if (!isLostAnswer(e)) throw e;
    status(ctx, `! The answer to ${opts.what} was lost (${e.errorName}); reading back whether it was applied…`);
    let found: { item: T; id: string } | undefined;
    try {
      found = await opts.readBack(sentAt);
    } catch {
      throw new BbError(e.errorName, `${e.message}: ${opts.what} was sent, and whether it was applied is unknown (reading it back failed too)`, {
        details: { applied: null },
        hints: [`check with \`${opts.check}\` before running the command again: it may have been applied`],
      });
    }
    if (found) {
      status(ctx, `✓ The answer was lost, but ${opts.what} was applied: ${found.id}`);
      return found.item;
    }
    throw new BbError(e.errorName, `${e.message}: ${opts.what} was not applied (bb read it back and found nothing): safe to run again`, {
      details: { applied: false },
      hints: ['run the command again'],
    });
  }
}
