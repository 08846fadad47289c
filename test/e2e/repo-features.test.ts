/**
 * Issues, snippets, webhooks (with real deliveries to a receiver on 127.0.0.1), SSH/GPG/deploy keys,
 * downloads, `browse --no-browser` and `workspace members`: the built CLI (`./bin/bb`, child
 * processes) against one `bb sandbox` (demo seed), asserting piped rows, --json, stderr and exit
 * statuses, error paths included. Tokens reach bb and git through the environment only.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { type BbResult, bb, gitAuthEnv, type SandboxProcess, startSandbox, tempDir } from '../support/sandbox.js';
import { GPG_FPR, GPG_KEY } from '../support/fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: loosely typed JSON answers
type Json = Record<string, any>;

const exec = promisify(execFile);

/** A throwaway ed25519 GPG public key (made with gpg) and its fingerprint; the same fixture as sandbox-repo-features.test.ts. */

/** An ed25519 OpenSSH public key with a random body (when ssh-keygen is missing). */
function fixtureSshKey(comment: string): string {
  const type = Buffer.from('ssh-ed25519');
  const key = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + comment.length) & 255));
  const blob = Buffer.concat([Buffer.from([0, 0, 0, type.length]), type, Buffer.from([0, 0, 0, 32]), key]);
  return `ssh-ed25519 ${blob.toString('base64')} ${comment}`;
}

describe('issues, snippets, webhooks, keys, downloads, browse, members (built CLI against bb sandbox)', () => {
  let sb: SandboxProcess;
  let env: Record<string, string | undefined>;
  let dir: string;
  const run = (args: string[], o: { input?: string; extra?: Record<string, string | undefined>; cwd?: string } = {}): Promise<BbResult> =>
    bb(args, { env: { ...env, ...o.extra }, cwd: o.cwd ?? dir, ...(o.input !== undefined ? { input: o.input } : {}) });
  const ok = (r: BbResult, what: string) => assert.equal(r.code, 0, `${what}: exit ${r.code}\n${r.stderr}`);
  const rows = (r: BbResult) =>
    r.stdout
      .trimEnd()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split('\t'));

  before(async () => {
    sb = await startSandbox({ legacy: true });
    dir = tempDir('bb-e2e-features-');
    env = sb.env({ BB_REPO: 'acme/web', HOME: dir, XDG_CONFIG_HOME: join(dir, '.config') });
  });
  after(async () => {
    await sb?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // ---------------- issues ----------------

  test('issue list|view|create|edit|close|reopen|comment', async () => {
    const l = await run(['issue', 'list']);
    ok(l, 'issue list');
    assert.deepEqual(
      rows(l).map((r) => r.slice(0, 6)),
      [['#1', 'Login form does not trim the user name', 'open', 'bug', 'major', 'dev']],
    );
    const all = await run(['issue', 'list', '--state', 'all', '--json', 'id,state,kind']);
    assert.deepEqual(JSON.parse(all.stdout), [
      { id: 2, state: 'resolved', kind: 'task' },
      { id: 1, state: 'open', kind: 'bug' },
    ]);

    const v = await run(['issue', 'view', '1', '--comments']);
    ok(v, 'issue view');
    assert.match(
      v.stdout,
      /^title:\tLogin form does not trim the user name\nid:\t1\nstate:\topen\nkind:\tbug\npriority:\tmajor\nreporter:\talex\nassignee:\tdev\n/,
    );
    assert.match(v.stdout, /\n\nTyping " alex" greets " alex"\. Trim the input first\.\n/);
    assert.match(v.stdout, /\n— dev \([^)]+\)\nConfirmed; fixing it on feature\/login\.\n/);

    const c = await run(['issue', 'create', '--title', 'Checkout button overlaps', '--body-file', '-', '--kind', 'bug', '--priority', 'critical'], {
      input: 'On narrow screens.\n',
    });
    ok(c, 'issue create');
    assert.match(c.stdout, /^http:\/\/127\.0\.0\.1:\d+\/acme\/web\/issues\/3\n$/);
    assert.equal(c.stderr, '✓ Created issue #3 in acme/web\n');
    let j = JSON.parse((await run(['issue', 'view', '3', '--json', 'title,body,state,kind,priority,reporter,assignee'])).stdout);
    assert.deepEqual(
      { ...j, reporter: j.reporter?.nickname },
      {
        title: 'Checkout button overlaps',
        body: 'On narrow screens.\n',
        state: 'new',
        kind: 'bug',
        priority: 'critical',
        reporter: 'dev',
        assignee: null,
      },
    );

    const e = await run(['issue', 'edit', '3', '--title', 'Checkout button overlaps the cart', '--assignee', '@me', '--priority', 'major']);
    ok(e, 'issue edit');
    assert.equal(e.stderr, '✓ Edited issue #3\n');
    j = JSON.parse((await run(['issue', 'view', '3', '--json', 'title,priority,assignee'])).stdout);
    assert.equal(j.title, 'Checkout button overlaps the cart');
    assert.equal(j.priority, 'major');
    assert.equal(j.assignee?.nickname, 'dev');

    const cl = await run(['issue', 'close', '3', '--reason', 'duplicate', '--comment', 'Same as #1']);
    ok(cl, 'issue close');
    assert.equal(cl.stderr, '✓ Closed issue #3 (duplicate)\n');
    assert.deepEqual(JSON.parse((await run(['issue', 'list', '--state', 'closed', '--json', 'id,state'])).stdout), [
      { id: 3, state: 'duplicate' },
      { id: 2, state: 'resolved' },
    ]);
    const re = await run(['issue', 'reopen', '3']);
    ok(re, 'issue reopen');
    assert.equal(re.stderr, '✓ Reopened issue #3\n');
    assert.equal(JSON.parse((await run(['issue', 'view', '3', '--json', 'state'])).stdout).state, 'open');

    const cm = await run(['issue', 'comment', '3', '--body-file', '-'], { input: 'Reopened: a different bug.\n' });
    ok(cm, 'issue comment');
    assert.match(cm.stdout, /^http:\/\/127\.0\.0\.1:\d+\/acme\/web\/issues\/3#comment-\d+\n$/);
    const comments = JSON.parse((await run(['issue', 'view', '3', '--comments', '--json', 'comments'])).stdout).comments as Json[];
    assert.deepEqual(
      comments.map((x) => x.body),
      ['Same as #1', 'Reopened: a different bug.\n'],
    );

    const missing = await run(['issue', 'view', '99']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error 2002 API_NOT_FOUND: /);
    const noTitle = await run(['issue', 'create', '--body', 'x']);
    assert.equal(noTitle.code, 2, noTitle.stderr);
    const badKind = await run(['issue', 'create', '--title', 'x', '--kind', 'feature']);
    assert.equal(badKind.code, 2, badKind.stderr);
    assert.match(badKind.stderr, /^error 5002 INVALID_ARGUMENT: /);
  });

  test('a repository with the issue tracker disabled: 2010 ISSUE_TRACKER_DISABLED with a way out', async () => {
    for (const args of [
      ['issue', 'list', '-R', 'acme/api'],
      ['issue', 'view', '1', '-R', 'acme/api'],
      ['issue', 'create', '-R', 'acme/api', '--title', 'x'],
      ['issue', 'comment', '1', '-R', 'acme/api', '--body', 'x'],
    ]) {
      const r = await run(args);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(
        r.stderr,
        /^error 2010 ISSUE_TRACKER_DISABLED: acme\/api has no issue tracker \(it is disabled\)\nhint: an admin can enable it/,
        args.join(' '),
      );
    }
    const j = await run(['issue', 'list', '-R', 'acme/api', '--json', 'id']);
    const e = JSON.parse(j.stderr).error;
    assert.equal(e.code, 2010);
    assert.equal(e.name, 'ISSUE_TRACKER_DISABLED');
  });

  // ---------------- snippets ----------------

  test('snippet list|view|create|edit|delete: several files, standard input', async () => {
    writeFileSync(join(dir, 'deploy.sh'), '#!/bin/sh\necho deploy\n');
    writeFileSync(join(dir, 'notes.md'), '# Notes\n');
    const l = await run(['snippet', 'list', '--workspace', 'acme']);
    ok(l, 'snippet list');
    assert.deepEqual(
      rows(l).map((r) => r.slice(0, 4)),
      [['relchk', 'Release checklist', 'checklist.md, release.sh', 'private']],
    );

    const c = await run(['snippet', 'create', 'deploy.sh', 'notes.md', '-', '--filename', 'env.txt', '--title', 'Deploy kit', '--workspace', 'acme'], {
      input: 'FROM=stdin\n',
    });
    ok(c, 'snippet create');
    const m = /^http:\/\/127\.0\.0\.1:\d+\/acme\/workspace\/snippets\/(\w+)\n$/.exec(c.stdout);
    assert.ok(m, c.stdout);
    const id = m[1] as string;
    assert.equal(c.stderr, `✓ Created snippet ${id} (3 files, private)\n`);
    const noName = await run(['snippet', 'create', '-', '--workspace', 'acme'], { input: 'x' });
    assert.equal(noName.code, 2);
    assert.match(noName.stderr, /^error 5002 INVALID_ARGUMENT: standard input \(-\) needs a name: pass --filename NAME/);

    const v = await run(['snippet', 'view', id, '--workspace', 'acme']);
    ok(v, 'snippet view');
    assert.match(v.stdout, new RegExp(`^title:\\tDeploy kit\\nid:\\t${id}\\nvisibility:\\tprivate\\n`));
    assert.match(v.stdout, /\n-- deploy\.sh --\n#!\/bin\/sh\necho deploy\n/);
    assert.match(v.stdout, /\n-- env\.txt --\nFROM=stdin\n/);
    const raw = await run(['snippet', 'view', id, '--workspace', 'acme', '--file', 'deploy.sh', '--raw']);
    assert.equal(raw.stdout, '#!/bin/sh\necho deploy\n');
    const j = JSON.parse((await run(['snippet', 'list', '--workspace', 'acme', '--json', 'id,title,isPrivate'])).stdout) as Json[];
    assert.deepEqual(
      j.find((s) => s.id === id),
      { id, title: 'Deploy kit', isPrivate: true },
    );

    writeFileSync(join(dir, 'deploy.sh'), '#!/bin/sh\necho deploy v2\n');
    const e = await run(['snippet', 'edit', id, 'deploy.sh', '--delete-file', 'notes.md', '--title', 'Deploy kit v2', '--public', '--workspace', 'acme']);
    ok(e, 'snippet edit');
    const after = JSON.parse((await run(['snippet', 'view', id, '--workspace', 'acme', '--json', 'title,isPrivate,files'])).stdout);
    assert.equal(after.title, 'Deploy kit v2');
    assert.equal(after.isPrivate, false);
    assert.deepEqual(after.files, ['deploy.sh', 'env.txt'], '--delete-file removed notes.md');
    assert.equal((await run(['snippet', 'view', id, '--workspace', 'acme', '--file', 'deploy.sh', '--raw'])).stdout, '#!/bin/sh\necho deploy v2\n');
    const stdinEdit = await run(['snippet', 'edit', id, '-', '--filename', 'env.txt', '--workspace', 'acme'], { input: 'FROM=edit\n' });
    ok(stdinEdit, 'snippet edit from stdin');
    assert.equal((await run(['snippet', 'view', id, '--workspace', 'acme', '--file', 'env.txt', '--raw'])).stdout, 'FROM=edit\n');
    const nothing = await run(['snippet', 'edit', id, '--workspace', 'acme']);
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /^error 5002 INVALID_ARGUMENT: nothing to change/);

    const noYes = await run(['snippet', 'delete', id, '--workspace', 'acme']);
    assert.equal(noYes.code, 2);
    assert.match(noYes.stderr, /^error 5005 CONFIRMATION_REQUIRED: /);
    ok(await run(['snippet', 'delete', id, '--workspace', 'acme', '--yes']), 'snippet delete');
    const gone = await run(['snippet', 'view', id, '--workspace', 'acme']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /^error 2002 API_NOT_FOUND: .*not found\nhint: list them with `bb snippet list`/);
  });

  // ---------------- webhooks ----------------

  test('webhook create|list|delete with deliveries received on 127.0.0.1: X-Event-Key and a valid HMAC', async () => {
    const received: Array<{ path: string; headers: IncomingHttpHeaders; body: string }> = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, body });
        res.writeHead(200);
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const waitFor = async (event: string): Promise<{ headers: IncomingHttpHeaders; body: string }> => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const hit = received.find((d) => d.headers['x-event-key'] === event);
        if (hit) return hit;
        assert.ok(Date.now() < deadline, `no ${event} delivery; got ${received.map((d) => d.headers['x-event-key']).join(', ') || 'none'}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const secret = 'e2e-hook-secret';
    const clone = tempDir('bb-e2e-hook-git-');
    try {
      const c = await run(
        [
          'webhook',
          'create',
          '--url',
          `http://127.0.0.1:${port}/hook`,
          '--events',
          'repo:push,issue:created',
          '--description',
          'e2e',
          '--secret-file',
          '-',
          '--json',
          'uuid,url,events,active,secretSet',
        ],
        { input: `${secret}\n` },
      );
      ok(c, 'webhook create');
      assert.ok(!c.stdout.includes(secret) && !c.stderr.includes(secret), 'the secret is never printed');
      const hook = JSON.parse(c.stdout);
      assert.deepEqual(
        { ...hook, uuid: undefined },
        { uuid: undefined, url: `http://127.0.0.1:${port}/hook`, events: ['issue:created', 'repo:push'], active: true, secretSet: true },
      );
      assert.match(hook.uuid, /^\{[0-9a-f-]{36}\}$/);

      const l = await run(['webhook', 'list']);
      ok(l, 'webhook list');
      const listed = rows(l);
      assert.equal(listed.length, 2, 'the demo hook and this one');
      assert.deepEqual(
        listed.find((r) => r[0] === hook.uuid),
        [hook.uuid, `http://127.0.0.1:${port}/hook`, 'issue:created,repo:push', 'yes', 'e2e'],
      );
      assert.ok(!l.stdout.includes(secret));

      // issue:created, caused by bb
      ok(await run(['issue', 'create', '--title', 'Hooked issue']), 'issue create');
      const issue = await waitFor('issue:created');
      assert.equal(issue.headers['x-hub-signature'], `sha256=${createHmac('sha256', secret).update(issue.body).digest('hex')}`);
      const ip = JSON.parse(issue.body) as Json;
      assert.equal(ip.issue.title, 'Hooked issue');
      assert.equal(ip.repository.full_name, 'acme/web');
      assert.equal(ip.actor.nickname, 'dev');

      // repo:push, caused by a git push
      const genv = {
        ...process.env,
        ...gitAuthEnv(sb.email, sb.token),
        HOME: dir,
        GIT_AUTHOR_NAME: 'Dev',
        GIT_AUTHOR_EMAIL: 'dev@sandbox.test',
        GIT_COMMITTER_NAME: 'Dev',
        GIT_COMMITTER_EMAIL: 'dev@sandbox.test',
      };
      const origin = sb.url.replace(/\/2\.0$/, '');
      await exec('git', ['clone', '-q', `${origin}/acme/web.git`, clone], { env: genv });
      writeFileSync(join(clone, 'hooked.txt'), 'pushed\n');
      await exec('git', ['-C', clone, 'add', 'hooked.txt'], { env: genv });
      await exec('git', ['-C', clone, 'commit', '-q', '-m', 'Push for the hook'], { env: genv });
      await exec('git', ['-C', clone, 'push', '-q', 'origin', 'HEAD:refs/heads/hooked'], { env: genv });
      const push = await waitFor('repo:push');
      assert.equal(push.headers['x-hub-signature'], `sha256=${createHmac('sha256', secret).update(push.body).digest('hex')}`);
      const change = (JSON.parse(push.body) as Json).push.changes[0];
      assert.equal(change.new.name, 'hooked');
      assert.equal(change.created, true);
      assert.ok(received.every((d) => d.path === '/hook'));

      const noYes = await run(['webhook', 'delete', hook.uuid]);
      assert.equal(noYes.code, 2);
      assert.match(noYes.stderr, /^error 5005 CONFIRMATION_REQUIRED: /);
      ok(await run(['webhook', 'delete', hook.uuid, '--yes']), 'webhook delete');
      assert.ok(!(await run(['webhook', 'list'])).stdout.includes(hook.uuid));
      const before = received.length;
      ok(await run(['issue', 'create', '--title', 'After the hook is gone']), 'issue create');
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(received.length, before, 'no delivery after delete');
      const again = await run(['webhook', 'delete', hook.uuid, '--yes']);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /^error 2002 API_NOT_FOUND: no webhook .* on acme\/web/);

      const bad = await run(['webhook', 'create', '--url', 'http://127.0.0.1:9/h', '--events', 'nope:x']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /^error 5002 INVALID_ARGUMENT: not repository webhook event: nope:x\nhint: repository events: /);
      const ws = await run([
        'webhook',
        'create',
        '--workspace',
        'acme',
        '--url',
        `http://127.0.0.1:${port}/ws`,
        '--events',
        'repo:push',
        '--json',
        'uuid,subjectType',
      ]);
      ok(ws, 'webhook create --workspace');
      const wsHook = JSON.parse(ws.stdout);
      assert.equal(wsHook.subjectType, 'workspace');
      assert.equal(rows(await run(['webhook', 'list', '--workspace', 'acme']))[0]?.[0], wsHook.uuid);
      ok(await run(['webhook', 'delete', wsHook.uuid, '--workspace', 'acme', '--yes']), 'webhook delete --workspace');
    } finally {
      server.close();
      rmSync(clone, { recursive: true, force: true });
    }
  });

  test('an issue-event webhook with an access token lacking the issue scope: 2003 naming it; an API token needs only the webhook scopes', async () => {
    // API tokens: the spec's scopes for POST …/hooks (the issue rule is published for legacy scopes only)
    const granular = await sb.mintToken({ scopes: ['read:webhook:bitbucket', 'write:webhook:bitbucket'] });
    const g = await run(['webhook', 'create', '--url', 'http://127.0.0.1:9/h', '--events', 'issue:created', '--json', 'uuid'], {
      extra: { BB_TOKEN: granular.token },
    });
    ok(g, 'webhook create issue:created with read:webhook and write:webhook');
    ok(await run(['webhook', 'delete', JSON.parse(g.stdout).uuid, '--yes']), 'webhook delete');
    const legacy = await sb.mintToken({ legacyScopes: ['webhook', 'repository'] });
    const l = await run(['webhook', 'create', '--url', 'http://127.0.0.1:9/h', '--events', 'issue:created', '--json', 'uuid'], {
      extra: { BB_TOKEN: legacy.token, BB_EMAIL: undefined },
    });
    assert.equal(l.code, 4, l.stderr);
    const e = JSON.parse(l.stderr).error;
    assert.equal(e.code, 2003);
    assert.deepEqual(e.missingScopes, ['issue']);
    assert.equal(e.operation, 'POST /repositories/{workspace}/{repo_slug}/hooks');
    // the same token may subscribe to other events
    const push = await run(['webhook', 'create', '--url', 'http://127.0.0.1:9/h', '--events', 'repo:push', '--json', 'uuid'], {
      extra: { BB_TOKEN: legacy.token, BB_EMAIL: undefined },
    });
    ok(push, 'webhook create repo:push with the webhook scope only');
    ok(await run(['webhook', 'delete', JSON.parse(push.stdout).uuid, '--yes']), 'webhook delete');
  });

  // ---------------- keys ----------------

  test('ssh-key and deploy-key list|add|delete', async () => {
    const keyFile = join(dir, 'id_e2e');
    let pub: string;
    let fingerprint: string | undefined;
    if (existsSync('/usr/bin/ssh-keygen') || existsSync('/bin/ssh-keygen')) {
      await exec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'e2e@laptop', '-f', keyFile]);
      pub = readFileSync(`${keyFile}.pub`, 'utf8');
      fingerprint = (await exec('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${keyFile}.pub`])).stdout.split(' ')[1];
    } else {
      pub = `${fixtureSshKey('e2e@laptop')}\n`;
      writeFileSync(`${keyFile}.pub`, pub);
    }
    assert.equal((await run(['ssh-key', 'list'])).stdout, '', 'no keys yet');
    const a = await run(['ssh-key', 'add', '--key-file', `${keyFile}.pub`, '--label', 'laptop', '--json', 'id,label,comment,fingerprint,key']);
    ok(a, 'ssh-key add');
    const key = JSON.parse(a.stdout);
    assert.match(key.id, /^\{[0-9a-f-]{36}\}$/);
    assert.equal(key.label, 'laptop');
    assert.equal(key.comment, 'e2e@laptop');
    assert.equal(key.key, pub.trim().split(' ').slice(0, 2).join(' '));
    if (fingerprint) assert.equal(key.fingerprint, fingerprint, 'the fingerprint ssh-keygen computes');
    const l = await run(['ssh-key', 'list']);
    assert.deepEqual(
      rows(l).map((r) => r.slice(0, 2)),
      [[key.id, 'laptop']],
    );
    const dup = await run(['ssh-key', 'add', '--key-file', `${keyFile}.pub`]);
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /^error 2007 API_BAD_REQUEST: .*already added that SSH key/);
    const bad = await run(['ssh-key', 'add'], { input: 'not a key\n' });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^error 5002 INVALID_ARGUMENT: not an OpenSSH public key/);
    ok(await run(['ssh-key', 'delete', key.id, '--yes']), 'ssh-key delete');
    assert.equal((await run(['ssh-key', 'list'])).stdout, '');
    const gone = await run(['ssh-key', 'delete', key.id, '--yes']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /^error 2002 API_NOT_FOUND: /);

    // a deploy key from standard input
    const d = await run(['deploy-key', 'add', '--label', 'ci', '--json', 'id,label,key'], { input: pub });
    ok(d, 'deploy-key add');
    const dk = JSON.parse(d.stdout);
    assert.match(String(dk.id), /^\d+$/);
    assert.equal(dk.label, 'ci');
    const dl = await run(['deploy-key', 'list']);
    assert.deepEqual(
      rows(dl).map((r) => r.slice(0, 2)),
      [[String(dk.id), 'ci']],
    );
    assert.equal((await run(['deploy-key', 'list', '-R', 'acme/api'])).stdout, '', 'per repository');
    const noYes = await run(['deploy-key', 'delete', String(dk.id)]);
    assert.equal(noYes.code, 2);
    ok(await run(['deploy-key', 'delete', String(dk.id), '--yes']), 'deploy-key delete');
    assert.equal((await run(['deploy-key', 'list'])).stdout, '');
    const dgone = await run(['deploy-key', 'delete', String(dk.id), '--yes']);
    assert.equal(dgone.code, 1);
    assert.match(dgone.stderr, /^error 2002 API_NOT_FOUND: .*Deploy key \d+ not found/);
  });

  test('gpg-key list|add|delete', async () => {
    writeFileSync(join(dir, 'key.asc'), GPG_KEY);
    const a = await run(['gpg-key', 'add', '--key-file', join(dir, 'key.asc'), '--json', 'fingerprint,keyId']);
    ok(a, 'gpg-key add');
    assert.deepEqual(JSON.parse(a.stdout), { fingerprint: GPG_FPR, keyId: GPG_FPR.slice(-16) });
    const l = await run(['gpg-key', 'list', '--json', 'fingerprint']);
    assert.deepEqual(JSON.parse(l.stdout), [{ fingerprint: GPG_FPR }]);
    const piped = await run(['gpg-key', 'list']);
    assert.ok(piped.stdout.includes(GPG_FPR));
    const dup = await run(['gpg-key', 'add'], { input: GPG_KEY });
    assert.equal(dup.code, 1, dup.stderr);
    ok(await run(['gpg-key', 'delete', GPG_FPR, '--yes']), 'gpg-key delete');
    assert.deepEqual(JSON.parse((await run(['gpg-key', 'list', '--json', 'fingerprint'])).stdout), []);
    const gone = await run(['gpg-key', 'delete', GPG_FPR, '--yes']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /^error 2002 API_NOT_FOUND: /);
  });

  // ---------------- downloads, browse, members ----------------

  test('download list|upload|delete', async () => {
    writeFileSync(join(dir, 'app-1.0.tar.gz'), Buffer.alloc(3000, 7));
    writeFileSync(join(dir, 'notes.txt'), 'release notes\n');
    assert.equal((await run(['download', 'list'])).stdout, '');
    const u = await run(['download', 'upload', 'app-1.0.tar.gz', 'notes.txt']);
    ok(u, 'download upload');
    assert.match(u.stderr, /✓ Uploaded app-1\.0\.tar\.gz \(2\.9 KB\) to acme\/web|✓ Uploaded app-1\.0\.tar\.gz .* to acme\/web/);
    assert.match(u.stderr, /✓ Uploaded notes\.txt \(14 B\) to acme\/web/);
    const renamed = await run(['download', 'upload', 'notes.txt', '--name', 'NOTES-1.0.txt']);
    ok(renamed, 'download upload --name');
    const l = await run(['download', 'list', '--json', 'name,size']);
    ok(l, 'download list');
    assert.deepEqual(
      (JSON.parse(l.stdout) as Json[]).sort((x, y) => (x.name < y.name ? -1 : 1)),
      [
        { name: 'NOTES-1.0.txt', size: 14 },
        { name: 'app-1.0.tar.gz', size: 3000 },
        { name: 'notes.txt', size: 14 },
      ],
    );
    assert.deepEqual(
      rows(await run(['download', 'list']))
        .map((r) => r.slice(0, 2))
        .sort(),
      [
        ['NOTES-1.0.txt', '14'],
        ['app-1.0.tar.gz', '3000'],
        ['notes.txt', '14'],
      ],
    );
    const noYes = await run(['download', 'delete', 'notes.txt']);
    assert.equal(noYes.code, 2);
    ok(await run(['download', 'delete', 'notes.txt', '--yes']), 'download delete');
    assert.ok(!rows(await run(['download', 'list'])).some((r) => r[0] === 'notes.txt'));
    const gone = await run(['download', 'delete', 'notes.txt', '--yes']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /^error 2002 API_NOT_FOUND: no download notes\.txt in acme\/web\nhint: list them with `bb download list`/);
    const missing = await run(['download', 'upload', 'no-such-file.zip']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /^error \d+ [A-Z_]+: .*no-such-file\.zip/);
  });

  test('browse --no-browser prints the right URLs', async () => {
    const web = `${sb.url.replace(/\/2\.0$/, '')}/acme/web`;
    const cases: Array<[string[], string]> = [
      [[], web],
      [['src/index.js:2'], `${web}/src/main/src/index.js#lines-2`],
      [['README.md', '--branch', 'feature/login'], `${web}/src/feature%2Flogin/README.md`],
      [['--commit', 'abc1234'], `${web}/commits/abc1234`],
      [['--pipelines'], `${web}/pipelines`],
      [['--settings'], `${web}/admin`],
      [['-R', 'acme/api'], `${sb.url.replace(/\/2\.0$/, '')}/acme/api`],
    ];
    for (const [args, url] of cases) {
      const r = await run(['browse', ...args, '--no-browser']);
      ok(r, `browse ${args.join(' ')}`);
      assert.equal(r.stdout, `${url}\n`, `browse ${args.join(' ')}`);
    }
    const missing = await run(['browse', '--no-browser', '-R', 'acme/nope']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error 2002 API_NOT_FOUND: /);
  });

  test('workspace members', async () => {
    const m = await run(['workspace', 'members', 'acme']);
    ok(m, 'workspace members');
    assert.deepEqual(rows(m), [
      ['Sandbox Developer', 'dev', '{00000000-0000-4000-8000-000000000001}'],
      ['Alex Reviewer', 'alex', '{00000000-0000-4000-8000-000000000002}'],
    ]);
    const j = await run(['workspace', 'members', '--json', 'nickname']);
    ok(j, 'workspace members (the current repository’s workspace)');
    assert.deepEqual(JSON.parse(j.stdout), [{ nickname: 'dev' }, { nickname: 'alex' }]);
    const none = await run(['workspace', 'members', 'nope']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /^error 2002 API_NOT_FOUND: .*No workspace with identifier 'nope'/);
  });
});
