import type { components } from '../../api/generated/dc-schema.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { checkEvents, type EventDialect, type Webhook, type WebhookMethods, type WebhookSubject } from '../webhooks.js';
import { dcPaginate, dcSend } from './http.js';
import type { HostInfo } from '../types.js';
import { iso, repoParams } from './shapes.js';

const R = '/api/latest/projects/{projectKey}/repos/{repositorySlug}';
export const DC_WEBHOOK_OPERATIONS = {
  list: `GET ${R}/webhooks`,
  create: `POST ${R}/webhooks`,
  view: `GET ${R}/webhooks/{webhookId}`,
  delete: `DELETE ${R}/webhooks/{webhookId}`,
} as const;
const OP = DC_WEBHOOK_OPERATIONS;

/**
 * The events a repository webhook of Bitbucket Data Center can subscribe to. The spec types `events` as strings
 * without an enumeration, so bb checks against this list; Cloud keys are not translated.
 *
 * Source: Atlassian, "Event payload" (confluence.atlassian.com/bitbucketserver/event-payload-938025882.html, the same
 * table in the 8.11–8.18 and 9.x pages, e.g. …/bitbucketserver0818/event-payload-1369443392.html and
 * …/display/BITBUCKETSERVER091/Event+payload). Its table of supported events, each row with its key below:
 *   Repository: Push (repo:refs_changed), Modified, Forked, Comment added / edited / deleted (commit comments),
 *     Mirror synchronized (mirror:repo_synchronized), Secret detected (the table's "Secret deleted: a secret is
 *     pushed to the repository"; key repo:secret_detected).
 *   Pull request: Opened, Source branch updated (pr:from_ref_updated), Target branch updated (pr:to_ref_updated),
 *     Modified, Reviewers updated (pr:reviewer:updated), Approved, Unapproved, Changes requested (the "Needs work"
 *     section of the 7.x page, key pr:reviewer:needs_work; the 8.x UI renamed the label, not the key), Merged,
 *     Declined, Deleted, Comment added / edited / deleted.
 * Left out: "Project modified" (project:modified), which that page lists for project webhooks only ("You can create
 * project-level webhooks for the following events and all the events that occur in a repository").
 * Checked: the rows and the keys repo:refs_changed, mirror:repo_synchronized, repo:secret_detected and
 * pr:reviewer:needs_work; the other keys follow the page's naming (pr:to_ref_updated for "Target branch updated"
 * is the one not seen verbatim: a third-party client reports an instance refusing it; bb keeps it, as the table
 * lists the event, and a refusing server answers with its own 400). Not checked against a running instance.
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

/** Data Center event keys have two or three parts (`repo:refs_changed`, `pr:reviewer:approved`); a Cloud key gets a hint. */
export const DC_EVENTS: EventDialect = {
  product: 'Data Center ',
  syntax: /^[a-z_]+(:[a-z_]+){1,2}$/,
  example: 'repo:refs_changed,pr:opened',
  hintFor: (e) => (CLOUD_TO_DC[e] ? `${e} is a Bitbucket Cloud event; on Data Center: ${CLOUD_TO_DC[e]}` : undefined),
};

/** A Data Center webhook id (a positive number). */
export function parseDcWebhookId(text: unknown): string {
  const t = typeof text === 'string' ? text.trim() : '';
  if (!/^[1-9]\d{0,17}$/.test(t))
    throw new BbError('INVALID_ARGUMENT', `"${t}" is not a webhook id: expected its number`, { hints: ['list them with `bb webhook list`'] });
  return t;
}

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

export function webhookMethods(ctx: Context, host: HostInfo): WebhookMethods {
  return {
    webhookTerms: { id: 'ID', description: 'Name' },
    workspaceWebhookSubject() {
      throw new BbError('NOT_ON_DC', `Data Center (${host.key}) has no workspaces: its webhooks belong to a repository`, {
        hints: ['drop --workspace and name the repository: -R PROJECT/REPO'],
      });
    },
    async listWebhooks(subject, opts) {
      return (await dcPaginate<DcWebhook>(ctx, OP.list, repoOf(subject), {}, opts)).map(dcWebhook);
    },
    async viewWebhook(subject, id) {
      const params = { ...repoOf(subject), webhookId: parseDcWebhookId(id) };
      return dcWebhook(await dcSend<DcWebhook>(ctx, OP.view, params));
    },
    async checkWebhookEvents(subject, events) {
      checkEvents(events, subject.kind, DC_EVENTS, DC_WEBHOOK_EVENTS);
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
