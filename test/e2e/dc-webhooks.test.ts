import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type DcReady, type DcSandbox, startDcSandbox } from '../support/dc.js';

/**
 * ./bin/bb against `bb sandbox --kind dc`: a repository's webhooks (DC event keys, the secret from stdin and
 * never printed, REPO_ADMIN needed whatever the token holds).
 */
let sb: DcSandbox;
let ready: DcReady;
let dir: string;
let host: string;

before(async () => {
  sb = await startDcSandbox('bb-e2e-dc-webhooks-');
  ({ ready, dir } = sb);
  host = new URL(sb.ready.url).host;
  await sb.loginAsAdmin();
});

after(() => sb?.stop());

const bb: DcSandbox['bb'] = (args, opts) => sb.bb(args, opts);

/** A token minted by the sandbox's admin endpoint (never passed in argv: through BB_TOKEN). */
const mint = (req: Record<string, unknown>): Promise<string> => sb.mintToken(req);

test('Data Center webhooks: create (DC event keys, secret from stdin, never printed), list, delete', async () => {
  const R = `${host}/ACME/api`;
  let r = await bb(['webhook', 'create', '-R', R, '--url', 'https://ci.example.test/hook', '--events', 'repo:push']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /repo:push is a Bitbucket Cloud event; on Data Center: repo:refs_changed/);

  r = await bb(
    [
      'webhook',
      'create',
      '-R',
      R,
      '--url',
      'https://ci.example.test/hook',
      '--events',
      'repo:refs_changed,pr:opened,pr:reviewer:needs_work',
      '--description',
      'CI',
      '--secret-file',
      '-',
      '--json',
      'id,url,events,active,secretSet,description',
    ],
    { stdin: 's3cr3t-hook\n' },
  );
  assert.equal(r.code, 0, r.stderr);
  const hook = JSON.parse(r.stdout) as { id: string; events: string[]; secretSet: boolean; description: string; active: boolean };
  assert.match(hook.id, /^\d+$/);
  assert.deepEqual(hook.events, ['pr:opened', 'pr:reviewer:needs_work', 'repo:refs_changed']);
  assert.equal(hook.secretSet, true);
  assert.equal(hook.description, 'CI');
  assert.ok(!`${r.stdout}${r.stderr}`.includes('s3cr3t-hook'), 'the secret is never printed');
  assert.match(r.stderr, new RegExp(`✓ Created webhook ${hook.id} on ACME/api`));

  r = await bb(['webhook', 'list', '-R', R]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${hook.id}\thttps://ci.example.test/hook\tpr:opened,pr:reviewer:needs_work,repo:refs_changed\tyes\tCI\n`);
  assert.ok(!r.stdout.includes('s3cr3t-hook'));

  // view: the same fields as the list, by number; a number that is none of the repository's names it
  r = await bb(['webhook', 'view', hook.id, '-R', R, '--json', 'id,url,events,active,secretSet,description']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), hook);
  r = await bb(['webhook', 'view', hook.id, '-R', R]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^id:\\s+${hook.id}$`, 'm'));
  assert.match(r.stdout, /^secret:\s+set$/m);
  assert.ok(!r.stdout.includes('s3cr3t-hook'));
  r = await bb(['webhook', 'view', '999999', '-R', R]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^error 2002 API_NOT_FOUND: no webhook 999999 on ACME\/api/m);
  r = await bb(['webhook', 'view', '{4f1c2d3e-0000-4000-8000-000000000001}', '-R', R]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /is not a webhook id: expected its number/);

  r = await bb(['webhook', 'delete', hook.id, '-R', R]);
  assert.equal(r.code, 2, 'a delete without --yes and no terminal is refused');
  r = await bb(['webhook', 'delete', hook.id, '-R', R, '--yes']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`✓ Deleted webhook ${hook.id} from ACME/api`));
  r = await bb(['webhook', 'list', '-R', R, '--json', 'id']);
  assert.deepEqual(JSON.parse(r.stdout), []);
  r = await bb(['webhook', 'delete', hook.id, '-R', R, '--yes']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`^error 2002 API_NOT_FOUND: no webhook ${hook.id} on ACME/api`));

  // dev has REPO_WRITE on ACME/api: webhooks need REPO_ADMIN, whatever the token holds (the cap)
  const devToken = await mint({ user: 'dev', permissions: ['REPO_ADMIN'] });
  r = await bb(['webhook', 'list', '-R', R], { env: { BB_HOST: ready.url, BB_TOKEN: devToken, BB_CONFIG_DIR: join(dir, 'dev') } });
  assert.equal(r.code, 4, r.stderr);
  assert.match(
    r.stderr,
    /^error 2003 API_FORBIDDEN: GET \/api\/latest\/projects\/\{projectKey\}\/repos\/\{repositorySlug\}\/webhooks needs REPO_ADMIN permission/m,
  );
  assert.ok(!r.stderr.includes(devToken));
});
