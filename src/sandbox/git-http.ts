import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countGitInvocation } from './git.js';

/**
 * What a push may not do to the refs a rule covers, enforced like Bitbucket's own pre-receive check: the whole push is
 * refused (`! [remote rejected] … (pre-receive hook declined)`) with `message` on the client's `remote:` lines.
 * `what`: `any` — no change at all (create, update, delete); `force` — no non-fast-forward update; `delete` — no
 * deletion; `create` — no new ref. The server computes the rules for the pushing user (exemptions already applied).
 */
export interface RefRule {
  /** A regular expression over the full ref name (`refs/heads/main`). */
  ref: string;
  what: 'any' | 'force' | 'delete' | 'create';
  /** `{branch}` is replaced with the branch's name. */
  message: string;
}

/** The pre-receive hook (run by node): reads `<old> <new> <ref>` lines, applies the rules (git config sandbox.refrules), exits 1 on a refusal. */
const HOOK_JS = `'use strict';
const { spawnSync } = require('node:child_process');
// the rules come as git configuration (sandbox.refrules), set for this push by the sandbox
const rules = JSON.parse(spawnSync('git', ['config', '--get', 'sandbox.refrules'], { encoding: 'utf8' }).stdout || '[]');
const zero = /^0+$/;
let input = '';
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => {
  const refused = [];
  for (const line of input.split('\\n')) {
    const [oldId, newId, ref] = line.trim().split(' ');
    if (!ref) continue;
    const del = zero.test(newId);
    const create = zero.test(oldId);
    let force = false;
    if (!del && !create) force = spawnSync('git', ['merge-base', '--is-ancestor', oldId, newId]).status !== 0;
    for (const r of rules) {
      if (!new RegExp(r.ref).test(ref)) continue;
      if (r.what === 'any' || (r.what === 'delete' && del) || (r.what === 'create' && create) || (r.what === 'force' && force)) {
        refused.push(r.message.split('{branch}').join(ref.replace(/^refs\\/heads\\//, '')));
        break;
      }
    }
  }
  for (const m of refused) process.stderr.write(m + '\\n');
  process.exit(refused.length ? 1 : 0);
});
`;

let hooksDir: string | undefined;

/** A directory with the pre-receive hook, made once per process and removed when it exits. */
function refRuleHooks(): string {
  if (hooksDir) return hooksDir;
  const dir = mkdtempSync(join(tmpdir(), 'bb-sandbox-hooks-'));
  writeFileSync(join(dir, 'pre-receive.cjs'), HOOK_JS);
  const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  writeFileSync(join(dir, 'pre-receive'), `#!/bin/sh\nexec ${sh(process.execPath)} ${sh(join(dir, 'pre-receive.cjs'))}\n`);
  chmodSync(join(dir, 'pre-receive'), 0o755);
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  hooksDir = dir;
  return dir;
}

/**
 * Smart HTTP through `git http-backend` (CGI): the request goes in on stdin with the CGI variables in
 * the environment; the answer comes back as CGI headers, a blank line, then the body.
 */
export interface GitHttpRequest {
  /** GIT_PROJECT_ROOT: the directory holding the bare repositories. */
  projectRoot: string;
  /** PATH_INFO below the root: `/<repo dir>.git/info/refs`. */
  pathInfo: string;
  query: string;
  remoteUser: string;
  body: Buffer;
  /** Branch protections this push must respect (receive-pack only): see RefRule. */
  refRules?: RefRule[];
}

export function serveGit(req: IncomingMessage, res: ServerResponse, g: GitHttpRequest): Promise<number> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_PROJECT_ROOT: g.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: g.pathInfo,
    REQUEST_METHOD: req.method ?? 'GET',
    QUERY_STRING: g.query,
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    CONTENT_LENGTH: String(g.body.length),
    REMOTE_USER: g.remoteUser,
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
    GATEWAY_INTERFACE: 'CGI/1.1',
  };
  const encoding = req.headers['content-encoding'];
  if (typeof encoding === 'string') env.HTTP_CONTENT_ENCODING = encoding;
  const protocol = req.headers['git-protocol'];
  if (typeof protocol === 'string') env.GIT_PROTOCOL = protocol;
  if (g.refRules?.length) {
    // receive-pack (run by http-backend with this environment) runs the hook from this core.hooksPath
    env.GIT_CONFIG_COUNT = '2';
    env.GIT_CONFIG_KEY_0 = 'core.hooksPath';
    env.GIT_CONFIG_VALUE_0 = refRuleHooks();
    env.GIT_CONFIG_KEY_1 = 'sandbox.refrules';
    env.GIT_CONFIG_VALUE_1 = JSON.stringify(g.refRules);
  }

  return new Promise((resolve) => {
    countGitInvocation();
    const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let headerBuf = Buffer.alloc(0);
    let headersDone = false;
    let status = 200;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      headerBuf = Buffer.concat([headerBuf, chunk]);
      let end = headerBuf.indexOf('\r\n\r\n');
      let sepLen = 4;
      if (end < 0) {
        end = headerBuf.indexOf('\n\n');
        sepLen = 2;
      }
      if (end < 0) return;
      headersDone = true;
      const head = headerBuf.subarray(0, end).toString('latin1');
      const rest = headerBuf.subarray(end + sepLen);
      for (const line of head.split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 200;
        else res.setHeader(name, value);
      }
      res.statusCode = status;
      if (rest.length) res.write(rest);
    });
    child.on('error', () => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('git http-backend could not be started\n');
      resolve(500);
    });
    child.on('close', (code) => {
      if (!headersDone) {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`git http-backend failed (exit ${code})${stderr ? `: ${stderr.trim().split('\n').slice(-1)[0]}` : ''}\n`);
        resolve(500);
        return;
      }
      res.end();
      resolve(status);
    });
    child.stdin.on('error', () => {
      // the backend may exit before reading everything (e.g. on an error); its answer still counts
    });
    child.stdin.end(g.body);
  });
}
