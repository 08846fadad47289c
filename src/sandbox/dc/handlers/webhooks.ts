import { SANDBOX_DC_WEBHOOK_EVENTS } from '../webhook-events.js';
import type { DcWebhook } from '../model.js';
import { DcApiError, type DcContext, type DcRoutes, page, R, repoOf } from './context.js';

/**
 * Repository webhooks (`…/repos/{repositorySlug}/webhooks`), kept in the store (`store.webhooks`), so they are saved with it.
 */

/** As DC answers: the configuration (with the secret) is part of the webhook. */
function json(h: DcWebhook) {
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

function hookOf(c: DcContext): DcWebhook {
  const repo = repoOf(c);
  const h = c.store.webhooks[Number(c.params.webhookId)];
  if (!h || h.repo !== repo.id) throw new DcApiError(404, `No webhook with id ${c.params.webhookId} exists.`, 'com.atlassian.webhooks.NoSuchWebhookException');
  return h;
}

const KNOWN = new Set<string>(SANDBOX_DC_WEBHOOK_EVENTS);

export const WEBHOOK_ROUTES: DcRoutes = {
  [`GET ${R}/webhooks`]: (c) => {
    const repo = repoOf(c);
    const event = c.query.get('event');
    const list = Object.values(c.store.webhooks)
      .filter((h) => h.repo === repo.id && (!event || h.events.includes(event)))
      .sort((a, b) => a.id - b.id);
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
    const h: DcWebhook = {
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
    c.store.webhooks[h.id] = h;
    return { status: 200, json: json(h) }; // the spec: 200 "A created webhook." (not 201)
  },
  [`GET ${R}/webhooks/{webhookId}`]: (c) => ({ status: 200, json: json(hookOf(c)) }),
  [`DELETE ${R}/webhooks/{webhookId}`]: (c) => {
    const h = hookOf(c);
    delete c.store.webhooks[h.id];
    return { status: 204 };
  },
};
