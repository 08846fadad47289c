/**
 * Honest help: every `bb …` command line that the docs (docs/*.md, README.md) or a hint in src/ name is parsed
 * against the command tree: the command exists and so does every flag it is given. Placeholders (`<command>`,
 * `…`, `${…}`, UPPER words) stand for what the reader fills in.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { allFlags, type CommandMeta } from './define.js';
import { COMMANDS } from './registry.js';

const ROOT = new URL('../../', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'generated' ? [] : sources(p);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.includes('test-fixtures') ? [p] : [];
  });
}

/** Split as a shell would (enough for docs): quotes group words; the words after |, ;, &&, > or # are not bb's. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /'[^']*'|"(?:[^"\\]|\\.)*"|[^\s'"]+/g;
  let cur = '';
  let last = -1;
  for (const m of line.matchAll(re)) {
    const part = m[0];
    const start = m.index ?? 0;
    if (last >= 0 && start !== last) {
      words.push(cur);
      cur = '';
    }
    if (!part.startsWith("'") && !part.startsWith('"') && /^(\||;|&&|>|2>|#|\))/.test(part) && cur === '') break;
    cur += part.startsWith("'") || part.startsWith('"') ? part.slice(1, -1) : part;
    last = start + part.length;
  }
  if (cur !== '') words.push(cur);
  return words;
}

const isPlaceholder = (w: string) => /[<>…[\]{}$]|^[A-Z][A-Z0-9_/:.-]*$|^\.\.\.$/.test(w);

/** What is wrong with a command line, or undefined when it parses. */
function check(line: string, userAliases: ReadonlySet<string> = new Set()): string | undefined {
  const words = shellWords(line);
  if (words[0] !== 'bb' || userAliases.has(words[1] ?? '')) return undefined;
  let rest = words.slice(1);
  if (rest[0] === 'help' && rest.length > 1 && !COMMANDS.some((c) => c.path[0] === 'help' && c.path[1] === rest[1])) rest = rest.slice(1);
  const path: string[] = [];
  let def: CommandMeta | undefined;
  let i = 0;
  for (; i < rest.length; i++) {
    const w = rest[i] as string;
    if (w.startsWith('-')) break;
    // a command's own alias (`bb config ls`) names it too
    const aliased = COMMANDS.find((c) => c.path.length === path.length + 1 && path.every((p, k) => c.path[k] === p) && c.aliases?.includes(w));
    const next = [...path, aliased ? (aliased.path[path.length] as string) : w];
    if (!COMMANDS.some((c) => next.every((p, k) => c.path[k] === p))) break;
    path.push(next[next.length - 1] as string);
    def = COMMANDS.find((c) => c.path.length === path.length && c.path.every((p, k) => p === path[k]));
  }
  const following = rest[i];
  if (path.length === 0) {
    if (following === undefined || following.startsWith('-') || isPlaceholder(following)) return undefined;
    return `no command "bb ${following}"`;
  }
  if (!def) {
    // a group: alone, or followed by a placeholder, it names the group; another word names a missing command
    if (following === undefined || following.startsWith('-') || isPlaceholder(following)) return undefined;
    return `no command "bb ${[...path, following].join(' ')}"`;
  }
  const flags = allFlags(def);
  const longs = new Set(['help', 'version', ...flags.map((f) => f.name)]);
  const shorts = new Set(['h', ...flags.flatMap((f) => (f.short ? [f.short] : []))]);
  for (const w of rest.slice(i)) {
    if (w === '--') break;
    if (isPlaceholder(w)) continue;
    const long = /^--([a-z][a-z0-9-]*)(=.*)?$/.exec(w);
    if (long && !longs.has(long[1] as string)) return `"bb ${def.path.join(' ')}" has no flag --${long[1]}`;
    const short = /^-([a-zA-Z])$/.exec(w);
    if (short && !shorts.has(short[1] as string)) return `"bb ${def.path.join(' ')}" has no flag -${short[1]}`;
  }
  return undefined;
}

/** `bb …` lines of a Markdown file: inline code spans, and the lines of code blocks (with or without `$ `). */
function markdownLines(text: string): string[] {
  const lines: string[] = [];
  let inBlock = false;
  for (const raw of text.split('\n')) {
    if (/^\s*```/.test(raw)) {
      inBlock = !inBlock;
      continue;
    }
    if (inBlock) {
      const m = /^\s*(?:\$\s+)?(bb\s.*|bb)$/.exec(raw);
      if (m?.[1]) lines.push(m[1]);
      continue;
    }
    for (const m of raw.matchAll(/`(bb(?:\s[^`]*)?)`/g)) lines.push(m[1] as string);
  }
  return lines;
}

/** `bb …` inside backticks in src/ strings (hints, messages): `run \`bb auth login\``. */
function sourceLines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l)) // strings, not comments
    .flatMap((l) => [...l.matchAll(/\\?`(bb\s[^`\\]*)\\?`/g)].map((m) => m[1] as string));
}

/** Aliases a text defines (`bb alias set co 'pr checkout'`): its examples may then use `bb co`. */
function aliasesIn(text: string): Set<string> {
  return new Set([...text.matchAll(/bb alias set ([a-z][\w-]*)/g)].map((m) => m[1] as string));
}

test('the checker refuses what does not exist and accepts placeholders', () => {
  assert.equal(check('bb pr reopen 3'), 'no command "bb pr reopen"');
  assert.equal(check('bb api --dry-run /user'), '"bb api" has no flag --dry-run');
  assert.equal(check('bb prr list'), 'no command "bb prr"');
  assert.equal(check('bb pr list --state closed -L 5 --json id'), undefined);
  assert.equal(check('bb pr <command> --help'), undefined);
  assert.equal(check('bb help pr list'), undefined);
  assert.equal(check('bb help pr lst'), 'no command "bb pr lst"');
  assert.equal(check('bb scopes record -- bb api /user'), undefined);
  assert.equal(check(`bb pr list --json id --jq '.[] | .id'`), undefined);
  assert.equal(check('bb config ls'), undefined);
  assert.equal(check('bb co 42'), 'no command "bb co"');
  assert.equal(check('bb co 42', new Set(['co'])), undefined);
});

test('every bb command line in docs/, README.md and src/ hints names a real command and its real flags', () => {
  const found: Array<[string, string, Set<string>]> = [];
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((n) => n.endsWith('.md'))
    .map((n) => join(ROOT, 'docs', n));
  for (const file of [join(ROOT, 'README.md'), ...docs]) {
    const text = readFileSync(file, 'utf8');
    for (const line of markdownLines(text)) found.push([file.slice(ROOT.length), line, aliasesIn(text)]);
  }
  for (const file of sources(join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const line of sourceLines(text)) found.push([file.slice(ROOT.length), line, aliasesIn(text)]);
  }
  assert.ok(found.length > 200, `the scan finds command lines (${found.length})`);
  const broken = found.flatMap(([file, line, aliases]) => {
    const problem = check(line, aliases);
    return problem ? [`${file}: \`${line}\`: ${problem}`] : [];
  });
  assert.deepEqual(broken, []);
});

test('published text carries no internal jargon (the research notes are "seeds" only to us)', () => {
  const jargon = /shared\/seeds|\bseeds? ?\d{3}|\[seeds?\b/i;
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((n) => n.endsWith('.md'))
    .map((n) => join(ROOT, 'docs', n));
  for (const file of [join(ROOT, 'README.md'), ...docs]) {
    const bad = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => jargon.test(l));
    assert.deepEqual(bad, [], file);
  }
  // what bb prints about scopes: each conditional rule's source, each command's help
  for (const c of COMMANDS) {
    for (const rule of c.conditional ?? []) assert.doesNotMatch(rule.source, jargon, c.path.join(' '));
    assert.doesNotMatch(`${c.summary} ${c.description ?? ''} ${(c.examples ?? []).join(' ')}`, jargon, c.path.join(' '));
  }
});
