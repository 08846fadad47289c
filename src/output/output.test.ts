import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { test } from 'node:test';
import type { BbError } from '../core/errors.js';
import { type IOStreams, terminalWidth } from './iostreams.js';
import { parseJsonFields, pickFields, printJson, renamedFields } from './json.js';
import { runJq } from './jq.js';
import { redactDeep, redactText } from './redact.js';
import { sanitize } from './sanitize.js';
import { printTable } from './table.js';
import { renderTemplate, sprintf } from './template.js';

function io(tty: boolean, width = 40): IOStreams & { text(): string } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d) => {
    text += d;
  });
  return {
    out,
    err: new PassThrough(),
    in: Readable.from([]),
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    stdinIsTTY: tty,
    color: false,
    width: tty ? width : undefined,
    canPrompt: false,
    text: () => text,
  };
}

const rows = [
  { id: 1, title: 'Fix the login page so that it works again', state: 'OPEN' },
  { id: 22, title: 'Tab\there', state: 'MERGED' },
];
const columns = [
  { header: 'id', value: (r: (typeof rows)[0]) => `#${r.id}` },
  { header: 'title', value: (r: (typeof rows)[0]) => r.title, flexible: true },
  { header: 'state', value: (r: (typeof rows)[0]) => r.state },
];

test('table on a terminal: header, aligned columns, flexible column cut with …', () => {
  const s = io(true, 40);
  printTable(s, rows, columns);
  const lines = s.text().split('\n');
  assert.equal(lines[0], 'ID   TITLE                        STATE');
  assert.equal(lines[1], '#1   Fix the login page so that…  OPEN');
  assert.equal(lines[2], '#22  Tab here                     MERGED');
  for (const l of lines.slice(0, 3)) assert.ok([...l].length <= 40, l);
});

test('a terminal reporting 0 columns does not collapse a table; COLUMNS sets the width', () => {
  const s = io(true, 0);
  printTable(s, rows, columns);
  assert.equal(s.text().split('\n')[1], '#1   Fix the login page so that it works again  OPEN');
  assert.equal(terminalWidth({ COLUMNS: '40' }, 200), 40);
  assert.equal(terminalWidth({}, 200), 200);
  assert.equal(terminalWidth({}, 0), undefined);
  assert.equal(terminalWidth({ COLUMNS: '0' }, 0), undefined);
  assert.equal(terminalWidth({ COLUMNS: 'wide' }, 90), 90);
});

test('table piped: tab-separated rows, no header, nothing cut, cells on one line', () => {
  const s = io(false);
  printTable(s, rows, columns);
  assert.equal(s.text(), '#1\tFix the login page so that it works again\tOPEN\n#22\tTab here\tMERGED\n');
});

test('a flexible column never shrinks below 8 or its header', () => {
  const s = io(true, 10);
  printTable(
    s,
    [{ a: 'x'.repeat(30), b: 'y' }],
    [
      { header: 'description', value: (r: { a: string }) => r.a, flexible: true },
      { header: 'b', value: (r: { b: string }) => r.b },
    ],
  );
  assert.equal(s.text().split('\n')[1], `${'x'.repeat(10)}…  y`);
});

test('--json fields: none lists them (5004), unknown ones are named (5004)', () => {
  assert.throws(
    () => parseJsonFields(true, ['title', 'id']),
    (e: BbError) => e.code === 5004 && e.exitCode === 2 && /available fields: id, title/.test(e.hints.join()) && Array.isArray(e.details?.fields),
  );
  assert.throws(
    () => parseJsonFields('id,nope,zap', ['title', 'id']),
    (e: BbError) => e.code === 5004 && /unknown JSON fields: nope, zap/.test(e.message),
  );
  assert.deepEqual(parseJsonFields(' id , title,id ', ['title', 'id']), ['id', 'title']);
  assert.deepEqual(pickFields({ id: 1, title: 't', extra: 2 }, ['title', 'missing']), { title: 't', missing: null });
});

test('--json: an old field name works for one release, printed under the name asked for, with a notice', () => {
  const renamed = { full_name: 'fullName', is_private: 'isPrivate', gone: 'notDeclared' };
  const fields = ['fullName', 'isPrivate', 'slug'];
  // accepted only where it leads to a declared field; the list of fields (--json alone) names only today's
  assert.deepEqual(parseJsonFields('full_name,slug', fields, renamed), ['full_name', 'slug']);
  assert.throws(
    () => parseJsonFields('gone', fields, renamed),
    (e: BbError) => e.code === 5004 && /unknown JSON field: gone/.test(e.message),
  );
  assert.throws(
    () => parseJsonFields('full_name', fields),
    (e: BbError) => e.code === 5004 && /unknown JSON field: full_name/.test(e.message),
  );
  assert.throws(
    () => parseJsonFields(true, fields, renamed),
    (e: BbError) => e.hints.join() === 'available fields: fullName, isPrivate, slug',
  );
  assert.deepEqual(renamedFields(['full_name', 'slug', 'is_private'], renamed), {
    fields: ['fullName', 'slug', 'isPrivate'],
    keys: { fullName: 'full_name', isPrivate: 'is_private' },
    notices: [
      'full_name is now fullName (the old --json name works until the next release)',
      'is_private is now isPrivate (the old --json name works until the next release)',
    ],
  });
  assert.deepEqual(renamedFields(['fullName', 'full_name'], renamed).fields, ['fullName']);
  assert.deepEqual(renamedFields(['slug'], renamed), { fields: ['slug'], keys: {}, notices: [] });
  assert.deepEqual(pickFields({ fullName: 'a/b', slug: 'b' }, ['fullName', 'slug'], { fullName: 'full_name' }), { full_name: 'a/b', slug: 'b' });
});

test('--jq is real jq: select, comparisons, raw strings', async () => {
  const data = [
    { name: 'a', x: 1 },
    { name: 'b', x: 2 },
    { name: 'c', x: 3 },
  ];
  assert.equal(await runJq(data, '.[] | select(.x > 1) | .name'), 'b\nc\n');
  assert.equal(await runJq(data, 'map(.x) | add'), '6\n');
  assert.equal(await runJq(data, '[.[].name] | join(",")'), 'a,b,c\n');
  assert.equal(await runJq(data, '.[0]'), '{\n  "name": "a",\n  "x": 1\n}\n');
  await assert.rejects(runJq(data, '.[] | bogus('), (e: BbError) => e.errorName === 'JQ_ERROR' && e.code === 8001);
  const s = io(false);
  await printJson(s, data, { jq: '.[].name' });
  assert.equal(s.text(), 'a\nb\nc\n');
});

test('--template: fields, range, if/else if/else, functions, comments, trimming', () => {
  const prs = [
    { id: 1, title: 'first', draft: true, labels: ['a', 'b'], author: { name: 'ada' }, state: 'OPEN' },
    { id: 2, title: 'second', draft: false, labels: [], author: { name: 'bob' }, state: 'MERGED' },
  ];
  assert.equal(renderTemplate('{{range .}}#{{.id}} {{.title | upper}} by {{.author.name}}\n{{end}}', prs), '#1 FIRST by ada\n#2 SECOND by bob\n');
  assert.equal(renderTemplate('{{range .}}{{if .draft}}D{{else}}R{{end}}{{end}}', prs), 'DR');
  assert.equal(
    renderTemplate('{{range .}}{{if eq .state "MERGED"}}m{{else if .draft}}d{{else}}o{{end}}{{end}}', [...prs, { state: 'OPEN', draft: false }]),
    'dmo',
  );
  assert.equal(renderTemplate('{{range .labels}}{{.}}{{else}}none{{end}}', prs[1]), 'none');
  assert.equal(renderTemplate('{{join ", " .labels}} {{len .labels}} {{truncate 4 .title}}', prs[0]), 'a, b 2 fir…');
  assert.equal(renderTemplate('{{printf "%s=%d%%" .title .id}}', prs[0]), 'first=1%');
  assert.equal(renderTemplate('{{/* ignored */}}{{.id}}', prs[0]), '1');
  assert.equal(renderTemplate('{{range .}}\n  {{- .id -}}\n{{end}}', prs), '12');
  assert.equal(renderTemplate('{{if and .draft .id}}x{{end}}', prs[0]), 'x');
  assert.equal(renderTemplate('{{if not .draft}}n{{end}}{{if or .draft .id}}y{{end}}{{if lt .id 2}}<{{end}}', prs[0]), 'y<');
  assert.equal(renderTemplate('{{.author}}|{{.missing}}|{{"\\n"}}', prs[0]), '{"name":"ada"}||\n');
  assert.throws(
    () => renderTemplate('{{range .}}', prs),
    (e: BbError) => e.errorName === 'TEMPLATE_SYNTAX' && e.code === 5008 && e.exitCode === 2,
  );
  assert.throws(() => renderTemplate('{{end}}', prs), /unexpected \{\{end\}\}/);
  assert.throws(() => renderTemplate('{{frob .id}}', prs[0]), /unknown function "frob"/);
});

test('--template printf: Go verbs with flags, width and precision', () => {
  assert.equal(renderTemplate('{{printf "%04d" .id}}', { id: 7 }), '0007');
  assert.equal(renderTemplate('[{{printf "%-10s" .t}}][{{printf "%6s" .t}}]', { t: 'abc' }), '[abc       ][   abc]');
  assert.equal(
    sprintf('%v %q %t %.2f %x %X %+d %5.1f|%%', [{ a: 1 }, 'say "hi"', true, 1.23456, 255, 'hi', 3, -2.26]),
    '{"a":1} "say \\"hi\\"" true 1.23 ff 6869 +3  -2.3|%',
  );
  assert.equal(sprintf('%d %s', ['abc']), '%!d(string=abc) %!s(MISSING)');
  assert.equal(sprintf('%-5d|%05d|%.3s', [-4, -4, 'abcdef']), '-4   |-0004|abc');
});

test('--template functions: tablerow/tablerender, color, truncate, timeago, join, pluck, hyperlink, index', () => {
  const prs = [
    { id: 1, title: 'Fix login', labels: [{ name: 'bug' }, { name: 'ui' }] },
    { id: 22, title: 'Add the search page', labels: [] },
  ];
  const table = '{{range .}}{{tablerow (printf "#%d" .id) .title}}{{end}}';
  assert.throws(() => renderTemplate(table, prs), /line 1, column 12: cannot read "\(printf"/);
  const rows = '{{range .}}{{tablerow .id .title}}{{end}}';
  assert.equal(renderTemplate(rows, prs, { tty: true }), '1   Fix login\n22  Add the search page\n');
  assert.equal(renderTemplate(rows, prs), '1\tFix login\n22\tAdd the search page\n');
  assert.equal(renderTemplate(`${rows}{{tablerender}}---\n`, prs, { tty: true }), '1   Fix login\n22  Add the search page\n---\n');
  assert.equal(renderTemplate('{{color "red+b" .title}}', prs[0], { color: true, tty: true }), '\u001b[31;1mFix login\u001b[0m');
  assert.equal(renderTemplate('{{.title | color "green"}}', prs[0]), 'Fix login');
  assert.throws(
    () => renderTemplate('{{color "mauve" .title}}', prs[0], { color: true }),
    (e: BbError) => e.code === 8002 && /unknown color "mauve"/.test(e.message),
  );
  assert.equal(renderTemplate('{{pluck "name" .labels | join ", "}}', prs[0]), 'bug, ui');
  assert.equal(renderTemplate('{{truncate 6 .title}}', prs[1]), 'Add t…');
  assert.equal(renderTemplate('{{timeago .at}}', { at: '2024-01-01T00:00:00Z' }, { now: new Date('2024-01-04T00:00:00Z') }), '3 days ago');
  assert.equal(renderTemplate('{{hyperlink .url .title}}', { url: 'https://x.test/1', title: 'one' }), 'one');
  assert.equal(
    renderTemplate('{{hyperlink .url .title}}', { url: 'https://x.test/1', title: 'one' }, { tty: true }),
    '\u001b]8;;https://x.test/1\u001b\\one\u001b]8;;\u001b\\',
  );
  assert.equal(renderTemplate('{{index .labels 1 "name"}}', prs[0]), 'ui');
  // on a terminal, values are sanitised; only the template's own colour escapes pass
  assert.equal(renderTemplate('{{.t}}', { t: 'a\u001b[2Jb' }, { tty: true }), 'a^[[2Jb');
});

test('--template: a malformed template is 5008 (exit 2) naming the position; an unknown function points at bb help formatting', () => {
  const syntax = (t: string, message: RegExp) =>
    assert.throws(
      () => renderTemplate(t, { id: 1 }),
      (e: BbError) => {
        assert.equal(e.code, 5008);
        assert.equal(e.exitCode, 2);
        assert.match(e.message, message);
        assert.match(e.hints.join('\n'), /bb help formatting/);
        return true;
      },
    );
  syntax('{{.foo', /line 1, column 1: unclosed action "\{\{\.foo"/);
  syntax('ok\n  {{.id}} {{.foo', /line 2, column 11: unclosed action/);
  syntax('{{frob .id}}', /line 1, column 1: unknown function "frob"/);
  syntax('{{.id | frob}}', /unknown function "frob"/);
  syntax('x{{if .id}}y', /line 1, column 2: \{\{if\}\} without \{\{end\}\}/);
  syntax('{{"abc}}', /unterminated string/);
  // nothing is printed for a template that fails to parse, even when its first part would render
  syntax('{{.id}}{{end}}', /column 8: unexpected \{\{end\}\}/);
});

test('sanitize makes ESC, C1 and BEL visible and keeps newlines and tabs', () => {
  assert.equal(sanitize('a\u001b[31mred\u001b[0m'), 'a^[[31mred^[[0m');
  assert.equal(sanitize('bell\u0007 c1\u009b31m del\u007f'), 'bell^G c1\\u{9b}31m del^?');
  assert.equal(sanitize('title\u001b]0;pwned\u0007'), 'title^[]0;pwned^G');
  assert.equal(sanitize('line 1\nline 2\tcol\r'), 'line 1\nline 2\tcol^M');
  assert.equal(sanitize('line 1\nline 2\tcol', { singleLine: true }), 'line 1 line 2 col');
  assert.equal(sanitize('héllo — ünïcode ✓'), 'héllo — ünïcode ✓');
});

test('JSON printing: pretty, and data reaching a terminal through --jq is sanitised', async () => {
  const s = io(false);
  await printJson(s, { a: 1 });
  assert.equal(s.text(), '{\n  "a": 1\n}\n');
  const t = io(true);
  await printJson(t, ['evil\u001b[2J'], { jq: '.[]' });
  assert.equal(t.text(), 'evil^[[2J\n');
});

test('sanitize makes bidirectional overrides and isolates visible (Trojan Source titles)', () => {
  assert.equal(sanitize('Fix \u202Eevil\u202C x \u2066y\u2069'), 'Fix \\u{202e}evil\\u{202c} x \\u{2066}y\\u{2069}');
  assert.equal(sanitize('שלום עולם'), 'שלום עולם', 'right-to-left text itself is kept');
});

test('BodyWriter: piped bytes pass through unchanged, past the collection threshold, waiting for drain', async () => {
  const { BodyWriter } = await import('./body-writer.js');
  const out = new PassThrough({ highWaterMark: 1024 });
  const received: Buffer[] = [];
  const io: IOStreams = { ...ioBase(false), out };
  const writer = new BodyWriter(io);
  const chunk = new Uint8Array(256 * 1024).map((_, i) => i % 251);
  const done = (async () => {
    for (let i = 0; i < 40; i++) await writer.write(chunk); // 10 MiB: crosses the 4 MiB collection twice
    writer.flush();
    out.end();
  })();
  // a slow reader: the writer must wait for it, not queue 10 MiB
  for await (const d of out) {
    received.push(d as Buffer);
    assert.ok(out.writableLength <= 256 * 1024 + 1024, `queued ${out.writableLength} bytes`);
  }
  await done;
  const all = Buffer.concat(received);
  assert.equal(all.length, 40 * chunk.length);
  assert.ok(all.subarray(0, chunk.length).equals(Buffer.from(chunk)));
  assert.ok(all.subarray(39 * chunk.length).equals(Buffer.from(chunk)));
});

test('BodyWriter: on a terminal, text with control sequences made visible and characters split across chunks intact', async () => {
  const { BodyWriter } = await import('./body-writer.js');
  const t = io(true);
  const writer = new BodyWriter(t);
  const bytes = Buffer.from('ok \u001b[31mred\u001b[0m é€\n');
  const cut = bytes.indexOf(Buffer.from('€')) + 1; // inside the three bytes of €
  await writer.write(bytes.subarray(0, cut));
  await writer.write(bytes.subarray(cut));
  writer.flush();
  await new Promise((r) => setImmediate(r));
  assert.equal(t.text(), sanitize('ok \u001b[31mred\u001b[0m é€\n'));
  assert.ok(!t.text().includes('\u001b'), 'no raw escape reaches the terminal');
  assert.ok(t.text().includes('é€'));
});

function ioBase(tty: boolean): Omit<IOStreams, 'out'> {
  const { out: _out, text: _text, ...rest } = io(tty);
  return rest;
}

test('redactText: userinfo and credential-named query parameters become ***, the rest stays', () => {
  assert.equal(redactText('cannot reach http://user:pw@127.0.0.1:8123/2.0/user'), 'cannot reach http://***@127.0.0.1:8123/2.0/user');
  assert.equal(redactText('https://x-token-auth:abc@bitbucket.org/a/b.git'), 'https://***@bitbucket.org/a/b.git');
  assert.equal(
    redactText('GET /user?access_token=A&page=2&client_secret=B&Password=C;key=D&code=E&sort=-id&refresh_token=F#frag'),
    'GET /user?access_token=***&page=2&client_secret=***&Password=***;key=***&code=***&sort=-id&refresh_token=***#frag',
  );
  assert.equal(redactText('no secrets: ?q=title~"x"&state=OPEN, monkey=1'), 'no secrets: ?q=title~"x"&state=OPEN, monkey=1');
  assert.deepEqual(redactDeep({ error: { message: 'at http://u:p@h/x?token=t', code: 1, hint: ['?secret=s'] } }), {
    error: { message: 'at http://***@h/x?token=***', code: 1, hint: ['?secret=***'] },
  });
});
