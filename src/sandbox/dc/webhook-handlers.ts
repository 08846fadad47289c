import { DC_WEBHOOK_EVENTS } from '../../provider/dc/webhooks.js';
import { type DcContext, DcApiError, type DcHandler, page, repoOf } from './handlers.js';
import type { DcStore } from './model.js';

/**
 * Repository webhooks of the Data Center sandbox (`…/repos/{repositorySlug}/webhooks`). REPO_ADMIN is checked by the
 * server before a handler runs. Kept beside the store (one list per sandbox), in memory like the rest of the model.
 */
interface DcWebhookRecord {
  id: number;
  repo: number;
  name: string;
  url: string;
  events: string[];
  active: boolean;
  configuration: Record<string, string>;
  createdDate: number;
  updatedDate: number;
}

const hooks = new WeakMap<DcStore, Map<number, DcWebhookRecord>>();

function of(store: DcStore): Map<number, DcWebhookRecord> {
  let m = hooks.get(store);
  if (!m) {
    m = new Map();
    hooks.set(store, m);
  }
  return m;
}

/** As DC answers: the configuration (with the secret) is part of the webhook. */
function json(h: DcWebhookRecord) {
  return {
    id: h.id,
    name: h.name,
    createdDate: h.createdDate,
    updatedDate: h.updatedDate,
    events: h.events,
    configuration: h.configuration,
    url: h.url,
    active: h.active,
    scopeType: 'repository',
    sslVerificationRequired: true,
  };
}

function bad(message: string): DcApiError {
  return new DcApiError(400, message, 'com.atlassian.webhooks.WebhooksValidationException');
}

function hookOf(c: DcContext): DcWebhookRecord {
  const repo = repoOf(c);
  const h = of(c.store).get(Number(c.params.webhookId));
  if (!h || h.repo !== repo.id) throw new DcApiError(404, `No webhook with id ${c.params.webhookId} exists.`, 'com.atlassian.webhooks.NoSuchWebhookException');
  return h;
}

const R = '/api/latest/projects/{projectKey}/repos/{repositorySlug}';
const KNOWN = new Set<string>(DC_WEBHOOK_EVENTS);

export const DC_WEBHOOK_HANDLERS: Record<string, DcHandler> = {
  [`GET ${R}/webhooks`]: (c) => {
    const repo = repoOf(c);
    const event = c.query.get('event');
    const list = [...of(c.store).values()].filter((h) => h.repo === repo.id && (!event || h.events.includes(event))).sort((a, b) => a.id - b.id);
    return { status: 200, json: page(c, list.map(json)) };
  },
  [`POST ${R}/webhooks`]: (c) => {
    const repo = repoOf(c);
    const { name, url, events, active, configuration } = c.body as Record<string, unknown>;
    if (typeof name !== 'string' || !name) throw bad('A webhook needs a name.');
    if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url)) throw bad('A webhook needs a valid http(s) URL.');
    if (!Array.isArray(events) || events.length === 0) throw bad('A webhook needs at least one event.');
    const unknown = events.filter((e) => typeof e !== 'string' || !KNOWN.has(e));
    if (unknown.length) throw bad(`Unknown webhook event(s): ${unknown.map(String).join(', ')}`);
    const config: Record<string, string> = {};
    if (configuration && typeof configuration === 'object')
      for (const [k, v] of Object.entries(configuration as Record<string, unknown>)) if (typeof v === 'string') config[k] = v;
    const now = c.now();
    const h: DcWebhookRecord = {
      id: c.store.next('webhook'),
      repo: repo.id,
      name,
      url,
      events: [...new Set(events as string[])],
      active: active !== false,
      configuration: config,
      createdDate: now,
      updatedDate: now,
    };
    of(c.store).set(h.id, h);
    return { status: 201, json: json(h) };
  },
  [`GET ${R}/webhooks/{webhookId}`]: (c) => ({ status: 200, json: json(hookOf(c)) }),
  [`DELETE ${R}/webhooks/{webhookId}`]: (c) => {
    const h = hookOf(c);
    of(c.store).delete(h.id);
    return { status: 204 };
  },
};
