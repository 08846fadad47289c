import { type IOStreams, colorize, type Style, writeDrained, writeOut, writeOutDrained } from './iostreams.js';
import { sanitize } from './sanitize.js';

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** Truncated first when the table is wider than the terminal. */
  flexible?: boolean;
  style?: (row: T) => Style | undefined;
}

/**
 * On a terminal: aligned columns with a header, fitted to the width (flexible columns are cut with "…").
 * Piped: one tab-separated line per row, no header, no colour, no truncation — stable for scripts.
 */
export function printTable<T>(io: IOStreams, rows: T[], columns: Column<T>[]): void {
  const cells = rows.map((row) => rowCells(row, columns));
  if (!io.stdoutIsTTY) {
    writeOut(io, cells.map((r) => `${r.join('\t')}\n`).join(''));
    return;
  }
  io.out.write(
    renderTerminalTable(
      io,
      columns,
      cells,
      rows.map((row) => rowStyles(row, columns)),
    ),
  );
}

/**
 * A table written as its pages arrive (`--all`). Piped, each page's rows are written at once (TSV needs no
 * other row), waiting for `drain`. On a terminal the column widths depend on every row, so the rows are
 * kept — as their cells and styles only, the items themselves are let go — and rendered by `end()`:
 * a person does not read thousands of rows in a terminal, and a table whose columns moved between
 * pages would be worse. The bytes are those printTable writes for the same rows.
 */
export class TableWriter<T> {
  private readonly cells: string[][] = [];
  private readonly styles: Array<Array<Style | undefined>> = [];
  private count = 0;

  constructor(
    private readonly io: IOStreams,
    private readonly columns: Column<T>[],
  ) {}

  /** Rows seen so far. */
  get rows(): number {
    return this.count;
  }

  async add(rows: readonly T[]): Promise<void> {
    this.count += rows.length;
    if (this.io.stdoutIsTTY) {
      for (const row of rows) {
        this.cells.push(rowCells(row, this.columns));
        this.styles.push(rowStyles(row, this.columns));
      }
      return;
    }
    if (rows.length === 0) return;
    await writeOutDrained(this.io, rows.map((row) => `${rowCells(row, this.columns).join('\t')}\n`).join(''));
  }

  /** On a terminal, the table (nothing when there were no rows); piped, nothing more. */
  async end(): Promise<void> {
    if (!this.io.stdoutIsTTY || this.count === 0) return;
    await writeDrained(this.io, renderTerminalTable(this.io, this.columns, this.cells, this.styles));
  }
}

// a field the server left out is an empty cell, never a crash
function rowCells<T>(row: T, columns: Column<T>[]): string[] {
  return columns.map((c) => sanitize(String(c.value(row) ?? ''), { singleLine: true }));
}

function rowStyles<T>(row: T, columns: Column<T>[]): Array<Style | undefined> {
  return columns.map((c) => c.style?.(row));
}

function renderTerminalTable<T>(io: IOStreams, columns: Column<T>[], cells: string[][], styles: Array<Array<Style | undefined>>): string {
  const widths = columns.map((c, i) => {
    let w = displayWidth(c.header);
    for (const r of cells) w = Math.max(w, displayWidth(r[i] ?? ''));
    return w;
  });
  const gap = 2;
  const total = () => widths.reduce((a, b) => a + b, 0) + gap * (widths.length - 1);
  const available = io.width && io.width > 0 ? io.width : 120; // a terminal reporting 0 columns is not 0 wide
  const flexible = columns.map((c, i) => (c.flexible ? i : -1)).filter((i) => i >= 0);
  while (total() > available && flexible.length > 0) {
    // shrink the widest flexible column one step at a time, never below 8 nor below its header
    const shrinkable = flexible.filter((i) => (widths[i] ?? 0) > Math.max(8, displayWidth(columns[i]?.header ?? '')));
    if (shrinkable.length === 0) break;
    const widest = shrinkable.reduce((a, b) => ((widths[a] ?? 0) >= (widths[b] ?? 0) ? a : b));
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  const lines: string[] = [];
  lines.push(columns.map((c, i) => colorize(io, 'bold', pad(c.header.toUpperCase(), widths[i] ?? 0, i === columns.length - 1))).join(' '.repeat(gap)));
  cells.forEach((row, r) => {
    const parts = columns.map((_c, i) => {
      const text = pad(truncate(row[i] ?? '', widths[i] ?? 0), widths[i] ?? 0, i === columns.length - 1);
      const style = styles[r]?.[i];
      return style ? colorize(io, style, text) : text;
    });
    lines.push(parts.join(' '.repeat(gap)));
  });
  return `${lines.join('\n')}\n`;
}

function displayWidth(s: string): number {
  return [...s].length;
}

function truncate(s: string, width: number): string {
  const chars = [...s];
  return chars.length <= width ? s : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

function pad(s: string, width: number, last: boolean): string {
  return last ? s : s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

/** Key/value block for `view` commands: `label:\tvalue` piped, aligned labels on a terminal. */
export function printFields(io: IOStreams, fields: Array<[string, string | undefined]>): void {
  const present = fields.filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '');
  const width = Math.max(0, ...present.map(([k]) => k.length));
  for (const [k, v] of present) {
    const value = sanitize(v);
    if (io.stdoutIsTTY) io.out.write(`${colorize(io, 'bold', `${k}:`.padEnd(width + 1))} ${value}\n`);
    else io.out.write(`${k}:\t${value}\n`);
  }
}

/** Relative time like gh: "3 minutes ago", "about 2 days ago". */
export function timeAgo(iso: string | undefined, now: Date): string {
  if (!iso) return '';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const s = Math.round((now.getTime() - then) / 1000);
  if (s < 60) return 'less than a minute ago';
  const units: Array<[number, string]> = [
    [60, 'minute'],
    [3600, 'hour'],
    [86400, 'day'],
    [2592000, 'month'],
    [31536000, 'year'],
  ];
  let chosen: [number, string] = units[0] as [number, string];
  for (const u of units) if (s >= u[0]) chosen = u;
  const n = Math.floor(s / chosen[0]);
  return `${n === 1 ? (chosen[1] === 'hour' ? 'an' : 'a') : n} ${chosen[1]}${n === 1 ? '' : 's'} ago`.replace(/^a an/, 'an');
}
