import type { Account, Issue } from './tracker.js';

export function userName(a: Account | null | undefined): string {
  return a?.nickname || a?.display_name || a?.uuid || '';
}

export const ISSUE_JSON_FIELDS = [
  'id',
  'title',
  'body',
  'state',
  'kind',
  'priority',
  'reporter',
  'assignee',
  'votes',
  'createdAt',
  'updatedAt',
  'url',
] as const;

function accountJson(a: Account | null | undefined): Record<string, unknown> | null {
  return a ? { nickname: a.nickname ?? null, displayName: a.display_name ?? null, uuid: a.uuid ?? null, accountId: a.account_id ?? null } : null;
}

export function issueJson(i: Issue): Record<string, unknown> {
  return {
    id: i.id,
    title: i.title ?? '',
    body: i.content?.raw ?? '',
    state: i.state ?? null,
    kind: i.kind ?? null,
    priority: i.priority ?? null,
    reporter: accountJson(i.reporter),
    assignee: accountJson(i.assignee),
    votes: i.votes ?? 0,
    createdAt: i.created_on ?? null,
    updatedAt: i.updated_on ?? null,
    url: i.links?.html?.href ?? null,
  };
}

export function stateStyle(state: string | undefined): 'green' | 'gray' | undefined {
  return state === 'new' || state === 'open' ? 'green' : state ? 'gray' : undefined;
}
