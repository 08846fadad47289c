import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type DcSandbox, startDcSandbox } from '../support/dc.js';

/**
 * ./bin/bb against `bb sandbox --kind dc`: `bb pr create` in a clone of a personal fork (~ADMIN/api) pushes the
 * branch to the fork with bb's credential and opens the pull request in the fork's origin (ACME/api).
 */
let sb: DcSandbox;

before(async () => {
  sb = await startDcSandbox('bb-e2e-dc-fork-pr-');
  await sb.loginAsAdmin();
});

after(() => sb?.stop());

test('Data Center pr create in a clone of a fork: pushed to the fork, opened in its origin; -R the fork keeps it there', async () => {
  const { ready, dir } = sb;
  const host = new URL(ready.url).host;
  const admin = { Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`, 'Content-Type': 'application/json' };
  const made = await fetch(`${ready.url}/rest/api/latest/projects/ACME/repos/api`, { method: 'POST', headers: admin, body: '{}' });
  assert.equal(made.status, 201, await made.clone().text());

  let r = await sb.bb(['repo', 'clone', `${host}/~ADMIN/api`, 'fork']);
  assert.equal(r.code, 0, r.stderr);
  const clone = join(dir, 'fork');
  await sb.git(['switch', '-q', '-c', 'feature/proposal'], clone);
  writeFileSync(join(clone, 'proposal.txt'), 'a proposal from the fork\n');
  await sb.git(['add', 'proposal.txt'], clone);
  await sb.git(['-c', 'user.name=E2E', '-c', 'user.email=e2e@sandbox.test', 'commit', '-qm', 'Propose'], clone);
  const local = (await sb.git(['rev-parse', 'HEAD'], clone)).trim();

  r = await sb.bb(['pr', 'create', '--title', 'A proposal', '--push'], { cwd: clone });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /✓ Created pull request #(\d+) in ACME\/api: ~admin\/api:feature\/proposal → main\n/i);
  const id = /#(\d+) in ACME/.exec(r.stderr)?.[1];
  const pr = (await (await fetch(`${ready.url}/rest/api/latest/projects/ACME/repos/api/pull-requests/${id}`, { headers: admin })).json()) as {
    fromRef: { id: string; latestCommit: string; repository: { slug: string; project: { key: string } } };
    toRef: { id: string; repository: { project: { key: string } } };
  };
  assert.deepEqual(
    [pr.fromRef.id, pr.fromRef.repository.project.key, pr.toRef.repository.project.key, pr.fromRef.latestCommit],
    ['refs/heads/feature/proposal', '~ADMIN', 'ACME', local],
    'from the fork, into its origin, at the pushed commit',
  );

  // -R the fork itself: the pull request stays in the fork
  await sb.git(['switch', '-q', '-c', 'feature/inside'], clone);
  await sb.git(['-c', 'user.name=E2E', '-c', 'user.email=e2e@sandbox.test', 'commit', '-q', '--allow-empty', '-m', 'Inside'], clone);
  r = await sb.bb(['pr', 'create', '-R', `${host}/~ADMIN/api`, '--title', 'Inside the fork', '--push', '--json', 'baseRepository,headRepository'], {
    cwd: clone,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { baseRepository: '~ADMIN/api', headRepository: '~ADMIN/api' });
});
