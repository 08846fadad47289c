/**
 * `bb pr create` pushing the branch on Data Center, in-process against the DC sandbox with the real git: the push
 * authenticates with bb's credential for the instance (Basic: the env-only helper; Bearer: a header), set in the
 * environment of that one git process — never in argv, the remote URL or .git/config — and only for the instance's
 * own origin.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Git, systemGit } from '../../git/git.js';
import type { DcSandboxHandle } from '../../sandbox/dc/index.js';
import { startSandbox } from '../../sandbox/index.js';
import { runBb, tempDir } from '../../../test/support/run.js';

describe('pr create --push on Data Center', () => {
  let h: DcSandboxHandle;
  let work: string;
  let clone: string;
  const gitEnv = (): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: tempDir('bb-home-'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'T',
    GIT_AUTHOR_EMAIL: 't@example.test',
    GIT_COMMITTER_NAME: 'T',
    GIT_COMMITTER_EMAIL: 't@example.test',
  });
  const env = gitEnv();
  /** Local git commands only: a synchronous git would block the in-process sandbox. */
  const git = (...args: string[]) => execFileSync('git', args, { cwd: clone, env: { ...env, GIT_TERMINAL_PROMPT: '0' }, encoding: 'utf8' });
  const gitAsync = (...args: string[]) =>
    new Promise<string>((resolve, reject) =>
      execFile('git', args, { cwd: clone, env: { ...env, GIT_TERMINAL_PROMPT: '0' } }, (e, out, err) => (e ? reject(new Error(err)) : resolve(out))),
    );
  const branchOnServer = async (name: string) => {
    const repo = h.store.repo('ACME', 'api');
    assert.ok(repo);
    return h.store.git(repo).resolve(`refs/heads/${name}`);
  };
  const commitOn = (branch: string) => {
    git('switch', '-q', '-c', branch);
    writeFileSync(join(clone, `${branch.replace(/\//g, '-')}.txt`), `${branch}\n`);
    git('add', '.');
    git('commit', '-qm', `Add ${branch}`);
    return git('rev-parse', 'HEAD').trim();
  };

  before(async () => {
    h = await startSandbox({ kind: 'dc' });
    work = tempDir('bb-pr-push-dc-');
    const r = await runBb(['repo', 'clone', 'ACME/api', 'api'], {
      env: { BB_HOST: h.url, BB_USERNAME: 'admin', BB_TOKEN: 'admin' },
      fetch: globalThis.fetch,
      git: systemGit(env, work),
    });
    assert.equal(r.code, 0, r.stderr);
    clone = join(work, 'api');
  });
  after(() => h.close());

  test('--push with a Basic login (username and password): the branch reaches the instance, the PR is created', async () => {
    const head = commitOn('feature/push-basic');
    // git alone has no credential for the instance
    await assert.rejects(
      gitAsync('push', '-q', 'origin', 'HEAD:refs/heads/feature/push-basic'),
      /Authentication failed|could not read Username|terminal prompts disabled/,
    );
    const r = await runBb(['pr', 'create', '--title', 'Push basic', '--body', 'x', '--push', '--json', 'id,headRefName,state'], {
      env: { BB_HOST: h.url, BB_USERNAME: 'admin', BB_TOKEN: 'admin' },
      fetch: globalThis.fetch,
      git: systemGit(env, clone),
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Pushing feature\/push-basic to origin/);
    assert.deepEqual((({ headRefName, state }) => ({ headRefName, state }))(JSON.parse(r.stdout)), { headRefName: 'feature/push-basic', state: 'OPEN' });
    assert.equal(await branchOnServer('feature/push-basic'), head);
    assert.equal(git('rev-parse', '--abbrev-ref', '@{upstream}').trim(), 'origin/feature/push-basic', '--set-upstream');
    const config = readFileSync(join(clone, '.git', 'config'), 'utf8');
    assert.ok(!config.includes('admin') && !/helper|extraheader/i.test(config), 'nothing of the credential in .git/config');
  });

  test('the terminal prompt with an HTTP access token (Bearer): pushes with the token as a Bearer header', async () => {
    const { token } = h.store.mintToken({ name: 'push', user: 'admin', kind: 'access', permissions: ['REPO_WRITE'] });
    const head = commitOn('feature/push-bearer');
    const asked: string[] = [];
    const r = await runBb(['pr', 'create', '--title', 'Push bearer', '--body', 'x'], {
      env: { BB_HOST: h.url, BB_TOKEN: token },
      fetch: globalThis.fetch,
      git: systemGit(env, clone),
      tty: true,
      prompter: {
        confirm: async (m) => {
          asked.push(m);
          return true;
        },
      },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(asked, ['Branch feature/push-bearer is not on ACME/api. Push it to origin?']);
    assert.equal(await branchOnServer('feature/push-bearer'), head);
    assert.ok(!readFileSync(join(clone, '.git', 'config'), 'utf8').includes(token));
    assert.ok(!r.stderr.includes(token) && !r.stdout.includes(token));
  });

  test('a push URL on another origin gets no credential', async () => {
    let pushEnv: NodeJS.ProcessEnv | undefined | 'not pushed' = 'not pushed';
    const dcRemote = `${h.url}/scm/acme/api.git`;
    const fake: Git = {
      async run(args, opts) {
        const key = args.join(' ');
        if (key === 'remote -v') return `origin\t${dcRemote} (fetch)\norigin\thttps://elsewhere.example/acme/api.git (push)\n`;
        if (key === 'rev-parse --abbrev-ref HEAD') return 'feature/elsewhere\n';
        if (key === 'remote get-url --push origin') return 'https://elsewhere.example/acme/api.git\n';
        if (args[0] === 'push') {
          pushEnv = opts?.env;
          throw new Error('no network here');
        }
        throw new Error(`unexpected git ${key}`);
      },
    };
    const r = await runBb(['pr', 'create', '--title', 'Elsewhere', '--body', 'x', '--push'], {
      env: { BB_HOST: h.url, BB_USERNAME: 'admin', BB_TOKEN: 'admin' },
      fetch: globalThis.fetch,
      git: fake,
    });
    assert.notEqual(r.code, 0);
    assert.equal(pushEnv, undefined, 'git pushes to another origin with the user’s own setup only');
  });
});
