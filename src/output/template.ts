import { BbError } from '../core/errors.js';
import { sanitize } from './sanitize.js';
import { timeAgo } from './table.js';

/**
 * `--template`: a subset of Go's text/template, the syntax gh users know (`bb help formatting` documents it).
 *
 *   {{.field}} {{.a.b}} {{.}}                  values (objects print as JSON)
 *   {{range .}}…{{end}} {{range .items}}…{{end}}  loops; inside, `.` is the element
 *   {{range .}}…{{else}}…{{end}}                 the else part runs when there is nothing to range over
 *   {{if .draft}}…{{else if .closed}}…{{else}}…{{end}}  conditionals (empty, false, null, 0 are false)
 *   {{.title | upper}} {{join ", " .labels}}    functions: see FUNCTION_NAMES
 *   {{/* a comment *\/}}
 *   {{"\n"}} or a plain newline in the template for line breaks
 *
 * A malformed template (an unclosed action, a stray {{end}}, an unknown function) is refused before anything
 * is printed: 5008 TEMPLATE_SYNTAX (exit 2), naming the line and column. A failure while rendering is 8002.
 */
export interface TemplateOptions {
  /** Colour escapes for `color` (a terminal without NO_COLOR). */
  color?: boolean;
  /** stdout is a terminal: `tablerow` aligns columns, `hyperlink` emits a terminal link, values are sanitised. */
  tty?: boolean;
  /** The clock `timeago` measures from. */
  now?: Date;
}

export const FUNCTION_NAMES = [
  'and',
  'color',
  'eq',
  'ge',
  'gt',
  'hyperlink',
  'index',
  'join',
  'json',
  'le',
  'len',
  'lower',
  'lt',
  'ne',
  'not',
  'or',
  'pluck',
  'printf',
  'tablerender',
  'tablerow',
  'timeago',
  'truncate',
  'upper',
] as const;

export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'expr'; expr: string; at: number }
  | { kind: 'range'; expr: string; at: number; body: Node[]; otherwise: Node[] }
  | { kind: 'if'; expr: string; at: number; whenTrue: Node[]; otherwise: Node[] };

interface Token {
  action: boolean;
  text: string;
  /** offset of the `{{` (actions) in the template */
  at: number;
}

export function renderTemplate(template: string, data: unknown, opts: TemplateOptions = {}): string {
  const nodes = parseTemplate(template);
  const state: State = { opts, rows: [], out: '' };
  exec(nodes, data, state);
  flushTable(state);
  return state.out;
}

/** Parse (and so check) a template: main.ts does it before the command runs, so nothing is fetched for a typo. */
export function parseTemplate(template: string): Node[] {
  const where = (at: number) => {
    const before = template.slice(0, at).split('\n');
    return `line ${before.length}, column ${(before[before.length - 1] ?? '').length + 1}`;
  };
  const syntax = (at: number, message: string): never => {
    throw new BbError('TEMPLATE_SYNTAX', `template: ${where(at)}: ${message}`, { hints: HINTS });
  };
  const tokens = tokenize(template, syntax);
  let pos = 0;
  const parse = (stopAt: string[]): { nodes: Node[]; stop?: string; stopText?: string; at?: number } => {
    const nodes: Node[] = [];
    while (pos < tokens.length) {
      const t = tokens[pos++] as Token;
      if (!t.action) {
        nodes.push({ kind: 'text', text: t.text });
        continue;
      }
      if (/^\/\*[\s\S]*\*\/$/.test(t.text)) continue; // {{/* comment */}}
      const word = t.text.split(/\s+/)[0] ?? '';
      if (stopAt.includes(word)) return { nodes, stop: word, stopText: t.text, at: t.at };
      if (word === 'range') {
        const expr = t.text.slice(5).trim();
        if (!expr) syntax(t.at, '{{range}} needs a value to range over');
        check(expr, t.at, syntax);
        const body = parse(['else', 'end']);
        let otherwise: Node[] = [];
        if (body.stop === 'else') {
          const rest = parse(['end']);
          if (rest.stop !== 'end') syntax(t.at, '{{range}} without {{end}}');
          otherwise = rest.nodes;
        } else if (body.stop !== 'end') syntax(t.at, '{{range}} without {{end}}');
        nodes.push({ kind: 'range', expr, at: t.at, body: body.nodes, otherwise });
      } else if (word === 'if') {
        nodes.push(parseIf(t.text.slice(2).trim(), t.at));
      } else if (word === 'end' || word === 'else') {
        syntax(t.at, `unexpected {{${word}}}`);
      } else {
        check(t.text, t.at, syntax);
        nodes.push({ kind: 'expr', expr: t.text, at: t.at });
      }
    }
    return { nodes };
  };
  // {{if a}}…{{else if b}}…{{else}}…{{end}}: an else-if chain shares the one {{end}}.
  const parseIf = (expr: string, at: number): Node => {
    if (!expr) syntax(at, '{{if}} needs a condition');
    check(expr, at, syntax);
    const then = parse(['else', 'end']);
    let otherwise: Node[] = [];
    if (then.stop === 'else') {
      const chained = /^else\s+if\s+([\s\S]+)$/.exec(then.stopText ?? '');
      if (chained?.[1]) {
        otherwise = [parseIf(chained[1].trim(), then.at ?? at)];
      } else {
        const rest = parse(['end']);
        if (rest.stop !== 'end') syntax(at, '{{if}} without {{end}}');
        otherwise = rest.nodes;
      }
    } else if (then.stop !== 'end') syntax(at, '{{if}} without {{end}}');
    return { kind: 'if', expr, at, whenTrue: then.nodes, otherwise };
  };
  return parse([]).nodes;
}

const HINTS = ['see `bb help formatting`: the syntax is a subset of Go templates ({{.field}}, {{range}}, {{if}}, functions)'];

function fail(message: string): never {
  throw new BbError('TEMPLATE_ERROR', `template: ${message}`, { hints: HINTS });
}

function tokenize(template: string, syntax: (at: number, message: string) => never): Token[] {
  const out: Token[] = [];
  const re = /\{\{(-?)\s*([\s\S]*?)\s*(-?)\}\}/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    let text = template.slice(last, m.index);
    if (m[1] === '-') text = text.replace(/\s+$/, '');
    const open = text.indexOf('{{');
    if (open >= 0) syntax(last + open, 'unclosed action (a {{ inside another)');
    out.push({ action: false, text, at: last });
    out.push({ action: true, text: m[2] ?? '', at: m.index });
    last = m.index + m[0].length;
    if (m[3] === '-') {
      const rest = template.slice(last);
      last += rest.length - rest.replace(/^\s+/, '').length;
    }
  }
  const tail = template.slice(last);
  const open = tail.indexOf('{{');
  if (open >= 0) syntax(last + open, `unclosed action "${tail.slice(open, open + 20)}": no }}`);
  out.push({ action: false, text: tail, at: last });
  return out.filter((t) => t.action || t.text !== '');
}

/** The parse-time check of an action: every function is known, every operand readable. */
function check(expr: string, at: number, syntax: (at: number, message: string) => never): void {
  if (/^\s*$/.test(expr)) syntax(at, 'empty action {{}}');
  let quotes = 0;
  for (let i = 0; i < expr.length; i++) if (expr[i] === '"' && expr[i - 1] !== '\\') quotes++;
  if (quotes % 2) syntax(at, `unterminated string in {{${expr}}}`);
  splitOutside(expr, '|').forEach((stage, index) => {
    const words = words_(stage.trim());
    if (words.length === 0) syntax(at, `empty command in {{${expr}}}`);
    const [head, ...rest] = words as [string, ...string[]];
    const isFunc = (FUNCTION_NAMES as readonly string[]).includes(head);
    if (!isFunc && (words.length > 1 || index > 0)) {
      syntax(at, `unknown function "${head}"`);
    }
    for (const w of isFunc ? rest : words) if (!isOperand(w)) syntax(at, `cannot read "${w}" in {{${expr}}}`);
  });
}

interface State {
  opts: TemplateOptions;
  rows: string[][];
  out: string;
}

function exec(nodes: Node[], dot: unknown, st: State): void {
  for (const n of nodes) {
    if (n.kind === 'text') st.out += st.opts.tty ? sanitize(n.text) : n.text;
    else if (n.kind === 'expr') {
      const v = evaluate(n.expr, dot, st);
      if (!(v instanceof Raw)) st.out += st.opts.tty ? sanitize(show(v)) : show(v);
      else st.out += v.text;
    } else if (n.kind === 'if') exec(truthy(evaluate(n.expr, dot, st)) ? n.whenTrue : n.otherwise, dot, st);
    else {
      const v = evaluate(n.expr, dot, st);
      const items = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : [];
      if (items.length === 0) exec(n.otherwise, dot, st);
      for (const item of items) exec(n.body, item, st);
    }
  }
}

/** Text a function made for the terminal (colour, links): printed as is, not sanitised. */
class Raw {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** `tablerow` rows so far, printed by `tablerender` or at the end: aligned on a terminal, tab-separated when piped. */
function flushTable(st: State): void {
  if (st.rows.length === 0) return;
  const rows = st.rows;
  st.rows = [];
  if (!st.opts.tty) {
    st.out += rows.map((r) => `${r.join('\t')}\n`).join('');
    return;
  }
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...c].length);
    });
  }
  st.out += rows.map((r) => `${r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - [...c].length))).join('  ')}\n`).join('');
}

function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return v !== undefined && v !== null && v !== false && v !== 0 && v !== '';
}

function show(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (v instanceof Raw) return v.text;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const COLORS: Record<string, string> = {
  black: '30',
  red: '31',
  green: '32',
  yellow: '33',
  blue: '34',
  magenta: '35',
  cyan: '36',
  white: '37',
  gray: '90',
  grey: '90',
};
const MODIFIERS: Record<string, string> = { b: '1', d: '2', i: '3', u: '4' };

/** gh's colour styles: a colour name, optionally `+b` (bold), `+d` (dim), `+i`, `+u`: `red+b`; or just `bold`. */
function colorCodes(style: string): string {
  const [name = '', mods = ''] = style.split('+');
  const codes: string[] = [];
  if (name === 'bold') codes.push('1');
  else if (name !== '' && name !== 'default') {
    const c = COLORS[name];
    if (!c) fail(`unknown color "${style}" (one of ${Object.keys(COLORS).join(', ')}, bold; +b, +d, +i, +u)`);
    codes.push(c);
  }
  for (const m of mods) {
    const c = MODIFIERS[m];
    if (!c) fail(`unknown color modifier "+${m}" in "${style}"`);
    codes.push(c);
  }
  return codes.join(';');
}

function functions(st: State): Record<string, (...args: unknown[]) => unknown> {
  const o = st.opts;
  return {
    json: (v) => JSON.stringify(v),
    upper: (v) => show(v).toUpperCase(),
    lower: (v) => show(v).toLowerCase(),
    len: (v) => (Array.isArray(v) || typeof v === 'string' ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0),
    join: (sep, v) => (Array.isArray(v) ? v.map(show).join(show(sep)) : show(v)),
    pluck: (field, v) => (Array.isArray(v) ? v.map((item) => dig(item, show(field))) : []),
    index: (v, ...keys) => keys.reduce<unknown>((acc, k) => (acc && typeof acc === 'object' ? (acc as Record<string, unknown>)[show(k)] : undefined), v),
    truncate: (n, v) => {
      const chars = [...show(v)];
      const max = Number(n);
      return chars.length > max ? `${chars.slice(0, Math.max(0, max - 1)).join('')}…` : chars.join('');
    },
    timeago: (v) => timeAgo(show(v) || undefined, o.now ?? new Date()),
    color: (style, v) => {
      const text = show(v);
      if (!o.color) return text;
      const codes = colorCodes(show(style));
      return new Raw(`\u001b[${codes}m${o.tty ? sanitize(text) : text}\u001b[0m`);
    },
    hyperlink: (url, text) => {
      const label = show(text) || show(url);
      if (!o.tty) return label;
      return new Raw(`\u001b]8;;${sanitize(show(url), { singleLine: true })}\u001b\\${sanitize(label)}\u001b]8;;\u001b\\`);
    },
    tablerow: (...cells) => {
      st.rows.push(cells.map((c) => sanitize(show(c), { singleLine: true })));
      return '';
    },
    tablerender: () => {
      flushTable(st);
      return '';
    },
    printf: (format, ...args) => sprintf(show(format), args),
    eq: (a, ...rest) => rest.some((b) => a === b),
    ne: (a, b) => a !== b,
    lt: (a, b) => compare(a, b) < 0,
    le: (a, b) => compare(a, b) <= 0,
    gt: (a, b) => compare(a, b) > 0,
    ge: (a, b) => compare(a, b) >= 0,
    not: (v) => !truthy(v),
    and: (...args) => args.find((a) => !truthy(a)) ?? args[args.length - 1],
    or: (...args) => args.find((a) => truthy(a)) ?? args[args.length - 1],
  };
}

/**
 * Go's fmt verbs: %v %s %q %d %f %x %X %t %%, with flags (- + 0 space), width and precision: `%-10s`, `%04d`, `%.2f`.
 * A wrong or missing operand prints as Go does: `%!d(string=abc)`, `%!s(MISSING)`.
 */
export function sprintf(format: string, args: unknown[]): string {
  let i = 0;
  return format.replace(/%([-+ 0#]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g, (_whole, flags: string, w?: string, p?: string, verb?: string) => {
    if (verb === '%') return '%';
    if (i >= args.length) return `%!${verb}(MISSING)`;
    const arg = args[i++];
    const precision = p === undefined ? undefined : Number(p);
    let text: string;
    let numeric = false;
    const num = typeof arg === 'number' ? arg : typeof arg === 'string' && arg.trim() !== '' && !Number.isNaN(Number(arg)) ? Number(arg) : undefined;
    const bad = () => `%!${verb}(${typeof arg}=${show(arg)})`;
    switch (verb) {
      case 'v':
      case 's':
        text = show(arg);
        if (precision !== undefined) text = [...text].slice(0, precision).join('');
        break;
      case 'q':
        text = JSON.stringify(show(arg));
        break;
      case 't':
        text = typeof arg === 'boolean' ? String(arg) : bad();
        break;
      case 'd':
        if (typeof arg !== 'number' || !Number.isInteger(arg)) return bad();
        text = String(Math.abs(arg));
        numeric = true;
        break;
      case 'f':
        if (num === undefined) return bad();
        text = Math.abs(num).toFixed(precision ?? 6);
        numeric = true;
        break;
      case 'x':
      case 'X':
        text = typeof arg === 'number' && Number.isInteger(arg) ? Math.abs(arg).toString(16) : Buffer.from(show(arg)).toString('hex');
        if (verb === 'X') text = text.toUpperCase();
        numeric = typeof arg === 'number';
        break;
      default:
        return `%!${verb}(${show(arg)})`;
    }
    let sign = '';
    if (numeric) sign = (num ?? 0) < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
    const width = w === undefined ? 0 : Number(w);
    const len = [...sign].length + [...text].length;
    if (len >= width) return sign + text;
    if (flags.includes('-')) return sign + text + ' '.repeat(width - len);
    if (flags.includes('0') && numeric) return sign + '0'.repeat(width - len) + text;
    return ' '.repeat(width - len) + sign + text;
  });
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return fail('lt, le, gt and ge compare two numbers or two strings');
}

function evaluate(expr: string, dot: unknown, st: State): unknown {
  const funcs = functions(st);
  const stages = splitOutside(expr, '|');
  let value: unknown;
  stages.forEach((stage, index) => {
    const words = words_(stage.trim());
    const [head, ...rest] = words as [string, ...string[]];
    const fn = funcs[head];
    if (fn) {
      const args = rest.map((w) => operand(w, dot));
      if (index > 0) args.push(value);
      value = fn(...args);
    } else {
      value = operand(head, dot);
    }
  });
  return value;
}

function dig(v: unknown, path: string): unknown {
  for (const key of path.split('.').filter(Boolean)) {
    v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  }
  return v;
}

function isOperand(word: string): boolean {
  return (
    word === '.' ||
    /^(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(word) ||
    /^"(?:[^"\\]|\\.)*"$/.test(word) ||
    /^-?\d+(\.\d+)?$/.test(word) ||
    word === 'true' ||
    word === 'false'
  );
}

function operand(word: string, dot: unknown): unknown {
  if (word === '.') return dot;
  if (word.startsWith('.')) return dig(dot, word.slice(1));
  if (/^"(?:[^"\\]|\\.)*"$/.test(word)) return JSON.parse(word);
  if (/^-?\d+(\.\d+)?$/.test(word)) return Number(word);
  return word === 'true';
}

function words_(s: string): string[] {
  return s.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
}

function splitOutside(s: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '"' && s[i - 1] !== '\\') inString = !inString;
    if (c === sep && !inString) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}
