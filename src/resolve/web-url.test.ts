import assert from 'node:assert/strict';
import { test } from 'node:test';
import { looksLikeUrl, parseWebUrl } from './web-url.js';

const SANDBOX = 'http://127.0.0.1:7990';

test('Cloud page URLs: repository, pull request, commit, pipeline, branch', () => {
  const repo = { workspace: 'acme', repo: 'api' };
  const base = { platform: 'cloud', baseUrl: 'https://bitbucket.org', hostKey: 'bitbucket.org', repo };
  assert.deepEqual(parseWebUrl('https://bitbucket.org/acme/api'), { ...base, kind: 'repo' });
  assert.deepEqual(parseWebUrl('https://bitbucket.org/acme/api/src/main/README.md'), { ...base, kind: 'repo' });
  assert.deepEqual(parseWebUrl('https://bitbucket.org/acme/api.git'), { ...base, kind: 'repo' });
  assert.deepEqual(parseWebUrl('https://bitbucket.org/acme/api/pull-requests/12/diff'), { ...base, kind: 'pr', id: '12' });
  assert.deepEqual(parseWebUrl('https://www.bitbucket.org/acme/api/pull-requests/12')?.id, '12');
  assert.deepEqual(parseWebUrl('https://bitbucket.org/acme/api/commits/3f2a9c1'), { ...base, kind: 'commit', id: '3f2a9c1' });
  assert.deepEqual(parseWebUrl('https://bitbucket.org/acme/api/pipelines/results/42/steps/%7Babc%7D'), { ...base, kind: 'pipeline', id: '42' });
  assert.deepEqual(parseWebUrl('https://bitbucket.org/acme/api/branch/feature/login'), { ...base, kind: 'branch', id: 'feature/login' });
});

test("the sandbox's web origin counts as Cloud only when given", () => {
  assert.equal(parseWebUrl(`${SANDBOX}/acme/web/pull-requests/1`), undefined);
  const ref = parseWebUrl(`${SANDBOX}/acme/web/pull-requests/1`, [SANDBOX]);
  assert.deepEqual(ref, { platform: 'cloud', baseUrl: SANDBOX, hostKey: '127.0.0.1:7990', repo: { workspace: 'acme', repo: 'web' }, kind: 'pr', id: '1' });
});

test('Data Center URLs: project and personal repositories, a context path, pull requests, commits, branches, clone URLs', () => {
  const ref = parseWebUrl('https://git.example.com/bitbucket/projects/acme/repos/API/pull-requests/7/overview');
  assert.deepEqual(ref, {
    platform: 'dc',
    baseUrl: 'https://git.example.com/bitbucket',
    hostKey: 'git.example.com',
    repo: { workspace: 'ACME', repo: 'api', host: 'git.example.com' },
    kind: 'pr',
    id: '7',
  });
  assert.equal(parseWebUrl('https://git.example.com/users/ada/repos/notes/browse')?.repo.workspace, '~ada');
  assert.equal(parseWebUrl('https://git.example.com/projects/ACME/repos/api/commits/0123abcd')?.kind, 'commit');
  const branch = parseWebUrl('https://git.example.com/projects/ACME/repos/api/browse?at=refs%2Fheads%2Ffeature%2Fx');
  assert.deepEqual([branch?.kind, branch?.id], ['branch', 'feature/x']);
  const scm = parseWebUrl('https://git.example.com:8443/scm/acme/api.git');
  assert.deepEqual([scm?.kind, scm?.hostKey, scm?.baseUrl, scm?.repo.repo], ['repo', 'git.example.com:8443', 'https://git.example.com:8443', 'api']);
});

test('not Bitbucket URLs: other hosts, other schemes, credentials in the URL, climbing paths', () => {
  assert.equal(parseWebUrl('https://example.com/acme/api/pull-requests/1'), undefined);
  assert.equal(parseWebUrl('file:///etc/passwd'), undefined);
  assert.equal(parseWebUrl('javascript:alert(1)'), undefined);
  assert.equal(parseWebUrl('https://user:pw@bitbucket.org/acme/api'), undefined);
  assert.equal(parseWebUrl('https://bitbucket.org/acme'), undefined);
  assert.equal(parseWebUrl('https://bitbucket.org/%2e%2e/api'), undefined);
  assert.equal(parseWebUrl('http://bitbucket.org/acme/api'), undefined, 'Cloud is https only');
  assert.equal(parseWebUrl('not a url'), undefined);
});

test('looksLikeUrl: a scheme and ://', () => {
  assert.ok(looksLikeUrl('https://bitbucket.org/a/b'));
  assert.ok(looksLikeUrl('ssh://git@host/a/b.git'));
  assert.ok(!looksLikeUrl('feature/login'));
  assert.ok(!looksLikeUrl('git@bitbucket.org:acme/api.git'));
  assert.ok(!looksLikeUrl('42'));
});
