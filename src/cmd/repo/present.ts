/** The `--json` fields of `bb repo …` (src/provider/types.ts Repository) and of default reviewers (Reviewer). */
export const REPO_JSON_FIELDS = [
  'name',
  'fullName',
  'slug',
  'description',
  'isPrivate',
  'visibility',
  'language',
  'mainBranch',
  'createdAt',
  'updatedAt',
  'size',
  'uuid',
  'url',
  'project',
  'owner',
  'scm',
  'forkPolicy',
  'hasIssues',
  'hasWiki',
  'parent',
  'httpsUrl',
  'sshUrl',
] as const;

export const ACCOUNT_JSON_FIELDS = ['displayName', 'nickname', 'uuid', 'accountId', 'type', 'url'] as const;

/** The snake_case names these fields had before (one release: accepted with a notice, see CommandMeta.jsonRenamed). */
export const REPO_JSON_RENAMED = {
  full_name: 'fullName',
  is_private: 'isPrivate',
  mainbranch: 'mainBranch',
  created_on: 'createdAt',
  updated_on: 'updatedAt',
  fork_policy: 'forkPolicy',
  has_issues: 'hasIssues',
  has_wiki: 'hasWiki',
  https_url: 'httpsUrl',
  ssh_url: 'sshUrl',
} as const;

export const ACCOUNT_JSON_RENAMED = { display_name: 'displayName', account_id: 'accountId' } as const;
