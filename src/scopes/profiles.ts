/**
 * Built-in workflow profiles for `bb scopes profile <name>`. A profile is a list of **commands**; its scopes
 * are always computed from those commands' operations, never written here. Every command named must exist
 * (src/cmd/scopes/scopes.test.ts), so a token minted from a profile works for each of them.
 */
export interface Profile {
  name: string;
  summary: string;
  commands: readonly string[];
}

export const PROFILES: readonly Profile[] = [
  {
    name: 'read-only',
    summary: 'Browse repositories, pull requests, pipelines and issues; change nothing',
    commands: [
      'auth status',
      'workspace list',
      'workspace view',
      'project list',
      'project view',
      'repo list',
      'repo view',
      'repo clone',
      'pr list',
      'pr view',
      'pr diff',
      'pr checks',
      'pipeline list',
      'pipeline view',
      'pipeline logs',
      'issue list',
      'issue view',
    ],
  },
  {
    name: 'reviewer',
    summary: 'Review pull requests: read, check out, comment, approve or request changes',
    commands: [
      'auth status',
      'repo view',
      'pr list',
      'pr view',
      'pr diff',
      'pr checks',
      'pr checkout',
      'pr activity',
      'pr comments list',
      'pr comments add',
      'pr approve',
      'pr unapprove',
      'pr request-changes',
    ],
  },
  {
    name: 'contributor',
    summary: 'Work on a repository through pull requests: clone, branch, open and update pull requests',
    commands: [
      'auth status',
      'repo view',
      'repo clone',
      'repo fork',
      'pr list',
      'pr view',
      'pr diff',
      'pr checks',
      'pr checkout',
      'pr create',
      'pr edit',
      'pr ready',
      'pr comments list',
      'pr comments add',
      'branch list',
      'branch create',
    ],
  },
  {
    name: 'maintainer',
    summary: 'Run a repository: merge and decline pull requests, manage default reviewers and repository settings',
    commands: [
      'auth status',
      'repo list',
      'repo view',
      'repo clone',
      'repo create',
      'repo edit',
      'repo rename',
      'repo default-reviewers list',
      'repo default-reviewers add',
      'repo default-reviewers remove',
      'pr list',
      'pr view',
      'pr diff',
      'pr checks',
      'pr checkout',
      'pr create',
      'pr edit',
      'pr comments add',
      'pr approve',
      'pr request-changes',
      'pr reviewers add',
      'pr reviewers remove',
      'pr merge',
      'pr decline',
      'branch delete',
    ],
  },
  {
    name: 'ci-status',
    summary: 'A CI job that reports commit build statuses (what a build server needs, nothing more)',
    commands: ['status list', 'status set'],
  },
  {
    name: 'pipeline-operator',
    summary: 'Run, watch and stop Bitbucket Pipelines and manage their variables',
    commands: ['pipeline list', 'pipeline view', 'pipeline logs', 'pipeline run', 'pipeline stop', 'variable list', 'variable set', 'variable delete'],
  },
  {
    name: 'release',
    summary: 'Cut a release: merge the release pull request, tag it, run the release pipeline',
    commands: ['pr view', 'pr merge', 'pr checks', 'tag list', 'tag create', 'pipeline run', 'pipeline view', 'pipeline logs'],
  },
];

export function findProfile(name: string): Profile | undefined {
  return PROFILES.find((p) => p.name === name);
}
