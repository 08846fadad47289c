import { expandPath } from '../../api/path.js';
import type { Context } from '../../context.js';
import { writeErr, writeOut } from '../../output/iostreams.js';
import { redactText } from '../../output/redact.js';
import { BbError } from '../../errors.js';
import { OPERATIONS } from '../../scopes/generated/operations.js';
import { granularForOperation } from '../../scopes/engine.js';
import { minimizeLegacy } from '../../scopes/legacy.js';
import type { CommandInput } from '../define.js';

export interface PlannedRequest {
  /** `METHOD /path/template` exactly as in the spec. */
  operation: string;
  params: Record<string, string | number>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

/**
 * `--dry-run`: print the request a write would send (method, URL, body) and the scopes it needs, and
 * send nothing. Needs no credential. Returns true when the command should stop here.
 */
export function dryRun(ctx: Context, input: CommandInput, ...requests: PlannedRequest[]): boolean {
  if (!input.flags.dryRun) return false;
  const planned = requests.map((r) => {
    const [method, template] = r.operation.split(' ', 2) as [string, string];
    const url = new URL(ctx.apiUrl + expandPath(template, r.params));
    for (const [k, v] of Object.entries(r.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return {
      method,
      url: redactText(url.href),
      operation: r.operation,
      body: r.body ?? null,
      scopes: granularForOperation(r.operation) ?? [],
      legacyScopes: minimizeLegacy(OPERATIONS[r.operation]?.legacy ?? []),
    };
  });
  if (input.flags.json !== undefined) {
    ctx.io.out.write(`${JSON.stringify({ dryRun: true, requests: planned }, null, 2)}\n`);
    return true;
  }
  // on a terminal the plan is sanitised like any output (a title with U+202E or a C1 control stays visible)
  let text = '';
  for (const p of planned) {
    text += `would send: ${p.method} ${p.url}\n`;
    if (p.body !== null) text += `${JSON.stringify(p.body, null, 2)}\n`;
    text += `required scopes: ${p.scopes.join(', ') || '(none)'}\n`;
    text += `legacy scopes: ${p.legacyScopes.join(', ') || '(none)'}\n`;
  }
  writeOut(ctx.io, text);
  writeErr(ctx.io, 'dry run: nothing was sent\n');
  return true;
}

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
