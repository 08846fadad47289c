/**
 * Payload economy (P6) for EVERY Cloud list command: each asks Bitbucket for the item fields its output reads
 * (`fields=`, with the page envelope that pagination needs), and that selection covers the output: the command
 * prints byte for byte the same table rows and `--json` (every declared field) whether the sandbox applies the
 * selection or the same requests go out without it. The commands run in-process (runBb) against the sandbox,
 * which applies `fields=` as Bitbucket does. The list of commands comes from the registry: a new list command
 * fails this test until it has a case here (or a commented exception).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { COMMANDS } from '../../src/cmd/registry.js';
import { GPG_KEY } from '../support/fixtures.js';
import { runBb, tempDir } from '../support/run.js';
import { type SandboxProcess, startSandbox } from '../support/sandbox.js';

/** Every command that lists: `list: true` (--limit/--all), or a list by name. */
const LISTS = COMMANDS.filter(
  (c) =>
    (c.list || c.path.at(-1) === 'list' || ['pr checks', 'workspace members', 'pipeline test-reports'].includes(c.path.join(' '))) &&
    (c.hosts ?? ['cloud']).includes('cloud'),
).map((c) => ({ name: c.path.join(' '), json: c.json ?? [] }));

/** Lists that send no `fields=`, and why. */
const EXCEPTIONS: Record<string, string> = {
  // local: no request at all
  'alias list': 'reads the config file',
  'config list': 'reads the config file',
  // pending: the repository/project/workspace JSON fields are being renamed in another branch (camelCase); their
  // lists get `fields=` after that lands (repo list already has it)
  'project list': 'pending the projects rename',
  'workspace list': 'pending the workspace rename',
  'repo default-reviewers list': 'pending the repositories rename (provider/cloud/repositories.ts)',
  // one object, not a page: GET …/pullrequests/{id} read whole by the provider's getPullRequest
  'pr reviewers list': 'reads one pull request (shared with pr view)',
};

/** Each list's run: its arguments and the request(s) that are the list (all must carry fields=). */
const CASES: Record<string, { args: string[]; list: RegExp }> = {
  'repo list': { args: ['repo', 'list', 'acme'], list: /\/repositories\/acme\?/ },
  'pr list': { args: ['pr', 'list', '-R', 'acme/web', '--state', 'all'], list: /\/pullrequests\?/ },
  'branch list': { args: ['branch', 'list', '-R', 'acme/web'], list: /\/refs\/branches\?/ },
  'tag list': { args: ['tag', 'list', '-R', 'acme/web'], list: /\/refs\/tags\?/ },
  'commit list': { args: ['commit', 'list', '-R', 'acme/web'], list: /\/commits\?/ },
  'pr activity': { args: ['pr', 'activity', '1', '-R', 'acme/web'], list: /\/pullrequests\/1\/activity\?/ },
  'pr checks': { args: ['pr', 'checks', '1', '-R', 'acme/web'], list: /\/pullrequests\/1\/statuses\?/ },
  'pr comments list': { args: ['pr', 'comments', 'list', '1', '-R', 'acme/web'], list: /\/pullrequests\/1\/comments\?/ },
  'pr commits': { args: ['pr', 'commits', '1', '-R', 'acme/web'], list: /\/pullrequests\/1\/commits\?/ },
  'pr tasks list': { args: ['pr', 'tasks', 'list', '1', '-R', 'acme/web'], list: /\/pullrequests\/1\/tasks\?/ },
  'status list': { args: ['status', 'list', 'main', '-R', 'acme/web'], list: /\/statuses\?/ },
  'deploy-key list': { args: ['deploy-key', 'list', '-R', 'acme/web'], list: /\/deploy-keys\?/ },
  'deployment list': { args: ['deployment', 'list', '-R', 'acme/web'], list: /\/(deployments|environments)\?/ },
  'download list': { args: ['download', 'list', '-R', 'acme/web'], list: /\/downloads\?/ },
  'file list': { args: ['file', 'list', '-R', 'acme/web'], list: /\/src\/main\/\?/ },
  'file history': { args: ['file', 'history', 'README.md', '-R', 'acme/web'], list: /\/filehistory\/main\/README\.md\?/ },
  'environment list': { args: ['environment', 'list', '-R', 'acme/web'], list: /\/environments\?/ },
  'gpg-key list': { args: ['gpg-key', 'list'], list: /\/gpg-keys\?/ },
  'issue list': { args: ['issue', 'list', '-R', 'acme/web', '--state', 'all'], list: /\/issues\?/ },
  'pipeline list': { args: ['pipeline', 'list', '-R', 'acme/web'], list: /\/pipelines\?/ },
  'project deploy-key list': { args: ['project', 'deploy-key', 'list', 'acme/PLAT'], list: /\/projects\/PLAT\/deploy-keys\?/ },
  'pipeline cache list': { args: ['pipeline', 'cache', 'list', '-R', 'acme/web'], list: /\/pipelines-config\/caches\?/ },
  'pipeline ssh known-hosts list': { args: ['pipeline', 'ssh', 'known-hosts', 'list', '-R', 'acme/web'], list: /\/pipelines_config\/ssh\/known_hosts\?/ },
  'pipeline schedule list': { args: ['pipeline', 'schedule', 'list', '-R', 'acme/web'], list: /\/pipelines_config\/schedules\?/ },
  'runner list': { args: ['runner', 'list', '-R', 'acme/web'], list: /\/pipelines-config\/runners\?/ },
  'snippet list': { args: ['snippet', 'list', '--workspace', 'acme'], list: /\/snippets\/acme\?/ },
  'snippet comments list': { args: ['snippet', 'comments', 'list', 'relchk', '--workspace', 'acme'], list: /\/snippets\/acme\/relchk\/comments\?/ },
  'snippet history': { args: ['snippet', 'history', 'relchk', '--workspace', 'acme'], list: /\/snippets\/acme\/relchk\/commits\?/ },
  'ssh-key list': { args: ['ssh-key', 'list'], list: /\/ssh-keys\?/ },
  'variable list': { args: ['variable', 'list', '-R', 'acme/web'], list: /\/pipelines_config\/variables\?/ },
  'webhook list': { args: ['webhook', 'list', '-R', 'acme/web'], list: /\/hooks\?/ },
  'branch protection list': { args: ['branch', 'protection', 'list', '-R', 'acme/web'], list: /\/branch-restrictions\?/ },
  'workspace members': { args: ['workspace', 'members', 'acme'], list: /\/workspaces\/acme\/members\?/ },
  'commit comments list': { args: ['commit', 'comments', 'list', 'main', '-R', 'acme/web'], list: /\/commit\/main\/comments\?/ },
  'commit report list': { args: ['commit', 'report', 'list', 'main', '-R', 'acme/web'], list: /\/reports\?/ },
  'commit report annotations list': {
    args: ['commit', 'report', 'annotations', 'list', 'main', 'lint', '-R', 'acme/web'],
    list: /\/reports\/lint\/annotations\?/,
  },
  // permissions (issue 21)
  'repo permissions list': { args: ['repo', 'permissions', 'list', '-R', 'acme/web'], list: /\/permissions-config\/(users|groups)\?/ },
  'repo permissions effective': { args: ['repo', 'permissions', 'effective', '-R', 'acme/web'], list: /\/permissions\/repositories\/web\?/ },
  'project permissions list': { args: ['project', 'permissions', 'list', 'PLAT', '--workspace', 'acme'], list: /\/permissions-config\/(users|groups)\?/ },
  'workspace permissions list': { args: ['workspace', 'permissions', 'list', 'acme'], list: /\/workspaces\/acme\/permissions\?/ },
  'workspace permissions repos': { args: ['workspace', 'permissions', 'repos', 'acme'], list: /\/workspaces\/acme\/permissions\/repositories\?/ },
  // repository watchers and forks, project default reviewers (issue 21, item 5)
  'repo watchers': { args: ['repo', 'watchers', '-R', 'acme/web'], list: /\/repositories\/acme\/web\/watchers\?/ },
  'repo forks': { args: ['repo', 'forks', '-R', 'acme/web'], list: /\/repositories\/acme\/web\/forks\?/ },
  // a step's test cases (issue 21)
  'pipeline test-reports': { args: ['pipeline', 'test-reports', '2', 'Test', '-R', 'acme/web'], list: /\/test_reports\/test_cases\?/ },
  'project default-reviewers list': {
    args: ['project', 'default-reviewers', 'list', 'acme/PLAT'],
    list: /\/workspaces\/acme\/projects\/PLAT\/default-reviewers\?/,
  },
};

const ENVELOPE = ['next', 'page', 'pagelen', 'size'];

describe('every Cloud list command sends fields= that covers its output', () => {
  let sandbox: SandboxProcess;
  before(async () => {
    sandbox = await startSandbox({ legacy: true });
    // the demo seed has none of these: add one of each, so each list has something to show
    const dir = tempDir();
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const me = (await (await sandbox.api('/user')).json()) as { uuid: string };
    const ssh = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFieldsFieldsFieldsFieldsFieldsFieldsFieldsFi fields@test\n';
    for (const args of [
      ['ssh-key', 'add', '--key-file', file('id.pub', ssh), '--label', 'laptop'],
      ['deploy-key', 'add', '--key-file', file('deploy.pub', ssh.replace('fields@test', 'ci@test')), '--label', 'ci', '-R', 'acme/web'],
      ['project', 'deploy-key', 'add', 'acme/PLAT', '--key-file', file('project.pub', ssh.replace('fields@test', 'cd@test')), '--label', 'cd'],
      ['gpg-key', 'add', '--key-file', file('gpg.asc', `${GPG_KEY}\n`), '--name', 'signing'],
      ['download', 'upload', file('notes.txt', 'release notes\n'), '-R', 'acme/web'],
      ['status', 'set', 'main', '--state', 'SUCCESSFUL', '--key', 'ci', '--name', 'CI', '--url', 'https://ci.example.test/1', '-R', 'acme/web'],
      ['branch', 'protection', 'create', 'main', '--kind', 'require-approvals-to-merge', '--value', '2', '-R', 'acme/web'],
      ['branch', 'protection', 'create', 'release/*', '--kind', 'push', '--allow-group', 'leads', '--allow', me.uuid, '-R', 'acme/web'],
      ['branch', 'protection', 'create', '--branch-type', 'hotfix', '--kind', 'delete', '-R', 'acme/web'],
      ['repo', 'permissions', 'grant', 'write', '--group', 'developers', '-R', 'acme/web'],
      ['repo', 'permissions', 'grant', 'read', '--user', 'alex', '-R', 'acme/web'],
      [
        'pipeline',
        'ssh',
        'known-hosts',
        'add',
        'deploy.example.com',
        '--key-file',
        file('host.pub', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n'),
        '-R',
        'acme/web',
      ],
      ['runner', 'create', '--name', 'build-01', '--label', 'self.hosted,linux', '-R', 'acme/web'],
      ['project', 'default-reviewers', 'add', 'acme/PLAT', 'alex'],
      ['status', 'set', 'feature/login', '--state', 'SUCCESSFUL', '--key', 'ci', '--url', 'https://ci.example.test/2', '-R', 'acme/web'],
      ['pr', 'tasks', 'create', '1', '--body', 'Update the changelog', '-R', 'acme/web'],
      ['commit', 'comment', 'main', '--file', 'README.md', '--line', '1', '-b', 'listed', '-R', 'acme/web'],
      [
        'commit',
        'report',
        'create',
        'main',
        'lint',
        '--title',
        'Lint',
        '--type',
        'BUG',
        '--result',
        'FAILED',
        '--reporter',
        'eslint',
        '--details',
        'two',
        '--link',
        'https://ci.example.test/3',
        '--logo-url',
        'https://ci.example.test/logo.png',
        '--data-file',
        file('data.json', '[{"title":"n","type":"NUMBER","value":2}]'),
        '--annotations',
        file(
          'ann.json',
          '[{"externalId":"l1","path":"README.md","line":1,"summary":"s","details":"d","severity":"LOW","type":"BUG","result":"FAILED","link":"https://ci.example.test/l1"}]',
        ),
        '-R',
        'acme/web',
      ],
    ]) {
      const r = await runBb(args, { fetch: globalThis.fetch, env: sandbox.env() });
      assert.equal(r.code, 0, `bb ${args.join(' ')}: ${r.stderr}`);
    }
  });
  after(async () => {
    await sandbox?.stop();
  });

  /**
   * Run bb in-process against the sandbox; `whole` turns each `fields=` selection into additions to the whole
   * answer (`+values.x`): everything, plus what Bitbucket leaves out unless asked for (a pull request list's
   * reviewers and participants).
   */
  async function run(args: string[], whole: boolean): Promise<{ stdout: string; urls: URL[] }> {
    const urls: URL[] = [];
    const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const req = new Request(input, init);
      const url = new URL(req.url);
      if (req.method === 'GET') urls.push(new URL(url));
      if (!whole) return globalThis.fetch(req);
      const fields = url.searchParams.get('fields');
      if (fields)
        url.searchParams.set(
          'fields',
          fields
            .split(',')
            .map((f) => `+${f.replace(/^[+-]/, '')}`)
            .join(','),
        );
      return globalThis.fetch(new Request(url, req));
    };
    const r = await runBb(args, { fetch, env: sandbox.env() });
    assert.equal(r.code, 0, `bb ${args.join(' ')}: ${r.stderr}`);
    return { stdout: r.stdout, urls };
  }

  test('each list command has a case or a commented exception (none forgotten, none stale)', () => {
    const names = LISTS.map((l) => l.name).sort();
    assert.deepEqual(names, [...Object.keys(CASES), ...Object.keys(EXCEPTIONS)].sort());
    assert.ok(names.length >= 25, `${names.length} list commands found`);
  });

  for (const name of Object.keys(CASES)) {
    test(`bb ${name}`, async () => {
      const c = CASES[name] as (typeof CASES)[string];
      const json = LISTS.find((l) => l.name === name)?.json ?? [];
      for (const args of [c.args, [...c.args, '--json', json.join(',')]]) {
        const trimmed = await run(args, false);
        const lists = trimmed.urls.filter((u) => c.list.test(u.pathname + u.search));
        assert.ok(lists.length > 0, `bb ${args.join(' ')}: no list request matching ${c.list} in ${trimmed.urls.join(', ')}`);
        for (const u of lists) {
          const fields = (u.searchParams.get('fields') ?? '').split(',');
          assert.ok(
            fields.some((f) => f.startsWith('values.')),
            `${u}: no fields= selecting item fields`,
          );
          for (const e of ENVELOPE) assert.ok(fields.includes(e), `${u}: fields= leaves out the page's ${e}`);
        }
        const whole = await run(args, true);
        assert.notEqual(
          trimmed.stdout.trim(),
          args.includes('--json') ? '[]' : '',
          `bb ${args.join(' ')} lists nothing: seed the sandbox so the check means something`,
        );
        assert.equal(
          trimmed.stdout,
          whole.stdout,
          `bb ${args.join(' ')}: the output differs when the answers are whole (the fields= selection misses something it reads)`,
        );
      }
    });
  }
});
