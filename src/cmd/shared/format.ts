/** Small formatting helpers for command output, the same in every group. */
import type { Context } from '../../context/context.js';

/** Relative on a terminal, ISO when piped (stable for scripts). */
export function when(ctx: Context, iso: string | undefined, timeAgo: (iso: string | undefined, now: Date) => string): string {
  return ctx.io.stdoutIsTTY ? timeAgo(iso, ctx.now()) : (iso ?? '');
}

/** A commit hash as people read it (7 characters). */
export function shortHash(h: string | undefined): string {
  return (h ?? '').slice(0, 7);
}
