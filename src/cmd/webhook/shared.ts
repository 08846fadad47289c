/**
 * Helpers shared by the `bb webhook …` commands: a webhook belongs to a repository (`-R`, or the
 * current one) or to a workspace (`--workspace W`); events are checked against the list the API accepts
 * for that subject (GET /hook_events/{subject_type}, public data).
 */
import { templateOf } from '../../api/path.js';
import { readFileLimited } from '../../util/input.js';
import { paginate } from '../../api/paginate.js';
import type { Context } from '../../context.js';
import { BbError } from '../../errors.js';
import { readAll } from '../auth/shared.js';
import type { Webhook as DomainWebhook, WebhookSubject } from '../../provider/webhooks.js';
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

export interface Subject {
  kind: 'repository' | 'workspace';
  label: string;
  /** For the provider (src/provider/webhooks.ts). */
  target: WebhookSubject;
}

export const WORKSPACE_FLAG = {
  name: 'workspace',
  short: 'w',
  type: 'string',
  valueName: 'WORKSPACE',
  description: "the workspace's webhooks instead of a repository's (Cloud)",
} as const;

export async function subjectOf(ctx: Context, input: CommandInput): Promise<Subject> {
  const ws = input.flags.workspace;
  if (typeof ws === 'string' && ws !== '') {
    if (typeof input.flags.repo === 'string' && input.flags.repo !== '') throw new BbError('INVALID_ARGUMENT', '-R and --workspace cannot be used together');
    const host = await ctx.host();
    if (host.kind === 'dc') {
      throw new BbError('NOT_ON_DC', `Data Center (${host.key}) has no workspaces: its webhooks belong to a repository`, {
        hints: ['drop --workspace and name the repository: -R PROJECT/REPO'],
      });
    }
    return { kind: 'workspace', label: `workspace ${ws}`, target: { kind: 'workspace', workspace: ws } };
  }
  const repo = await ctx.repo(input.flags.repo);
  return { kind: 'repository', label: `${repo.workspace}/${repo.repo}`, target: { kind: 'repository', repo } };
}

/** Cloud path parameters of a subject. */
export function cloudParams(subject: WebhookSubject): { workspace: string; repo_slug: string } | { workspace: string } {
  return subject.kind === 'workspace' ? { workspace: subject.workspace } : { workspace: subject.repo.workspace, repo_slug: subject.repo.repo };
}

export const WEBHOOK_JSON_FIELDS = ['id', 'uuid', 'url', 'description', 'events', 'active', 'secretSet', 'subjectType', 'createdAt'] as const;

/** A Cloud webhook in the domain shape: never its secret, only whether one is set. */
export function cloudWebhook(h: Webhook): DomainWebhook {
  return {
    id: h.uuid,
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

/** The webhook as shown (`--json`): its JSON fields only. */
export function webhookJson(h: DomainWebhook): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of WEBHOOK_JSON_FIELDS) out[f] = h[f];
  return out;
}

/** `{uuid}` or a bare UUID → `{uuid}`. */
export function parseUid(text: unknown): string {
  const t = typeof text === 'string' ? text.trim() : '';
  const m = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i.exec(t);
  if (!m?.[1]) throw new BbError('INVALID_ARGUMENT', `"${t}" is not a webhook id: expected its UUID`, { hints: ['list them with `bb webhook list`'] });
  return `{${m[1].toLowerCase()}}`;
}

const EVENT = /^[a-z_]+:[a-z_]+$/;
/** Data Center event keys have two or three parts: `repo:refs_changed`, `pr:reviewer:approved`. */
const DC_EVENT = /^[a-z_]+(:[a-z_]+){1,2}$/;

/**
 * Syntax first (works offline, for --dry-run); then, when `known` is given, membership. `dc`: Data Center's key
 * syntax and, for a Cloud key, a hint to the DC one (never a silent translation).
 */
export function checkEvents(events: string[], subject: Pick<Subject, 'kind'>, known?: string[], dc = false): void {
  const example = dc ? 'repo:refs_changed,pr:opened' : 'repo:push,pullrequest:created';
  if (events.length === 0) throw new BbError('INVALID_ARGUMENT', 'a webhook needs at least one event', { hints: [`for example: --events ${example}`] });
  const bad = events.filter((e) => !(dc ? DC_EVENT : EVENT).test(e) || (known !== undefined && !known.includes(e)));
  if (bad.length > 0) {
    const hints = known
      ? [`${dc ? 'Data Center ' : ''}${subject.kind} events: ${[...known].sort().join(', ')}`]
      : [`events look like ${example.replace(',', ' or ')}`];
    if (dc) {
      const cloud = bad.flatMap((e) => (CLOUD_TO_DC[e] ? [`${e} is a Bitbucket Cloud event; on Data Center: ${CLOUD_TO_DC[e]}`] : []));
      hints.unshift(...cloud);
    }
    throw new BbError('INVALID_ARGUMENT', `not ${dc ? 'Data Center ' : ''}${subject.kind} webhook event${bad.length > 1 ? 's' : ''}: ${bad.join(', ')}`, {
      hints,
    });
  }
}

/** Hints only (bb translates nothing): the Data Center event closest to a Cloud one. */
const CLOUD_TO_DC: Record<string, string> = {
  'repo:push': 'repo:refs_changed',
  'repo:updated': 'repo:modified',
  'repo:fork': 'repo:forked',
  'repo:commit_comment_created': 'repo:comment:added',
  'pullrequest:created': 'pr:opened',
  'pullrequest:updated': 'pr:modified (or pr:from_ref_updated for new commits)',
  'pullrequest:approved': 'pr:reviewer:approved',
  'pullrequest:unapproved': 'pr:reviewer:unapproved',
  'pullrequest:changes_request_created': 'pr:reviewer:needs_work',
  'pullrequest:fulfilled': 'pr:merged',
  'pullrequest:rejected': 'pr:declined',
  'pullrequest:comment_created': 'pr:comment:added',
  'pullrequest:comment_updated': 'pr:comment:edited',
  'pullrequest:comment_deleted': 'pr:comment:deleted',
};

export async function knownEvents(ctx: Context, subject: Pick<Subject, 'kind'>): Promise<string[]> {
  const list = await paginate<{ event?: string }>(await ctx.http(), templateOf(OP.events), { subject_type: subject.kind }, {}, { all: true });
  return list.flatMap((e) => (e.event ? [e.event] : []));
}

/** A Data Center webhook id (a positive number). */
export function parseDcWebhookId(text: unknown): string {
  const t = typeof text === 'string' ? text.trim() : '';
  if (!/^[1-9]\d{0,17}$/.test(t))
    throw new BbError('INVALID_ARGUMENT', `"${t}" is not a webhook id: expected its number`, { hints: ['list them with `bb webhook list`'] });
  return t;
}

/** The secret from --secret-file (`-` = standard input) or --secret; never printed. */
export async function readSecret(ctx: Context, input: CommandInput): Promise<string | undefined> {
  const { secret, secretFile } = input.flags as { secret?: string; secretFile?: string };
  if (secret !== undefined && secretFile !== undefined) throw new BbError('INVALID_ARGUMENT', '--secret and --secret-file cannot be used together');
  let value = secret;
  if (secretFile === '-') value = await readAll(ctx.io.in);
  else if (secretFile !== undefined) {
    try {
      value = readFileLimited(secretFile).toString('utf8');
    } catch (e) {
      throw new BbError('INPUT_READ_FAILED', `cannot read ${secretFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  if (value === undefined) return undefined;
  value = value.replace(/\r?\n$/, '');
  if (!value) throw new BbError('INVALID_ARGUMENT', 'the webhook secret is empty');
  return value;
}
