export const PROJECT_JSON_FIELDS = [
  'key',
  'name',
  'description',
  'isPrivate',
  'visibility',
  'uuid',
  'createdAt',
  'updatedAt',
  'hasPubliclyVisibleRepos',
  'url',
] as const;

/** The snake_case names these fields had before (one release: accepted with a notice, see CommandMeta.jsonRenamed). */
export const PROJECT_JSON_RENAMED = {
  is_private: 'isPrivate',
  created_on: 'createdAt',
  updated_on: 'updatedAt',
  has_publicly_visible_repos: 'hasPubliclyVisibleRepos',
} as const;
