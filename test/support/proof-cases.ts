/**
 * The scope proof's cases (test/support/proof.ts runs them), by command group: each file in
 * test/e2e/scopes-proof-*.test.ts proves one group against its own sandbox. A case is an invocation that works
 * against the demo seed (acme/web #1 is an open pull request, another is open from the fork dev/web-fork; acme/api #1 merged, #2 declined; acme/web has
 * issues #1 open and #2 resolved, pipelines #1 and #2, variables, a webhook; workspace acme a snippet `relchk`);
 * writes make fresh targets first (Fixtures), so every run — the success run and each run without a scope —
 * has something to act on. Cases with a `query` prove an invocation whose flags need more (`conditional`).
 */
import type { Git } from '../../src/git/git.js';
import { GPG_FPR, GPG_KEY } from './fixtures.js';
import type { Fixtures, ProofCase } from './proof.js';

const WEB = ['-R', 'acme/web'];

/** The uuid of a sandbox user. */
function uuidOf(fx: Fixtures, nickname: string): string {
  const uuid = fx.h.sandbox.store.user(nickname)?.uuid;
  if (!uuid) throw new Error(`no sandbox user ${nickname}`);
  return uuid;
}

/**
 * git in a clone of acme/web with `fx.head` checked out (for the commands that find the pull request from the
 * current branch); fetch, branch, clone and checkout succeed without doing anything.
 */
function fakeGit(fx: Fixtures): Git {
  const origin = 'https://bitbucket.org/acme/web.git';
  return {
    async run(args) {
      if (args[0] === 'remote') return `origin\t${origin} (fetch)\norigin\t${origin} (push)\n`;
      if (args[0] === 'rev-parse' && args.includes('--abbrev-ref')) return `${fx.head}\n`;
      if (args[0] === 'branch' && args.includes('--show-current')) return `${fx.head}\n`;
      if (args[0] === 'rev-parse' && args.includes('--verify')) throw new Error('no such ref');
      return '';
    },
  };
}

/** A new comment of the proof user's on acme/web's main; its id. */
async function commitComment(fx: Fixtures): Promise<string> {
  const c = await fx.api<{ id: number }>('POST', '/repositories/acme/web/commit/main/comments', { content: { raw: fx.unique('comment') } });
  return String(c.id);
}

/** A new Code Insights report on acme/web's main (with the annotation `a-1` when asked); its id. */
async function proofReport(fx: Fixtures, annotated = false): Promise<string> {
  const id = fx.unique('report');
  await fx.api('PUT', `/repositories/acme/web/commit/main/reports/${id}`, { title: 'Proof', report_type: 'TEST' });
  if (annotated) await fx.api('POST', `/repositories/acme/web/commit/main/reports/${id}/annotations`, [{ external_id: 'a-1', summary: 'proof' }]);
  return id;
}

/** A new comment on snippet acme/relchk by the proof's user; its id. */
async function snippetComment(fx: Fixtures): Promise<string> {
  const r = await fx.bb(['snippet', 'comments', 'add', 'relchk', '--body', 'doomed', '--workspace', 'acme', '--json', 'id']);
  return String((JSON.parse(r.stdout) as { id: number }).id);
}

export const PR_CASES: ProofCase[] = [
  { command: 'pr list', args: WEB },
  { command: 'pr list', query: 'pr list --mine', args: [...WEB, '--mine'] },
  { command: 'pr list', query: 'pr list --reviewer @me', args: [...WEB, '--reviewer', '@me'] },
  { command: 'pr view', args: ['1', ...WEB] },
  { command: 'pr view', query: 'pr view --comments', args: ['1', '--comments', ...WEB] },
  { command: 'pr activity', args: ['1', ...WEB] },
  { command: 'pr checks', args: ['1', ...WEB] },
  { command: 'pr diff', args: ['1', ...WEB] },
  { command: 'pr diff', query: 'pr diff --stat', args: ['1', '--stat', ...WEB] },
  { command: 'pr diff', query: 'pr diff --name-only', args: ['1', '--name-only', ...WEB] },
  { command: 'pr status', args: WEB },
  { command: 'pr status', query: 'pr status --workspace', args: ['--workspace', 'acme'] },
  { command: 'pr comments list', args: ['1', ...WEB] },
  { command: 'pr comments add', args: ['1', '--body', 'proof', ...WEB] },
  { command: 'pr comment', args: ['1', '--body', 'proof', ...WEB] },
  {
    command: 'pr comment',
    query: 'pr comment --edit-last',
    args: async (fx) => {
      await fx.prComment('web', 1);
      return ['1', '--edit-last', '--body', 'edited', ...WEB];
    },
  },
  { command: 'pr comments reply', args: async (fx) => ['1', String(await fx.prComment('web', 1)), '--body', 'proof', ...WEB] },
  { command: 'pr comments edit', args: async (fx) => ['1', String(await fx.prComment('web', 1)), '--body', 'edited', ...WEB] },
  {
    command: 'pr comments edit',
    query: 'pr comments edit --editor',
    editor: true,
    args: async (fx) => ['1', String(await fx.prComment('web', 1)), '--editor', ...WEB],
  },
  { command: 'pr comments delete', args: async (fx) => ['1', String(await fx.prComment('web', 1)), '--yes', ...WEB] },
  { command: 'pr comments resolve', args: async (fx) => ['1', String(await fx.prComment('web', 1)), ...WEB] },
  {
    command: 'pr comments unresolve',
    args: async (fx) => {
      const id = await fx.prComment('web', 1);
      await fx.api('POST', `/repositories/acme/web/pullrequests/1/comments/${id}/resolve`);
      return ['1', String(id), ...WEB];
    },
  },
  { command: 'pr commits', args: ['1', ...WEB] },
  { command: 'pr patch', args: ['1', ...WEB] },
  { command: 'pr merge-base', args: ['1', ...WEB] },
  { command: 'pr conflicts', args: ['1', ...WEB] },
  { command: 'pr tasks list', args: ['1', ...WEB] },
  { command: 'pr tasks create', args: ['1', '--body', 'proof', ...WEB] },
  { command: 'pr tasks edit', args: async (fx) => ['1', String(await fx.prTask('web', 1)), '--body', 'edited', ...WEB] },
  { command: 'pr tasks resolve', args: async (fx) => ['1', String(await fx.prTask('web', 1)), ...WEB] },
  { command: 'pr tasks reopen', args: async (fx) => ['1', String(await fx.prTask('web', 1)), ...WEB] },
  { command: 'pr tasks delete', args: async (fx) => ['1', String(await fx.prTask('web', 1)), '--yes', ...WEB] },
  { command: 'pr create', args: async (fx) => ['--head', await fx.branch(), '--title', 'proof', '--body', 'proof', '--no-push', ...WEB] },
  {
    command: 'pr create',
    query: 'pr create --reviewer sam',
    // sam is a workspace member but no default reviewer: looked up among the members
    args: async (fx) => ['--head', await fx.branch(), '--title', 'proof', '--body', 'proof', '--reviewer', fx.member(), '--no-push', ...WEB],
  },
  { command: 'pr edit', args: async (fx) => [String(await fx.pr()), '--title', 'edited', ...WEB] },
  { command: 'pr edit', query: 'pr edit --add-reviewer alex', args: async (fx) => [String(await fx.pr()), '--add-reviewer', 'alex', ...WEB] },
  { command: 'pr approve', args: async (fx) => [String(await fx.pr()), ...WEB] },
  // without a number: the pull request of the current branch (found with the list, which needs read:pullrequest)
  {
    command: 'pr unapprove',
    git: fakeGit,
    args: async (fx) => {
      const id = await fx.pr();
      await fx.api('POST', `/repositories/acme/web/pullrequests/${id}/approve`);
      fx.head = await fx.prBranch(id);
      return [];
    },
  },
  {
    // with the number: no lookup by branch, so no read scope
    command: 'pr unapprove',
    query: 'pr unapprove 1',
    args: async (fx) => {
      const id = await fx.pr();
      await fx.api('POST', `/repositories/acme/web/pullrequests/${id}/approve`);
      return [String(id), ...WEB];
    },
  },
  { command: 'pr request-changes', args: async (fx) => [String(await fx.pr()), ...WEB] },
  {
    command: 'pr request-changes',
    query: 'pr request-changes --undo',
    git: fakeGit,
    args: async (fx) => {
      const id = await fx.pr();
      await fx.api('POST', `/repositories/acme/web/pullrequests/${id}/request-changes`);
      fx.head = await fx.prBranch(id);
      return ['--undo'];
    },
  },
  // pr review: --submit alone (publish pending comments, none here) calls only the comments list: the base form's scopes
  { command: 'pr review', args: async (fx) => [String(await fx.pr()), '--submit', ...WEB] },
  { command: 'pr review', query: 'pr review --approve', args: async (fx) => [String(await fx.pr()), '--approve', ...WEB] },
  {
    command: 'pr review',
    query: 'pr review --request-changes --body x',
    args: async (fx) => [String(await fx.pr()), '--request-changes', '--body', 'proof', ...WEB],
  },
  {
    command: 'pr review',
    query: 'pr review --comment --body-file -',
    stdin: 'proof\n',
    args: async (fx) => [String(await fx.pr()), '--comment', '--body-file', '-', ...WEB],
  },
  {
    command: 'pr review',
    query: 'pr review --approve --submit',
    args: async (fx) => {
      const id = await fx.pr();
      await fx.api('POST', `/repositories/acme/web/pullrequests/${id}/comments`, { content: { raw: 'pending proof' }, pending: true });
      return [String(id), '--approve', '--submit', ...WEB];
    },
  },
  { command: 'pr ready', args: async (fx) => [String(await fx.pr('web', { draft: true })), ...WEB] },
  { command: 'pr decline', args: async (fx) => [String(await fx.pr()), ...WEB] },
  { command: 'pr decline', query: 'pr decline --comment x', args: async (fx) => [String(await fx.pr()), '--comment', 'superseded', ...WEB] },
  { command: 'pr merge', args: async (fx) => [String(await fx.pr()), ...WEB] },
  { command: 'pr merge', query: 'pr merge --squash', args: async (fx) => [String(await fx.pr()), '--squash', ...WEB] },
  // real git in a clone of acme/web: the fetch goes to the sandbox's git endpoint, which needs read:repository (legacy
  // repository) as the API does and answers 403 without it; bb reports that as 2003 naming the scope
  { command: 'pr checkout', git: (fx) => fx.clone(), args: ['1', ...WEB] },
  // from a fork: the fork's clone URL comes from GET the fork repository, then git fetches from it
  { command: 'pr checkout', git: (fx) => fx.clone(), args: (fx) => Promise.resolve([String(fx.forkPr()), ...WEB]) },
  { command: 'pr reviewers list', args: ['1', ...WEB] },
  // What the users need depends on how they are given (rules on the users argument): `@me` is resolved with GET /user;
  // a name that is not on the pull request yet is looked up among the workspace members; a {uuid} needs neither. One
  // case per form, on pull requests by alex (so that dev may review them; sam is a member, not on the pull request).
  // The command alone is answered for its first example: users by name.
  { command: 'pr reviewers add', args: async (fx) => [String(await fx.pr('web', {}, 'alex')), fx.member(), ...WEB] },
  { command: 'pr reviewers add', query: 'pr reviewers add 1 @me', args: async (fx) => [String(await fx.pr('web', {}, 'alex')), '@me', ...WEB] },
  {
    command: 'pr reviewers add',
    query: 'pr reviewers add 1 {00000000-0000-4000-8000-000000000001}',
    args: async (fx) => [String(await fx.pr('web', {}, 'alex')), uuidOf(fx, fx.member()), ...WEB],
  },
  // names to remove are found among the reviewers: no member lookup
  {
    command: 'pr reviewers remove',
    args: async (fx) => [String(await fx.pr('web', { reviewers: [{ uuid: uuidOf(fx, fx.member()) }] }, 'alex')), fx.member(), ...WEB],
  },
  {
    command: 'pr reviewers remove',
    query: 'pr reviewers remove 1 @me',
    args: async (fx) => [String(await fx.pr('web', { reviewers: [{ uuid: uuidOf(fx, 'dev') }] }, 'alex')), '@me', ...WEB],
  },
];

export const REPO_CASES: ProofCase[] = [
  { command: 'repo view', args: ['acme/web'] },
  { command: 'repo set-default', args: ['acme/web'], git: fakeGit },
  { command: 'repo list', args: ['acme'] },
  { command: 'repo clone', args: async (fx) => ['acme/web', fx.unique('/tmp/bb-proof-clone')], git: fakeGit },
  { command: 'repo create', args: async (fx) => [`acme/${fx.unique('proof')}`, '--project', 'PLAT'] },
  {
    command: 'repo delete',
    args: async (fx) => {
      const slug = fx.unique('doomed');
      await fx.api('POST', `/repositories/acme/${slug}`, { scm: 'git', project: { key: 'PLAT' } });
      return [`acme/${slug}`, '--yes'];
    },
  },
  { command: 'repo fork', args: async (fx) => ['acme/web', '--workspace', 'acme', '--fork-name', fx.unique('fork')] },
  {
    command: 'repo fork',
    query: 'repo fork --clone',
    git: fakeGit,
    args: async (fx) => ['acme/web', '--workspace', 'acme', '--fork-name', fx.unique('fork'), '--clone'],
  },
  {
    command: 'repo edit',
    args: async (fx) => {
      const slug = fx.unique('edited');
      await fx.api('POST', `/repositories/acme/${slug}`, { scm: 'git', project: { key: 'PLAT' } });
      return [`acme/${slug}`, '--description', 'proof', '--visibility', 'public'];
    },
  },
  {
    command: 'repo rename',
    args: async (fx) => {
      const slug = fx.unique('renamed');
      await fx.api('POST', `/repositories/acme/${slug}`, { scm: 'git', project: { key: 'PLAT' } });
      return [fx.unique('new-name'), '-R', `acme/${slug}`];
    },
  },
  { command: 'repo default-reviewers list', args: WEB },
  { command: 'repo default-reviewers add', args: ['dev', ...WEB] },
  {
    command: 'repo default-reviewers remove',
    args: async (fx) => {
      await fx.api('PUT', '/repositories/acme/web/default-reviewers/dev');
      return ['dev', ...WEB];
    },
  },
  { command: 'browse', args: ['README.md', '--no-browser', ...WEB] },
  { command: 'workspace list', args: [] },
  { command: 'workspace view', args: ['acme'] },
  { command: 'workspace members', args: ['acme'] },
  { command: 'project list', args: ['acme'] },
  { command: 'project view', args: ['PLAT', '--workspace', 'acme'] },
  { command: 'project create', args: async (fx) => ['Proof', '--key', fx.unique('P').replace(/-/g, '').toUpperCase(), '--workspace', 'acme'] },
  { command: 'branch list', args: WEB },
  { command: 'branch create', args: async (fx) => [fx.unique('proof/new'), '--from', 'main', ...WEB] },
  { command: 'branch delete', args: async (fx) => [await fx.branch(), '--yes', ...WEB] },
  { command: 'tag list', args: WEB },
  { command: 'tag view', args: ['v1.0.0', ...WEB] },
  { command: 'tag create', args: async (fx) => [fx.unique('v0.0.0-proof'), '--target', 'main', ...WEB] },
  {
    command: 'tag delete',
    args: async (fx) => {
      const name = fx.unique('v0.0.0-doomed');
      await fx.api('POST', '/repositories/acme/web/refs/tags', { name, target: { hash: 'main' } });
      return [name, '--yes', ...WEB];
    },
  },
  { command: 'commit list', args: ['--branch', 'main', ...WEB] },
  { command: 'commit view', args: ['main', ...WEB] },
  { command: 'status list', args: ['main', ...WEB] },
  { command: 'status set', args: async (fx) => ['main', '--state', 'SUCCESSFUL', '--key', fx.unique('ci'), '--url', 'https://ci.example/1', ...WEB] },
  // commit discussions
  { command: 'commit comments list', args: ['main', ...WEB] },
  { command: 'commit comment', args: ['main', '-b', 'proof', ...WEB] },
  { command: 'commit comments edit', args: async (fx) => ['main', await commitComment(fx), '-b', 'edited', ...WEB] },
  { command: 'commit comments delete', args: async (fx) => ['main', await commitComment(fx), '--yes', ...WEB] },
  { command: 'commit approve', args: ['main', ...WEB] },
  {
    command: 'commit unapprove',
    args: async (fx) => {
      await fx.api('POST', '/repositories/acme/web/commit/main/approve');
      return ['main', ...WEB];
    },
  },
  // Code Insights (bb commit report …): a fresh report for the cases that need one
  { command: 'commit report list', args: ['main', ...WEB] },
  { command: 'commit report view', args: async (fx) => ['main', await proofReport(fx), ...WEB] },
  { command: 'commit report create', args: async (fx) => ['main', fx.unique('r'), '--title', 'Proof', '--type', 'TEST', '--result', 'PASSED', ...WEB] },
  {
    command: 'commit report create',
    query: 'commit report create --annotations',
    args: async (fx) => [
      'main',
      fx.unique('r'),
      '--title',
      'Proof',
      '--type',
      'BUG',
      '--annotations',
      await fx.file('ann.json', '[{"summary":"proof","severity":"LOW"}]'),
      ...WEB,
    ],
  },
  { command: 'commit report delete', args: async (fx) => ['main', await proofReport(fx), '--yes', ...WEB] },
  { command: 'commit report annotations list', args: async (fx) => ['main', await proofReport(fx, true), ...WEB] },
  {
    command: 'commit report annotations add',
    args: async (fx) => ['main', await proofReport(fx), '--file', await fx.file('ann.json', '[{"summary":"proof","severity":"LOW"}]'), ...WEB],
  },
  { command: 'commit report annotations delete', args: async (fx) => ['main', await proofReport(fx, true), 'a-1', '--yes', ...WEB] },
  { command: 'download list', args: WEB },
  { command: 'download upload', args: async (fx) => [await fx.file('proof.txt', 'proof\n'), '--name', `${fx.unique('proof')}.txt`, ...WEB] },
  {
    command: 'download delete',
    args: async (fx) => {
      const name = `${fx.unique('doomed')}.txt`;
      await fx.bb(['download', 'upload', await fx.file('doomed.txt', 'doomed\n'), '--name', name, ...WEB]);
      return [name, '--yes', ...WEB];
    },
  },
  { command: 'deploy-key list', args: WEB },
  { command: 'deploy-key add', args: async (fx) => ['--key-file', await fx.file('deploy.pub', fx.sshKey()), '--label', 'proof', ...WEB] },
  {
    command: 'deploy-key delete',
    args: async (fx) => {
      const k = await fx.api<{ id: number }>('POST', '/repositories/acme/web/deploy-keys', { key: fx.sshKey(), label: 'doomed' });
      return [String(k.id), '--yes', ...WEB];
    },
  },
  { command: 'webhook list', args: WEB },
  { command: 'webhook create', args: ['--url', 'https://hooks.example.com/proof', '--events', 'repo:push', ...WEB] },
  {
    command: 'webhook create',
    query: 'webhook create --events issue:created',
    args: ['--url', 'https://hooks.example.com/proof', '--events', 'issue:created', ...WEB],
  },
  { command: 'webhook list', query: 'webhook list --workspace acme', args: ['--workspace', 'acme'] },
  {
    command: 'webhook create',
    query: 'webhook create --workspace acme',
    args: ['--url', 'https://hooks.example.com/proof', '--events', 'repo:push', '--workspace', 'acme'],
  },
  {
    command: 'webhook delete',
    query: 'webhook delete --workspace acme',
    args: async (fx) => {
      const hook = await fx.api<{ uuid: string }>('POST', '/workspaces/acme/hooks', {
        url: 'https://hooks.example.com/doomed',
        events: ['repo:push'],
        active: true,
        description: 'doomed',
      });
      return [hook.uuid, '--yes', '--workspace', 'acme'];
    },
  },
  {
    command: 'webhook delete',
    args: async (fx) => {
      const hook = await fx.api<{ uuid: string }>('POST', '/repositories/acme/web/hooks', {
        url: 'https://hooks.example.com/doomed',
        events: ['repo:push'],
        active: true,
        description: 'doomed',
      });
      return [hook.uuid, '--yes', ...WEB];
    },
  },
  // bb webhook view (Cloud): a fresh webhook of the repository, and of the workspace
  {
    command: 'webhook view',
    args: async (fx) => {
      const hook = await fx.api<{ uuid: string }>('POST', '/repositories/acme/web/hooks', {
        url: 'https://hooks.example.com/seen',
        events: ['repo:push'],
        active: true,
      });
      return [hook.uuid, ...WEB];
    },
  },
  {
    command: 'webhook view',
    query: 'webhook view --workspace acme',
    args: async (fx) => {
      const hook = await fx.api<{ uuid: string }>('POST', '/workspaces/acme/hooks', {
        url: 'https://hooks.example.com/seen',
        events: ['repo:push'],
        active: true,
      });
      return [hook.uuid, '--workspace', 'acme'];
    },
  },
  // branch protections (issue 21): fresh restrictions on patterns nothing else pushes to
  { command: 'branch protection list', args: WEB },
  { command: 'branch protection view', args: async (fx) => [await protection(fx), ...WEB] },
  { command: 'branch protection create', args: async (fx) => [`${fx.unique('proof')}/*`, '--kind', 'force', ...WEB] },
  { command: 'branch protection edit', args: async (fx) => [await protection(fx), `${fx.unique('edited')}/*`, ...WEB] },
  { command: 'branch protection delete', args: async (fx) => [await protection(fx), '--yes', ...WEB] },
  // branching model (issue 21): edits that leave the demo's model as it was
  { command: 'repo branching-model view', args: WEB },
  { command: 'repo branching-model view', query: 'repo branching-model view --effective', args: ['--effective', ...WEB] },
  { command: 'repo branching-model view', query: 'repo branching-model view --settings', args: ['--settings', ...WEB] },
  { command: 'repo branching-model edit', args: ['--development-main', '--prefix', 'feature=feature/', ...WEB] },
  { command: 'project branching-model view', args: ['PLAT', '--workspace', 'acme'] },
  { command: 'project branching-model view', query: 'project branching-model view --settings', args: ['acme/PLAT', '--settings'] },
  { command: 'project branching-model edit', args: ['PLAT', '--workspace', 'acme', '--prefix', 'release=release/'] },
  // files (#20 item 4)
  { command: 'file view', args: ['README.md', ...WEB] },
  { command: 'file list', args: WEB },
  { command: 'file history', args: ['README.md', ...WEB] },
  { command: 'file commit', args: async (fx) => [`${fx.unique('proof')}.txt`, '--content', 'proof\n', '-m', 'proof', '--branch', 'main', ...WEB] },
  {
    command: 'file commit',
    query: 'file commit --from-branch',
    args: async (fx) => ['docs/new.md', '--content', 'proof\n', '-m', 'proof', '--branch', fx.unique('proof/new'), '--from-branch', 'main', ...WEB],
  },
];

/** A new branch restriction of acme/web (kind force, on a fresh pattern); its id. */
async function protection(fx: Fixtures): Promise<string> {
  const r = await fx.api<{ id: number }>('POST', '/repositories/acme/web/branch-restrictions', { kind: 'force', pattern: `${fx.unique('doomed')}/*` });
  return String(r.id);
}

/** A fresh schedule of acme/web (paused or not): its uuid. */
async function schedule(fx: Fixtures): Promise<string> {
  const s = await fx.api<{ uuid: string }>('POST', '/repositories/acme/web/pipelines_config/schedules', {
    target: { ref_type: 'branch', ref_name: 'main', selector: { type: 'branches', pattern: 'main' } },
    cron_pattern: '0 0 3 * * ? *',
  });
  return s.uuid;
}

/** A `node` cache in acme/web (a triggered pipeline saves one when there is none): its uuid. */
async function cache(fx: Fixtures): Promise<string> {
  await fx.api('PUT', '/repositories/acme/web/pipelines_config', { enabled: true });
  await fx.api('POST', '/repositories/acme/web/pipelines', { target: { type: 'pipeline_ref_target', ref_type: 'branch', ref_name: 'main' } });
  const page = await fx.api<{ values: Array<{ uuid: string; name: string }> }>('GET', '/repositories/acme/web/pipelines-config/caches');
  const node = page.values.find((c) => c.name === 'node');
  if (!node) throw new Error('no node cache in acme/web');
  return node.uuid;
}

/** A fresh deployment environment of acme/web: its name. */
async function environment(fx: Fixtures): Promise<string> {
  const name = fx.unique('env');
  await fx.api('POST', '/repositories/acme/web/environments', { name, environment_type: { name: 'Test' } });
  return name;
}

/** A fresh runner of acme/web (or, with `ws`, of workspace acme): its uuid. */
async function runner(fx: Fixtures, ws = false): Promise<string> {
  const path = ws ? '/workspaces/acme/pipelines-config/runners' : '/repositories/acme/web/pipelines-config/runners';
  const r = await fx.api<{ uuid: string }>('POST', path, { name: fx.unique('runner'), labels: ['self.hosted', 'linux'] });
  return r.uuid;
}

const PROOF_PRIVATE_KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQ\n-----END OPENSSH PRIVATE KEY-----\n';
const HOST_KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

/** acme/web has a Pipelines SSH key pair. */
async function sshKeyPair(fx: Fixtures): Promise<void> {
  await fx.api('PUT', '/repositories/acme/web/pipelines_config/ssh/key_pair', { private_key: PROOF_PRIVATE_KEY, public_key: fx.sshKey() });
}

/** A fresh known host of acme/web: its host name and uuid. */
async function knownHost(fx: Fixtures): Promise<{ hostname: string; uuid: string }> {
  const hostname = `${fx.unique('h')}.example.com`;
  const h = await fx.api<{ uuid: string }>('POST', '/repositories/acme/web/pipelines_config/ssh/known_hosts', {
    hostname,
    public_key: { key_type: 'ssh-ed25519', key: HOST_KEY },
  });
  return { hostname, uuid: h.uuid };
}

function PIPELINE_SSH_CASES(): ProofCase[] {
  return [
    { command: 'pipeline ssh key view', args: async (fx) => sshKeyPair(fx).then(() => WEB) },
    {
      command: 'pipeline ssh key set',
      args: async (fx) => [
        '--private-key-file',
        await fx.file('pipelines_key', PROOF_PRIVATE_KEY),
        '--public-key-file',
        await fx.file('pipelines_key.pub', fx.sshKey()),
        ...WEB,
      ],
    },
    { command: 'pipeline ssh key delete', args: async (fx) => sshKeyPair(fx).then(() => ['--yes', ...WEB]) },
    { command: 'pipeline ssh known-hosts list', args: WEB },
    { command: 'pipeline ssh known-hosts view', args: async (fx) => [(await knownHost(fx)).uuid, ...WEB] },
    {
      command: 'pipeline ssh known-hosts view',
      query: 'pipeline ssh known-hosts view example.com',
      args: async (fx) => [(await knownHost(fx)).hostname, ...WEB],
    },
    {
      command: 'pipeline ssh known-hosts add',
      args: async (fx) => [`${fx.unique('h')}.example.com`, '--key-file', await fx.file('host.pub', `ssh-ed25519 ${HOST_KEY}\n`), ...WEB],
    },
    { command: 'pipeline ssh known-hosts edit', args: async (fx) => [(await knownHost(fx)).uuid, '--hostname', `${fx.unique('h')}.example.com`, ...WEB] },
    {
      command: 'pipeline ssh known-hosts edit',
      query: 'pipeline ssh known-hosts edit example.com --hostname other.example.com',
      args: async (fx) => [(await knownHost(fx)).hostname, '--hostname', `${fx.unique('h')}.example.com`, ...WEB],
    },
    { command: 'pipeline ssh known-hosts delete', args: async (fx) => [(await knownHost(fx)).uuid, '--yes', ...WEB] },
    {
      command: 'pipeline ssh known-hosts delete',
      query: 'pipeline ssh known-hosts delete example.com',
      args: async (fx) => [(await knownHost(fx)).hostname, '--yes', ...WEB],
    },
  ];
}

function RUNNER_CASES(): ProofCase[] {
  const WS = ['--workspace', 'acme'];
  return [
    { command: 'runner list', args: WEB },
    { command: 'runner list', query: 'runner list --workspace acme', args: WS },
    { command: 'runner view', args: async (fx) => [await runner(fx), ...WEB] },
    { command: 'runner view', query: 'runner view UUID --workspace acme', args: async (fx) => [await runner(fx, true), ...WS] },
    { command: 'runner create', args: async (fx) => ['--name', fx.unique('r'), '--label', 'self.hosted,linux', ...WEB] },
    { command: 'runner create', query: 'runner create --workspace acme', args: async (fx) => ['--name', fx.unique('r'), ...WS] },
    { command: 'runner edit', args: async (fx) => [await runner(fx), '--name', fx.unique('r'), ...WEB] },
    { command: 'runner edit', query: 'runner edit UUID --workspace acme', args: async (fx) => [await runner(fx, true), '--label', 'linux', ...WS] },
    { command: 'runner delete', args: async (fx) => [await runner(fx), '--yes', ...WEB] },
    { command: 'runner delete', query: 'runner delete UUID --workspace acme', args: async (fx) => [await runner(fx, true), '--yes', ...WS] },
  ];
}

const ANY_UUID = '{00000000-0000-4000-8000-000000000000}';

/** The uuid of the failed test case in the demo's test report (acme/web #2's Test step). */
async function failedTestCase(fx: Fixtures): Promise<string> {
  const cases = await fx.api<{ values: Array<{ uuid: string; status: string }> }>(
    'GET',
    `/repositories/acme/web/pipelines/2/steps/${await testStep(fx)}/test_reports/test_cases`,
  );
  const failed = cases.values.find((c) => c.status === 'FAILED');
  if (!failed) throw new Error('the seeded report of acme/web #2 has no failed test case');
  return failed.uuid;
}

/** The uuid of acme/web #2's Test step, which has the demo's test report. */
async function testStep(fx: Fixtures): Promise<string> {
  const steps = await fx.api<{ values: Array<{ uuid: string; name: string }> }>('GET', '/repositories/acme/web/pipelines/2/steps');
  const step = steps.values.find((s) => s.name === 'Test');
  if (!step) throw new Error('acme/web #2 has no Test step');
  return step.uuid;
}

function PIPELINE_ADMIN_CASES(): ProofCase[] {
  return [
    { command: 'pipeline view', query: 'pipeline view --wait', args: ['1', '--wait', ...WEB] },
    { command: 'pipeline schedule list', args: WEB },
    { command: 'pipeline schedule create', args: ['--branch', 'main', '--cron', '0 0 2 * * ? *', ...WEB] },
    { command: 'pipeline schedule pause', args: async (fx) => [await schedule(fx), ...WEB] },
    { command: 'pipeline schedule resume', args: async (fx) => [await schedule(fx), ...WEB] },
    { command: 'pipeline schedule delete', args: async (fx) => [await schedule(fx), '--yes', ...WEB] },
    { command: 'pipeline cache list', args: WEB },
    { command: 'project deploy-key list', args: ['PLAT', '--workspace', 'acme'] },
    { command: 'project deploy-key add', args: async (fx) => ['acme/PLAT', '--key-file', await fx.file('deploy.pub', fx.sshKey()), '--label', 'proof'] },
    {
      command: 'project deploy-key delete',
      args: async (fx) => {
        const k = await fx.api<{ id: number }>('POST', '/workspaces/acme/projects/PLAT/deploy-keys', { key: fx.sshKey(), label: 'doomed' });
        return ['acme/PLAT', String(k.id), '--yes'];
      },
    },
    { command: 'environment create', args: async (fx) => [fx.unique('env'), ...WEB] },
    { command: 'environment edit', args: async (fx) => [await environment(fx), '--name', fx.unique('renamed'), ...WEB] },
    { command: 'environment delete', args: async (fx) => [await environment(fx), '--yes', ...WEB] },
    { command: 'pipeline config view', args: WEB },
    { command: 'pipeline config enable', args: WEB },
    {
      command: 'pipeline config build-number',
      args: async (fx) => {
        const p = await fx.api<{ values: Array<{ build_number: number }> }>('GET', '/repositories/acme/web/pipelines?sort=-created_on&pagelen=1');
        return [String((p.values[0]?.build_number ?? 0) + 1000), ...WEB];
      },
    },
    // leaves Pipelines off in acme/web: the fixtures below that start pipelines (cache) turn it on again
    { command: 'pipeline config disable', args: WEB },
    {
      command: 'pipeline cache delete',
      args: async (fx) => {
        await cache(fx);
        return ['node', '--yes', ...WEB];
      },
    },
    {
      command: 'pipeline cache delete',
      query: 'pipeline cache delete {00000000-0000-4000-8000-000000000000}',
      args: async (fx) => [await cache(fx), '--yes', ...WEB],
    },
    {
      command: 'pipeline cache clear',
      args: async (fx) => {
        await cache(fx);
        return ['--yes', ...WEB];
      },
    },
    // bb pipeline oidc: the workspace's OpenID Connect discovery document and keys (no scope but the login)
    { command: 'pipeline oidc', args: ['--workspace', 'acme'] },
    // bb pipeline test-reports: the seeded report of acme/web #2's Test step, by name (as usually run) and by UUID; with
    // --reasons, why its failed case failed
    { command: 'pipeline test-reports', args: ['2', 'Test', ...WEB] },
    { command: 'pipeline test-reports', query: `pipeline test-reports 2 ${ANY_UUID}`, args: async (fx) => ['2', await testStep(fx), ...WEB] },
    {
      command: 'pipeline test-reports',
      query: `pipeline test-reports 2 Test --reasons ${ANY_UUID}`,
      args: async (fx) => ['2', 'Test', '--reasons', await failedTestCase(fx), ...WEB],
    },
    {
      command: 'pipeline test-reports',
      query: `pipeline test-reports 2 ${ANY_UUID} --reasons ${ANY_UUID}`,
      args: async (fx) => ['2', await testStep(fx), '--reasons', await failedTestCase(fx), ...WEB],
    },
  ];
}

export const PIPELINE_CASES: ProofCase[] = [
  { command: 'pipeline list', args: WEB },
  { command: 'pipeline view', args: ['1', ...WEB] },
  { command: 'pipeline logs', args: ['1', ...WEB] },
  { command: 'pipeline watch', args: ['1', ...WEB] },
  { command: 'pipeline run', args: ['--branch', 'main', ...WEB] },
  {
    command: 'pipeline stop',
    args: async (fx) => {
      const p = await fx.api<{ build_number: number }>('POST', '/repositories/acme/web/pipelines', {
        target: { type: 'pipeline_ref_target', ref_type: 'branch', ref_name: 'main' },
      });
      return [String(p.build_number), ...WEB];
    },
  },
  { command: 'deployment list', args: WEB },
  { command: 'environment list', args: WEB },
  { command: 'variable list', args: WEB },
  { command: 'variable list', query: 'variable list --workspace acme', args: ['--workspace', 'acme'] },
  { command: 'variable list', query: 'variable list --env Production', args: ['--env', 'Production', ...WEB] },
  { command: 'variable set', args: async (fx) => [fx.unique('PROOF').replace(/-/g, '_').toUpperCase(), '--value', 'x', ...WEB] },
  {
    command: 'variable set',
    query: 'variable set --workspace acme',
    args: async (fx) => [fx.unique('PROOF').replace(/-/g, '_').toUpperCase(), '--value', 'x', '--workspace', 'acme'],
  },
  {
    command: 'variable set',
    query: 'variable set --env Production',
    args: async (fx) => [fx.unique('PROOF').replace(/-/g, '_').toUpperCase(), '--value', 'x', '--env', 'Production', ...WEB],
  },
  {
    command: 'variable delete',
    args: async (fx) => {
      const key = fx.unique('DOOMED').replace(/-/g, '_').toUpperCase();
      await fx.api('POST', '/repositories/acme/web/pipelines_config/variables', { key, value: 'x', secured: false });
      return [key, '--yes', ...WEB];
    },
  },
  {
    command: 'variable delete',
    query: 'variable delete --workspace acme',
    args: async (fx) => {
      const key = fx.unique('DOOMED').replace(/-/g, '_').toUpperCase();
      await fx.api('POST', '/workspaces/acme/pipelines-config/variables', { key, value: 'x', secured: false });
      return [key, '--yes', '--workspace', 'acme'];
    },
  },
  {
    command: 'variable delete',
    query: 'variable delete --env Production',
    args: async (fx) => {
      const key = fx.unique('DOOMED').replace(/-/g, '_').toUpperCase();
      await fx.bb(['variable', 'set', key, '--value', 'x', '--env', 'Production', ...WEB]);
      return [key, '--env', 'Production', '--yes', ...WEB];
    },
  },
  // issue 21: Pipelines administration
  ...PIPELINE_ADMIN_CASES(),
  ...RUNNER_CASES(),
  ...PIPELINE_SSH_CASES(),
];

export const ACCOUNT_CASES: ProofCase[] = [
  { command: 'auth status', args: [], refusal: /failed: .*needs/m },
  // bb verifies every login with GET /user; without its scope the login is refused (1003, exit 4) naming the scope
  { command: 'auth login', args: ['--with-token', '--insecure-storage'], tokenOnStdin: true, refusal: /^error 1003 AUTH_VERIFY_FAILED: .*needs/m },
  { command: 'issue list', args: WEB },
  { command: 'issue list', query: 'issue list --assignee @me', args: ['--assignee', '@me', ...WEB] },
  { command: 'issue view', args: ['1', ...WEB] },
  { command: 'issue view', query: 'issue view --comments', args: ['1', '--comments', ...WEB] },
  { command: 'issue create', args: ['--title', 'proof', '--kind', 'bug', ...WEB] },
  { command: 'issue create', query: 'issue create --assignee @me', args: ['--title', 'proof', '--assignee', '@me', ...WEB] },
  { command: 'issue edit', args: async (fx) => [String(await fx.issue()), '--title', 'edited', ...WEB] },
  { command: 'issue edit', query: 'issue edit --assignee @me', args: async (fx) => [String(await fx.issue()), '--assignee', '@me', ...WEB] },
  { command: 'issue comment', args: ['1', '--body', 'proof', ...WEB] },
  { command: 'issue close', args: async (fx) => [String(await fx.issue()), ...WEB] },
  { command: 'issue close', query: 'issue close --comment x', args: async (fx) => [String(await fx.issue()), '--comment', 'done', ...WEB] },
  { command: 'issue reopen', args: async (fx) => [String(await fx.issue('resolved')), ...WEB] },
  { command: 'snippet list', args: ['--workspace', 'acme'] },
  { command: 'snippet view', args: ['relchk', '--workspace', 'acme'] },
  { command: 'snippet create', args: async (fx) => [await fx.file('proof.sh', 'echo proof\n'), '--title', 'proof', '--workspace', 'acme'] },
  { command: 'snippet edit', args: async (fx) => [await fx.snippet(), '--title', 'edited', '--workspace', 'acme'] },
  { command: 'snippet delete', args: async (fx) => [await fx.snippet(), '--yes', '--workspace', 'acme'] },
  { command: 'snippet comments list', args: ['relchk', '--workspace', 'acme'] },
  { command: 'snippet comments add', args: ['relchk', '--body', 'proof', '--workspace', 'acme'] },
  { command: 'snippet comments edit', args: async (fx) => ['relchk', await snippetComment(fx), '--body', 'edited', '--workspace', 'acme'] },
  { command: 'snippet comments delete', args: async (fx) => ['relchk', await snippetComment(fx), '--yes', '--workspace', 'acme'] },
  { command: 'snippet watch', args: ['relchk', '--workspace', 'acme'] },
  { command: 'snippet unwatch', args: ['relchk', '--workspace', 'acme'] },
  { command: 'snippet watching', args: ['relchk', '--workspace', 'acme'] },
  { command: 'snippet history', args: ['relchk', '--workspace', 'acme'] },
  {
    command: 'snippet history',
    args: async (fx) => {
      const r = await fx.bb(['snippet', 'history', 'relchk', '--workspace', 'acme', '--json', 'hash']);
      return ['relchk', (JSON.parse(r.stdout) as Array<{ hash: string }>)[0]?.hash ?? '', '--workspace', 'acme'];
    },
  },
  { command: 'ssh-key list', args: [] },
  { command: 'ssh-key add', args: async (fx) => ['--key-file', await fx.file('id.pub', fx.sshKey()), '--label', 'proof'] },
  {
    command: 'ssh-key delete',
    args: async (fx) => {
      const k = await fx.api<{ uuid: string }>('POST', '/users/dev/ssh-keys', { key: fx.sshKey(), label: 'doomed' });
      return [k.uuid, '--yes'];
    },
  },
  { command: 'gpg-key list', args: [] },
  {
    command: 'gpg-key add',
    args: async (fx) => {
      await fx.gpgKeyAbsent();
      return ['--key-file', await fx.file('key.asc', GPG_KEY), '--name', 'proof'];
    },
  },
  {
    command: 'gpg-key delete',
    args: async (fx: Fixtures) => {
      await fx.gpgKeyAbsent();
      await fx.api('POST', '/users/dev/gpg-keys', { key: GPG_KEY });
      return [GPG_FPR, '--yes'];
    },
  },
];

/** Repository, project and workspace permissions (issue 21): grants go to a member who is not alex (`pat`), so the seed's own permissions stay. */
async function patUuid(fx: Fixtures): Promise<string> {
  return uuidOf(fx, fx.member('pat'));
}

export const PERMISSION_CASES: ProofCase[] = [
  { command: 'repo permissions list', args: WEB },
  { command: 'repo permissions grant', args: async (fx) => ['read', '--user', await patUuid(fx), ...WEB] },
  { command: 'repo permissions grant', query: 'repo permissions grant write --user pat', args: async (fx) => ['write', '--user', fx.member('pat'), ...WEB] },
  { command: 'repo permissions grant', args: ['read', '--group', 'developers', ...WEB] },
  {
    command: 'repo permissions revoke',
    args: async (fx) => {
      const uuid = await patUuid(fx);
      await fx.api('PUT', `/repositories/acme/web/permissions-config/users/${encodeURIComponent(uuid)}`, { permission: 'read' });
      return ['--user', uuid, '--yes', ...WEB];
    },
  },
  {
    command: 'repo permissions revoke',
    query: 'repo permissions revoke --user pat',
    args: async (fx) => {
      const uuid = await patUuid(fx);
      await fx.api('PUT', `/repositories/acme/web/permissions-config/users/${encodeURIComponent(uuid)}`, { permission: 'read' });
      return ['--user', 'pat', '--yes', ...WEB];
    },
  },
  { command: 'project permissions list', args: ['PLAT', '--workspace', 'acme'] },
  { command: 'project permissions grant', args: async (fx) => ['PLAT', 'read', '--user', await patUuid(fx), '--workspace', 'acme'] },
  {
    command: 'project permissions grant',
    query: 'project permissions grant PLAT write --user pat',
    args: async (fx) => ['acme/PLAT', 'write', '--user', fx.member('pat')],
  },
  {
    command: 'project permissions revoke',
    args: async (fx) => {
      const uuid = await patUuid(fx);
      await fx.api('PUT', `/workspaces/acme/projects/PLAT/permissions-config/users/${encodeURIComponent(uuid)}`, { permission: 'read' });
      return ['PLAT', '--user', uuid, '--workspace', 'acme', '--yes'];
    },
  },
  {
    command: 'project permissions revoke',
    query: 'project permissions revoke PLAT --user pat',
    args: async (fx) => {
      const uuid = await patUuid(fx);
      await fx.api('PUT', `/workspaces/acme/projects/PLAT/permissions-config/users/${encodeURIComponent(uuid)}`, { permission: 'read' });
      return ['acme/PLAT', '--user', 'pat', '--yes'];
    },
  },
  { command: 'workspace permissions list', args: ['acme'] },
  { command: 'project edit', args: ['PLAT', '--description', 'proof', '--workspace', 'acme'] },
  {
    command: 'project delete',
    args: async (fx) => {
      const key = fx.unique('D').replace(/-/g, '').toUpperCase();
      await fx.api('POST', '/workspaces/acme/projects', { key, name: key });
      return [`acme/${key}`, '--yes'];
    },
  },
  { command: 'workspace permissions repos', args: ['acme'] },
  { command: 'repo permissions effective', args: WEB },
  // repository watchers, forks and settings; project default reviewers (issue 21, item 5)
  { command: 'repo watchers', args: WEB },
  { command: 'repo forks', args: WEB },
  { command: 'repo settings view', args: WEB },
  { command: 'repo settings edit', args: ['--override', 'branching_model', ...WEB] },
  { command: 'project default-reviewers list', args: ['acme/PLAT'] },
  { command: 'project default-reviewers add', args: ['acme/PLAT', 'dev'] },
  {
    command: 'project default-reviewers remove',
    args: async (fx) => {
      await fx.api('PUT', '/workspaces/acme/projects/PLAT/default-reviewers/dev');
      return ['acme/PLAT', 'dev', '--yes'];
    },
  },
];
