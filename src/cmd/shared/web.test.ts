/**
 * `--web` on the list commands and `pr create`/`pr checks`: the exact page opened, and no request beyond the ones
 * the URL needs (a FetchRegistry with only those stubs: an unexpected request fails verify()).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { type RunOptions, runBb } from '../../../test/support/run.js';
import type { Git } from '../../git/git.js';
import { webOrigin } from './web.js';

const env = { BB_TOKEN: 'tok-secret-123', BB_EMAIL: 'ada@example.com' };
const WEB = 'https://bitbucket.test';

/** Runs bb with a recording browser; returns the result and the URLs it opened. */
async function web(argv: string[], reg = new FetchRegistry(), opts: RunOptions = {}) {
  const opened: string[] = [];
  const r = await runBb(argv, { fetch: reg.fetch, env, browser: { open: async (u) => void opened.push(u) }, ...opts });
  assert.equal(r.code, 0, r.stderr);
  reg.verify();
  return { ...r, opened };
}

/** A git on branch `branch` (rev-parse --abbrev-ref HEAD); any other git command fails the test. */
function gitOnBranch(branch: string): Git {
  return {
    async run(args) {
      if (args.join(' ') === 'rev-parse --abbrev-ref HEAD') return `${branch}\n`;
      throw new Error(`unexpected git ${args.join(' ')}`);
    },
  };
}

test('webOrigin: the web origin that goes with the API', () => {
  assert.equal(webOrigin('https://api.bitbucket.org/2.0'), 'https://bitbucket.org');
  assert.equal(webOrigin('https://api.bitbucket.test/2.0'), 'https://bitbucket.test');
  // the sandbox serves its pages on the API's own origin
  assert.equal(webOrigin('http://127.0.0.1:8123/2.0'), 'http://127.0.0.1:8123');
});

test('pr list --web: the pull requests page, with the state when it is one; no request', async () => {
  const open = await web(['pr', 'list', '-R', 'myteam/website', '--web']);
  assert.deepEqual(open.opened, [`${WEB}/myteam/website/pull-requests/?state=OPEN`]);
  assert.equal(open.stdout, '');
  const merged = await web(['pr', 'list', '-R', 'myteam/website', '--state', 'merged', '--web']);
  assert.deepEqual(merged.opened, [`${WEB}/myteam/website/pull-requests/?state=MERGED`]);
  // several states (or all): the page has one filter, so none
  const all = await web(['pr', 'list', '-R', 'myteam/website', '--state', 'all', '--author', '@me', '--web']);
  assert.deepEqual(all.opened, [`${WEB}/myteam/website/pull-requests/`]);
  // a bad state is still refused
  const bad = await runBb(['pr', 'list', '-R', 'myteam/website', '--state', 'nope', '--web'], { env });
  assert.equal(bad.code, 2);
});

test('pr checks --web: the pull request page; by number no request, by branch the lookup only', async () => {
  const byId = await web(['pr', 'checks', '42', '-R', 'myteam/website', '--web']);
  assert.deepEqual(byId.opened, [`${WEB}/myteam/website/pull-requests/42`]);
  const reg = new FetchRegistry().stub({ method: 'GET', path: '/repositories/myteam/website/pullrequests', body: { values: [{ id: 7 }] } });
  const byBranch = await web(['pr', 'checks', '-R', 'myteam/website', '--web'], reg, { git: gitOnBranch('feature/login') });
  assert.deepEqual(byBranch.opened, [`${WEB}/myteam/website/pull-requests/7`]);
});

test('pr create --web: the create page for the current branch into the main branch; one GET, no push, no write', async () => {
  const reg = new FetchRegistry().stub({
    method: 'GET',
    path: '/repositories/myteam/website',
    body: { full_name: 'myteam/website', mainbranch: { name: 'main' }, links: { html: { href: `${WEB}/myteam/website` } } },
  });
  const r = await web(['pr', 'create', '-R', 'myteam/website', '--web'], reg, { git: gitOnBranch('feature/login') });
  assert.deepEqual(r.opened, [`${WEB}/myteam/website/pull-requests/new?source=feature%2Flogin&dest=main`]);
  // --base: nothing to ask the API
  const base = await web(['pr', 'create', '-R', 'myteam/website', '--base', 'develop', '--head', 'fix/a b', '--web']);
  assert.deepEqual(base.opened, [`${WEB}/myteam/website/pull-requests/new?source=fix%2Fa+b&dest=develop`]);
  // --dry-run with --web: says what it would open, opens nothing
  const dry = await web(['pr', 'create', '-R', 'myteam/website', '--base', 'develop', '--head', 'feature/x', '--web', '--dry-run']);
  assert.deepEqual(dry.opened, []);
  assert.match(dry.stderr, /would open https:\/\/bitbucket\.test\/myteam\/website\/pull-requests\/new\?source=feature%2Fx&dest=develop/);
  // the same branch on both sides is refused before anything opens
  const same = await runBb(['pr', 'create', '-R', 'myteam/website', '--base', 'main', '--head', 'main', '--web'], { env });
  assert.equal(same.code, 2);
});

test('branch list, commit list, pipeline list, deployment list, download list --web: the repository pages, no request', async () => {
  const cases: Array<[string[], string]> = [
    [['branch', 'list', '--web'], '/branches/'],
    [['commit', 'list', '--web'], '/commits/'],
    [['commit', 'list', '--branch', 'feature/login', '--web'], '/commits/branch/feature/login'],
    [['pipeline', 'list', '--web'], '/pipelines'],
    [['deployment', 'list', '--env', 'Production', '--web'], '/deployments'],
    [['download', 'list', '--web'], '/downloads/'],
  ];
  for (const [argv, path] of cases) {
    const r = await web([...argv, '-R', 'myteam/website']);
    assert.deepEqual(r.opened, [`${WEB}/myteam/website${path}`], argv.join(' '));
  }
});

test('tag list has no --web: Bitbucket has no tags page', async () => {
  const r = await runBb(['tag', 'list', '-R', 'myteam/website', '--web'], { env });
  assert.equal(r.code, 2);
});

test('issue list --web: the issues page with the state, kind and priority filters; no request', async () => {
  const open = await web(['issue', 'list', '-R', 'myteam/website', '--web']);
  assert.deepEqual(open.opened, [`${WEB}/myteam/website/issues?status=new&status=open`]);
  const bugs = await web(['issue', 'list', '-R', 'myteam/website', '--state', 'all', '--kind', 'bug', '--priority', 'major', '--web']);
  assert.deepEqual(bugs.opened, [`${WEB}/myteam/website/issues?kind=bug&priority=major`]);
  // --assignee @me would need GET /user: not with --web
  const mine = await web(['issue', 'list', '-R', 'myteam/website', '--state', 'resolved', '--assignee', '@me', '--web']);
  assert.deepEqual(mine.opened, [`${WEB}/myteam/website/issues?status=resolved`]);
});

test('snippet list --web: the workspace snippets page; no request', async () => {
  const r = await web(['snippet', 'list', '--workspace', 'myteam', '--web']);
  assert.deepEqual(r.opened, [`${WEB}/myteam/workspace/snippets/`]);
});

test('webhook list --web: the repository or workspace webhooks settings; no request', async () => {
  const repo = await web(['webhook', 'list', '-R', 'myteam/website', '--web']);
  assert.deepEqual(repo.opened, [`${WEB}/myteam/website/admin/webhooks`]);
  const ws = await web(['webhook', 'list', '--workspace', 'myteam', '--web']);
  assert.deepEqual(ws.opened, [`${WEB}/myteam/workspace/settings/webhooks`]);
});

test('variable list --web: the Pipelines variables settings of the repository, workspace or environments; no request', async () => {
  const repo = await web(['variable', 'list', '-R', 'myteam/website', '--web']);
  assert.deepEqual(repo.opened, [`${WEB}/myteam/website/admin/addon/admin/pipelines/repository-variables`]);
  const ws = await web(['variable', 'list', '--workspace', 'myteam', '--web']);
  assert.deepEqual(ws.opened, [`${WEB}/myteam/workspace/settings/addon/admin/pipelines/account-variables`]);
  // the environment is not looked up: its variables are on the deployments settings page
  const envVars = await web(['variable', 'list', '-R', 'myteam/website', '--env', 'Production', '--web']);
  assert.deepEqual(envVars.opened, [`${WEB}/myteam/website/admin/addon/admin/pipelines/deployment-settings`]);
});

test('no browser: the error says how to get the URL instead', async () => {
  const r = await runBb(['branch', 'list', '-R', 'myteam/website', '--web'], {
    env,
    browser: {
      open: async () => {
        throw new Error('spawn xdg-open ENOENT');
      },
    },
  });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /could not open a browser: spawn xdg-open ENOENT/);
  assert.match(r.stderr, /open https:\/\/bitbucket\.test\/myteam\/website\/branches\/ yourself/);
  assert.match(r.stderr, /bb browse --no-browser/);
});

test('Data Center: pr list, pr checks, branch list and commit list --web open the instance pages; no request', async () => {
  const dc = { BB_HOST: 'https://bitbucket.example.test/bb', BB_USERNAME: 'admin', BB_TOKEN: 'tok', BB_REPO: 'ACME/api' };
  const cases: Array<[string[], string]> = [
    [['pr', 'list', '--state', 'declined', '--web'], '/pull-requests?state=DECLINED'],
    [['pr', 'checks', '3', '--web'], '/pull-requests/3/overview'],
    [['branch', 'list', '--web'], '/branches'],
    [['commit', 'list', '--branch', 'feature/x', '--web'], '/commits?until=feature%2Fx'],
    [
      ['pr', 'create', '--head', 'feature/x', '--base', 'main', '--web'],
      '/pull-requests?create&sourceBranch=refs%2Fheads%2Ffeature%2Fx&targetBranch=refs%2Fheads%2Fmain',
    ],
  ];
  for (const [argv, path] of cases) {
    const r = await web(argv, new FetchRegistry(), { env: dc });
    assert.deepEqual(r.opened, [`https://bitbucket.example.test/bb/projects/ACME/repos/api${path}`], argv.join(' '));
  }
});
