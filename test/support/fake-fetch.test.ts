/**
 * The support code itself: runBb verifies a FetchRegistry after every test, so an unused stub (or an
 * unstubbed request) fails a test that never calls `verify()`. Runs fake-fetch.fixture.ts in a
 * child `node --test` and reads each test's verdict from its TAP output.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const FIXTURE = fileURLToPath(new URL('./fake-fetch.fixture.ts', import.meta.url));

test('runBb fails a test whose registry kept an unused stub or saw an unstubbed request, without verify()', () => {
  // a child of a test run is told so (NODE_TEST_CONTEXT) and would not run its file: this one is a run of its own
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', FIXTURE], {
    encoding: 'utf8',
    env: { ...env, NO_COLOR: '1' },
  });
  const out = child.stdout;
  const verdicts = Object.fromEntries([...out.matchAll(/^(not ok|ok) \d+ - (.+)$/gm)].map((m) => [m[2], m[1]]));
  assert.deepEqual(
    verdicts,
    {
      'fails: a stub the run never used': 'not ok',
      'fails: a request no stub matched': 'not ok',
      'fails: a stub behind a wrapper tied with sameRegistry': 'not ok',
      'passes: one registry over two runs, the second stub added between them': 'ok',
      'passes: a later test is not charged with an earlier test’s registry': 'ok',
    },
    out + child.stderr,
  );
  assert.equal(child.status, 1, 'the child run fails');
  // each failure names what was wrong
  assert.match(out, /stubs never requested: GET \/never\/asked/);
  assert.match(out, /requests no stub matched: GET \/user/);
  assert.match(out, /stubs never requested: GET \/wrapped\/never/);
});
