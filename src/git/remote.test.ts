import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRemoteUrl, parseRepoRef } from './remote.js';

test('parseRemoteUrl recognises every form of a Bitbucket remote', () => {
  const want = { workspace: 'acme', repo: 'web' };
  for (const url of [
    'https://bitbucket.org/acme/web.git',
    'https://bitbucket.org/acme/web',
    'https://ada@bitbucket.org/acme/web.git',
    'https://x-token-auth@bitbucket.org/acme/web.git',
    'git@bitbucket.org:acme/web.git',
    'bitbucket.org:acme/web',
    'ssh://git@bitbucket.org/acme/web.git',
    'ssh://git@bitbucket.org:22/acme/web.git',
    'git+ssh://git@bitbucket.org/acme/web.git',
    'https://bitbucket.org/acme/web/',
  ]) {
    assert.deepEqual(parseRemoteUrl(url), want, url);
  }
});

test('the sandbox (or another API) host counts when given, port included', () => {
  assert.deepEqual(parseRemoteUrl('http://127.0.0.1:8123/git/acme/web.git', ['127.0.0.1:8123']), { workspace: 'acme', repo: 'web' });
  assert.equal(parseRemoteUrl('http://127.0.0.1:8123/git/acme/web.git'), undefined);
});

test('non-Bitbucket remotes and junk are ignored', () => {
  for (const url of [
    'https://github.com/acme/web.git',
    'git@github.com:acme/web.git',
    'https://bitbucket.org.evil.example/acme/web.git',
    '/srv/git/web.git',
    '../web',
    'file:///srv/acme/web.git',
    'https://bitbucket.org/acme',
    'not a url',
    '',
  ]) {
    assert.equal(parseRemoteUrl(url), undefined, url);
  }
});

test('parseRepoRef takes WORKSPACE/REPO, strips .git, accepts {uuid}s', () => {
  assert.deepEqual(parseRepoRef('acme/web'), { workspace: 'acme', repo: 'web' });
  assert.deepEqual(parseRepoRef(' acme/web.git '), { workspace: 'acme', repo: 'web' });
  assert.deepEqual(parseRepoRef('{0b5e6c4a-1111-2222-3333-444455556666}/web'), { workspace: '{0b5e6c4a-1111-2222-3333-444455556666}', repo: 'web' });
  for (const bad of ['acme', 'acme/web/extra', '/web', 'acme/', 'ac me/web', 'acme/w;b']) assert.equal(parseRepoRef(bad), undefined, bad);
});
