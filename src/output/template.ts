import { BbError } from '../errors.js';

/**
 * `--template`: a small subset of Go's text/template, the syntax gh users know.
 *
 *   {{.field}} {{.a.b}} {{.}}                  values (objects print as JSON)
 *   {{range .}}…{{end}} {{range .items}}…{{end}}  loops; inside, `.` is the element
 *   {{range .}}…{{else}}…{{end}}                 the else part runs when there is nothing to range over
 *   {{if .draft}}…{{else if .closed}}…{{else}}…{{end}}  conditionals (empty, false, null, 0 are false)
 *   {{.title | upper}} {{join ", " .labels}}    functions: json, upper, lower, len, join, truncate, printf,
 *                                              eq, ne, lt, le, gt, ge, and, or, not
 *   {{/* a comment *\/}}
 *   {{"\n"}} or a plain newline in the template for line breaks
 */
type Node =
  | { kind: 'text'; text: string }
  | { kind: 'expr'; expr: string }
  | { kind: 'range'; expr: string; body: Node[]; otherwise: Node[] }
  | { kind: 'if'; expr: string; whenTrue: Node[]; otherwise: Node[] };

export function renderTemplate(template: string, data: unknown): string {
  const tokens = tokenize(template);
  let pos = 0;
  const parse = (stopAt: string[]): { nodes: Node[]; stop?: string; stopText?: string } => {
    const nodes: Node[] = [];
    while (pos < tokens.length) {
      const t = tokens[pos++] as { action: boolean; text: string };
      if (!t.action) {
        nodes.push({ kind: 'text', text: t.text });
        continue;
      }
      if (/^\/\*[\s\S]*\*\/$/.test(t.text)) continue; // {{/* comment */}}
      const word = t.text.split(/\s+/)[0] ?? '';
      if (stopAt.includes(word)) return { nodes, stop: word, stopText: t.text };
      if (word === 'range') {
        const body = parse(['else', 'end']);
        let otherwise: Node[] = [];
        if (body.stop === 'else') {
          const rest = parse(['end']);
          if (rest.stop !== 'end') fail('{{range}} without {{end}}');
          otherwise = rest.nodes;
        } else if (body.stop !== 'end') fail('{{range}} without {{end}}');
        nodes.push({ kind: 'range', expr: t.text.slice(5).trim(), body: body.nodes, otherwise });
      } else if (word === 'if') {
        nodes.push(parseIf(t.text.slice(2).trim()));
      } else if (word === 'end' || word === 'else') {
        fail(`unexpected {{${word}}}`);
      } else {
        nodes.push({ kind: 'expr', expr: t.text });
      }
    }
    return { nodes };
  };
  // {{if a}}…{{else if b}}…{{else}}…{{end}}: an else-if chain shares the one {{end}}.
  const parseIf = (expr: string): Node => {
    if (!expr) fail('{{if}} needs a condition');
    const then = parse(['else', 'end']);
    let otherwise: Node[] = [];
    if (then.stop === 'else') {
      const chained = /^else\s+if\s+([\s\S]+)$/.exec(then.stopText ?? '');
      if (chained?.[1]) {
        otherwise = [parseIf(chained[1].trim())];
      } else {
        const rest = parse(['end']);
        if (rest.stop !== 'end') fail('{{if}} without {{end}}');
        otherwise = rest.nodes;
      }
    } else if (then.stop !== 'end') fail('{{if}} without {{end}}');
    return { kind: 'if', expr, whenTrue: then.nodes, otherwise };
  };
  const { nodes } = parse([]);
  return exec(nodes, data);
}

function fail(message: string): never {
  throw new BbError('TEMPLATE_ERROR', `template: ${message}`, {
    hints: ['see `bb help environment`; the syntax is a subset of Go templates: {{.field}}, {{range}}, {{if}}'],
  });
}

function tokenize(template: string): Array<{ action: boolean; text: string }> {
  const out: Array<{ action: boolean; text: string }> = [];
  const re = /\{\{(-?)\s*([\s\S]*?)\s*(-?)\}\}/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    let text = template.slice(last, m.index);
    if (m[1] === '-') text = text.replace(/\s+$/, '');
    out.push({ action: false, text });
    out.push({ action: true, text: m[2] ?? '' });
    last = m.index + m[0].length;
    if (m[3] === '-') {
      const rest = template.slice(last);
      last += rest.length - rest.replace(/^\s+/, '').length;
    }
  }
  out.push({ action: false, text: template.slice(last) });
  return out.filter((t) => t.action || t.text !== '');
}

function exec(nodes: Node[], dot: unknown): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'expr') out += show(evaluate(n.expr, dot));
    else if (n.kind === 'if') out += exec(truthy(evaluate(n.expr, dot)) ? n.whenTrue : n.otherwise, dot);
    else {
      const v = evaluate(n.expr, dot);
      const items = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : [];
      if (items.length === 0) out += exec(n.otherwise, dot);
      for (const item of items) out += exec(n.body, item);
    }
  }
  return out;
}

function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return v !== undefined && v !== null && v !== false && v !== 0 && v !== '';
}

function show(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const FUNCS: Record<string, (...args: unknown[]) => unknown> = {
  json: (v) => JSON.stringify(v),
  upper: (v) => show(v).toUpperCase(),
  lower: (v) => show(v).toLowerCase(),
  len: (v) => (Array.isArray(v) || typeof v === 'string' ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0),
  join: (sep, v) => (Array.isArray(v) ? v.map(show).join(show(sep)) : show(v)),
  truncate: (n, v) => {
    const s = show(v);
    const max = Number(n);
    return s.length > max ? `${s.slice(0, Math.max(0, max - 1))}…` : s;
  },
  printf: (format, ...args) => {
    let i = 0;
    return show(format).replace(/%[sdv%]/g, (m) => (m === '%%' ? '%' : show(args[i++])));
  },
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

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return fail('lt, le, gt and ge compare two numbers or two strings');
}

function evaluate(expr: string, dot: unknown): unknown {
  const stages = splitOutside(expr, '|');
  let value: unknown;
  stages.forEach((stage, index) => {
    const words = words_(stage.trim());
    if (words.length === 0) fail(`empty expression in {{${expr}}}`);
    const [head, ...rest] = words as [string, ...string[]];
    if (FUNCS[head]) {
      const args = rest.map((w) => operand(w, dot));
      if (index > 0) args.push(value);
      value = (FUNCS[head] as (...a: unknown[]) => unknown)(...args);
    } else if (words.length === 1 && index === 0) {
      value = operand(head, dot);
    } else {
      fail(`unknown function "${head}"`);
    }
  });
  return value;
}

function operand(word: string, dot: unknown): unknown {
  if (word === '.') return dot;
  if (word.startsWith('.')) {
    let v: unknown = dot;
    for (const key of word.slice(1).split('.')) {
      v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
    }
    return v;
  }
  if (/^"(?:[^"\\]|\\.)*"$/.test(word)) return JSON.parse(word);
  if (/^-?\d+(\.\d+)?$/.test(word)) return Number(word);
  if (word === 'true' || word === 'false') return word === 'true';
  return fail(`cannot read "${word}"`);
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
