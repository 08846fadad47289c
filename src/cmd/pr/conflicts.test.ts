/**
 * `bb pr conflicts` in process: Cloud through a FetchRegistry (the 302, a second page on the list's own `next`, a
 * `next` to another origin refused, hostile text from the API), Data Center against the in-process DC sandbox with a
 * real conflict on a file whose name holds terminal escapes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FetchRegistry, TEST_API } from '../../../test/support/fake-fetch.js';
import { runBb } from '../../../test/support/run.js';
import type { DcSandboxHandle } from '../../sandbox/dc/index.js';
import { startSandbox } from '../../sandbox/index.js';
import { API, ENV, page } from './test-fixtures.js';

const CONFLICTS = `${API}/pullrequests/7/conflicts`;
const FILE_CONFLICTS = `${API}/file-conflicts/aaa..bbb`;
const redirect = { method: 'GET', path: CONFLICTS, status: 302, headers: { location: `${TEST_API}${FILE_CONFLICTS}` } };

test('Cloud: the redirect is followed, every page read, hostile text made inert; exit 1 with conflicts', async () => {
  const first = page(
    [{ type: 'file_conflict', path: 'src/\u001b[2Jevil.js', scenario: 'content', message: 'File modified in both\u0007 source and destination' }],
    `${TEST_API}${FILE_CONFLICTS}?page=2`,
  );
  const second = page([{ type: 'file_conflict', path: 'README.md', scenario: 'delete_modify', message: 'File deleted in source and modified in destination' }]);
  const reg = new FetchRegistry()
    .stub(redirect)
    .stub({ method: 'GET', path: FILE_CONFLICTS, body: first })
    .stub({ method: 'GET', path: `${FILE_CONFLICTS}?page=2`, body: second })
    .stub(redirect)
    .stub({ method: 'GET', path: FILE_CONFLICTS, body: first })
    .stub({ method: 'GET', path: `${FILE_CONFLICTS}?page=2`, body: second });
  const piped = await runBb(['pr', 'conflicts', '7'], { fetch: reg.fetch, env: ENV });
  assert.equal(piped.code, 1, piped.stderr);
  assert.ok(!piped.stdout.includes('\u001b') && !piped.stdout.includes('\u0007'), JSON.stringify(piped.stdout));
  const lines = piped.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0] ?? '', /^src\/.*evil\.js\tcontent\tFile modified in both.* source and destination$/);
  assert.equal(lines[1], 'README.md\tdelete_modify\tFile deleted in source and modified in destination');
  const json = await runBb(['pr', 'conflicts', '7', '--json', 'path,scenario,message'], { fetch: reg.fetch, env: ENV });
  assert.equal(json.code, 1);
  assert.ok(!json.stdout.includes('\u001b'), 'escapes are JSON-escaped, never raw');
  assert.deepEqual(
    (JSON.parse(json.stdout) as Array<{ path: string; scenario: string }>).map((c) => [c.path, c.scenario]),
    [
      ['src/\u001b[2Jevil.js', 'content'],
      ['README.md', 'delete_modify'],
    ],
  );
});

test('Cloud: no conflicts is exit 0 and an empty list; a next link to another origin is refused, never followed', async () => {
  const reg = new FetchRegistry()
    .stub(redirect)
    .stub({ method: 'GET', path: FILE_CONFLICTS, body: page([]) })
    .stub(redirect)
    .stub({ method: 'GET', path: FILE_CONFLICTS, body: page([{ type: 'file_conflict', path: 'a', scenario: 'content' }], 'https://evil.test/2.0/x?page=2') });
  const clean = await runBb(['pr', 'conflicts', '7', '--json', 'path'], { fetch: reg.fetch, env: ENV });
  assert.equal(clean.code, 0, clean.stderr);
  assert.deepEqual(JSON.parse(clean.stdout), []);
  const evil = await runBb(['pr', 'conflicts', '7'], { fetch: reg.fetch, env: ENV });
  assert.equal(evil.code, 1);
  assert.match(evil.stderr, /API_BAD_RESPONSE: .*next-page link leaves the list \(https:\/\/evil\.test/);
  assert.ok(!reg.requests.some((r) => r.url.origin === 'https://evil.test'), 'the credential never goes there');
});

test('an argument that is no number is a branch name, quoted in the lookup, never a path', async () => {
  const reg = new FetchRegistry()
    .stub({
      method: 'GET',
      path: `${API}/pullrequests`,
      body: page([]),
      check: ({ url }) => assert.equal(url.searchParams.get('q'), 'source.branch.name="7;rm -rf /"'),
    })
    .stub({ method: 'GET', path: API, body: { full_name: 'acme/web', mainbranch: { name: 'main' } } });
  const r = await runBb(['pr', 'conflicts', '7;rm -rf /'], { fetch: reg.fetch, env: ENV });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /no open pull request/i, r.stderr);
});

describe('Data Center: the conflicts from the pull request changes', () => {
  let h: DcSandboxHandle;
  const env = { BB_REPO: 'ACME/api', BB_USERNAME: 'admin', BB_TOKEN: 'admin' };
  const bb = (argv: string[]) => runBb(argv, { env: { ...env, BB_HOST: h.url }, fetch: globalThis.fetch });
  let id = 0;

  before(async () => {
    h = await startSandbox({ kind: 'dc' });
    const repo = h.store.repo('ACME', 'api');
    assert.ok(repo);
    const git = h.store.git(repo);
    const main = (await git.resolve('main')) as string;
    const tree = await git.readFiles(main);
    const who = { name: 'Sandbox Admin', email: 'admin@sandbox.test', date: '2024-02-01T10:00:00Z' };
    const evil = 'docs/\u001b]0;pwned\u0007title.md';
    const base = await git.writeCommit({ ...tree, [evil]: 'one\n' }, 'Add a file', [main], who);
    const { [evil]: _gone, ...without } = { ...tree, [evil]: 'x' };
    const topic = await git.writeCommit({ ...tree, [evil]: 'two\n', 'README.md': '# topic\n' }, 'Topic', [base], who);
    const next = await git.writeCommit({ ...without, 'README.md': '# main moved\n' }, 'Main moves', [base], who);
    await git.updateRef('refs/heads/main', next);
    await git.updateRef('refs/heads/topic/evil', topic);
    const r = await bb(['pr', 'create', '--head', 'topic/evil', '--base', 'main', '--title', 'Evil', '--no-push', '--json', 'id']);
    assert.equal(r.code, 0, r.stderr);
    id = (JSON.parse(r.stdout) as { id: number }).id;
  });
  after(() => h.close());

  test('each conflicted file with its scenario; escapes in a path made inert; exit 1', async () => {
    const json = await bb(['pr', 'conflicts', String(id), '--json', 'path,scenario,message']);
    assert.equal(json.code, 1, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), [
      { path: 'README.md', scenario: 'content', message: 'File modified in both source and destination' },
      { path: 'docs/\u001b]0;pwned\u0007title.md', scenario: 'modify_delete', message: 'File modified in source and deleted in destination' },
    ]);
    const piped = await bb(['pr', 'conflicts', String(id)]);
    assert.equal(piped.code, 1);
    assert.ok(!piped.stdout.includes('\u001b') && !piped.stdout.includes('\u0007'), JSON.stringify(piped.stdout));
    const clean = await bb(['pr', 'conflicts', '1']);
    assert.equal(clean.code, 0, clean.stderr);
    assert.equal(clean.stdout, '');
  });
});
