/**
 * `bb mcp`'s tools against the command tree they are generated from (#19): every command an agent may use is a tool
 * with its arguments and flags, every other one is in the exclusion table with a reason; the policy filters; a call's
 * arguments become the command line the command parses.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { allFlags, camel, commandName } from '../src/core/command.js';
import { COMMANDS } from '../src/cmd/registry.js';
import { allowedTools, EXCLUDED, generateTools, isExcluded, type Policy, refusal, repoMatches, scopeModel, toArgv, toolName } from '../src/cmd/mcp/tools.js';
import { hostKindsOf } from '../src/provider/host-check.js';
import { findProfile } from '../src/scopes/profiles.js';
import { baseScopes, splitWords } from '../src/scopes/command-scopes.js';
import { PAGE_BYTES, pageEnd } from '../src/cmd/mcp/mcp.js';
import { runBb } from './support/run.js';

const none: Policy = { readOnly: false, repos: [] };

for (const kind of ['cloud', 'dc'] as const) {
  test(`${kind}: one tool per command an agent may use, with every argument and flag`, async () => {
    const model = await scopeModel(kind);
    const tools = generateTools(COMMANDS, model);
    const expected = COMMANDS.filter((c) => !isExcluded(c) && hostKindsOf(c).includes(kind))
      .map((c) => toolName(c))
      .sort();
    assert.deepEqual(
      tools.map((t) => t.name),
      expected,
    );
    for (const t of tools) {
      const def = t.command;
      assert.equal(t.name, def.path.join('_').replace(/-/g, '_'));
      const props = Object.keys(t.inputSchema.properties);
      for (const a of def.args ?? []) assert.ok(props.includes(camel(a.name)), `${t.name} lacks argument ${a.name}`);
      for (const f of allFlags(def)) {
        if (['json', 'jq', 'template', 'web', 'editor', 'yes', 'dry-run', 'follow', 'watch', 'interval'].includes(f.name) || f.hidden) continue;
        assert.ok(props.includes(camel(f.name)), `${t.name} lacks flag ${f.name}`);
      }
      assert.deepEqual(
        t.inputSchema.required ?? [],
        (def.args ?? []).filter((a) => a.required).map((a) => camel(a.name)),
      );
      assert.equal(t.annotations.readOnlyHint, !def.write);
      assert.equal(props.includes('dryRun'), Boolean(def.write));
      assert.match(t.description, /Minimum scopes/);
      assert.ok(t.description.startsWith(def.summary));
    }
  });
}

test('every command in the exclusion table exists, and the exclusions are the commands no agent should run', () => {
  const names = COMMANDS.map((c) => commandName(c));
  for (const e of EXCLUDED)
    assert.ok(
      names.some((n) => n === e.commands || n.startsWith(`${e.commands} `)),
      `${e.commands} is no command`,
    );
  for (const n of ['mcp', 'sandbox', 'auth login', 'auth token', 'token create', 'completion', 'browse', 'config set', 'alias set', 'api']) {
    assert.ok(isExcluded({ path: n.split(' ') }), `${n} must not be a tool`);
  }
});

test('types and choices: enums, arrays, numbers; destructive writes', async () => {
  const tools = generateTools(COMMANDS, await scopeModel('cloud'));
  const prList = tools.find((t) => t.name === 'pr_list');
  assert.ok(prList);
  assert.equal(prList.inputSchema.properties.limit?.type, 'number');
  assert.equal(prList.inputSchema.properties.repo?.type, 'string');
  assert.equal(prList.inputSchema.properties.web, undefined);
  const merge = tools.find((t) => t.name === 'pr_merge');
  assert.equal(merge?.annotations.destructiveHint, true);
  assert.equal(tools.find((t) => t.name === 'pr_create')?.annotations.destructiveHint, false);
  assert.equal(tools.find((t) => t.name === 'repo_delete')?.annotations.destructiveHint, true);
  const withEnum = tools.flatMap((t) => Object.values(t.inputSchema.properties)).filter((p) => p.enum);
  assert.ok(withEnum.length > 0);
  assert.deepEqual(prList.scopes, baseScopes(prList.command).granular);
  assert.match(prList.description, /Minimum scopes \(API token\): read:pullrequest:bitbucket/);
  const dcList = generateTools(COMMANDS, await scopeModel('dc')).find((t) => t.name === 'pr_list');
  assert.match(dcList?.description ?? '', /Minimum scopes \(Data Center OAuth 2\.0\): REPO_READ/);
});

test('policy: --profile lists its commands, --read-only no writes, --scopes what they cover, --repo repository tools', async () => {
  const model = await scopeModel('cloud');
  const tools = generateTools(COMMANDS, model);
  const reviewer = allowedTools(tools, { ...none, profile: 'reviewer' }, model).map((t) => commandName(t.command));
  assert.deepEqual(reviewer, [...(findProfile('reviewer')?.commands ?? [])].filter((c) => !isExcluded({ path: c.split(' ') })).sort());
  assert.ok(!reviewer.includes('pr merge'));
  const ro = allowedTools(tools, { ...none, readOnly: true }, model);
  assert.ok(ro.length > 10 && ro.every((t) => t.annotations.readOnlyHint));
  const scoped = allowedTools(tools, { ...none, scopes: ['read:repository:bitbucket', 'read:pullrequest:bitbucket'] }, model).map((t) => t.name);
  assert.ok(scoped.includes('pr_list') && scoped.includes('branch_list'));
  assert.ok(!scoped.includes('pr_create') && !scoped.includes('pipeline_list'));
  const repos = allowedTools(tools, { ...none, repos: ['acme/*'] }, model).map((t) => t.name);
  assert.ok(repos.includes('pr_list') && repos.includes('repo_view'));
  assert.ok(!repos.includes('workspace_list') && !repos.includes('repo_list'));
  const create = tools.find((t) => t.name === 'pr_create');
  assert.match(refusal(create!, { ...none, readOnly: true }, model) ?? '', /--read-only/);
  const dc = await scopeModel('dc');
  const dcTools = generateTools(COMMANDS, dc);
  // Data Center tiers include the ones below: REPO_WRITE covers REPO_READ
  const dcScoped = allowedTools(dcTools, { ...none, scopes: ['REPO_WRITE'] }, dc).map((t) => t.name);
  assert.ok(dcScoped.includes('pr_list') && dcScoped.includes('pr_merge'));
  assert.ok(!allowedTools(dcTools, { ...none, scopes: ['REPO_READ'] }, dc).some((t) => t.name === 'pr_merge'));
});

test('repository globs', () => {
  assert.ok(repoMatches('acme/*', 'acme/web'));
  assert.ok(repoMatches('ACME/web', 'acme/web'));
  assert.ok(!repoMatches('acme/*', 'other/web'));
  assert.ok(!repoMatches('acme/w*', 'acme/api'));
  assert.ok(!repoMatches('acme/web', 'acme/web2'));
  assert.ok(!repoMatches('acme.x/web', 'acmeyx/web'));
});

test('a call becomes the command line: flags as --name=value, arguments after --, --json of every field, --dry-run', async () => {
  const tools = generateTools(COMMANDS, await scopeModel('cloud'));
  const create = tools.find((t) => t.name === 'pr_create');
  assert.ok(create);
  const r = toArgv(create, { title: '--evil', base: 'main', repo: 'acme/web' }, { dryRun: true });
  assert.deepEqual(r.argv.slice(0, 2), ['pr', 'create']);
  assert.ok(r.argv.includes('--title=--evil'));
  assert.ok(r.argv.includes('--dry-run'));
  assert.ok(r.argv.includes('--repo=acme/web'));
  assert.ok(r.argv.some((w) => w.startsWith('--json=')));
  const view = tools.find((t) => t.name === 'pr_view');
  assert.deepEqual(toArgv(view!, { pr: '-1' }, { dryRun: false }).argv.slice(-2), ['--', '-1']);
  assert.throws(() => toArgv(view!, { nope: 1 }, { dryRun: false }), /has no input "nope"/);
  assert.throws(() => toArgv(tools.find((t) => t.name === 'pr_list')!, { limit: 'x' }, { dryRun: false }), /limit must be a number/);
});

test("README's agent snippet is what `bb mcp --print-config claude` prints; every host's snippet starts bb with mcp and no token", async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Use with an agent'));
  const line = /```sh\nbb (mcp [^\n]*)\n```/.exec(section);
  assert.ok(line, 'the section shows the command line');
  const argv = splitWords(line[1] as string);
  const snippet = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  const r = await runBb(argv);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, snippet);
  for (const host of ['claude', 'vscode', 'cursor']) {
    const out = await runBb(['mcp', '--read-only', '--repo', 'acme/*', '--print-config', host]);
    assert.equal(out.code, 0, out.stderr);
    const json = JSON.parse(out.stdout) as { mcpServers?: Record<string, unknown>; servers?: Record<string, unknown> };
    const server = (json.mcpServers ?? json.servers)?.bitbucket as { command: string; args: string[]; env: Record<string, string> };
    assert.equal(server.command, 'bb');
    assert.deepEqual(server.args, ['mcp', '--read-only', '--repo', 'acme/*']);
    assert.match(server.env.BB_TOKEN as string, /^\$\{(env:|input:bb-)?/);
  }
  const bad = await runBb(['mcp', '--print-config', 'emacs']);
  assert.equal(bad.code, 2);
});

test('a declaration bb cannot honour is refused before serving: unknown scope, malformed --repo', async () => {
  let r = await runBb(['mcp', '--scopes', 'repository:write'], { env: { BB_TOKEN: 'x', BB_EMAIL: 'a@b.c' } });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error 5002 INVALID_ARGUMENT: unknown scope for this host: repository:write\nhint: name API-token scopes/);
  r = await runBb(['mcp', '--repo', 'acme'], { env: { BB_TOKEN: 'x', BB_EMAIL: 'a@b.c' } });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error 5003 INVALID_REPO: --repo acme: name a repository as WORKSPACE\/REPO/);
});

test('a reported grant: granular or legacy names, a tool it does not cover is refused naming what it lacks', async () => {
  const model = await scopeModel('cloud');
  const tools = generateTools(COMMANDS, model);
  const tool = (name: string) => tools.find((t) => t.name === name) as (typeof tools)[number];
  const legacy: Policy = { ...none, granted: ['pullrequest'] };
  assert.equal(refusal(tool('pr_list'), legacy, model), undefined);
  assert.equal(refusal(tool('repo_view'), legacy, model), undefined, 'pullrequest implies repository');
  assert.match(
    refusal(tool('pr_merge'), legacy, model) ?? '',
    /`bb pr merge` needs pullrequest:write, which the credential does not hold \(Bitbucket reports: pullrequest\)/,
  );
  const granular: Policy = { ...none, granted: ['read:pullrequest:bitbucket'] };
  assert.equal(refusal(tool('pr_list'), granular, model), undefined);
  assert.match(refusal(tool('pr_diff'), granular, model) ?? '', /needs read:repository:bitbucket, which the credential does not hold/);
  // a declaration wins over the grant
  assert.equal(refusal(tool('pr_merge'), { ...legacy, scopes: ['read:pullrequest:bitbucket', 'write:pullrequest:bitbucket'] }, model), undefined);
});

test('a resource page ends after its last line end, or at a character boundary', () => {
  const lines = Buffer.from(`${'a'.repeat(PAGE_BYTES - 10)}\n${'b'.repeat(20)}`);
  assert.equal(pageEnd(lines), PAGE_BYTES - 9);
  // no line end: never inside a UTF-8 sequence (é is two bytes, the page limit falls between them)
  const text = Buffer.from(`${'x'.repeat(PAGE_BYTES - 1)}é`);
  assert.equal(text.length, PAGE_BYTES + 1);
  assert.equal(pageEnd(text), PAGE_BYTES - 1);
  assert.equal(text.subarray(0, pageEnd(text)).toString(), 'x'.repeat(PAGE_BYTES - 1));
});
