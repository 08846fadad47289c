/** The `--json` fields of `bb repo …` (src/provider/types.ts Repository) and of default reviewers (Reviewer). */
export const REPO_JSON_FIELDS = [
  'name',
  'full_name',
  'slug',
  'description',
  'is_private',
  'visibility',
  'language',
  'mainbranch',
  'created_on',
  'updated_on',
  'size',
  'uuid',
  'url',
  'project',
  'owner',
  'scm',
  'fork_policy',
  'has_issues',
  'has_wiki',
  'parent',
  'https_url',
  'ssh_url',
] as const;

export const ACCOUNT_JSON_FIELDS = ['display_name', 'nickname', 'uuid', 'account_id', 'type', 'url'] as const;
