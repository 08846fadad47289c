/** Message bodies for the commands that write text (pr create/edit/comment, issue …): flags, files, stdin, $EDITOR. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import type { CommandInput } from '../define.js';

/**
 * The text of `--body`, or of `--body-file` (`-` is standard input), or undefined when neither is given.
 */
export async function bodyFromFlags(ctx: Context, input: CommandInput): Promise<string | undefined> {
  const { body, bodyFile } = input.flags as { body?: string; bodyFile?: string };
  if (body !== undefined && bodyFile !== undefined) throw new BbError('INVALID_ARGUMENT', '--body and --body-file cannot be used together');
  if (body !== undefined) return body;
  if (bodyFile === undefined) return undefined;
  const { readInputText } = await import('../../util/input.js');
  return readInputText(ctx.io.in, bodyFile);
}

/** `--editor` opens an editor on the terminal: refuse it at once elsewhere. */
export function checkEditorUsable(ctx: Context): void {
  if (!ctx.io.canPrompt) throw new BbError('INVALID_ARGUMENT', '--editor needs a terminal', { hints: ['use --body or --body-file instead'] });
}

/** Open $VISUAL / $EDITOR (split on spaces, no shell) on `initial`; returns the saved text. Terminal only. */
export async function editText(ctx: Context, initial: string, fileName = 'BB_EDITMSG.md'): Promise<string> {
  checkEditorUsable(ctx);
  const editor = (ctx.env.VISUAL || ctx.env.EDITOR || 'vi').trim();
  const dir = mkdtempSync(join(tmpdir(), 'bb-edit-'));
  const file = join(dir, fileName);
  try {
    writeFileSync(file, initial, { mode: 0o600 });
    const [cmd, ...args] = editor.split(/\s+/);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(cmd as string, [...args, file], { stdio: 'inherit' });
      child.once('error', (e) =>
        reject(new BbError('INVALID_ARGUMENT', `cannot run the editor "${editor}": ${e.message}`, { hints: ['set VISUAL or EDITOR'] })),
      );
      child.once('close', (code) => (code === 0 ? resolve() : reject(new BbError('CANCELLED', `the editor exited with status ${code}; nothing was done`))));
    });
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
