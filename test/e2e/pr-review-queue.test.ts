/**
 * ./bin/bb against both sandboxes: `bb pr status --workspace` — the reviewer queue of a whole workspace (Cloud: every
 * repository, asked a few at a time, and the workspace's pull requests of the user; DC: the dashboard, narrowed to a
 * project), and the pull requests the user opened there.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DcSandbox, startDcSandbox } from '../support/dc.js';
import { bb, type SandboxProcess, startSandbox } from '../support/sandbox.js';

type Status = {
  currentBranch: unknown;
  createdByYou: Array<{ id: number; baseRepository: string }>;
  needsReview: Array<{ id: number; baseRepository: string }>;
};
const ids = (prs: Status['needsReview']) => prs.map((p) => `${p.baseRepository}#${p.id}`).sort();

describe('pr status --workspace on Bitbucket Cloud', () => {
  let sb: SandboxProcess;
  before(async () => {
    sb = await startSandbox();
  });
  after(() => sb?.stop());

  test('the pull requests waiting for my review in every repository, and mine', async () => {
    // alex opens a pull request in acme/api and asks dev (the sandbox's token user) to review it
    const { token: alex } = await sb.mintToken({
      user: 'alex',
      scopes: ['read:pullrequest:bitbucket', 'write:pullrequest:bitbucket', 'read:repository:bitbucket'],
    });
    const dev = (await (await sb.api('/user')).json()) as { uuid: string };
    const created = await sb.api('/repositories/acme/api/pullrequests', {
      token: alex,
      bearer: true,
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Raise the timeout', source: { branch: { name: 'fix/timeout' } }, reviewers: [{ uuid: dev.uuid }] }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const pr = (await created.json()) as { id: number };

    let r = await bb(['pr', 'status', '--workspace', 'acme', '--json', 'currentBranch,createdByYou,needsReview'], { env: sb.env() });
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as Status;
    assert.equal(s.currentBranch, null);
    assert.deepEqual(ids(s.needsReview), [`acme/api#${pr.id}`]);
    assert.deepEqual(ids(s.createdByYou), ['acme/web#1', 'acme/web#2']);
    const ops = (await sb.requests()).map((q) => q.operation);
    assert.ok(ops.includes('GET /workspaces/{workspace}/pullrequests/{selected_user}'), 'my own from the workspace listing');
    assert.ok(ops.filter((o) => o === 'GET /repositories/{workspace}/{repo_slug}/pullrequests').length >= 3, 'each repository of acme asked');

    r = await bb(['pr', 'status', '--workspace', 'acme'], { env: sb.env() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Relevant pull requests in acme/);
    assert.match(r.stdout, new RegExp(`Requesting a code review from you\\n {2}#${pr.id} {2}acme/api Raise the timeout \\[fix/timeout → main\\]`));

    // approved: no longer waiting for me
    r = await bb(['pr', 'approve', String(pr.id), '-R', 'acme/api'], { env: sb.env() });
    assert.equal(r.code, 0, r.stderr);
    r = await bb(['pr', 'status', '--workspace', 'acme', '--json', 'needsReview'], { env: sb.env() });
    assert.deepEqual((JSON.parse(r.stdout) as Status).needsReview, []);

    r = await bb(['pr', 'status', '--workspace', 'acme', '-R', 'acme/web'], { env: sb.env() });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--workspace and --repo cannot be used together/);
    r = await bb(['pr', 'status', '--workspace', 'nosuch'], { env: sb.env() });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /workspace nosuch not found/);
  });
});

describe('pr status --workspace on Bitbucket Data Center (the dashboard)', () => {
  let sb: DcSandbox;
  before(async () => {
    sb = await startDcSandbox('bb-e2e-dc-queue-');
    await sb.loginAsAdmin();
  });
  after(() => sb?.stop());

  test('the project’s pull requests waiting for my review, and mine', async () => {
    const host = new URL(sb.ready.url).host;
    const env = { BB_HOST: host };
    let r = await sb.bb(['pr', 'status', '--workspace', 'ACME', '--json', 'createdByYou,needsReview'], { env });
    assert.equal(r.code, 0, r.stderr);
    let s = JSON.parse(r.stdout) as Status;
    assert.deepEqual(ids(s.needsReview), ['ACME/api#1']);
    assert.deepEqual(s.createdByYou, []);

    r = await sb.bb(['pr', 'status', '--workspace', 'OTHER', '--json', 'needsReview'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as Status).needsReview, [], 'another project: not this one’s');

    r = await sb.bb(['pr', 'approve', '1', '-R', `${host}/ACME/api`]);
    assert.equal(r.code, 0, r.stderr);
    r = await sb.bb(['pr', 'status', '--workspace', 'ACME', '--json', 'needsReview'], { env });
    s = JSON.parse(r.stdout) as Status;
    assert.deepEqual(s.needsReview, []);
  });
});
