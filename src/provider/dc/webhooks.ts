import type { components } from '../../api/generated/dc-schema.js';
import { parseDcWebhookId } from '../../cmd/webhook/shared.js';
import type { Context } from '../../context.js';
import { BbError } from '../../errors.js';
import type { Webhook, WebhookMethods, WebhookSubject } from '../webhooks.js';
import { dcPaginate, dcSend } from './http.js';
import { iso, repoParams } from './shapes.js';

const R = '/api/latest/projects/{projectKey}/repos/{repositorySlug}';
export const DC_WEBHOOK_OPERATIONS = {
  list: `GET ${R}/webhooks`,
  create: `POST ${R}/webhooks`,
  delete: `DELETE ${R}/webhooks/{webhookId}`,
} as const;
const OP = DC_WEBHOOK_OPERATIONS;

/**
 * The repository webhook events of Bitbucket Data Center (Atlassian, "Event payload", DC 8.x–10.x). The spec types
 * `events` as strings without an enumeration, so bb checks against this list; Cloud keys are not translated.
 */
export const DC_WEBHOOK_EVENTS = [
  'repo:refs_changed',
  'repo:modified',
  'repo:forked',
  'repo:comment:added',
  'repo:comment:edited',
  'repo:comment:deleted',
  'repo:secret_detected',
  'mirror:repo_synchronized',
  'pr:opened',
  'pr:from_ref_updated',
  'pr:to_ref_updated',
  'pr:modified',
  'pr:reviewer:updated',
  'pr:reviewer:approved',
  'pr:reviewer:unapproved',
  'pr:reviewer:needs_work',
  'pr:merged',
  'pr:declined',
  'pr:deleted',
  'pr:comment:added',
  'pr:comment:edited',
  'pr:comment:deleted',
] as const;

/** DC sends `id`, `createdDate`, `updatedDate` and the signing secret in `configuration` (the spec's schema omits them). */
export type DcWebhook = components['schemas']['RestWebhook'] & {
  id?: number;
  createdDate?: number;
  updatedDate?: number;
  configuration?: { secret?: string };
};

export function dcWebhook(h: DcWebhook): Webhook {
  return {
    id: h.id === undefined ? '' : String(h.id),
    uuid: null,
    url: h.url ?? null,
    description: h.name ?? '',
    events: [...(h.events ?? [])].sort(),
    active: h.active !== false,
    secretSet: Boolean(h.configuration?.secret),
    subjectType: h.scopeType?.toLowerCase() ?? 'repository',
    createdAt: iso(h.createdDate),
  };
}

function repoOf(subject: WebhookSubject) {
  if (subject.kind !== 'repository')
    throw new BbError('NOT_ON_DC', 'Data Center has no workspaces: its webhooks belong to a repository', { hints: ['name the repository: -R PROJECT/REPO'] });
  return repoParams(subject.repo);
}

export function webhookMethods(ctx: Context): WebhookMethods {
  return {
    async listWebhooks(subject, opts) {
      return (await dcPaginate<DcWebhook>(ctx, OP.list, repoOf(subject), {}, opts)).map(dcWebhook);
    },
    async webhookEvents() {
      return [...DC_WEBHOOK_EVENTS];
    },
    async createWebhook(subject, input) {
      const params = repoOf(subject);
      // DC names every webhook: the description, else the URL.
      const body = {
        name: input.description ?? input.url,
        url: input.url,
        events: input.events,
        active: input.active,
        ...(input.secret !== undefined ? { configuration: { secret: input.secret } } : {}),
      };
      return {
        plan: [{ operation: OP.create, params, body: input.secret !== undefined ? { ...body, configuration: { secret: '••••••••' } } : body }],
        send: async () => dcWebhook(await dcSend<DcWebhook>(ctx, OP.create, params, { body })),
      };
    },
    async deleteWebhook(subject, id) {
      const webhookId = parseDcWebhookId(id);
      const params = { ...repoOf(subject), webhookId };
      return {
        id: webhookId,
        plan: [{ operation: OP.delete, params }],
        send: async () => {
          await dcSend(ctx, OP.delete, params);
        },
      };
    },
  };
}
