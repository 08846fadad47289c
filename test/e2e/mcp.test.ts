/**
 * `bb mcp` driven by a real MCP client (the SDK's Client over stdio) spawning ./bin/bb mcp, against the Cloud sandbox
 * and the Data Center sandbox (#19): tools/list under a profile, --read-only and --repo; tools/call of a read, a
 * write and a comment on it, a write refused by Bitbucket (403 naming the scope), a call refused by the declaration
 * before any request, a dry run, and bb_scopes; without a declaration, the tools an access token's reported scopes
 * cover (all, for an API token); resources in pages, a large log's included, with bounded memory. The token reaches bb through the environment only.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { spawn } from 'node:child_process';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type DcSandbox, startDcSandbox } from '../support/dc.js';
import { BB, bb, ROOT, type SandboxProcess, startSandbox, tempDir } from '../support/sandbox.js';
import { findProfile } from '../../src/scopes/profiles.js';
import { isExcluded } from '../../src/cmd/mcp/tools.js';

let cloud: SandboxProcess;
let dc: DcSandbox;
const clients: Client[] = [];

before(async () => {
  [cloud, dc] = await Promise.all([startSandbox(), startDcSandbox('bb-e2e-mcp-dc-')]);
});
after(async () => {
  for (const c of clients) await c.close().catch(() => {});
  dc?.stop();
  await cloud?.stop();
});

/** A client connected to `./bin/bb mcp …` with only this environment (and PATH, HOME). */
async function connect(args: string[], env: Record<string, string | undefined>): Promise<Client> {
  const clean: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: tempDir('bb-mcp-home-'), NO_COLOR: '1' };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v;
  const transport = new StdioClientTransport({ command: process.execPath, args: [BB, 'mcp', ...args], env: clean, cwd: ROOT, stderr: 'pipe' });
  const client = new Client({ name: 'bb-e2e', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return client;
}

type Result = { isError?: boolean; content: Array<{ type: string; text?: string }>; structuredContent?: Record<string, unknown> };
const call = async (c: Client, name: string, args: Record<string, unknown>) => (await c.callTool({ name, arguments: args })) as Result;
const text = (r: Result) => r.content.map((x) => x.text ?? '').join('\n');
const errorOf = (r: Result) => (r.structuredContent?.error ?? {}) as Record<string, unknown>;

function profileTools(name: string): string[] {
  return [
    ...(findProfile(name)?.commands ?? [])
      .filter((c) => !isExcluded({ path: c.split(' ') }))
      .map((c) => c.replace(/[ -]/g, '_'))
      .sort(),
    'bb_scopes',
  ].sort();
}

test('Cloud: tools/list under --profile reviewer --repo acme/web, --read-only, and no declaration', async () => {
  const reviewer = await connect(['--profile', 'reviewer', '--repo', 'acme/web'], cloud.env());
  const listed = (await reviewer.listTools()).tools;
  // auth status works on no repository: --repo leaves it out
  assert.deepEqual(
    listed.map((t) => t.name).sort(),
    profileTools('reviewer').filter((n) => n !== 'auth_status'),
  );
  const approve = listed.find((t) => t.name === 'pr_approve');
  assert.match(approve?.description ?? '', /Minimum scopes \(API token\): read:pullrequest:bitbucket, write:pullrequest:bitbucket\./);
  assert.equal(approve?.annotations?.readOnlyHint, false);
  assert.ok(Object.hasOwn(approve?.inputSchema.properties ?? {}, 'dryRun'));

  const ro = await connect(['--read-only'], cloud.env());
  const roTools = (await ro.listTools()).tools;
  assert.ok(roTools.length > 20);
  assert.ok(
    roTools.every((t) => t.annotations?.readOnlyHint === true),
    'only read tools',
  );
  assert.ok(roTools.some((t) => t.name === 'workspace_list'));

  const all = await connect([], cloud.env());
  const allTools = (await all.listTools()).tools;
  assert.ok(allTools.some((t) => t.name === 'pr_merge' && t.annotations?.destructiveHint === true));
  assert.ok(allTools.every((t) => t.name === 'bb_scopes' || /Minimum scopes/.test(t.description ?? '')));
  assert.ok(!allTools.some((t) => ['auth_token', 'mcp', 'sandbox', 'api', 'browse', 'config_set'].includes(t.name)));
});

test('Cloud: a read, a write and a comment on it, a dry run, repositories and scopes enforced before any request', async () => {
  const c = await connect(['--profile', 'contributor', '--repo', 'acme/web'], cloud.env());
  // read: the only repository allowed is the default
  const list = await call(c, 'pr_list', { state: ['open'] });
  assert.ok(!list.isError, text(list));
  const items = (list.structuredContent?.items ?? []) as Array<Record<string, unknown>>;
  assert.ok(items.length > 0);
  assert.ok(items.every((p) => typeof p.id === 'number' && typeof p.title === 'string' && p.state === 'OPEN'));

  // outside --repo: refused, nothing sent
  const before = (await cloud.requests()).length;
  const outside = await call(c, 'pr_list', { repo: 'acme/api' });
  assert.equal(outside.isError, true);
  assert.equal(errorOf(outside).code, 6005);
  assert.match(text(outside), /^error 6005 NOT_ALLOWED: pr_list: acme\/api is outside the repositories bb mcp may use \(--repo acme\/web\)/);
  // not in the profile: refused
  const merge = await call(c, 'pr_merge', { pr: '1' });
  assert.equal(merge.isError, true);
  assert.match(text(merge), /profile contributor has no `bb pr merge`/);
  assert.equal((await cloud.requests()).length, before, 'no request for a refused call');

  // dry run: the request and its scopes, nothing created
  const base = `mcp-base-${Date.now()}`;
  const dry = await call(c, 'branch_create', { name: base, from: 'main', dryRun: true });
  assert.ok(!dry.isError, text(dry));
  const plan = dry.structuredContent as { dryRun: boolean; requests: Array<{ method: string; url: string; scopes: string[] }> };
  assert.equal(plan.dryRun, true);
  assert.equal(plan.requests.at(-1)?.method, 'POST');
  assert.match(plan.requests.at(-1)?.url ?? '', /\/repositories\/acme\/web\/refs\/branches$/);
  assert.ok(plan.requests.at(-1)?.scopes.includes('write:repository:bitbucket'));
  assert.equal((await cloud.api(`/repositories/acme/web/refs/branches/${base}`)).status, 404, 'the dry run created nothing');

  // write, then a comment on what it created
  const branch = await call(c, 'branch_create', { name: base, from: 'main' });
  assert.ok(!branch.isError, text(branch));
  const pr = await call(c, 'pr_create', { title: 'From an agent', base, head: 'feature/login', body: 'opened through bb mcp' });
  assert.ok(!pr.isError, text(pr));
  const id = (pr.structuredContent as { id: number }).id;
  assert.equal(typeof id, 'number');
  const created = (await (await cloud.api(`/repositories/acme/web/pullrequests/${id}`)).json()) as { title: string; destination: { branch: { name: string } } };
  assert.equal(created.title, 'From an agent');
  assert.equal(created.destination.branch.name, base);
  const comment = await call(c, 'pr_comments_add', { pr: String(id), body: 'looks good to the agent' });
  // pr comment is no contributor command: refused before any request
  assert.match(text(await call(c, 'pr_comment', { pr: String(id), body: 'x' })), /profile contributor has no `bb pr comment`/);
  assert.ok(!comment.isError, text(comment));
  const comments = (await (await cloud.api(`/repositories/acme/web/pullrequests/${id}/comments`)).json()) as { values: Array<{ content: { raw: string } }> };
  assert.ok(comments.values.some((v) => v.content.raw === 'looks good to the agent'));

  // bb_scopes: what `bb scopes … --json` answers
  const scopes = await call(c, 'bb_scopes', { commands: ['pr create', 'pr merge'] });
  const cli = await bb(['scopes', 'pr create', 'pr merge', '--json'], { env: cloud.env() });
  assert.equal(cli.code, 0, cli.stderr);
  assert.deepEqual(scopes.structuredContent, JSON.parse(cli.stdout));
});

test('Cloud: a command that exits 1 with its output (pr conflicts) answers with that output and its exit status, not an error', async () => {
  const env = cloud.env();
  const ok = async (args: string[]) => {
    const r = await bb([...args, '-R', 'acme/web'], { env });
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const branch = `mcp-conflict-${Date.now()}`;
  await ok(['file', 'commit', 'README.md', '--content', '# agent side\n', '-m', 'topic', '--branch', branch, '--from-branch', 'main']);
  await ok(['file', 'commit', 'README.md', '--content', '# main side\n', '-m', 'main', '--branch', 'main']);
  const { id } = JSON.parse(await ok(['pr', 'create', '--head', branch, '--title', 'Conflicting', '--no-push', '--json', 'id'])) as { id: number };
  const c = await connect(['--read-only', '--repo', 'acme/web'], env);
  const conflicted = await call(c, 'pr_conflicts', { pr: String(id) });
  assert.ok(!conflicted.isError, text(conflicted));
  assert.deepEqual(conflicted.structuredContent?.items, [{ path: 'README.md', scenario: 'content', message: 'File modified in both source and destination' }]);
  assert.match(text(conflicted), /exit status 1/);
  const missing = await call(c, 'pr_conflicts', { pr: '999' });
  assert.equal(missing.isError, true, 'an error is still an error');
  assert.equal(errorOf(missing).code, 2002);
});

test('Cloud: a write the token lacks the scope for is refused with 2003 naming it; --scopes refuses before any request', async () => {
  const { token, email } = await cloud.mintToken({ scopes: ['read:repository:bitbucket', 'read:pullrequest:bitbucket', 'read:user:bitbucket'] });
  const env = cloud.env({ BB_TOKEN: token, BB_EMAIL: email });
  const c = await connect(['--repo', 'acme/web'], env);
  const r = await call(c, 'pr_create', { title: 'no scope', head: 'feature/login', base: 'main' });
  assert.equal(r.isError, true, text(r));
  const error = errorOf(r);
  assert.equal(error.code, 2003);
  assert.deepEqual(error.missingScopes, ['write:pullrequest:bitbucket']);
  assert.match(String(error.hint), /`bb pr create` needs: .*write:pullrequest:bitbucket/);
  // the same text as the command line's error
  const cli = await bb(['pr', 'create', '-R', 'acme/web', '--title', 'no scope', '--head', 'feature/login', '--base', 'main'], { env });
  assert.equal(cli.code, 4);
  assert.equal(`${text(r)}\n`, cli.stderr);

  const declared = await connect(['--scopes', 'read:repository:bitbucket,read:pullrequest:bitbucket', '--repo', 'acme/web'], env);
  const names = (await declared.listTools()).tools.map((t) => t.name);
  assert.ok(names.includes('pr_list') && !names.includes('pr_create'));
  const n = (await cloud.requests()).length;
  const refused = await call(declared, 'pr_create', { title: 'x', head: 'feature/login' });
  assert.equal(refused.isError, true);
  assert.equal(errorOf(refused).code, 6005);
  assert.match(text(refused), /needs .*write:pullrequest:bitbucket, outside the scopes bb mcp was given/);
  assert.equal((await cloud.requests()).length, n);

  // the repository found from the environment (BB_REPO) counts like a given one
  const glob = await connect(['--repo', 'acme/*'], { ...env, BB_REPO: 'dev/web-fork' });
  const resolved = await call(glob, 'pr_list', {});
  assert.equal(resolved.isError, true);
  assert.match(text(resolved), /dev\/web-fork is outside the repositories bb mcp may use \(--repo acme\/\*\)/);
  assert.ok(!(await call(glob, 'pr_list', { repo: 'acme/api' })).isError);
  assert.equal((await cloud.requests()).length, n + 1, 'only the allowed call reached Bitbucket');
});

test('Cloud: no declaration: an access token lists only the tools its reported scopes cover; an API token lists all, annotated', async () => {
  // an access token (Bearer, legacy scopes): Bitbucket reports its scopes in X-OAuth-Scopes, which bb reads from GET /user
  const access = await cloud.mintToken({ legacyScopes: ['pullrequest', 'account'] });
  const n = (await cloud.requests()).length;
  const c = await connect(['--repo', 'acme/web'], cloud.env({ BB_TOKEN: access.token, BB_EMAIL: undefined }));
  const startup = (await cloud.requests()).slice(n);
  assert.deepEqual(
    startup.map((r) => `${r.method} ${r.path} ${r.status}`),
    ['GET /2.0/user 200'],
    'one cheap request learns the grant',
  );
  const raw = await cloud.api('/user', { token: access.token, bearer: true });
  assert.equal(raw.headers.get('x-oauth-scopes'), 'pullrequest, account', 'the sandbox reports the scopes as given');
  assert.equal(raw.headers.get('x-accepted-oauth-scopes'), 'account');
  assert.match(
    c.getInstructions() ?? '',
    /The credential holds account, pullrequest \(reported by Bitbucket\): only the tools those scopes cover are listed\./,
  );
  const tools = (await c.listTools()).tools;
  const names = tools.map((t) => t.name);
  // pullrequest reads pull requests and (implied) repositories; it writes nothing and reads no pipeline
  for (const covered of ['pr_list', 'pr_view', 'pr_diff', 'pr_activity', 'repo_view', 'branch_list', 'bb_scopes']) assert.ok(names.includes(covered), covered);
  for (const outside of ['pr_create', 'pr_merge', 'pr_approve', 'pipeline_list', 'pipeline_logs', 'repo_create', 'webhook_list', 'branch_create'])
    assert.ok(!names.includes(outside), outside);
  assert.ok(
    tools.every((t) => t.name === 'bb_scopes' || /Minimum scopes \(API token\): /.test(t.description ?? '')),
    'each still annotated',
  );
  // a tool outside the grant: refused before any request, naming the scope the credential lacks
  const before = (await cloud.requests()).length;
  const refused = await call(c, 'pr_create', { title: 'x', head: 'feature/login' });
  assert.equal(refused.isError, true);
  assert.equal(errorOf(refused).code, 6005);
  assert.match(text(refused), /`bb pr create` needs pullrequest:write, which the credential does not hold \(Bitbucket reports: account, pullrequest\)/);
  assert.match(String(errorOf(refused).hint), /ask the user for a token with the scopes this call needs/);
  assert.equal((await cloud.requests()).length, before, 'nothing sent for a refused call');
  const list = await call(c, 'pr_list', {});
  assert.ok(!list.isError, text(list));
  // a resource whose tool the grant does not cover is not offered
  assert.deepEqual(
    (await c.listResourceTemplates()).resourceTemplates.map((t) => t.name),
    ['pr-diff'],
  );

  // an API token (Basic, granular scopes): Bitbucket does not report its scopes; bb does not ask, and lists every tool
  const api = await cloud.mintToken({ scopes: ['read:repository:bitbucket', 'read:pullrequest:bitbucket'] });
  const basic = await cloud.api('/repositories/acme/web', { token: api.token });
  assert.equal(basic.status, 200);
  assert.equal(basic.headers.get('x-oauth-scopes'), null, 'no scope header for an API token');
  const m = (await cloud.requests()).length;
  const all = await connect([], cloud.env({ BB_TOKEN: api.token, BB_EMAIL: api.email }));
  assert.equal((await cloud.requests()).length, m, 'no request at startup');
  assert.match(
    all.getInstructions() ?? '',
    /Bitbucket does not report what this credential grants \(API token \(Basic, email \+ token\)\): every tool is listed, each with its minimum scopes\./,
  );
  const allTools = (await all.listTools()).tools;
  assert.ok(['pr_create', 'pr_merge', 'pipeline_logs', 'repo_delete', 'pr_list'].every((t) => allTools.some((x) => x.name === t)));
  assert.ok(allTools.every((t) => t.name === 'bb_scopes' || /Minimum scopes \(API token\): /.test(t.description ?? '')));
});

test("Cloud: resources: a pull request's diff and a pipeline step's log, under the same declaration", async () => {
  const c = await connect(['--read-only', '--repo', 'acme/web'], cloud.env());
  const templates = (await c.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate).sort();
  assert.deepEqual(templates, ['bb://pipeline/{workspace}/{repo}/{id}/steps/{step}/log{?offset}', 'bb://pr/{workspace}/{repo}/{id}/diff{?offset}']);
  // a short text is one page, exactly what the command prints, with no next page
  const diff = await c.readResource({ uri: 'bb://pr/acme/web/1/diff' });
  const cli = await bb(['pr', 'diff', '1', '-R', 'acme/web', '--color', 'never'], { env: cloud.env() });
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, /^diff --git /m);
  assert.equal((diff.contents[0] as { text: string }).text, cli.stdout);
  assert.deepEqual(diff.contents[0]?._meta, { 'bb/offset': 0 });
  // ?offset= continues a diff at that byte
  const rest = await c.readResource({ uri: 'bb://pr/acme/web/1/diff?offset=10' });
  assert.equal((rest.contents[0] as { text: string }).text, Buffer.from(cli.stdout).subarray(10).toString());
  const log = await c.readResource({ uri: 'bb://pipeline/acme/web/2/steps/Test/log' });
  const cliLog = await bb(['pipeline', 'logs', '2', '--step', 'Test', '-R', 'acme/web'], { env: cloud.env() });
  assert.equal(cliLog.code, 0, cliLog.stderr);
  assert.match(cliLog.stdout, /FAIL src\/login\.test\.js/);
  assert.equal((log.contents[0] as { text: string }).text, cliLog.stdout);
  assert.deepEqual(log.contents[0]?._meta, { 'bb/offset': 0 });
  await assert.rejects(c.readResource({ uri: 'bb://pr/acme/web/1/diff?offset=x' }), /error 5001 USAGE: .*offset must be a whole number of bytes/);
  await assert.rejects(c.readResource({ uri: 'bb://pr/acme/api/1/diff' }), /error 6005 NOT_ALLOWED: pr_diff: acme\/api is outside/);
  // a profile without pipeline_logs is offered no pipeline log
  const reviewer = await connect(['--profile', 'reviewer'], cloud.env());
  assert.deepEqual(
    (await reviewer.listResourceTemplates()).resourceTemplates.map((t) => t.name),
    ['pr-diff'],
  );
});

test('Cloud: a large step log is read in bounded pages that continue exactly, with one Range request each and bounded memory', async () => {
  const W = '/repositories/acme/web';
  const bytes = 256 * 1024 * 1024;
  const run = await bb(
    [
      'pipeline',
      'run',
      '-R',
      'acme/web',
      '--branch',
      'main',
      '--var',
      `SANDBOX_LOG_BYTES=${bytes}`,
      '--var',
      'SANDBOX_STEP_SECONDS=0',
      '--json',
      'buildNumber',
    ],
    { env: cloud.env() },
  );
  assert.equal(run.code, 0, run.stderr);
  const n = (JSON.parse(run.stdout) as { buildNumber: number }).buildNumber;
  const deadline = Date.now() + 30_000;
  while (((await (await cloud.api(`${W}/pipelines/${n}`)).json()) as { state: { name: string } }).state.name !== 'COMPLETED') {
    assert.ok(Date.now() < deadline, `pipeline #${n} did not complete`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const steps = ((await (await cloud.api(`${W}/pipelines/${n}/steps`)).json()) as { values: Array<{ name: string; uuid: string }> }).values;
  const step = steps.find((s) => s.name === 'Test') as { uuid: string };
  const logPath = `${W}/pipelines/${n}/steps/${encodeURIComponent(step.uuid)}/log`;
  /** Bytes [from, to) of the log, straight from the API. */
  const slice = async (from: number, to: number) => {
    const r = await cloud.api(logPath, { headers: { Range: `bytes=${from}-${to - 1}` } });
    assert.equal(r.status, 206);
    return Buffer.from(await r.arrayBuffer());
  };
  const probe = await cloud.api(logPath, { headers: { Range: 'bytes=0-0' } });
  await probe.body?.cancel();
  const total = Number(/\/(\d+)$/.exec(probe.headers.get('content-range') ?? '')?.[1]);
  assert.ok(total >= bytes, `log size ${total}`);

  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BB, 'mcp', '--read-only', '--repo', 'acme/web'],
    env: { PATH: process.env.PATH ?? '', HOME: tempDir('bb-mcp-home-'), ...(cloud.env() as Record<string, string>) },
    cwd: ROOT,
    stderr: 'pipe',
  });
  const c = new Client({ name: 'bb-e2e-biglog', version: '1.0.0' });
  await c.connect(transport);
  clients.push(c);
  const uri = `bb://pipeline/acme/web/${n}/steps/Test/log`;
  type Page = { text: string; _meta?: Record<string, unknown> };
  const read = async (u: string) => (await c.readResource({ uri: u })).contents[0] as Page;

  const peakKiB = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${transport.pid}/status`, 'utf8'))?.[1]);
  // the server's own peak once started and warmed up by a short log (the command's code loaded), before the long one
  assert.match((await read('bb://pipeline/acme/web/2/steps/Test/log')).text, /FAIL src\/login\.test\.js/);
  const startedKiB = peakKiB();
  const since = (await cloud.requests()).length;
  const first = await read(uri);
  const second = await read(String(first._meta?.['bb/next']));
  const tailFrom = total - 1000;
  const last = await read(`${uri}?offset=${tailFrom}`);
  const past = await read(`${uri}?offset=${total}`);
  // each page was one Range request for that page alone (206), never the whole log (200); past the end, 416
  const logReads = (await cloud.requests())
    .slice(since)
    .filter((r) => r.operation === 'GET /repositories/{workspace}/{repo_slug}/pipelines/{pipeline_uuid}/steps/{step_uuid}/log');
  assert.deepEqual(
    logReads.map((r) => r.status),
    [206, 206, 206, 416],
  );

  const firstBytes = Buffer.from(first.text);
  assert.ok(firstBytes.length > 0 && firstBytes.length <= 64 * 1024, `first page: ${firstBytes.length} bytes`);
  assert.ok(firstBytes.length > 60 * 1024, 'a full page (less at most one line)');
  assert.ok(first.text.endsWith('\n'), 'a page ends at a line end');
  assert.equal(first._meta?.['bb/offset'], 0);
  assert.equal(first._meta?.['bb/next'], `${uri}?offset=${firstBytes.length}`);
  assert.ok(firstBytes.equals(await slice(0, firstBytes.length)), "the first page is the log's first bytes");

  const secondBytes = Buffer.from(second.text);
  assert.ok(secondBytes.length > 0 && secondBytes.length <= 64 * 1024);
  assert.equal(second._meta?.['bb/offset'], firstBytes.length);
  assert.ok(
    Buffer.concat([firstBytes, secondBytes]).equals(await slice(0, firstBytes.length + secondBytes.length)),
    'the second page continues exactly where the first ended',
  );

  // deep in the log: as cheap as the first page; the last page names no next one
  assert.ok(Buffer.from(last.text).equals(await slice(tailFrom, total)), "the last page is the log's last bytes");
  assert.equal(last._meta?.['bb/next'], undefined);
  assert.equal(past.text, '');
  assert.equal(past._meta?.['bb/next'], undefined);
  // and the server never held the log: reading its pages, from the first to the last, grew its peak memory by far less
  // than the log's size (a quarter of it; measured: about 19 MiB, the cost of a first read of a new pipeline)
  const grewMiB = (peakKiB() - startedKiB) / 1024;
  assert.ok(startedKiB > 0, 'peak RSS measured');
  assert.ok(grewMiB < 64, `bb mcp's peak RSS grew by ${grewMiB.toFixed(1)} MiB reading pages of a ${(total / 1048576).toFixed(0)} MiB log`);
});

test('Cloud: --http serves Streamable HTTP on 127.0.0.1 behind a bearer secret printed once', async () => {
  const child = spawn(process.execPath, [BB, 'mcp', '--read-only', '--repo', 'acme/web', '--http', '0'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: tempDir('bb-mcp-home-'), ...(cloud.env() as Record<string, string>) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let stderr = '';
    const announced = await new Promise<{ url: string; secret: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no announcement: ${stderr}`)), 20_000);
      child.stderr.on('data', (d) => {
        stderr += d;
        const m = /serving (http:\/\/127\.0\.0\.1:\d+\/mcp)\nbb mcp: send the header "Authorization: Bearer ([\w-]+)"\n/.exec(stderr);
        if (m) {
          clearTimeout(timer);
          resolve({ url: m[1] as string, secret: m[2] as string });
        }
      });
    });
    assert.ok(announced.secret.length >= 40);
    const init = { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' }, body: '{}' };
    assert.equal((await fetch(announced.url, init)).status, 401, 'no secret, no answer');
    assert.equal((await fetch(announced.url, { ...init, headers: { ...init.headers, Authorization: 'Bearer nope' } })).status, 401);
    const client = new Client({ name: 'bb-e2e-http', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(announced.url), { requestInit: { headers: { Authorization: `Bearer ${announced.secret}` } } }),
    );
    const tools = (await client.listTools()).tools;
    assert.ok(tools.length > 5 && tools.every((t) => t.annotations?.readOnlyHint === true));
    const list = await call(client, 'pr_list', {});
    assert.ok(!list.isError, text(list));
    assert.ok(((list.structuredContent?.items ?? []) as unknown[]).length > 0);
    await client.close();
    assert.equal(stderr.split(announced.secret).length, 2, 'the secret is printed once');
  } finally {
    child.kill('SIGTERM');
  }
});

test('Data Center: tools/list, a read, a write and a comment, a dry run, a 403 naming the permission, bb_scopes', async () => {
  const url = dc.ready.url;
  const token = await mintDc({ user: 'admin', permissions: ['REPO_ADMIN'] });
  const env = { BB_HOST: url, BB_TOKEN: token, BB_CONFIG_DIR: tempDir('bb-mcp-dc-') };
  const c = await connect(['--profile', 'contributor', '--repo', 'ACME/api'], env);
  const tools = (await c.listTools()).tools;
  const names = tools.map((t) => t.name);
  assert.ok(
    names.every((n) => profileTools('contributor').includes(n)),
    names.join(' '),
  );
  assert.ok(['pr_list', 'pr_create', 'branch_create', 'pr_comments_add', 'bb_scopes'].every((n) => names.includes(n)));
  assert.ok(!names.includes('pr_merge') && !names.includes('auth_status'));
  assert.match(tools.find((t) => t.name === 'pr_list')?.description ?? '', /Minimum scopes \(Data Center OAuth 2\.0\): REPO_READ/);

  const list = await call(c, 'pr_list', {});
  assert.ok(!list.isError, text(list));
  assert.ok(((list.structuredContent?.items ?? []) as unknown[]).length > 0);

  const base = `mcp-base-${Date.now()}`;
  const dry = await call(c, 'branch_create', { name: base, from: 'main', dryRun: true });
  assert.ok(!dry.isError, text(dry));
  assert.match(text(dry), /POST/);
  assert.ok(!(await call(c, 'branch_create', { name: base, from: 'main' })).isError);
  const pr = await call(c, 'pr_create', { title: 'From an agent on DC', base, head: 'feature/login' });
  assert.ok(!pr.isError, text(pr));
  const id = (pr.structuredContent as { id: number }).id;
  const comment = await call(c, 'pr_comments_add', { pr: String(id), body: 'agent comment on DC' });
  assert.ok(!comment.isError, text(comment));
  const view = await call(c, 'pr_comments_list', { pr: String(id) });
  assert.match(text(view), /agent comment on DC/);

  // a token that may only read: the merge is refused by the server, and the error names the permission
  const reader = await mintDc({ user: 'admin', permissions: ['REPO_READ'] });
  const r = await connect(['--repo', 'ACME/api'], { ...env, BB_TOKEN: reader });
  // no declaration, and Data Center does not report a token's permissions: every tool listed, and said
  assert.match(r.getInstructions() ?? '', /Bitbucket does not report what this credential grants \(access token \(Bearer\)\): every tool is listed/);
  assert.ok((await r.listTools()).tools.some((t) => t.name === 'pr_merge'));
  const merge = await call(r, 'pr_merge', { pr: String(id) });
  assert.equal(merge.isError, true, text(merge));
  assert.equal(errorOf(merge).code, 2003);
  assert.match(text(merge), /REPO_WRITE/);

  const scopes = await call(c, 'bb_scopes', { commands: ['pr merge'] });
  assert.ok(!scopes.isError, text(scopes));
  assert.deepEqual((scopes.structuredContent as { oauthScopes: string[] }).oauthScopes, ['REPO_WRITE']);
});

async function mintDc(req: Record<string, unknown>): Promise<string> {
  const r = await fetch(`${dc.ready.admin}/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'mcp', ...req }),
  });
  assert.equal(r.status, 201, await r.clone().text());
  return ((await r.json()) as { token: string }).token;
}
