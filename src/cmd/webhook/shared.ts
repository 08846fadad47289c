/**
 * Helpers shared by the `bb webhook …` commands: a webhook belongs to a repository (`-R`, or the
 * current one) or to a workspace (`--workspace W`); events are checked against the list the API accepts
 * for that subject (GET /hook_events/{subject_type}, public data).
 */
import { readFileSync } from 'node:fs';
import { paginate } from '../../api/paginate.js';
import type { Context } from '../../context.js';
import { BbError } from '../../errors.js';
import { readAll } from '../auth/shared.js';
import type { CommandInput } from '../define.js';

export const OP = {
  repoList: 'GET /repositories/{workspace}/{repo_slug}/hooks',
  repoCreate: 'POST /repositories/{workspace}/{repo_slug}/hooks',
  repoDelete: 'DELETE /repositories/{workspace}/{repo_slug}/hooks/{uid}',
  wsList: 'GET /workspaces/{workspace}/hooks',
  wsCreate: 'POST /workspaces/{workspace}/hooks',
  wsDelete: 'DELETE /workspaces/{workspace}/hooks/{uid}',
  events: 'GET /hook_events/{subject_type}',
} as const;

export function template(operation: string): string {
  return operation.slice(operation.indexOf(' ') + 1);
}

export interface Webhook {
  uuid: string;
  url?: string;
  description?: string;
  subject_type?: string;
  active?: boolean;
  events?: string[];
  secret_set?: boolean;
  created_at?: string;
}

export type Subject =
  | { kind: 'repository'; label: string; params: { workspace: string; repo_slug: string } }
  | { kind: 'workspace'; label: string; params: { workspace: string } };

export const WORKSPACE_FLAG = {
  name: 'workspace',
  short: 'w',
  type: 'string',
  valueName: 'WORKSPACE',
  description: "the workspace's webhooks instead of a repository's",
} as const;

export async function subjectOf(ctx: Context, input: CommandInput): Promise<Subject> {
  const ws = input.flags.workspace;
  if (typeof ws === 'string' && ws !== '') {
    if (typeof input.flags.repo === 'string' && input.flags.repo !== '') throw new BbError('INVALID_ARGUMENT', '-R and --workspace cannot be used together');
    return { kind: 'workspace', label: `workspace ${ws}`, params: { workspace: ws } };
  }
  const repo = await ctx.repo(input.flags.repo);
  return { kind: 'repository', label: `${repo.workspace}/${repo.repo}`, params: { workspace: repo.workspace, repo_slug: repo.repo } };
}

export const WEBHOOK_JSON_FIELDS = ['uuid', 'url', 'description', 'events', 'active', 'secretSet', 'subjectType', 'createdAt'] as const;

/** The webhook as shown: never its secret, only whether one is set. */
export function webhookJson(h: Webhook): Record<string, unknown> {
  return {
    uuid: h.uuid,
    url: h.url ?? null,
    description: h.description ?? '',
    events: [...(h.events ?? [])].sort(),
    active: h.active !== false,
    secretSet: Boolean(h.secret_set),
    subjectType: h.subject_type ?? null,
    createdAt: h.created_at ?? null,
  };
}

/** `{uuid}` or a bare UUID → `{uuid}`. */
export function parseUid(text: unknown): string {
  const t = typeof text === 'string' ? text.trim() : '';
  const m = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i.exec(t);
  if (!m?.[1]) throw new BbError('INVALID_ARGUMENT', `"${t}" is not a webhook id: expected its UUID`, { hints: ['list them with `bb webhook list`'] });
  return `{${m[1].toLowerCase()}}`;
}

const EVENT = /^[a-z_]+:[a-z_]+$/;

/** Syntax first (works offline, for --dry-run); then, when `known` is given, membership. */
export function checkEvents(events: string[], subject: Subject, known?: string[]): void {
  if (events.length === 0)
    throw new BbError('INVALID_ARGUMENT', 'a webhook needs at least one event', { hints: ['for example: --events repo:push,pullrequest:created'] });
  const bad = events.filter((e) => !EVENT.test(e) || (known !== undefined && !known.includes(e)));
  if (bad.length > 0) {
    throw new BbError('INVALID_ARGUMENT', `not ${subject.kind} webhook event${bad.length > 1 ? 's' : ''}: ${bad.join(', ')}`, {
      hints: known ? [`${subject.kind} events: ${[...known].sort().join(', ')}`] : ['events look like repo:push or pullrequest:created'],
    });
  }
}

export async function knownEvents(ctx: Context, subject: Subject): Promise<string[]> {
  const list = await paginate<{ event?: string }>(await ctx.http(), template(OP.events), { subject_type: subject.kind }, {}, { all: true });
  return list.flatMap((e) => (e.event ? [e.event] : []));
}

/** The secret from --secret-file (`-` = standard input) or --secret; never printed. */
export async function readSecret(ctx: Context, input: CommandInput): Promise<string | undefined> {
  const { secret, secretFile } = input.flags as { secret?: string; secretFile?: string };
  if (secret !== undefined && secretFile !== undefined) throw new BbError('INVALID_ARGUMENT', '--secret and --secret-file cannot be used together');
  let value = secret;
  if (secretFile === '-') value = await readAll(ctx.io.in);
  else if (secretFile !== undefined) {
    try {
      value = readFileSync(secretFile, 'utf8');
    } catch (e) {
      throw new BbError('INPUT_READ_FAILED', `cannot read ${secretFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  if (value === undefined) return undefined;
  value = value.replace(/\r?\n$/, '');
  if (!value) throw new BbError('INVALID_ARGUMENT', 'the webhook secret is empty');
  return value;
}
