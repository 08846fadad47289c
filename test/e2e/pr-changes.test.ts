/**
 * ./bin/bb against both sandboxes: what a pull request brings — `bb pr commits` (fields= on Cloud: list-fields),
 * `bb pr patch` (Cloud: the 302 to the repository patch; DC: …/pull-requests/{id}.patch) and `bb pr merge-base`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DcSandbox, startDcSandbox } from '../support/dc.js';
import { errorCode } from '../support/e2e.js';
import { bb, type SandboxProcess, startSandbox } from '../support/sandbox.js';

type Json = { hash: string; subject: string; parents: string[] };

describe('a pull request’s commits, patch and merge base on Bitbucket Cloud', () => {
  let sb: SandboxProcess;
  before(async () => {
    sb = await startSandbox();
  });
  after(() => sb?.stop());
  const run = (args: string[]) => bb([...args, '-R', 'acme/web'], { env: sb.env() });

  test('commits, patch and merge base agree', async () => {
    let r = await run(['pr', 'commits', '1', '--json', 'hash,subject,parents']);
    assert.equal(r.code, 0, r.stderr);
    const commits = JSON.parse(r.stdout) as Json[];
    assert.deepEqual(
      commits.map((c) => c.subject),
      ['Add a login form'],
    );
    r = await run(['pr', 'commits', '1']);
    assert.equal(r.stdout.split('\t')[0], commits[0]?.hash, 'piped: the whole hash first');

    r = await run(['pr', 'patch', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^From ${commits[0]?.hash} `));
    assert.match(r.stdout, /^Subject: \[PATCH\] Add a login form$/m);
    assert.match(r.stdout, /^\+\+\+ b\/src\/login\.js$/m);
    const ops = (await sb.requests()).map((q) => q.operation);
    assert.ok(ops.includes('GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/patch'));
    assert.ok(ops.includes('GET /repositories/{workspace}/{repo_slug}/patch/{spec}'), 'the redirect is followed');

    r = await run(['pr', 'merge-base', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${commits[0]?.parents[0]}\n`, 'the parent of the one commit');
    r = await run(['pr', 'merge-base', '1', '--json', 'hash,subject']);
    assert.deepEqual(JSON.parse(r.stdout), { hash: commits[0]?.parents[0], subject: 'Document how to run the site' });

    r = await run(['pr', 'commits', '999']);
    assert.equal(errorCode(r.stderr), 2002);
    assert.match(r.stderr, /pull request #999 not found in acme\/web/);
    r = await run(['pr', 'merge-base', '0']);
    assert.equal(r.code, 2);
  });
});

describe('a pull request’s commits, patch and merge base on Bitbucket Data Center', () => {
  let sb: DcSandbox;
  let R: string;
  before(async () => {
    sb = await startDcSandbox('bb-e2e-dc-changes-');
    await sb.loginAsAdmin();
    R = `${new URL(sb.ready.url).host}/ACME/api`;
  });
  after(() => sb?.stop());
  const run = (args: string[]) => sb.bb([...args, '-R', R]);

  test('commits, patch and merge base agree', async () => {
    let r = await run(['pr', 'commits', '1', '--json', 'hash,subject,parents,url']);
    assert.equal(r.code, 0, r.stderr);
    const commits = JSON.parse(r.stdout) as Array<Json & { url: string }>;
    assert.ok(commits.length > 0);
    assert.match(commits[0]?.url ?? '', /\/projects\/ACME\/repos\/api\/commits\/[0-9a-f]{40}$/);
    const oldest = commits.at(-1) as Json;

    r = await run(['pr', 'patch', '1']);
    assert.equal(r.code, 0, r.stderr);
    for (const c of commits) assert.ok(r.stdout.includes(`From ${c.hash} `), `the patch holds ${c.hash}`);
    assert.match(r.stdout, new RegExp(`^Subject: \\[PATCH[^\\]]*\\] ${oldest.subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));

    r = await run(['pr', 'merge-base', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${oldest.parents[0]}\n`, 'the parent of the oldest commit');

    r = await run(['pr', 'patch', '999']);
    assert.equal(errorCode(r.stderr), 2002);
    assert.match(r.stderr, /pull request #999 not found/);
  });
});
