import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import type { CommandInput } from '../define.js';

// The plan printer is the provider's (src/provider/dry-run.ts), which also plans the writes of both hosts; Cloud-only
// commands print their plans with it too.
export { dryRun, type PlannedRequest } from '../../provider/dry-run.js';

/**
 * Destructive commands: `--yes` skips the question; on a terminal the user must type `expected`
 * (e.g. the repository's full name); elsewhere the command refuses without --yes.
 */
export async function confirmDestructive(ctx: Context, input: CommandInput, what: string, expected: string): Promise<void> {
  if (input.flags.yes) return;
  if (!ctx.io.canPrompt) {
    throw new BbError('CONFIRMATION_REQUIRED', `refusing to ${what} without confirmation`, { hints: ['pass --yes to confirm'] });
  }
  const answer = await ctx.prompter.input(`Type ${expected} to confirm you want to ${what}:`);
  if (answer.trim() !== expected) throw new BbError('CANCELLED', `confirmation did not match ${expected}; nothing was done`);
}

/** `--yes` skips it; on a terminal ask; elsewhere refuse. */
export async function confirmYes(ctx: Context, input: CommandInput, question: string, what: string): Promise<void> {
  if (input.flags.yes) return;
  if (!ctx.io.canPrompt) throw new BbError('CONFIRMATION_REQUIRED', `refusing to ${what} without confirmation`, { hints: ['pass --yes to confirm'] });
  if (!(await ctx.prompter.confirm(question, { default: false }))) throw new BbError('CANCELLED', 'cancelled; nothing was done');
}

/** `--yes`: the flag of the commands that ask before a destructive write. */
export const YES_FLAG = { name: 'yes', short: 'y', type: 'boolean', description: 'do not ask for confirmation' } as const;
