import { must } from '../../api/client.js';
import { paginate } from '../../api/paginate.js';
import { templateOf } from '../../api/path.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { checkEvents, type EventDialect, type Webhook, type WebhookMethods, type WebhookSubject } from '../webhooks.js';

/**
 * Cloud webhooks: a repository's or a workspace's, named by UUID; events are checked against the list the API accepts
 * for the subject (GET /hook_events/{subject_type}, public data).
 */
export const CLOUD_WEBHOOK_OPERATIONS = {
  repoList: 'GET /repositories/{workspace}/{repo_slug}/hooks',
  repoCreate: 'POST /repositories/{workspace}/{repo_slug}/hooks',
  repoView: 'GET /repositories/{workspace}/{repo_slug}/hooks/{uid}',
  repoDelete: 'DELETE /repositories/{workspace}/{repo_slug}/hooks/{uid}',
  wsList: 'GET /workspaces/{workspace}/hooks',
  wsCreate: 'POST /workspaces/{workspace}/hooks',
  wsView: 'GET /workspaces/{workspace}/hooks/{uid}',
  wsDelete: 'DELETE /workspaces/{workspace}/hooks/{uid}',
  events: 'GET /hook_events/{subject_type}',
} as const;
const OP = CLOUD_WEBHOOK_OPERATIONS;

/** A webhook as Cloud sends it. */
export interface CloudWebhook {
  uuid: string;
  url?: string;
  description?: string;
  subject_type?: string;
  active?: boolean;
  events?: string[];
  secret_set?: boolean;
  created_at?: string;
}

/** Cloud event keys: `repo:push`, `pullrequest:created`. */
export const CLOUD_EVENTS: EventDialect = { product: '', syntax: /^[a-z_]+:[a-z_]+$/, example: 'repo:push,pullrequest:created' };

/** Cloud path parameters of a subject. */
export function cloudParams(subject: WebhookSubject): { workspace: string; repo_slug: string } | { workspace: string } {
  return subject.kind === 'workspace' ? { workspace: subject.workspace } : { workspace: subject.repo.workspace, repo_slug: subject.repo.repo };
}

/** A Cloud webhook in the domain shape: never its secret, only whether one is set. */
export function cloudWebhook(h: CloudWebhook): Webhook {
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

/** The webhook fields cloudWebhook reads: the list's `fields=`. */
const WEBHOOK_FIELDS = ['uuid', 'url', 'description', 'events', 'active', 'secret_set', 'subject_type', 'created_at'];

/** `{uuid}` or a bare UUID → `{uuid}`. */
export function parseUid(text: unknown): string {
  const t = typeof text === 'string' ? text.trim() : '';
  const m = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i.exec(t);
  if (!m?.[1]) throw new BbError('INVALID_ARGUMENT', `"${t}" is not a webhook id: expected its UUID`, { hints: ['list them with `bb webhook list`'] });
  return `{${m[1].toLowerCase()}}`;
}

/** The event keys Cloud accepts for the subject's kind. */
export async function knownEvents(ctx: Context, subject: Pick<WebhookSubject, 'kind'>): Promise<string[]> {
  const list = await paginate<{ event?: string }>(await ctx.http(), templateOf(OP.events), { subject_type: subject.kind }, {}, { all: true });
  return list.flatMap((e) => (e.event ? [e.event] : []));
}

/** Cloud webhooks: the requests `bb webhook …` sent before the provider boundary, unchanged. */
export function webhookMethods(ctx: Context): WebhookMethods {
  return {
    webhookTerms: { id: 'UUID', description: 'Description' },
    workspaceWebhookSubject: (workspace) => ({ kind: 'workspace', workspace }),
    async listWebhooks(subject, opts) {
      const items = await paginate<CloudWebhook>(
        await ctx.http(),
        templateOf(subject.kind === 'workspace' ? OP.wsList : OP.repoList),
        cloudParams(subject),
        {},
        { limit: opts.limit, all: Boolean(opts.all), fields: WEBHOOK_FIELDS },
      );
      return items.map(cloudWebhook);
    },
    async viewWebhook(subject, id) {
      const uid = parseUid(id);
      const api = await ctx.api();
      const hook =
        subject.kind === 'workspace'
          ? await api.GET('/workspaces/{workspace}/hooks/{uid}', { params: { path: { workspace: subject.workspace, uid } } })
          : await api.GET('/repositories/{workspace}/{repo_slug}/hooks/{uid}', {
              params: { path: { workspace: subject.repo.workspace, repo_slug: subject.repo.repo, uid } },
            });
      return cloudWebhook(must(hook) as unknown as CloudWebhook);
    },
    async checkWebhookEvents(subject, events) {
      checkEvents(events, subject.kind, CLOUD_EVENTS);
    },
    async createWebhook(subject, input) {
      const params = cloudParams(subject);
      const body = {
        url: input.url,
        events: input.events,
        active: input.active,
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.secret !== undefined ? { secret: input.secret } : {}),
      };
      const operation = subject.kind === 'workspace' ? OP.wsCreate : OP.repoCreate;
      return {
        plan: [{ operation, params, body: input.secret !== undefined ? { ...body, secret: '••••••••' } : body }],
        async send() {
          // the list of events is asked for only when the webhook is sent (a --dry-run stays offline)
          checkEvents(input.events, subject.kind, CLOUD_EVENTS, await knownEvents(ctx, subject));
          const api = await ctx.api();
          const hook = (subject.kind === 'workspace'
            ? must(await api.POST('/workspaces/{workspace}/hooks', { params: { path: { workspace: subject.workspace } }, body }))
            : must(
                await api.POST('/repositories/{workspace}/{repo_slug}/hooks', {
                  params: { path: { workspace: subject.repo.workspace, repo_slug: subject.repo.repo } },
                  body,
                }),
              )) as unknown as CloudWebhook;
          return cloudWebhook(hook);
        },
      };
    },
    async deleteWebhook(subject, id) {
      const uid = parseUid(id);
      const params = { ...cloudParams(subject), uid };
      return {
        id: uid,
        plan: [{ operation: subject.kind === 'workspace' ? OP.wsDelete : OP.repoDelete, params }],
        async send() {
          const api = await ctx.api();
          if (subject.kind === 'workspace')
            await api.DELETE('/workspaces/{workspace}/hooks/{uid}', { params: { path: { workspace: subject.workspace, uid } } });
          else
            await api.DELETE('/repositories/{workspace}/{repo_slug}/hooks/{uid}', {
              params: { path: { workspace: subject.repo.workspace, repo_slug: subject.repo.repo, uid } },
            });
        },
      };
    },
  };
}
