/**
 * Bitbucket's list conventions: `q=` filtering (a small parser of its query language), `sort=`,
 * `fields=` partial responses, and dotted-path lookups on the JSON wire shapes.
 *
 * q grammar:   expr := or;  or := and ("OR" and)*;  and := unary ("AND" unary)*;
 *              unary := "NOT" unary | "(" expr ")" | comparison;
 *              comparison := path op value;  op := = != ~ !~ > >= < <=
 *              value := "string" | number | true | false | null | bare datetime
 */

export class QueryError extends Error {}

export type Json = unknown;

/** `a.b.c` on a JSON value; arrays yield their elements' values (any-match semantics in q). */
export function getPath(value: Json, path: string): Json {
  let cur: Json[] = [value];
  for (const part of path.split('.')) {
    const next: Json[] = [];
    for (const v of cur) {
      if (Array.isArray(v)) {
        for (const item of v) if (item && typeof item === 'object') next.push((item as Record<string, Json>)[part]);
      } else if (v && typeof v === 'object') {
        next.push((v as Record<string, Json>)[part]);
      }
    }
    cur = next;
  }
  if (cur.length === 0) return undefined;
  return cur.length === 1 ? cur[0] : cur;
}

// ---------- q ----------

type Token = { kind: 'word' | 'string' | 'op' | 'lparen' | 'rparen'; text: string };
type Node = { type: 'and' | 'or'; left: Node; right: Node } | { type: 'not'; inner: Node } | { type: 'cmp'; path: string; op: string; value: Json };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch === '(' ? 'lparen' : 'rparen', text: ch });
      i++;
    } else if (ch === '"') {
      let s = '';
      i++;
      while (i < input.length && input[i] !== '"') {
        if (input[i] === '\\' && i + 1 < input.length) i++;
        s += input[i];
        i++;
      }
      if (input[i] !== '"') throw new QueryError('unterminated string in q');
      i++;
      tokens.push({ kind: 'string', text: s });
    } else {
      const op = /^(!=|!~|>=|<=|=|~|>|<)/.exec(input.slice(i));
      if (op) {
        tokens.push({ kind: 'op', text: op[1] as string });
        i += (op[1] as string).length;
      } else {
        const w = /^[^\s()"=!~<>]+/.exec(input.slice(i));
        if (!w) throw new QueryError(`unexpected character "${ch}" in q`);
        tokens.push({ kind: 'word', text: w[0] });
        i += w[0].length;
      }
    }
  }
  return tokens;
}

export function parseQuery(input: string): Node {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (t: Token | undefined, w: string) => t?.kind === 'word' && t.text.toUpperCase() === w;
  const parseOr = (): Node => {
    let left = parseAnd();
    while (isWord(peek(), 'OR')) {
      pos++;
      left = { type: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Node => {
    let left = parseUnary();
    while (isWord(peek(), 'AND')) {
      pos++;
      left = { type: 'and', left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): Node => {
    const t = peek();
    if (isWord(t, 'NOT')) {
      pos++;
      return { type: 'not', inner: parseUnary() };
    }
    if (t?.kind === 'lparen') {
      pos++;
      const inner = parseOr();
      if (peek()?.kind !== 'rparen') throw new QueryError('missing ")" in q');
      pos++;
      return inner;
    }
    if (t?.kind !== 'word') throw new QueryError(`expected a field name in q${t ? `, not "${t.text}"` : ''}`);
    pos++;
    const op = peek();
    if (op?.kind !== 'op') throw new QueryError(`expected an operator after "${t.text}" in q`);
    pos++;
    const v = peek();
    if (!v || (v.kind !== 'string' && v.kind !== 'word')) throw new QueryError(`expected a value after "${t.text} ${op.text}" in q`);
    pos++;
    let value: Json = v.text;
    if (v.kind === 'word') {
      if (v.text === 'true') value = true;
      else if (v.text === 'false') value = false;
      else if (v.text === 'null') value = null;
      else if (/^-?\d+(\.\d+)?$/.test(v.text)) value = Number(v.text);
    }
    return { type: 'cmp', path: t.text, op: op.text, value };
  };
  const node = parseOr();
  if (pos < tokens.length) throw new QueryError(`unexpected "${tokens[pos]?.text}" in q`);
  return node;
}

function compareOne(actual: Json, op: string, expected: Json): boolean {
  if (op === '~' || op === '!~') {
    const hit = typeof actual === 'string' && typeof expected === 'string' && actual.toLowerCase().includes(expected.toLowerCase());
    return op === '~' ? hit : !hit;
  }
  if (op === '=' || op === '!=') {
    const eq = actual === expected || (actual === undefined && expected === null) || (typeof actual === 'number' && String(actual) === expected);
    return op === '=' ? eq : !eq;
  }
  if (actual === undefined || actual === null) return false;
  const a = typeof actual === 'string' && typeof expected === 'string' && isDate(actual) && isDate(expected) ? Date.parse(actual) : actual;
  const b = typeof actual === 'string' && typeof expected === 'string' && isDate(actual) && isDate(expected) ? Date.parse(expected) : expected;
  if (typeof a !== typeof b) return false;
  const x = a as number | string;
  const y = b as number | string;
  return op === '>' ? x > y : op === '>=' ? x >= y : op === '<' ? x < y : x <= y;
}

function isDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s));
}

export function evaluate(node: Node, item: Json): boolean {
  switch (node.type) {
    case 'and':
      return evaluate(node.left, item) && evaluate(node.right, item);
    case 'or':
      return evaluate(node.left, item) || evaluate(node.right, item);
    case 'not':
      return !evaluate(node.inner, item);
    case 'cmp': {
      const actual = getPath(item, node.path);
      if (Array.isArray(actual) && node.op !== '!=' && node.op !== '!~') return actual.some((a) => compareOne(a, node.op, node.value));
      if (Array.isArray(actual)) return actual.every((a) => compareOne(a, node.op, node.value));
      return compareOne(actual, node.op, node.value);
    }
  }
}

export function filterItems<T>(items: T[], q: string | null): T[] {
  if (!q) return items;
  const node = parseQuery(q);
  return items.filter((i) => evaluate(node, i));
}

/**
 * Natural order: runs of digits compare as numbers, everything else by code unit ('1.2' < '1.10', 'branch2' < 'branch10'),
 * as Bitbucket sorts ref names on `sort=name`.
 */
export function naturalCompare(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g;
  const xs = a.match(re) ?? [];
  const ys = b.match(re) ?? [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const x = xs[i] as string;
    const y = ys[i] as string;
    if (x === y) continue;
    const xd = /^\d/.test(x);
    const yd = /^\d/.test(y);
    if (xd && yd) {
      const nx = x.replace(/^0+(?=\d)/, '');
      const ny = y.replace(/^0+(?=\d)/, '');
      if (nx.length !== ny.length) return nx.length - ny.length;
      if (nx !== ny) return nx < ny ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return xs.length - ys.length;
}

/** `sort=field` / `sort=-field`; fields named in `natural` compare in natural order (naturalCompare). */
export function sortItems<T>(items: T[], sort: string | null, natural: readonly string[] = []): T[] {
  if (!sort) return items;
  const desc = sort.startsWith('-');
  const path = sort.replace(/^[-+]/, '');
  const isNatural = natural.includes(path);
  const keyed = items.map((item, index) => ({ item, index, key: getPath(item, path) }));
  keyed.sort((a, b) => {
    const x = a.key as string | number | undefined;
    const y = b.key as string | number | undefined;
    let d = 0;
    if (x === undefined || x === null) d = y === undefined || y === null ? 0 : 1;
    else if (y === undefined || y === null) d = -1;
    else if (isNatural && typeof x === 'string' && typeof y === 'string') d = naturalCompare(x, y);
    else d = x < y ? -1 : x > y ? 1 : 0;
    if (desc) d = -d;
    return d || a.index - b.index;
  });
  return keyed.map((k) => k.item);
}

// ---------- fields ----------

/**
 * Apply `fields=` to a response: plain paths select (everything else is dropped), `-path` removes,
 * `+path` adds to a selection (all fields are already present otherwise). `*` matches any key.
 * Arrays are transparent: `values.name` applies `name` to each element of `values`.
 */
export function applyFields(value: Json, spec: string | null): Json {
  if (!spec) return value;
  const parts = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const include = parts.filter((p) => !p.startsWith('-')).map((p) => p.replace(/^\+/, '').split('.'));
  const plain = parts.some((p) => !p.startsWith('-') && !p.startsWith('+'));
  const exclude = parts.filter((p) => p.startsWith('-')).map((p) => p.slice(1).split('.'));
  let out = plain ? select(value, include) : value;
  for (const path of exclude) out = remove(out, path);
  return out;
}

function select(value: Json, paths: string[][]): Json {
  if (paths.some((p) => p.length === 0)) return value;
  if (Array.isArray(value)) return value.map((v) => select(v, paths));
  if (!value || typeof value !== 'object') return value;
  const obj = value as Record<string, Json>;
  const out: Record<string, Json> = {};
  for (const key of Object.keys(obj)) {
    const sub = paths.filter((p) => p[0] === key || p[0] === '*').map((p) => p.slice(1));
    if (sub.length > 0) out[key] = select(obj[key], sub);
  }
  return out;
}

function remove(value: Json, path: string[]): Json {
  if (Array.isArray(value)) return value.map((v) => remove(v, path));
  if (!value || typeof value !== 'object' || path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  const obj = { ...(value as Record<string, Json>) };
  for (const key of Object.keys(obj)) {
    if (key !== head && head !== '*') continue;
    if (rest.length === 0) delete obj[key];
    else obj[key] = remove(obj[key], rest);
  }
  return obj;
}
