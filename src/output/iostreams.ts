import { isatty } from 'node:tty';
import type { Readable, Writable } from 'node:stream';
import { redactText } from './redact.js';
import { sanitize } from './sanitize.js';

/**
 * The process's standard streams plus what bb needs to know about them. Data goes to `out`, status
 * and errors to `err`; colour and the pager only ever happen on a terminal.
 */
export interface IOStreams {
  out: Writable;
  err: Writable;
  in: Readable;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stdinIsTTY: boolean;
  /** Colour on stdout: a TTY and NO_COLOR unset. */
  color: boolean;
  /** Columns of the terminal, or undefined when stdout is not one. */
  width?: number;
  /** Whether bb may prompt: stdin and stdout are terminals and BB_NO_INPUT is unset. */
  canPrompt: boolean;
  /** The pager command line (BB_PAGER, then PAGER), used only when stdout is a TTY. */
  pager?: string;
}

export function systemIO(env: NodeJS.ProcessEnv): IOStreams {
  const stdoutIsTTY = Boolean(process.stdout.isTTY);
  // isatty(0) rather than process.stdin.isTTY: touching process.stdin builds a stream bb rarely needs.
  const stdinIsTTY = isatty(0);
  return {
    out: process.stdout,
    err: process.stderr,
    get in() {
      return process.stdin;
    },
    stdoutIsTTY,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdinIsTTY,
    color: stdoutIsTTY && env.NO_COLOR === undefined && env.TERM !== 'dumb',
    width: stdoutIsTTY ? terminalWidth(env, process.stdout.columns) : undefined,
    canPrompt: stdinIsTTY && stdoutIsTTY && !isTruthy(env.BB_NO_INPUT),
    pager: env.BB_PAGER ?? env.PAGER,
  };
}

/**
 * The width tables fit: COLUMNS when it is a positive number (as shells and other tools honour it), else what
 * the terminal reports; undefined when neither knows (a terminal may report 0 columns), and tables use 120.
 */
export function terminalWidth(env: NodeJS.ProcessEnv, reported: number | undefined): number | undefined {
  const fromEnv = Number(env.COLUMNS);
  if (env.COLUMNS && Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return reported && reported > 0 ? reported : undefined;
}

function isTruthy(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** Text written to a terminal is sanitised; piped output is written as is (scripts want the bytes). */
export function writeOut(io: IOStreams, text: string): void {
  io.out.write(io.stdoutIsTTY ? sanitize(text) : text);
}

/** `text` to stdout as is, then, when the stream's buffer is full, wait for `drain` (a slow reader slows bb, not its memory). */
export async function writeDrained(io: IOStreams, text: string): Promise<void> {
  const out = io.out;
  if (out.write(text) || out.writableEnded || out.destroyed) return;
  await new Promise<void>((resolve) => {
    // a reader that went away (EPIPE, a closed pager) ends the wait as drain would
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      out.off('error', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
    out.on('error', done);
  });
}

/** writeOut (sanitised on a terminal), waiting for `drain` like writeDrained. */
export function writeOutDrained(io: IOStreams, text: string): Promise<void> {
  return writeDrained(io, io.stdoutIsTTY ? sanitize(text) : text);
}

export function writeErr(io: IOStreams, text: string): void {
  io.err.write(io.stderrIsTTY ? sanitize(text) : text);
}

/** A BB_DEBUG line on stderr: secrets in URLs redacted, control characters made visible (whatever stderr is). */
export function debugLine(io: IOStreams, line: string): void {
  io.err.write(`[bb debug] ${sanitize(redactText(line), { singleLine: true })}\n`);
}

const ANSI = { bold: '1', dim: '2', red: '31', green: '32', yellow: '33', blue: '34', magenta: '35', cyan: '36', gray: '90' } as const;
export type Style = keyof typeof ANSI;

export function colorize(io: IOStreams, style: Style, text: string): string {
  return io.color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text;
}

/**
 * Run `fn` with stdout sent through the pager when stdout is a terminal and a pager is set. The pager
 * is spawned with the command line split on spaces (no shell), like git's `less -R`.
 */
export async function withPager(io: IOStreams, fn: (io: IOStreams) => Promise<void>): Promise<void> {
  const pager = io.pager?.trim();
  if (!io.stdoutIsTTY || !pager || pager === 'cat') return fn(io);
  const [cmd, ...args] = pager.split(/\s+/);
  const { spawn } = await import('node:child_process');
  const child = spawn(cmd as string, args, { stdio: ['pipe', 'inherit', 'inherit'], env: { LESS: 'FRX', ...process.env } });
  const failed = new Promise<boolean>((resolve) => child.once('error', () => resolve(true)));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.stdin.on('error', () => {}); // the user quit the pager early: stop writing, no EPIPE crash
  await fn({ ...io, out: child.stdin });
  child.stdin.end();
  if (await Promise.race([failed, closed.then(() => false)])) return fn(io);
  await closed;
}
