export const PROJECT_JSON_FIELDS = [
  'key',
  'name',
  'description',
  'is_private',
  'visibility',
  'uuid',
  'created_on',
  'updated_on',
  'has_publicly_visible_repos',
  'url',
] as const;
