import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { runBb, tempDir } from '../../test/support/run.js';
import { defineCommand } from '../cmd/define.js';
import { bashScript, fishScript, zshScript } from './scripts.js';
import { completionTree } from './tree.js';

const noop = async () => 0;
const defs = [
  defineCommand({
    path: ['auth', 'login'],
    summary: 'Log in',
    examples: ['x'],
    operations: [],
    flags: [{ name: 'email', type: 'string', description: 'e' }],
    run: noop,
  }),
  defineCommand({ path: ['auth', 'logout'], summary: "Log out (it's fine)", examples: ['x'], operations: [], run: noop }),
  defineCommand({
    path: ['repo', 'list'],
    summary: 'List repositories',
    examples: ['x'],
    operations: [],
    aliases: ['ls'],
    list: true,
    json: ['name'],
    flags: [
      { name: 'sort', type: 'string', choices: ['name', 'updated'], description: 'sort order: a, b' },
      { name: 'secret', type: 'boolean', hidden: true, description: 'hidden' },
    ],
    run: noop,
  }),
  defineCommand({ path: ['api'], summary: 'Call the API', examples: ['x'], operations: [], repo: true, run: noop }),
  defineCommand({
    path: ['auth', 'switch'],
    summary: 'Switch',
    examples: ['x'],
    operations: [],
    args: [{ name: 'kind', description: 'k', choices: ['one', 'two'] }],
    aliases: ['sw'],
    run: noop,
  }),
];

test('completionTree lists subcommands, flags (declared and switched on), choices; hides hidden flags', () => {
  const tree = completionTree(defs, { auth: 'Authenticate', repo: 'Repositories' });
  const root = tree.find((n) => n.path === '');
  assert.deepEqual(
    root?.subcommands.map((s) => s.name),
    ['api', 'auth', 'repo'],
  );
  assert.equal(root?.subcommands.find((s) => s.name === 'auth')?.summary, 'Authenticate');
  const list = tree.find((n) => n.path === 'repo list');
  const longs = list?.flags.map((f) => f.long);
  assert.deepEqual(longs, ['help', 'sort', 'limit', 'all', 'json', 'jq', 'template']);
  assert.deepEqual(list?.flags.find((f) => f.long === 'sort')?.choices, ['name', 'updated']);
  assert.deepEqual(tree.find((n) => n.path === 'auth switch')?.argChoices, ['one', 'two']);
  assert.deepEqual(tree.find((n) => n.path === 'auth sw')?.argChoices, ['one', 'two'], 'an alias has its values too');
  assert.equal(list?.argChoices, undefined);
  assert.ok(
    tree.find((n) => n.path === 'repo ls'),
    'aliases are nodes too',
  );
  assert.deepEqual(
    tree.find((n) => n.path === 'repo')?.subcommands.map((s) => [s.name, Boolean(s.alias)]),
    [
      ['list', false],
      ['ls', true],
    ],
  );
});

const hasBash = spawnSync('bash', ['--version']).status === 0;

function complete(script: string, words: string[]): string[] {
  const dir = tempDir();
  const file = join(dir, 'bb.bash');
  writeFileSync(file, script);
  const quoted = words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync(
    'bash',
    ['--norc', '--noprofile', '-c', `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _bb; printf '%s\\n' "\${COMPREPLY[@]}"`],
    {
      encoding: 'utf8',
      cwd: dir,
    },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  return r.stdout.split('\n').filter(Boolean);
}

test('bash completion completes commands, subcommands, flags and flag values', { skip: !hasBash && 'bash is not installed' }, () => {
  const script = bashScript(completionTree(defs));
  assert.deepEqual(complete(script, ['bb', '']), ['api', 'auth', 'repo']);
  assert.deepEqual(complete(script, ['bb', 're']), ['repo']);
  assert.deepEqual(complete(script, ['bb', 'auth', 'lo']), ['login', 'logout']);
  assert.deepEqual(complete(script, ['bb', 'auth', 'login', '--e']), ['--email']);
  assert.deepEqual(complete(script, ['bb', 'repo', 'list', '--sort', '']), ['name', 'updated']);
  assert.deepEqual(complete(script, ['bb', 'repo', 'list', '--sort', 'u']), ['updated']);
  assert.deepEqual(complete(script, ['bb', 'repo', 'list', '--sort=u']), ['--sort=updated']);
  // flags before the subcommand, and flag values, do not derail the path
  assert.deepEqual(complete(script, ['bb', 'repo', 'ls', '-L', '5', '--a']), ['--all']);
  assert.deepEqual(complete(script, ['bb', 'api', '-R', 'auth', '--re']), ['--repo']);
  assert.ok(!complete(script, ['bb', 'repo', 'list', '--']).includes('--secret'), 'hidden flags are not offered');
});

test('bb completion bash is generated from the real command tree and completes it', { skip: !hasBash && 'bash is not installed' }, async () => {
  const r = await runBb(['completion', 'bash']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /DO NOT EDIT/);
  const top = complete(r.stdout, ['bb', '']);
  for (const name of ['api', 'auth', 'completion', 'config']) assert.ok(top.includes(name), `${name} in ${top.join(' ')}`);
  assert.deepEqual(complete(r.stdout, ['bb', 'config', '']), ['get', 'list', 'set', 'unset']);
  assert.ok(complete(r.stdout, ['bb', 'api', '--']).includes('--paginate'));
  assert.deepEqual(complete(r.stdout, ['bb', 'completion', 'zsh', '--h']), ['--help']);
  // the first argument's values, where they are a fixed set; not once it is given
  assert.deepEqual(complete(r.stdout, ['bb', 'completion', '']), ['bash', 'zsh', 'fish']);
  assert.deepEqual(complete(r.stdout, ['bb', 'completion', 'zsh', '']), []);
  assert.deepEqual(complete(r.stdout, ['bb', 'config', 'set', 'git']), ['git_protocol']);
  assert.ok(complete(r.stdout, ['bb', 'scopes', 'explain', 'read:pull']).includes('read:pullrequest:bitbucket'));
});

test('zsh and fish scripts carry every command, flag and choice, quoted', async () => {
  const tree = completionTree(defs);
  const zsh = zshScript(tree);
  assert.match(zsh, /^#compdef bb\n/);
  assert.match(zsh, /compdef _bb bb/);
  assert.match(zsh, /'logout:Log out \(it'\\''s fine\)'/);
  assert.match(zsh, /'repo list\|--sort'\) reply=\('name' 'updated'\)/);
  const fish = fishScript(tree);
  assert.match(fish, /complete -c bb -n '__bb_at \\'auth\\'' -a 'logout' -d 'Log out \(it\\'s fine\)'/);
  assert.match(fish, /-l sort -x -a 'name updated'/);
  assert.match(fish, /-l repo -s R -r/);
  assert.doesNotMatch(fish, /secret/);
  for (const shell of ['zsh', 'fish']) {
    const r = await runBb(['completion', shell]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /config/);
  }
  const bad = await runBb(['completion', 'powershell']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error 5002 INVALID_ARGUMENT: unsupported shell "powershell"/);
});

const hasZsh = spawnSync('zsh', ['--version']).status === 0;
const hasFish = spawnSync('fish', ['--version']).status === 0;

/** Completions from the zsh script, run by a real zsh (test/support/zsh-complete.zsh stands in for the line editor). */
function completeZsh(script: string, words: string[]): string[] {
  const dir = tempDir();
  writeFileSync(join(dir, '_bb'), script);
  const harness = fileURLToPath(new URL('../../test/support/zsh-complete.zsh', import.meta.url));
  const r = spawnSync('zsh', ['-f', harness, join(dir, '_bb'), ...words], { encoding: 'utf8', cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  return r.stdout.split('\n').filter(Boolean);
}

/** Completions from the fish script, by fish itself (`complete -C`), in an empty directory; names only. */
function completeFish(script: string, line: string): string[] {
  const dir = tempDir();
  writeFileSync(join(dir, 'bb.fish'), script);
  const r = spawnSync('fish', ['--no-config', '-c', `source '${join(dir, 'bb.fish')}'; complete -C '${line.replace(/'/g, "\\'")}'`], {
    encoding: 'utf8',
    cwd: dir,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t')[0] as string);
}

test('zsh completion, run by zsh: commands, subcommands, flags and flag values', { skip: !hasZsh && 'zsh is not installed' }, async () => {
  const script = zshScript(completionTree(defs));
  assert.deepEqual(completeZsh(script, ['bb', '']), ['api', 'auth', 'repo']);
  assert.deepEqual(completeZsh(script, ['bb', 'auth', 'lo']), ['login', 'logout']);
  assert.deepEqual(completeZsh(script, ['bb', 'auth', 'login', '--e']), ['--email']);
  assert.deepEqual(completeZsh(script, ['bb', 'repo', 'list', '--sort', '']), ['name', 'updated']);
  assert.deepEqual(completeZsh(script, ['bb', 'repo', 'ls', '-L', '5', '--a']), ['--all']);
  assert.deepEqual(completeZsh(script, ['bb', 'api', '-R', 'auth', '--re']), ['--repo']);
  assert.ok(!completeZsh(script, ['bb', 'repo', 'list', '--']).includes('--secret'), 'hidden flags are not offered');

  const real = await runBb(['completion', 'zsh']);
  assert.deepEqual(completeZsh(real.stdout, ['bb', 'config', '']), ['get', 'list', 'set', 'unset']);
  assert.deepEqual(completeZsh(real.stdout, ['bb', 'pr', 'list', '--st']), ['--state']);
  assert.deepEqual(completeZsh(real.stdout, ['bb', 'repo', 'default-reviewers', '']), ['add', 'list', 'remove']);
  assert.deepEqual(completeZsh(real.stdout, ['bb', 'repo', 'list', '--visibility', '']), ['public', 'private']);
  assert.deepEqual(completeZsh(real.stdout, ['bb', 'completion', '']), ['bash', 'zsh', 'fish']);
  assert.deepEqual(completeZsh(real.stdout, ['bb', 'completion', 'zsh', '']), ['<files>']);
});

test('fish completion, run by fish: commands, subcommands, flags and flag values', { skip: !hasFish && 'fish is not installed' }, async () => {
  const script = fishScript(completionTree(defs));
  assert.deepEqual(completeFish(script, 'bb '), ['api', 'auth', 'repo']);
  assert.deepEqual(completeFish(script, 'bb auth lo'), ['login', 'logout']);
  assert.deepEqual(completeFish(script, 'bb auth login --e'), ['--email']);
  assert.deepEqual(completeFish(script, 'bb repo list --sort '), ['name', 'updated']);
  assert.deepEqual(completeFish(script, 'bb repo ls -L 5 --a'), ['--all']);
  assert.ok(!completeFish(script, 'bb repo list --').includes('--secret'), 'hidden flags are not offered');

  const real = await runBb(['completion', 'fish']);
  assert.deepEqual(completeFish(real.stdout, 'bb config '), ['get', 'list', 'set', 'unset']);
  assert.deepEqual(completeFish(real.stdout, 'bb pr list --st'), ['--state']);
  assert.deepEqual(completeFish(real.stdout, 'bb repo list --visibility '), ['private', 'public']);
  assert.deepEqual(completeFish(real.stdout, 'bb completion '), ['bash', 'fish', 'zsh']);
  assert.deepEqual(completeFish(real.stdout, 'bb pr list --state '), ['all', 'closed', 'declined', 'merged', 'open', 'superseded']);
  assert.deepEqual(completeFish(real.stdout, 'bb completion zsh '), []);
  assert.ok(completeFish(real.stdout, 'bb scopes profile ').includes('reviewer'));
});
