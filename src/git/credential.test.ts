import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Credential } from '../core/credentials.js';
import { CREDENTIAL_HELPER, gitEnv, gitLogin } from './credential.js';

const cloud = { kind: 'cloud' as const, key: 'api.bitbucket.org', baseUrl: 'https://api.bitbucket.org/2.0' };
const dc = { kind: 'dc' as const, key: 'bitbucket.example.com', baseUrl: 'https://bitbucket.example.com/bitbucket' };
const ctx = { apiUrl: cloud.baseUrl, env: {} };
const apiToken: Credential = { kind: 'api-token', token: 'SECRET', email: 'ada', source: 'test' };
const accessToken: Credential = { kind: 'access-token', token: 'SECRET', source: 'test' };

test('gitLogin: Cloud sends the static username of the token kind; DC the username (Basic) or a Bearer token', () => {
  assert.deepEqual(gitLogin(cloud, apiToken), { username: 'x-bitbucket-api-token-auth', password: 'SECRET' });
  assert.deepEqual(gitLogin(cloud, accessToken), { username: 'x-token-auth', password: 'SECRET' });
  assert.deepEqual(gitLogin(dc, apiToken), { username: 'ada', password: 'SECRET' });
  assert.deepEqual(gitLogin(dc, accessToken), { bearer: 'SECRET' });
});

test('gitEnv on Cloud: the env-only helper for the API git host, nothing for another origin', () => {
  assert.deepEqual(gitEnv(ctx, cloud, 'https://bitbucket.org/acme/web.git', accessToken), {
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: 'credential.https://bitbucket.org.helper',
    GIT_CONFIG_VALUE_0: '',
    GIT_CONFIG_KEY_1: 'credential.https://bitbucket.org.helper',
    GIT_CONFIG_VALUE_1: CREDENTIAL_HELPER,
    BB_GIT_USERNAME: 'x-token-auth',
    BB_GIT_PASSWORD: 'SECRET',
  });
  assert.equal(gitEnv(ctx, cloud, 'https://bitbucket.example.com/scm/acme/web.git', accessToken), undefined);
  assert.equal(gitEnv(ctx, cloud, 'http://bitbucket.org/acme/web.git', accessToken), undefined, 'plain http off loopback');
});

test('gitEnv on Data Center: Basic through the helper, Bearer as a header with redirects refused, only on its origin', () => {
  const url = 'https://bitbucket.example.com/bitbucket/scm/acme/web.git';
  const basic = gitEnv({ ...ctx, env: { GIT_CONFIG_COUNT: '1' } }, dc, url, apiToken);
  assert.equal(basic?.GIT_CONFIG_COUNT, '3', 'after the user’s own GIT_CONFIG_COUNT');
  assert.equal(basic?.GIT_CONFIG_KEY_2, 'credential.https://bitbucket.example.com.helper');
  assert.equal(basic?.BB_GIT_USERNAME, 'ada');
  assert.deepEqual(gitEnv(ctx, dc, url, accessToken), {
    GIT_CONFIG_COUNT: '3',
    GIT_CONFIG_KEY_0: 'credential.https://bitbucket.example.com.helper',
    GIT_CONFIG_VALUE_0: '',
    GIT_CONFIG_KEY_1: 'http.https://bitbucket.example.com/.extraHeader',
    GIT_CONFIG_VALUE_1: 'Authorization: Bearer SECRET',
    GIT_CONFIG_KEY_2: 'http.https://bitbucket.example.com/.followRedirects',
    GIT_CONFIG_VALUE_2: 'false',
  });
  assert.equal(gitEnv(ctx, dc, 'https://bitbucket.org/acme/web.git', accessToken), undefined, 'Cloud’s origin is not the instance’s');
  assert.throws(() => gitEnv(ctx, dc, url, { ...accessToken, token: 'a\nb' }), /line break/);
});
