/**
 * P8: `--all` output is written page by page. A fake API holds back the last page of a list until the
 * pages before it are on stdout: a command that collected the whole list first would never print them,
 * and the test fails (the hold ends after a guard delay and says so, rather than hanging). The streamed
 * bytes are those of the whole-array printers (printJson, printTable).
 */
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { test } from 'node:test';
import { ENV, pr } from '../src/cmd/pr/test-fixtures.js';
import { printList } from '../src/cmd/shared/print.js';
import type { CommandInput } from '../src/cmd/define.js';
import type { Context } from '../src/context/context.js';
import type { IOStreams } from '../src/output/iostreams.js';
import { jqRunsPerElement, printJson } from '../src/output/json.js';
import { type Column, printTable } from '../src/output/table.js';
import { runBb } from './support/run.js';

const PER_PAGE = 50;
const PAGES = 3;
const prs = Array.from({ length: PER_PAGE * PAGES }, (_, i) => pr({ id: i + 1, title: `Change ${i + 1}` }));

/**
 * A pull-request list of PAGES numbered pages. The last page is answered only once `released()` says so
 * (checked as stdout grows), or after a guard delay, recorded in `heldUntil`.
 */
function heldList(released: () => boolean, guardMs: number) {
  const state = { heldUntil: '' as '' | 'output' | 'guard', requested: [] as number[] };
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const fetch = (async (input: string | URL | Request) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    assert.equal(url.pathname, '/2.0/repositories/acme/web/pullrequests');
    const n = Number(url.searchParams.get('page') ?? '1');
    state.requested.push(n);
    if (n === PAGES) {
      const guard = setTimeout(() => {
        state.heldUntil ||= 'guard';
        release();
      }, guardMs);
      await gate;
      clearTimeout(guard);
    }
    const next = new URL(url);
    next.searchParams.set('page', String(n + 1));
    const body = {
      values: prs.slice((n - 1) * PER_PAGE, n * PER_PAGE),
      page: n,
      pagelen: PER_PAGE,
      size: prs.length,
      ...(n < PAGES ? { next: next.href } : {}),
    };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  }) as typeof globalThis.fetch;
  const onStdout = (_chunk: string) => {
    if (!state.heldUntil && released()) {
      state.heldUntil = 'output';
      release();
    }
  };
  return { fetch, state, onStdout };
}

async function streamed(argv: string[], releasedWhen: (stdout: string) => boolean, guardMs = 5000) {
  let seen = '';
  const h = heldList(() => releasedWhen(seen), guardMs);
  const r = await runBb(['pr', 'list', '--all', '-R', 'acme/web', ...argv], {
    fetch: h.fetch,
    env: ENV,
    onStdout: (chunk) => {
      seen += chunk;
      h.onStdout(chunk);
    },
  });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual([...h.state.requested].sort(), [1, 2, 3]);
  return { stdout: r.stdout, heldUntil: h.state.heldUntil };
}

test('pr list --all --json: the first pages are on stdout before the last page arrives; one valid array, as printJson writes it', async () => {
  const lastOfPage2 = `"id": ${PER_PAGE * 2},`;
  const r = await streamed(['--json', 'id,title'], (out) => out.includes(lastOfPage2));
  assert.equal(r.heldUntil, 'output', 'the last page was held until the earlier pages were written');
  const parsed = JSON.parse(r.stdout) as Array<{ id: number; title: string }>;
  assert.equal(parsed.length, PER_PAGE * PAGES);
  assert.deepEqual(
    parsed.map((p) => p.id),
    prs.map((p) => p.id),
  );
  assert.equal(r.stdout, `${JSON.stringify(parsed, null, 2)}\n`, 'the bytes printJson writes for the whole array');
});

test('pr list --all piped (TSV): rows written page by page, the same lines as the whole table', async () => {
  const r = await streamed([], (out) => out.split('\n').length > PER_PAGE * 2);
  assert.equal(r.heldUntil, 'output');
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, PER_PAGE * PAGES);
  assert.equal(lines[0], '1\tChange 1\tfeature/login → main\tada\tOPEN\t2026-11-27T10:00:00Z');
  assert.match(lines.at(-1) ?? '', /^150\tChange 150\t/);
});

test('pr list --all --jq ".[] | …": jq runs on each page as it arrives; another program waits for the whole array', async () => {
  const perElement = await streamed(['--json', 'id,title', '--jq', '.[] | .id'], (out) => out.includes(`\n${PER_PAGE * 2}\n`));
  assert.equal(perElement.heldUntil, 'output');
  assert.equal(perElement.stdout, `${prs.map((p) => p.id).join('\n')}\n`);

  // `length` needs every element: nothing is printed before the last page (the guard ends the hold)
  const whole = await streamed(['--json', 'id', '--jq', 'length'], (out) => out.length > 0, 300);
  assert.equal(whole.heldUntil, 'guard', 'a whole-array program prints nothing until the list is complete');
  assert.equal(whole.stdout, `${PER_PAGE * PAGES}\n`);
});

test('jqRunsPerElement: only `.[]` and `.[] | …` (without halt) run page by page', () => {
  for (const p of ['.[]', ' .[] | .id', '.[]|select(.id > 2) | .title', '.[] | .a, .b', '.[] |\n .id']) assert.ok(jqRunsPerElement(p), p);
  for (const p of ['length', 'map(.id)', '.[0]', '.[], 1', '.[] // 1', '[.[] | .id]', '.[] |', '.[] | if .id == 3 then halt else . end', '.[]?'])
    assert.ok(!jqRunsPerElement(p), p);
});

// printList over pages writes what the whole-array printers write, for every output form
function fakeIo(tty: boolean): IOStreams & { text(): string; errText(): string } {
  const out = new PassThrough();
  const err = new PassThrough();
  let text = '';
  let errText = '';
  out.on('data', (d) => {
    text += d;
  });
  err.on('data', (d) => {
    errText += d;
  });
  return {
    out,
    err,
    in: Readable.from([]),
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    stdinIsTTY: tty,
    color: tty,
    width: tty ? 60 : undefined,
    canPrompt: false,
    text: () => text,
    errText: () => errText,
  };
}

interface Row {
  id: number;
  title: string;
  note: string;
}
const rows: Row[] = Array.from({ length: 7 }, (_, i) => ({ id: i + 1, title: `row ${'x'.repeat(i * 9)}\u001b[31m`, note: i % 2 ? 'odd\tone' : 'even\nline' }));
const columns: Column<Row>[] = [
  { header: 'id', value: (r) => String(r.id), style: (r) => (r.id % 2 ? 'green' : undefined) },
  { header: 'title', value: (r) => r.title, flexible: true },
  { header: 'note', value: (r) => r.note },
];
const toJson = (r: Row) => ({ ...r });

async function* inPages<T>(items: T[], size: number): AsyncGenerator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

async function viaPrintList(tty: boolean, flags: Record<string, unknown>, items: Row[] | AsyncIterable<Row[]>) {
  const io = fakeIo(tty);
  const ctx = { io } as unknown as Context;
  const input = { flags, args: {} } as unknown as CommandInput;
  await printList(ctx, input, items, { columns, toJson, empty: 'nothing', heading: (n) => `${n} rows\n` });
  return { out: io.text(), err: io.errText() };
}

test('printList over pages: the same bytes as over the whole array, and as printJson / printTable', async () => {
  const forms: Array<[boolean, Record<string, unknown>]> = [
    [false, {}],
    [true, {}],
    [false, { json: ['id', 'title'] }],
    [true, { json: ['id', 'note'] }],
    [false, { json: ['id', 'title'], jq: '.[] | .title' }],
    [false, { json: ['id'], jq: 'map(.id) | add' }],
    [false, { json: ['id'], template: '{{range .}}{{.id}};{{end}}' }],
  ];
  for (const [tty, flags] of forms) {
    const whole = await viaPrintList(tty, flags, rows);
    for (const size of [1, 3, 7]) {
      const paged = await viaPrintList(tty, flags, inPages(rows, size));
      assert.deepEqual(paged, whole, `${JSON.stringify(flags)} tty=${tty} pages of ${size}`);
    }
    const empty = await viaPrintList(tty, flags, inPages([], 3));
    assert.deepEqual(empty, await viaPrintList(tty, flags, []), `empty ${JSON.stringify(flags)} tty=${tty}`);
  }
  // and the whole-array printers themselves
  const tsv = fakeIo(false);
  printTable(tsv, rows, columns);
  assert.equal((await viaPrintList(false, {}, inPages(rows, 2))).out, tsv.text());
  const table = fakeIo(true);
  printTable(table, rows, columns);
  const paged = await viaPrintList(true, {}, inPages(rows, 2));
  assert.equal(paged.out, table.text());
  assert.equal(paged.err, '7 rows\n');
  const json = fakeIo(false);
  await printJson(json, rows.map(toJson));
  assert.equal((await viaPrintList(false, { json: ['id', 'title', 'note'] }, inPages(rows, 2))).out, json.text());
  assert.equal((await viaPrintList(true, {}, inPages([], 2))).err, 'nothing\n');
});
