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
];

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
