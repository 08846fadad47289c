/**
 * Code Insights (`bb commit report …`): the built CLI against `bb sandbox` (Cloud) and `bb sandbox --kind dc`: publish a
 * report with data fields and annotations from a file in one command, list, view, replace, annotations in bulk (Cloud:
 * chunks of 100), delete; a bad annotations file names the bad item before anything is sent; hostile titles are
 * sanitised on a terminal-less stdout as everywhere; --json is bb's camelCase vocabulary.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type DcReady, type DcSandbox, startDcSandbox } from '../support/dc.js';
import { type BbResult, bb, type SandboxProcess, startSandbox, tempDir } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: loosely typed JSON answers
type Json = Record<string, any>;

const ok = (r: { code: number | null; stderr: string }, what: string) => assert.equal(r.code, 0, `${what}: exit ${r.code}\n${r.stderr}`);

function annotations(n: number, prefix = 'a'): Json[] {
  return Array.from({ length: n }, (_, i) => ({
    externalId: `${prefix}-${i + 1}`,
    path: 'README.md',
    line: i + 1,
    summary: `finding ${i + 1}`,
    severity: i % 2 ? 'HIGH' : 'LOW',
    type: 'BUG',
  }));
}

describe('Code Insights on Bitbucket Cloud (bb sandbox)', () => {
  let sb: SandboxProcess;
  let env: Record<string, string | undefined>;
  let dir: string;
  let head: string;
  const run = (args: string[], input?: string): Promise<BbResult> => bb(args, { env, cwd: dir, ...(input !== undefined ? { input } : {}) });

  before(async () => {
    sb = await startSandbox();
    dir = tempDir('bb-e2e-insights-');
    env = sb.env({ BB_REPO: 'acme/web' });
    const r = await run(['commit', 'view', 'main', '--json', 'hash']);
    ok(r, 'commit view');
    head = (JSON.parse(r.stdout) as Json).hash;
  });
  after(async () => {
    await sb?.stop();
  });

  test('create with data and annotations in one command; list, view, --json; replace', async () => {
    const data = join(dir, 'data.json');
    writeFileSync(
      data,
      JSON.stringify([
        { title: 'Coverage', type: 'PERCENTAGE', value: 87.5 },
        { title: 'Build', type: 'LINK', value: { text: 'job 7', href: 'https://ci.example.test/7' } },
      ]),
    );
    const file = join(dir, 'ann.json');
    writeFileSync(file, JSON.stringify(annotations(3)));
    let r = await run([
      'commit',
      'report',
      'create',
      head,
      'lint',
      '--title',
      'Lint',
      '--type',
      'BUG',
      '--result',
      'FAILED',
      '--details',
      '3 problems',
      '--data-file',
      data,
      '--annotations',
      file,
      '--link',
      'https://ci.example.test/7',
    ]);
    ok(r, 'report create');
    assert.match(r.stderr, /✓ Published report lint \(FAILED\) on [0-9a-f]{12} in acme\/web with 3 annotations/);

    r = await run(['commit', 'report', 'list', head]);
    ok(r, 'report list');
    assert.equal(r.stdout, 'lint\tFAILED\tBUG\tLint\t\n');

    r = await run(['commit', 'report', 'view', head, 'lint', '--json', 'id,title,type,result,details,url,data,commit']);
    ok(r, 'report view --json');
    assert.deepEqual(JSON.parse(r.stdout), {
      id: 'lint',
      title: 'Lint',
      type: 'BUG',
      result: 'FAILED',
      details: '3 problems',
      url: 'https://ci.example.test/7',
      data: [
        { title: 'Coverage', type: 'PERCENTAGE', value: 87.5 },
        { title: 'Build', type: 'LINK', value: { text: 'job 7', href: 'https://ci.example.test/7' } },
      ],
      commit: head,
    });

    r = await run(['commit', 'report', 'view', head, 'lint']);
    ok(r, 'report view');
    assert.match(r.stdout, /^id:\tlint\ntitle:\tLint\ntype:\tBUG\nresult:\tFAILED\n/);
    assert.match(r.stdout, /\nCoverage:\t87\.5\nBuild:\tjob 7 <https:\/\/ci\.example\.test\/7>\n$/);

    r = await run(['commit', 'report', 'annotations', 'list', head, 'lint']);
    ok(r, 'annotations list');
    assert.equal(
      r.stdout,
      'lint-1\tLOW\tREADME.md:1\tfinding 1\nlint-2\tHIGH\tREADME.md:2\tfinding 2\nlint-3\tLOW\tREADME.md:3\tfinding 3\n'.replace(/lint-/g, 'a-'),
    );

    // replace: same id, new result; the annotations stay
    r = await run(['commit', 'report', 'create', head, 'lint', '--title', 'Lint', '--type', 'BUG', '--result', 'PASSED', '--json', 'id,result']);
    ok(r, 'report replace');
    assert.deepEqual(JSON.parse(r.stdout), { id: 'lint', result: 'PASSED' });
  });

  test('annotations add: 250 from a file go in requests of 100; delete one; delete the report', async () => {
    let r = await run(['commit', 'report', 'create', head, 'bulk', '--title', 'Bulk', '--type', 'SECURITY']);
    ok(r, 'create');
    const file = join(dir, 'bulk.json');
    writeFileSync(file, JSON.stringify(annotations(250, 'b')));
    await fetch(`${sb.admin}/requests`, { method: 'DELETE' });
    r = await run(['commit', 'report', 'annotations', 'add', head, 'bulk', '--file', file, '--json', 'added']);
    ok(r, 'annotations add');
    assert.deepEqual(JSON.parse(r.stdout), { added: 250 });
    const posts = (await sb.requests()).filter((q) => q.method === 'POST' && q.operation?.endsWith('/annotations'));
    assert.deepEqual(
      posts.map((q) => q.status),
      [200, 200, 200],
    );

    r = await run(['commit', 'report', 'annotations', 'list', head, 'bulk', '--all', '--json', 'id']);
    ok(r, 'annotations list --all');
    assert.equal((JSON.parse(r.stdout) as Json[]).length, 250);

    // --dry-run shows the three requests and sends nothing
    r = await run(['commit', 'report', 'annotations', 'add', head, 'bulk', '--file', file, '--dry-run']);
    ok(r, 'dry run');
    assert.equal((r.stdout + r.stderr).match(/POST /g)?.length, 3, r.stdout + r.stderr);

    r = await run(['commit', 'report', 'annotations', 'delete', head, 'bulk', 'b-7']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /CONFIRMATION_REQUIRED/);
    r = await run(['commit', 'report', 'annotations', 'delete', head, 'bulk', 'b-7', '--yes']);
    ok(r, 'annotation delete');
    r = await run(['commit', 'report', 'annotations', 'list', head, 'bulk', '--all', '--json', 'id']);
    assert.equal((JSON.parse(r.stdout) as Json[]).length, 249);

    r = await run(['commit', 'report', 'delete', head, 'bulk', '--yes']);
    ok(r, 'report delete');
    r = await run(['commit', 'report', 'view', head, 'bulk']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error 2002 API_NOT_FOUND: no report bulk on commit/);
  });

  test('a bad annotations file names the item, and nothing is sent; missing --title / --type; the sandbox refuses 101 in one request', async () => {
    const file = join(dir, 'bad.json');
    const items = annotations(4, 'x');
    (items[2] as Json).line = 0;
    writeFileSync(file, JSON.stringify(items));
    await fetch(`${sb.admin}/requests`, { method: 'DELETE' });
    let r = await run(['commit', 'report', 'annotations', 'add', head, 'lint', '--file', file]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /error 5002 INVALID_ARGUMENT: --file .*bad\.json: annotation 3 \(x-3\): line 0 is not a line number/);
    writeFileSync(file, '[{"summary": "ok"}, {"severity": "LOW"}]');
    r = await run(['commit', 'report', 'annotations', 'add', head, 'lint', '--file', file]);
    assert.match(r.stderr, /annotation 2: has no summary/);
    writeFileSync(file, '{"not": "a list"}');
    r = await run(['commit', 'report', 'annotations', 'add', head, 'lint', '--file', file]);
    assert.match(r.stderr, /must hold a JSON array of annotations/);
    writeFileSync(file, '[{"summary": ');
    r = await run(['commit', 'report', 'annotations', 'add', head, 'lint', '--file', file]);
    assert.match(r.stderr, /is not valid JSON/);
    assert.deepEqual(await sb.requests(), []);

    r = await run(['commit', 'report', 'create', head, 'x', '--type', 'BUG']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--title is required/);
    r = await run(['commit', 'report', 'create', head, 'x', '--title', 'X']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Bitbucket Cloud needs --type for a report/);

    // the sandbox, as Bitbucket: more than 100 in one request, an empty JSON body, a bad enum
    const api = (method: string, path: string, body?: string) =>
      sb.api(`/repositories/acme/web/commit/${head}/reports${path}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        ...(body !== undefined ? { body } : {}),
      });
    let res = await api('PUT', '/lint2', JSON.stringify({ title: 'L', report_type: 'BUG' }));
    assert.equal(res.status, 200);
    res = await api('POST', '/lint2/annotations', JSON.stringify(annotations(101).map((a) => ({ external_id: a.externalId, summary: a.summary }))));
    assert.equal(res.status, 400);
    res = await api('PUT', '/lint2', '');
    assert.equal(res.status, 400);
    res = await api('PUT', '/lint2', JSON.stringify({ title: 'L', report_type: 'NOPE' }));
    assert.equal(res.status, 400);
    res = await api('PUT', '/lint2', JSON.stringify({ title: 'x'.repeat(451), report_type: 'BUG' }));
    assert.equal(res.status, 400);
  });

  test('hostile report titles are sanitised; COMMIT defaults to HEAD of the clone', async () => {
    let r = await run(['commit', 'report', 'create', head, 'evil', '--title', 'ok\u001b]52;c;ZXZpbA==\u0007\u001b[2J', '--type', 'TEST']);
    ok(r, 'create');
    r = await run(['commit', 'report', 'list', head]);
    ok(r, 'list');
    assert.ok(!r.stdout.includes('\u001b') && !r.stdout.includes('\u0007'), JSON.stringify(r.stdout));
    assert.match(r.stdout, /^evil\t\tTEST\tok/m);
    r = await run(['commit', 'report', 'view', head, 'evil']);
    assert.ok(!r.stdout.includes('\u001b') && !r.stdout.includes('\u0007'), JSON.stringify(r.stdout));
    // no argument, no clone: a clear error
    r = await run(['commit', 'report', 'list']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no commit given and no local clone to take HEAD from/);
  });
});

describe('Code Insights on Bitbucket Data Center (bb sandbox --kind dc)', () => {
  let sb: DcSandbox;
  let ready: DcReady;
  let env: Record<string, string>;
  let head: string;
  const run = (args: string[]) => sb.bb(args, { env });

  before(async () => {
    sb = await startDcSandbox('bb-e2e-dc-insights-');
    ready = sb.ready;
    await sb.loginAsAdmin();
    env = { BB_HOST: ready.url, BB_REPO: 'ACME/api' };
    const r = await run(['commit', 'view', 'main', '--json', 'hash']);
    ok(r, 'commit view');
    head = (JSON.parse(r.stdout) as Json).hash;
  });
  after(() => sb?.stop());

  test('create (PASS/FAIL, no type, LINK linktext), annotations, list, view, delete', async () => {
    const data = join(sb.dir, 'data.json');
    writeFileSync(data, JSON.stringify([{ title: 'Build', type: 'LINK', value: { text: 'job 7', href: 'https://ci.example.test/7' } }]));
    const file = join(sb.dir, 'ann.json');
    writeFileSync(file, JSON.stringify([...annotations(2), { externalId: 'c', summary: 'critical', severity: 'CRITICAL' }]));
    let r = await run([
      'commit',
      'report',
      'create',
      head,
      'lint',
      '--title',
      'Lint',
      '--type',
      'BUG',
      '--result',
      'FAILED',
      '--data-file',
      data,
      '--annotations',
      file,
    ]);
    ok(r, 'create');
    assert.match(r.stderr, /✓ Published report lint \(FAILED\) on .* with 3 annotations/);

    r = await run(['commit', 'report', 'view', head, 'lint', '--json', 'id,title,type,result,data,uuid']);
    ok(r, 'view');
    assert.deepEqual(JSON.parse(r.stdout), {
      id: 'lint',
      title: 'Lint',
      type: null,
      result: 'FAILED',
      uuid: null,
      data: [{ title: 'Build', type: 'LINK', value: { text: 'job 7', href: 'https://ci.example.test/7' } }],
    });
    r = await run(['commit', 'report', 'list', head]);
    ok(r, 'list');
    assert.equal(r.stdout, 'lint\tFAILED\t\tLint\t\n');

    r = await run(['commit', 'report', 'annotations', 'list', head, 'lint', '--json', 'id,severity,summary,line,reportId']);
    ok(r, 'annotations list');
    assert.deepEqual(JSON.parse(r.stdout), [
      { id: 'a-1', severity: 'LOW', summary: 'finding 1', line: 1, reportId: 'lint' },
      { id: 'a-2', severity: 'HIGH', summary: 'finding 2', line: 2, reportId: 'lint' },
      { id: 'c', severity: 'HIGH', summary: 'critical', line: null, reportId: 'lint' },
    ]);

    // PENDING: DC has none, the report goes without a result
    r = await run(['commit', 'report', 'create', head, 'e2e', '--title', 'E2E', '--result', 'PENDING', '--json', 'result']);
    ok(r, 'pending');
    assert.deepEqual(JSON.parse(r.stdout), { result: null });

    r = await run(['commit', 'report', 'annotations', 'delete', head, 'lint', 'a-2', '--yes']);
    ok(r, 'annotation delete');
    r = await run(['commit', 'report', 'annotations', 'list', head, 'lint', '--json', 'id']);
    assert.deepEqual(JSON.parse(r.stdout), [{ id: 'a-1' }, { id: 'c' }]);

    // DC needs a severity on each annotation: said before anything is sent
    writeFileSync(file, JSON.stringify([{ externalId: 'n', summary: 'no severity' }]));
    r = await run(['commit', 'report', 'annotations', 'add', head, 'lint', '--file', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /annotation 1 \(n\) has no severity: Bitbucket Data Center requires one/);

    r = await run(['commit', 'report', 'delete', head, 'lint', '--yes']);
    ok(r, 'delete');
    r = await run(['commit', 'report', 'view', head, 'lint']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /API_NOT_FOUND/);
  });
});
