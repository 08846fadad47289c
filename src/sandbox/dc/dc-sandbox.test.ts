import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { startSandbox } from '../index.js';
import type { DcSandboxHandle } from './index.js';
import { basicAuth, dcRest } from '../../../test/support/dc.js';

const run = promisify(execFile);
let h: DcSandboxHandle;
let ajv: Ajv;
let spec: {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
  components: { schemas: unknown };
};

function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (['discriminator', 'example', 'examples', 'xml', 'externalDocs', 'nullable'].includes(k) || k.startsWith('x-')) continue;
    out[k] = k === '$ref' && typeof v === 'string' ? v.replace(/^#/, 'dc#') : convert(v);
  }
  return out;
}

/** Validate an answer against the DC spec's response schema for the operation and status. */
function assertShape(operation: string, status: number, body: unknown): void {
  const [method, path] = operation.split(' ') as [string, string];
  const content = spec.paths[path]?.[method.toLowerCase()]?.responses[String(status)]?.content ?? {};
  const schema = Object.values(content)[0]?.schema;
  assert.ok(schema, `no ${status} schema for ${operation}`);
  const v = ajv.compile(convert(schema) as object);
  assert.ok(v(body), `${operation} ${status}: ${JSON.stringify(v.errors?.slice(0, 3))}`);
}

const basic = basicAuth;
const call = (method: string, path: string, auth?: string, body?: unknown) => dcRest(h.url, method, path, auth, body);
async function mint(body: Record<string, unknown>): Promise<string> {
  const r = await fetch(`${h.admin}/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return ((await r.json()) as { token: string }).token;
}

before(async () => {
  h = await startSandbox({ kind: 'dc' });
  spec = JSON.parse(await readFile(new URL('../../../spec/bitbucket-dc.openapi.json', import.meta.url), 'utf8'));
  ajv = new Ajv({ strict: false, allErrors: true });
  (addFormatsModule as unknown as (a: Ajv) => Ajv)(ajv);
  ajv.addSchema({ $id: 'dc', components: convert(spec.components) });
});
after(() => h.close());

test('application-properties answers anonymously, like DC', async () => {
  const r = await call('GET', '/api/latest/application-properties');
  assert.equal(r.status, 200);
  assertShape('GET /api/latest/application-properties', 200, r.json);
  assert.equal(r.json?.displayName, 'Bitbucket');
});

test('DC shapes and paging', async () => {
  const auth = basic('admin', 'admin');
  const p1 = await call('GET', '/api/latest/projects/ACME/repos/api/commits?limit=2', auth);
  assert.equal(p1.status, 200);
  assertShape('GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits', 200, p1.json);
  assert.deepEqual([p1.json?.size, p1.json?.limit, p1.json?.isLastPage, p1.json?.nextPageStart, p1.json?.start], [2, 2, false, 2, 0]);
  const p2 = await call('GET', '/api/latest/projects/ACME/repos/api/commits?limit=2&start=2', auth);
  assert.deepEqual([p2.json?.size, p2.json?.isLastPage, p2.json?.nextPageStart], [1, true, undefined]);
  for (const [op, path] of [
    ['GET /api/latest/projects', '/api/latest/projects'],
    ['GET /api/latest/projects/{projectKey}', '/api/latest/projects/ACME'],
    ['GET /api/latest/projects/{projectKey}/repos', '/api/latest/projects/ACME/repos'],
    ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}', '/api/latest/projects/ACME/repos/api'],
    ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/branches', '/api/latest/projects/ACME/repos/api/branches'],
    ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/tags', '/api/latest/projects/ACME/repos/api/tags'],
    ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests', '/api/latest/projects/ACME/repos/api/pull-requests'],
    ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}', '/api/latest/projects/ACME/repos/api/pull-requests/1'],
    ['GET /api/latest/users/{userSlug}', '/api/latest/users/dev'],
  ] as const) {
    const r = await call('GET', path, auth);
    assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.json)}`);
    assertShape(op, 200, r.json);
  }
});

test('403 in the DC envelope; the cap limits a token to its owner', async () => {
  // dev has REPO_WRITE on acme/api; a personal token with REPO_ADMIN is capped to REPO_WRITE
  const big = await mint({ user: 'dev', permissions: ['PROJECT_ADMIN', 'REPO_ADMIN'] });
  const del = await call('DELETE', '/api/latest/projects/ACME/repos/api', `Bearer ${big}`);
  assert.equal(del.status, 403);
  const errors = del.json?.errors as Array<{ context: unknown; message: string; exceptionName: string }>;
  assert.equal(errors[0]?.exceptionName, 'com.atlassian.bitbucket.AuthorisationException');
  assert.equal(errors[0]?.context, null);
  // …but within the cap it works: creating a branch needs REPO_WRITE
  const br = await call('POST', '/api/latest/projects/ACME/repos/api/branches', `Bearer ${big}`, { name: 'capped', startPoint: 'main' });
  assert.equal(br.status, 200);
  // an OAuth 2.0 token with SYSTEM_ADMIN for dev is capped the same way
  const oauth = await mint({ user: 'dev', scope: 'SYSTEM_ADMIN' });
  assert.equal((await call('DELETE', '/api/latest/projects/ACME/repos/api', `Bearer ${oauth}`)).status, 403);
  // a token weaker than its owner is limited by itself: admin's REPO_READ token cannot create a branch
  const weak = await mint({ user: 'admin', permissions: ['REPO_READ'] });
  assert.equal((await call('POST', '/api/latest/projects/ACME/repos/api/branches', `Bearer ${weak}`, { name: 'x', startPoint: 'main' })).status, 403);
  assert.equal((await call('GET', '/api/latest/projects/ACME/repos/api', `Bearer ${weak}`)).status, 200);
  // a repository token is bound to its repository
  const repoToken = await mint({ user: 'admin', permissions: ['REPO_ADMIN'], repo: 'ACME/api' });
  assert.equal((await call('GET', '/api/latest/projects/ACME/repos/web', `Bearer ${repoToken}`)).status, 403); // its owner sees it: 403, not 404
  // dev has no permission on acme/web beyond PROJECT_READ: reading works, writing is refused
  assert.equal((await call('GET', '/api/latest/projects/ACME/repos/web', basic('dev', 'dev'))).status, 200);
  assert.equal((await call('POST', '/api/latest/projects/ACME/repos/web/branches', basic('dev', 'dev'), { name: 'x', startPoint: 'main' })).status, 403);
  // bad credentials: 401 in the envelope
  const bad = await call('GET', '/api/latest/projects', basic('dev', 'wrong'));
  assert.equal(bad.status, 401);
  assert.ok(Array.isArray(bad.json?.errors));
});

test('pull requests: create, comment, approve, merge', async () => {
  const auth = basic('admin', 'admin');
  await call('POST', '/api/latest/projects/ACME/repos/web/branches', auth, { name: 'topic', startPoint: 'main' });
  const created = await call('POST', '/api/latest/projects/ACME/repos/web/pull-requests', auth, {
    title: 'Topic',
    fromRef: { id: 'refs/heads/topic' },
    toRef: { id: 'refs/heads/main' },
  });
  // the same branch tip: DC refuses an empty pull request
  assert.equal(created.status, 409);
  const pr = await call('GET', '/api/latest/projects/ACME/repos/api/pull-requests/1', auth);
  const comment = await call('POST', '/api/latest/projects/ACME/repos/api/pull-requests/1/comments', basic('dev', 'dev'), { text: 'Please review' });
  assert.equal(comment.status, 201);
  assertShape('POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/comments', 201, comment.json);
  const approve = await call('PUT', '/api/latest/projects/ACME/repos/api/pull-requests/1/participants/admin', auth, { status: 'APPROVED' });
  assert.equal(approve.status, 200);
  const merged = await call('POST', `/api/latest/projects/ACME/repos/api/pull-requests/1/merge?version=${pr.json?.version}`, auth);
  assert.equal(merged.status, 200, JSON.stringify(merged.json));
  assertShape('POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/merge', 200, merged.json);
  assert.equal(merged.json?.state, 'MERGED');
  const status = await call(
    'POST',
    `/api/latest/projects/ACME/repos/api/commits/${(merged.json?.toRef as { latestCommit: string } | undefined)?.latestCommit}/builds`,
    basic('dev', 'dev'),
    {
      key: 'CI',
      state: 'SUCCESSFUL',
      url: 'https://ci.example.test/2',
    },
  );
  assert.equal(status.status, 204);
});

test('git clone and push at the DC URL, with the cap', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bb-dc-git-'));
  try {
    const url = new URL(`${h.url}/scm/acme/api.git`);
    url.username = 'dev';
    url.password = 'dev';
    const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' };
    await run('git', ['clone', '--quiet', url.href, join(dir, 'api')], { env });
    const wc = join(dir, 'api');
    await writeFile(join(wc, 'NEW.md'), 'new\n');
    await run('git', ['-C', wc, '-c', 'user.name=Dev', '-c', 'user.email=dev@sandbox.test', 'commit', '--quiet', '-am', 'x'], { env }).catch(async () => {
      await run('git', ['-C', wc, 'add', 'NEW.md'], { env });
      await run('git', ['-C', wc, '-c', 'user.name=Dev', '-c', 'user.email=dev@sandbox.test', 'commit', '--quiet', '-m', 'Add NEW'], { env });
    });
    await run('git', ['-C', wc, 'push', '--quiet', 'origin', 'HEAD:refs/heads/pushed'], { env });
    const branches = await call('GET', '/api/latest/projects/ACME/repos/api/branches?filterText=pushed', basic('dev', 'dev'));
    assert.equal((branches.json?.values as unknown[] | undefined)?.length, 1);
    // dev can read acme/web but not push to it
    const web = new URL(`${h.url}/scm/acme/web.git`);
    web.username = 'dev';
    web.password = 'dev';
    await run('git', ['clone', '--quiet', web.href, join(dir, 'web')], { env });
    await assert.rejects(run('git', ['-C', join(dir, 'web'), 'push', '--quiet', 'origin', 'HEAD:refs/heads/nope'], { env }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('default reviewer conditions: create, list, the reviewers a pull request gets, update, delete; REPO_ADMIN', async () => {
  const admin = basic('admin', 'admin');
  const D = '/default-reviewers/latest/projects/ACME/repos/web';
  const dev = (await call('GET', '/api/latest/users/dev', admin)).json as { id: number };
  const any = { id: 'ANY_REF_MATCHER_ID', displayId: 'ANY_REF_MATCHER_ID', type: { id: 'ANY_REF', name: 'Any branch' } };
  const created = await call('POST', `${D}/condition`, admin, {
    sourceMatcher: any,
    targetMatcher: { id: 'refs/heads/main', displayId: 'main', type: { id: 'BRANCH', name: 'Branch' } },
    reviewers: [{ id: dev.id }],
    requiredApprovals: 1,
  });
  assert.equal(created.status, 200, JSON.stringify(created.json));
  assertShape(`POST ${D.replace('ACME', '{projectKey}').replace('web', '{repositorySlug}')}/condition`, 200, created.json);
  const list = await call('GET', `${D}/conditions`, admin);
  assert.equal((list.json as unknown as unknown[]).length, 1);
  const web = (await call('GET', '/api/latest/projects/ACME/repos/web', admin)).json as { id: number };
  const q = (target: string) => `${D}/reviewers?sourceRefId=refs/heads/x&targetRefId=refs/heads/${target}&sourceRepoId=${web.id}&targetRepoId=${web.id}`;
  assert.deepEqual(
    ((await call('GET', q('main'), admin)).json as unknown as Array<{ slug: string }>).map((u) => u.slug),
    ['dev'],
  );
  assert.deepEqual((await call('GET', q('other'), admin)).json, []);
  // dev reads the repository but is no admin of it
  assert.equal((await call('GET', `${D}/conditions`, basic('dev', 'dev'))).status, 403);
  const id = (created.json as { id: number }).id;
  assert.equal((await call('PUT', `${D}/condition/${id}`, admin, { reviewers: [{ id: dev.id }], requiredApprovals: 0 })).status, 200);
  assert.equal((await call('DELETE', `${D}/condition/${id}`, admin)).status, 204);
  assert.deepEqual((await call('GET', `${D}/conditions`, admin)).json, []);
});

test("a project's default reviewer conditions: its repositories list them and their pull requests get them; PROJECT_ADMIN", async () => {
  const admin = basic('admin', 'admin');
  const P = '/default-reviewers/latest/projects/ACME';
  const D = `${P}/repos/web`;
  const dev = (await call('GET', '/api/latest/users/dev', admin)).json as { id: number };
  const any = { id: 'ANY_REF_MATCHER_ID', displayId: 'ANY_REF_MATCHER_ID', type: { id: 'ANY_REF', name: 'Any branch' } };
  const created = await call('POST', `${P}/condition`, admin, {
    sourceMatcher: any,
    targetMatcher: { id: 'refs/heads/main', displayId: 'main', type: { id: 'BRANCH', name: 'Branch' } },
    reviewers: [{ id: dev.id }],
    requiredApprovals: 1,
  });
  assert.equal(created.status, 200, JSON.stringify(created.json));
  assertShape('POST /default-reviewers/latest/projects/{projectKey}/condition', 200, created.json);
  const acme = (await call('GET', '/api/latest/projects/ACME', admin)).json as { id: number };
  const id = (created.json as { id: number; scope: unknown }).id;
  assert.deepEqual((created.json as { scope: unknown }).scope, { type: 'PROJECT', resourceId: acme.id });
  const list = await call('GET', `${P}/conditions`, admin);
  assertShape('GET /default-reviewers/latest/projects/{projectKey}/conditions', 200, list.json);
  assert.deepEqual(
    (list.json as unknown as Array<{ id: number }>).map((x) => x.id),
    [id],
  );
  // a repository of the project lists the project's condition beside its own (none), with its scope
  const inRepo = (await call('GET', `${D}/conditions`, admin)).json as unknown as Array<{ id: number; scope: { type: string } }>;
  assert.deepEqual(
    inRepo.map((x) => [x.id, x.scope.type]),
    [[id, 'PROJECT']],
  );
  // …which only the project changes
  assert.equal((await call('DELETE', `${D}/condition/${id}`, admin)).status, 404);
  const web = (await call('GET', '/api/latest/projects/ACME/repos/web', admin)).json as { id: number };
  const q = (target: string) => `${D}/reviewers?sourceRefId=refs/heads/x&targetRefId=refs/heads/${target}&sourceRepoId=${web.id}&targetRepoId=${web.id}`;
  assert.deepEqual(
    ((await call('GET', q('main'), admin)).json as unknown as Array<{ slug: string }>).map((u) => u.slug),
    ['dev'],
  );
  assert.deepEqual((await call('GET', q('other'), admin)).json, []);
  // dev reads the project but is no admin of it
  assert.equal((await call('GET', `${P}/conditions`, basic('dev', 'dev'))).status, 403);
  assert.equal((await call('PUT', `${P}/condition/${id}`, basic('dev', 'dev'), { requiredApprovals: 0 })).status, 403);
  assert.equal((await call('PUT', `${P}/condition/${id}`, admin, { reviewers: [{ id: dev.id }], requiredApprovals: 0 })).status, 200);
  assert.equal((await call('DELETE', `${P}/condition/${id}`, admin)).status, 204);
  assert.deepEqual((await call('GET', `${P}/conditions`, admin)).json, []);
  assert.deepEqual((await call('GET', `${D}/conditions`, admin)).json, []);
});

test('forks: into ~USER, a pull request from the fork diffs and merges across the two repositories', async () => {
  const admin = basic('admin', 'admin');
  const fork = await call('POST', '/api/latest/projects/ACME/repos/web', admin, {});
  assert.equal(fork.status, 201, JSON.stringify(fork.json));
  assertShape('POST /api/latest/projects/{projectKey}/repos/{repositorySlug}', 201, fork.json);
  const f = fork.json as { slug: string; project: { key: string }; origin?: { slug: string } };
  assert.equal(f.project.key, '~ADMIN');
  assert.equal(f.origin?.slug, 'web');
  // a commit on the fork's new branch
  const store = h.store;
  const forkRepo = store.repo('~ADMIN', 'web');
  assert.ok(forkRepo);
  const git = store.git(forkRepo);
  const main = (await git.resolve('main')) as string;
  const files = await git.readFiles(main);
  const who = { name: 'Sandbox Admin', email: 'admin@sandbox.test', date: '2024-02-01T00:00:00Z' };
  const hash = await git.writeCommit({ ...files, 'fork.txt': 'from the fork\n' }, 'Fork change', [main], who);
  await git.updateRef('refs/heads/main', hash);
  const pr = await call('POST', '/api/latest/projects/ACME/repos/web/pull-requests', admin, {
    title: 'From the fork',
    fromRef: { id: 'refs/heads/main', repository: { slug: 'web', project: { key: '~ADMIN' } } },
    toRef: { id: 'refs/heads/main', repository: { slug: 'web', project: { key: 'ACME' } } },
  });
  assert.equal(pr.status, 201, JSON.stringify(pr.json));
  const p = pr.json as { id: number; fromRef: { repository: { project: { key: string } } }; toRef: { repository: { project: { key: string } } } };
  assert.equal(p.fromRef.repository.project.key, '~ADMIN');
  assert.equal(p.toRef.repository.project.key, 'ACME');
  const diff = await fetch(`${h.url}/rest/api/latest/projects/ACME/repos/web/pull-requests/${p.id}.diff`, { headers: { Authorization: admin } });
  assert.match(await diff.text(), /\+from the fork/);
  const merged = await call('POST', `/api/latest/projects/ACME/repos/web/pull-requests/${p.id}/merge?version=0`, admin, {});
  assert.equal(merged.status, 200, JSON.stringify(merged.json));
  assert.equal(await store.git(store.repo('ACME', 'web') as NonNullable<ReturnType<typeof store.repo>>).resolve('main'), hash);
});
