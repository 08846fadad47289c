import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runBb, tempDir } from '../../../test/support/run.js';
import type { Git, GitRunOptions } from '../../git/git.js';
import type { DcSandboxHandle } from '../../sandbox/dc/index.js';
import { startSandbox } from '../../sandbox/index.js';

/** `bb pr checkout` on Data Center against the DC sandbox: the pull request through the provider; git gets bb's credential in its environment only. */
let h: DcSandboxHandle;
before(async () => {
  h = (await startSandbox({ kind: 'dc' })) as DcSandboxHandle;
});
after(() => h?.close());

function recordingGit(remote: string, answers: Record<string, string | Error>): Git & { calls: Array<{ args: string[]; env?: GitRunOptions['env'] }> } {
  const calls: Array<{ args: string[]; env?: GitRunOptions['env'] }> = [];
  return {
    calls,
    async run(args, opts) {
      calls.push({ args, env: opts?.env });
      const key = args.join(' ');
      if (key === 'remote -v') return `origin\t${remote} (fetch)\norigin\t${remote} (push)\n`;
      if (key === 'remote get-url origin') return `${remote}\n`;
      const a = answers[key];
      if (a instanceof Error) throw a;
      if (a === undefined) throw new Error(`unexpected git ${key}`);
      return a;
    },
  };
}

test('pr checkout on Data Center: fetches the source branch from the remote with the token in git’s environment only', async () => {
  const remote = `${h.url}/scm/acme/api.git`;
  const pr = (await (
    await fetch(`${h.url}/rest/api/latest/projects/ACME/repos/api/pull-requests/1`, { headers: { Authorization: `Bearer ${h.token}` } })
  ).json()) as {
    fromRef: { displayId: string };
  };
  const branch = pr.fromRef.displayId;
  const git = recordingGit(remote, {
    'rev-parse --abbrev-ref HEAD': 'main\n',
    [`rev-parse --verify --quiet refs/heads/${branch}`]: new Error('none'),
    [`fetch origin +refs/heads/${branch}:refs/remotes/origin/${branch}`]: '',
    [`checkout -b ${branch} --track origin/${branch}`]: '',
  });
  h.server.requests.clear();
  const r = await runBb(['pr', 'checkout', '1'], { fetch: globalThis.fetch, configDir: tempDir(), env: { BB_HOST: h.url, BB_TOKEN: h.token }, git });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`✓ Checked out pull request #1 on branch ${branch}`));
  const fetchCall = git.calls.find((c) => c.args[0] === 'fetch');
  assert.ok(fetchCall?.env, 'the fetch runs with bb’s credential');
  const values = Object.values(fetchCall.env as Record<string, string>).join('\n');
  assert.ok(values.includes(`Authorization: Bearer ${h.token}`), 'a Bearer header for the instance');
  assert.match(values, new RegExp(`http\\.${new URL(h.url).origin.replace(/[.]/g, '\\.')}/\\.extraHeader`));
  for (const c of git.calls) assert.ok(!c.args.join(' ').includes(h.token), `no token in argv: git ${c.args.join(' ')}`);
  assert.deepEqual(
    h.server.requests.entries().map((e) => e.operation),
    ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}'],
  );
});

test('pr checkout on Data Center of a fork in a personal project: fetched from the fork’s clone URL into a local branch', async () => {
  // a fork of ACME/api in admin's personal project, and a pull request from it (set up in the model directly)
  const { createRepo } = await import('../../sandbox/dc/model.js');
  h.store.projects['~ADMIN'] = {
    id: h.store.next('project'),
    key: '~ADMIN',
    name: 'Sandbox Admin',
    description: '',
    public: false,
    permissions: { admin: 'PROJECT_ADMIN' },
  };
  const fork = await createRepo(h.store, h.store.projects['~ADMIN'], 'api');
  const api = h.store.repo('ACME', 'api');
  assert.ok(api);
  assert.ok(h.store.pullRequests[h.store.prKey(api, 1)]);
  // Data Center's answer for a fork's pull request names the fork as fromRef.repository: served by a stub fetch in front of the sandbox
  const realFetch = globalThis.fetch;
  const stubbed: typeof fetch = async (input, init) => {
    const req = new Request(input, init);
    const res = await realFetch(req);
    if (!new URL(req.url).pathname.endsWith('/pull-requests/1')) return res;
    const body = (await res.json()) as { fromRef: { repository: unknown; displayId: string; id: string } };
    const forkJson = await (await realFetch(`${h.url}/rest/api/latest/projects/~ADMIN/repos/api`, { headers: { Authorization: `Bearer ${h.token}` } })).json();
    body.fromRef = { ...body.fromRef, repository: forkJson, displayId: 'main', id: 'refs/heads/main' };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  const forkUrl = `${h.url}/scm/~admin/${fork.slug}.git`;
  const git = recordingGit(`${h.url}/scm/acme/api.git`, {
    'rev-parse --abbrev-ref HEAD': 'main\n',
    'rev-parse --verify --quiet refs/heads/admin/main': new Error('none'),
    [`fetch ${forkUrl} refs/heads/main`]: '',
    'branch admin/main FETCH_HEAD': '',
    'checkout admin/main': '',
  });
  const r = await runBb(['pr', 'checkout', '1'], { fetch: stubbed, configDir: tempDir(), env: { BB_HOST: h.url, BB_TOKEN: h.token }, git });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /✓ Checked out pull request #1 on branch admin\/main \(from ~ADMIN\/api\)/);
  const fetchCall = git.calls.find((c) => c.args[0] === 'fetch');
  assert.ok(Object.values(fetchCall?.env ?? {}).includes(`Authorization: Bearer ${h.token}`));
});
