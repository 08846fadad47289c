/**
 * `bb auth git-credential` and `bb auth setup-git` for Data Center hosts, in-process against the DC sandbox: the
 * credential goes only to the host it belongs to — the DC instance's origin gets the DC login, Cloud's git host the
 * Cloud one, any other origin nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Git } from '../../git/git.js';
import type { DcSandboxHandle } from '../../sandbox/dc/index.js';
import { startSandbox } from '../../sandbox/index.js';
import { runBb, tempDir } from '../../../test/support/run.js';

/** A git that records `git config` calls (setup-git) and knows no remote. */
function recordingGit(): Git & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    async run(args) {
      calls.push(args);
      if (args[0] === 'config') return '';
      throw new Error('not a git repository');
    },
  };
}

describe('git credentials for Data Center hosts', () => {
  let h: DcSandboxHandle;
  let host: string;
  let origin: string;
  before(async () => {
    h = await startSandbox({ kind: 'dc' });
    host = new URL(h.url).host;
    origin = new URL(h.url).origin;
  });
  after(() => h.close());

  const ask = (configDir: string, askHost: string, protocol = 'http', extra = '', env: Record<string, string> = {}) =>
    runBb(['auth', 'git-credential', 'get'], { configDir, env, fetch: globalThis.fetch, stdin: `protocol=${protocol}\nhost=${askHost}\n${extra}\n` });

  test('a stored Basic login: username and password for its own origin only; Cloud gets the Cloud login; others nothing', async () => {
    const configDir = tempDir('bb-gitcred-dc-');
    let r = await runBb(['auth', 'login', '--hostname', h.url, '--username', 'admin', '--with-token', '--insecure-storage'], {
      configDir,
      fetch: globalThis.fetch,
      stdin: 'admin\n',
    });
    assert.equal(r.code, 0, r.stderr);

    r = await ask(configDir, host);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `protocol=http\nhost=${host}\nusername=admin\npassword=admin\n`);

    // the only login is the DC one (so bb's default host is DC): Cloud's git host must not receive it
    r = await ask(configDir, 'bitbucket.test', 'https');
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '', 'the DC credential never goes to the Cloud host');
    for (const [p, other] of [
      ['http', `127.0.0.1:${Number(new URL(h.url).port) + 1}`],
      ['https', host],
      ['https', 'evil.example'],
    ] as const) {
      r = await ask(configDir, other, p);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, '', `nothing for ${p}://${other}`);
    }

    // with a Cloud login too: each host gets its own
    r = await runBb(['auth', 'login', '--email', 'ada@example.com', '--with-token', '--insecure-storage', '--no-verify'], { configDir, stdin: 'cloud-tok\n' });
    assert.equal(r.code, 0, r.stderr);
    r = await ask(configDir, 'bitbucket.test', 'https');
    assert.equal(r.stdout, 'protocol=https\nhost=bitbucket.test\nusername=x-bitbucket-api-token-auth\npassword=cloud-tok\n');
    r = await ask(configDir, host);
    assert.equal(r.stdout, `protocol=http\nhost=${host}\nusername=admin\npassword=admin\n`);
  });

  test('BB_HOST with BB_USERNAME/BB_TOKEN and no stored login: answers for that instance', async () => {
    const configDir = tempDir('bb-gitcred-dc-');
    const env = { BB_HOST: h.url, BB_USERNAME: 'dev', BB_TOKEN: 'dev' };
    let r = await ask(configDir, host, 'http', '', env);
    assert.equal(r.stdout, `protocol=http\nhost=${host}\nusername=dev\npassword=dev\n`);
    r = await ask(configDir, 'evil.example', 'https', '', env);
    assert.equal(r.stdout, '');
    // BB_TOKEN is the DC instance's here (BB_HOST names it): Cloud's git host never gets it
    r = await ask(configDir, 'bitbucket.test', 'https', '', env);
    assert.equal(r.stdout, '');
  });

  test('an HTTP access token (Bearer only on DC): authtype=Bearer when git offers the capability; otherwise nothing, and a note', async () => {
    const configDir = tempDir('bb-gitcred-dc-');
    const { token } = h.store.mintToken({ name: 'git', user: 'dev', kind: 'access', permissions: ['REPO_WRITE'] });
    let r = await runBb(['auth', 'login', '--hostname', h.url, '--with-token', '--insecure-storage'], {
      configDir,
      fetch: globalThis.fetch,
      stdin: `${token}\n`,
    });
    assert.equal(r.code, 0, r.stderr);

    r = await ask(configDir, host);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '', 'no username/password: DC refuses project and repository tokens in Basic');
    assert.match(r.stderr, /HTTP access token, which Data Center accepts over git only as a Bearer token.*git 2\.46 or later/);
    assert.ok(!r.stderr.includes(token));

    r = await ask(configDir, host, 'http', 'capability[]=authtype\ncapability[]=state\nwwwauth[]=Basic realm="Bitbucket"\n');
    assert.equal(r.stdout, `capability[]=authtype\nprotocol=http\nhost=${host}\nauthtype=Bearer\ncredential=${token}\nephemeral=1\n`);
    r = await ask(configDir, 'evil.example', 'https', 'capability[]=authtype\n');
    assert.equal(r.stdout, '');
  });

  test('setup-git --hostname: the DC origin; a host bb has no login for is refused; without it, the lone DC login', async () => {
    const configDir = tempDir('bb-setup-git-dc-');
    let r = await runBb(['auth', 'login', '--hostname', h.url, '--username', 'admin', '--with-token', '--insecure-storage'], {
      configDir,
      fetch: globalThis.fetch,
      stdin: 'admin\n',
    });
    assert.equal(r.code, 0, r.stderr);

    const scope = `credential.${origin}.helper`;
    // (BB_API_URL unset for the second: the lone stored login, a DC one, is then the host bb talks to)
    for (const [argv, env] of [
      [['auth', 'setup-git', '--hostname', host], {}],
      [['auth', 'setup-git'], { BB_API_URL: '' }],
    ] as const) {
      const git = recordingGit();
      r = await runBb([...argv], { configDir, git, env });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, new RegExp(`✓ git now asks bb for credentials for ${origin.replace(/\./g, '\\.')} \\(global config\\)`));
      // what is written (reading the clone's remote and default to choose the host writes nothing)
      const writes = git.calls.filter((c) => !(c[0] === 'config' && c.includes('--get')) && !(c[0] === 'remote'));
      assert.deepEqual(writes[0], ['config', '--global', '--replace-all', scope, '']);
      assert.deepEqual(writes[1]?.slice(0, 4), ['config', '--global', '--add', scope]);
      assert.match(writes[1]?.[4] ?? '', /^!'.+' '.+' auth git-credential$/);
      assert.equal(writes.length, 2);
      assert.ok(!git.calls.flat().some((a) => a.includes('admin')), 'nothing secret in git config');
    }

    const git = recordingGit();
    r = await runBb(['auth', 'setup-git', '--local', '--hostname', 'bitbucket.other.example'], { configDir, git });
    assert.equal(r.code, 4);
    assert.match(r.stderr, /^error 1001 AUTH_REQUIRED: not logged in to bitbucket\.other\.example/m);
    assert.match(r.stderr, /^hint: log in first: bb auth login --hostname bitbucket\.other\.example/m);
    assert.equal(git.calls.length, 0);

    // Cloud stays Cloud with --hostname bitbucket.org
    const cloud = recordingGit();
    r = await runBb(['auth', 'setup-git', '--hostname', 'bitbucket.org'], { configDir, git: cloud });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(cloud.calls[0]?.[3], 'credential.https://bitbucket.test.helper');
  });

  test('setup-git for a Bearer-only login says git 2.46 is needed', async () => {
    const configDir = tempDir('bb-setup-git-dc-');
    const { token } = h.store.mintToken({ name: 'git', user: 'dev', kind: 'access', permissions: ['REPO_READ'] });
    let r = await runBb(['auth', 'login', '--hostname', h.url, '--with-token', '--insecure-storage'], {
      configDir,
      fetch: globalThis.fetch,
      stdin: `${token}\n`,
    });
    assert.equal(r.code, 0, r.stderr);
    r = await runBb(['auth', 'setup-git', '--hostname', h.url], { configDir, git: recordingGit() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`! ${host.replace(/\./g, '\\.')}: an HTTP access token goes to git as a Bearer token, which needs git 2\\.46 or later`));
    assert.ok(!r.stderr.includes(token));
  });
});
