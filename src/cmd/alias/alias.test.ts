import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { expandAlias, splitWords } from '../../context/alias.js';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { runBb, tempDir } from '../../../test/support/run.js';

test('splitWords and expandAlias: quotes, $N placeholders, the rest appended', () => {
  assert.deepEqual(splitWords(`pr list --search 'title ~ "x y"' a\\ b`), ['pr', 'list', '--search', 'title ~ "x y"', 'a b']);
  assert.deepEqual(expandAlias({ co: 'pr checkout' }, ['co', '42', '--force']), ['pr', 'checkout', '42', '--force']);
  assert.deepEqual(expandAlias({ mine: 'pr list --state $1' }, ['mine', 'merged', '-L', '3']), ['pr', 'list', '--state', 'merged', '-L', '3']);
  assert.deepEqual(expandAlias({}, ['pr', 'list']), ['pr', 'list']);
  assert.throws(() => expandAlias({ mine: 'pr list --state $1' }, ['mine']), /needs an argument for \$1/);
});

test('bb alias set / list / delete: stored in config.json, expanded before parsing, offered by completion', async () => {
  const configDir = tempDir();
  const set = await runBb(['alias', 'set', 'prs', 'pr list --state $1'], { configDir });
  assert.equal(set.code, 0, set.stderr);
  assert.match(set.stderr, /✓ bb prs now runs: bb pr list --state \$1/);
  assert.deepEqual(JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')).aliases, { prs: 'pr list --state $1' });

  const reg = new FetchRegistry().stub({
    method: 'GET',
    path: '/repositories/acme/web/pullrequests',
    body: { values: [] },
    check: ({ url }) => assert.deepEqual(url.searchParams.getAll('state'), ['MERGED']),
  });
  const run = await runBb(['prs', 'merged', '-R', 'acme/web'], { configDir, fetch: reg.fetch, env: { BB_TOKEN: 't' } });
  assert.equal(run.code, 0, run.stderr);
  reg.verify();

  const list = await runBb(['alias', 'list', '--json', 'name,expansion'], { configDir });
  assert.deepEqual(JSON.parse(list.stdout), [{ name: 'prs', expansion: 'pr list --state $1' }]);
  const completion = await runBb(['completion', 'bash'], { configDir });
  assert.match(completion.stdout, /\bprs\b/);

  const again = await runBb(['alias', 'set', 'prs', 'pr list'], { configDir });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /exists.*\nhint: pass --clobber/);
  const shadow = await runBb(['alias', 'set', 'pr', 'repo list'], { configDir });
  assert.match(shadow.stderr, /"pr" is a bb command/);
  const notBb = await runBb(['alias', 'set', 'x', 'rm -rf /'], { configDir });
  assert.match(notBb.stderr, /must be a bb command line/);

  const del = await runBb(['alias', 'delete', 'prs'], { configDir });
  assert.equal(del.code, 0, del.stderr);
  const gone = await runBb(['prs'], { configDir });
  assert.equal(gone.code, 2);
  assert.match(gone.stderr, /unknown command 'prs'/);
});
