export const COMMIT_JSON_FIELDS = ['hash', 'shortHash', 'subject', 'message', 'author', 'authorUser', 'date', 'parents', 'url'] as const;
