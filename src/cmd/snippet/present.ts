import type { Snippet } from './target.js';

export const SNIPPET_JSON_FIELDS = ['id', 'title', 'visibility', 'isPrivate', 'files', 'owner', 'creator', 'createdAt', 'updatedAt', 'url'] as const;

export function snippetJson(s: Snippet): Record<string, unknown> {
  return {
    id: String(s.id),
    title: s.title ?? '',
    visibility: s.is_private ? 'private' : 'public',
    isPrivate: Boolean(s.is_private),
    files: Object.keys(s.files ?? {}),
    owner: s.owner?.nickname ?? s.owner?.display_name ?? null,
    creator: s.creator?.nickname ?? s.creator?.display_name ?? null,
    createdAt: s.created_on ?? null,
    updatedAt: s.updated_on ?? null,
    url: s.links?.html?.href ?? null,
  };
}
