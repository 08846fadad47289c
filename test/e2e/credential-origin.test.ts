/**
 * A credential reaches only the origin it belongs to — git and API alike, Cloud and Data Center — even when the
 * server redirects elsewhere. Two servers on 127.0.0.1: "home" (the login's origin) redirects everything to "away",
 * which records every Authorization header it receives and serves a real git advertisement so git goes on to POST.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Credential } from '../../src/core/credentials.js';
import { createContext } from '../../src/context/context.js';
import { gitEnv } from '../../src/git/credential.js';

const dir = mkdtempSync(join(tmpdir(), 'bb-origin-'));
const bare = join(dir, 'web.git');
let home: Server;
let away: Server;
let homeUrl = '';
let awayUrl = '';
const seenAway: Array<{ method: string; url: string; authorization?: string }> = [];

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function pkt(line: string): string {
  return (line.length + 4).toString(16).padStart(4, '0') + line;
}

before(async () => {
  execFileSync('git', ['init', '-q', '--bare', bare]);
  const work = join(dir, 'work');
  execFileSync('git', ['init', '-q', work]);
  execFileSync('git', ['-C', work, 'commit', '-q', '--allow-empty', '-m', 'first']);
  execFileSync('git', ['-C', work, 'push', '-q', bare, 'HEAD:refs/heads/main']);
  away = createServer((req, res) => {
    seenAway.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    if (req.method === 'GET' && req.url?.includes('/info/refs')) {
      const refs = execFileSync('git', ['upload-pack', '--stateless-rpc', '--advertise-refs', bare]);
      res.writeHead(200, { 'Content-Type': 'application/x-git-upload-pack-advertisement', 'Cache-Control': 'no-cache' });
      res.end(Buffer.concat([Buffer.from(`${pkt('# service=git-upload-pack\n')}0000`), refs]));
      return;
    }
    req.resume();
    // the POST that follows: ask for credentials, as a server would, to see what git offers
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="away"' });
    res.end();
  });
  awayUrl = await listen(away);
  home = createServer((req, res) => {
    res.writeHead(302, { Location: `${awayUrl}${req.url}` });
    res.end();
  });
  homeUrl = await listen(home);
});

after(() => {
  home?.close();
  away?.close();
  rmSync(dir, { recursive: true, force: true });
});

function gitClone(url: string, env: Record<string, string>): Promise<void> {
  const target = join(dir, `clone-${Math.random().toString(36).slice(2)}`);
  return new Promise((resolve) => {
    execFile(
      'git',
      ['clone', '-q', '--', url, target],
      { env: { ...process.env, ...env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '' }, timeout: 20_000 },
      () => resolve(),
    );
  });
}

const ctx = () => createContext({ env: { BB_API_URL: `${homeUrl}/2.0` } });

test('Data Center, Bearer (HTTP access token): a redirect to another origin never carries the token', async () => {
  seenAway.length = 0;
  const credential: Credential = { kind: 'access-token', token: 'BEARER-SECRET-1', source: 'test' };
  const env = gitEnv(ctx(), { kind: 'dc', key: new URL(homeUrl).host, baseUrl: homeUrl }, `${homeUrl}/scm/acme/web.git`, credential);
  assert.ok(env, 'a git environment for the instance');
  await gitClone(`${homeUrl}/scm/acme/web.git`, env);
  for (const r of seenAway) assert.equal(r.authorization, undefined, `${r.method} ${r.url} reached the other origin with a credential`);
  assert.ok(!seenAway.some((r) => r.method === 'POST'), 'git did not follow the redirect with its requests');
});

test('Data Center, Basic (username + token): the helper answers only for the instance', async () => {
  seenAway.length = 0;
  const credential: Credential = { kind: 'api-token', token: 'BASIC-SECRET-2', email: 'ada', source: 'test' };
  const env = gitEnv(ctx(), { kind: 'dc', key: new URL(homeUrl).host, baseUrl: homeUrl }, `${homeUrl}/scm/acme/web.git`, credential);
  assert.ok(env);
  await gitClone(`${homeUrl}/scm/acme/web.git`, env);
  assert.ok(seenAway.length > 0, 'git followed the redirect (the case under test)');
  for (const r of seenAway) assert.equal(r.authorization, undefined, `${r.method} ${r.url} reached the other origin with a credential`);
});

test('Cloud (credential helper): a redirect to another origin gets no credential', async () => {
  seenAway.length = 0;
  const credential: Credential = { kind: 'api-token', token: 'CLOUD-SECRET-3', email: 'me@example.com', source: 'test' };
  const env = gitEnv(ctx(), { kind: 'cloud', key: new URL(homeUrl).host, baseUrl: `${homeUrl}/2.0` }, `${homeUrl}/acme/web.git`, credential);
  assert.ok(env);
  await gitClone(`${homeUrl}/acme/web.git`, env);
  assert.ok(seenAway.length > 0, 'git followed the redirect (the case under test)');
  for (const r of seenAway) assert.equal(r.authorization, undefined, `${r.method} ${r.url} reached the other origin with a credential`);
});

test('API: a redirect to another origin is followed without the credential', async () => {
  seenAway.length = 0;
  const c = createContext({ env: { BB_API_URL: `${homeUrl}/2.0`, BB_TOKEN: 'API-SECRET-4', BB_EMAIL: 'me@example.com' } });
  const http = await c.http();
  await http.send(new Request(http.url('/user'))).catch(() => undefined);
  assert.ok(seenAway.length > 0, 'the redirect was followed (the case under test)');
  for (const r of seenAway) assert.equal(r.authorization, undefined, `${r.method} ${r.url} reached the other origin with a credential`);
});
