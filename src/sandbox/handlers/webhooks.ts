import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { grantedScopes, MSG_SCOPES } from '../auth.js';
import type { SandboxEvent } from '../events.js';
import { OPERATIONS } from '../../scopes/generated/operations.js';
import { newUuid, type RepositoryRecord, type WebhookDeliveryRecord, type WebhookRecord } from '../state.js';
import { accountRef, repositoryRef, workspaceRef } from '../wire.js';
import { bodyObject, bool, page, repoOf, str, workspaceOf } from './common.js';
import { ApiError, created, type HandlerContext, type HandlerMap, json, noContent, type Sandbox } from './types.js';

/**
 * Repository and workspace webhooks, and their deliveries. Events come from `sb.events` (events.ts):
 * each is recorded in `webhookDeliveries` (see GET /_sandbox/state) and POSTed to the hook's URL —
 * only when that URL is a loopback address (127.0.0.0/8, ::1, localhost); other URLs are recorded
 * as `skipped`. Deliveries carry `X-Event-Key`, `X-Hook-UUID`, `X-Request-UUID`, `X-Attempt-Number`
 * and, with a secret, `X-Hub-Signature: sha256=<HMAC-SHA256 of the body>`.
 *
 * Scopes: the spec's, checked by the router for every operation; plus one rule the spec doesn't encode,
 * for legacy-scoped credentials only (checkEventScopes).
 */

export const HOOK_EVENTS: Array<{ event: string; category: string; label: string; subjects: Array<'repository' | 'workspace'> }> = [
  ...['push', 'fork', 'updated', 'commit_comment_created', 'commit_status_created', 'commit_status_updated', 'created', 'deleted', 'imported', 'transfer'].map(
    (e) => ({
      event: `repo:${e}`,
      category: 'Repository',
      label: e.replace(/_/g, ' '),
      subjects: ['repository', 'workspace'] as Array<'repository' | 'workspace'>,
    }),
  ),
  ...[
    'created',
    'updated',
    'push',
    'approved',
    'unapproved',
    'fulfilled',
    'rejected',
    'comment_created',
    'comment_updated',
    'comment_deleted',
    'comment_resolved',
    'comment_reopened',
    'changes_request_created',
    'changes_request_removed',
  ].map((e) => ({
    event: `pullrequest:${e}`,
    category: 'Pull Request',
    label: e.replace(/_/g, ' '),
    subjects: ['repository', 'workspace'] as Array<'repository' | 'workspace'>,
  })),
  ...['created', 'updated', 'comment_created'].map((e) => ({
    event: `issue:${e}`,
    category: 'Issue',
    label: e.replace(/_/g, ' '),
    subjects: ['repository', 'workspace'] as Array<'repository' | 'workspace'>,
  })),
  { event: 'pipeline:span_created', category: 'Pipeline', label: 'span created', subjects: ['repository', 'workspace'] },
  { event: 'project:updated', category: 'Project', label: 'updated', subjects: ['workspace'] },
];
const KNOWN_EVENTS = new Set(HOOK_EVENTS.map((e) => e.event));
const MAX_DELIVERIES = 500;
const DELIVERY_TIMEOUT_MS = 10_000;

function hookJson(sb: Sandbox, h: WebhookRecord): Record<string, unknown> {
  let subject: Record<string, unknown> | undefined;
  let self: string;
  if (h.subject_type === 'repository') {
    const repo = sb.store.data.repositories[h.subject];
    subject = repo ? repositoryRef(sb.urls, repo) : undefined;
    self = repo ? `/repositories/${repo.workspace}/${repo.slug}/hooks/${encodeURIComponent(h.uuid)}` : '';
  } else {
    const ws = sb.store.workspace(h.subject);
    subject = ws ? workspaceRef(sb.urls, ws) : undefined;
    self = `/workspaces/${h.subject}/hooks/${encodeURIComponent(h.uuid)}`;
  }
  return {
    type: 'webhook_subscription',
    uuid: h.uuid,
    url: h.url,
    description: h.description,
    subject_type: h.subject_type,
    subject,
    active: h.active,
    created_at: h.created_at,
    events: [...h.events].sort(),
    secret_set: h.secret !== undefined && h.secret !== '',
    skip_cert_verification: false,
    links: { self: { href: sb.urls.api(self) } },
  };
}

/** A new or updated hook's fields from the body (all required on create). */
function readHook(c: HandlerContext, existing?: WebhookRecord): Pick<WebhookRecord, 'url' | 'description' | 'events' | 'active' | 'secret'> {
  const body = bodyObject(c);
  const fields: Record<string, string[]> = {};
  const url = str(body.url) ?? existing?.url;
  if (!url) fields.url = ['This field is required.'];
  else {
    try {
      const u = new URL(url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    } catch {
      fields.url = ['Enter a valid URL.'];
    }
  }
  let events = existing?.events;
  if (body.events !== undefined) {
    if (!Array.isArray(body.events) || !body.events.every((e) => typeof e === 'string')) fields.events = ['events must be a list of event keys'];
    else events = [...new Set(body.events as string[])];
  }
  if (!events || events.length === 0) fields.events = fields.events ?? ['This field is required.'];
  else {
    const unknown = events.filter((e) => !KNOWN_EVENTS.has(e));
    if (unknown.length > 0) fields.events = unknown.map((e) => `"${e}" is not a valid event.`);
  }
  if (Object.keys(fields).length > 0) throw new ApiError(400, 'Bad request', undefined, fields);
  const secret = body.secret === null ? undefined : (str(body.secret) ?? existing?.secret);
  return {
    url: url as string,
    description: str(body.description) ?? existing?.description ?? '',
    events: events as string[],
    active: bool(body.active) ?? existing?.active ?? true,
    ...(secret !== undefined && secret !== '' ? { secret } : {}),
  };
}

/**
 * A legacy-scoped credential (access token, OAuth consumer) subscribing to issue events needs the issue scope
 * too: 403 in Bitbucket's envelope.
 * Source: Atlassian, "Scopes for the Bitbucket Cloud REST API" (developer.atlassian.com/cloud/bitbucket/
 * bitbucket-cloud-rest-api-scopes), the `webhook` scope: "to create a webhook for issue:created, the client will
 * need to have both the webhook as well as issue scope" (the same text in the older OAuth scope reference).
 * Granular scopes (API tokens) get no extra rule: that page is about the legacy scopes, and the spec's POST …/hooks
 * asks read:webhook and write:webhook alone, which the router already checks.
 */
function checkEventScopes(c: HandlerContext, events: string[]): void {
  const token = c.token;
  if (token?.kind !== 'legacy') return;
  if (!events.some((e) => e.startsWith('issue:'))) return;
  const granted = grantedScopes(token);
  if (granted.includes('issue')) return;
  // the operation's own legacy scopes (from the spec, as the router reads them) and the page's issue scope
  const required = [...new Set([...(OPERATIONS[c.operation]?.legacy ?? []), 'issue'])].sort();
  throw new ApiError(403, MSG_SCOPES, { required, granted });
}

function repoHook(c: HandlerContext): { repo: RepositoryRecord; hook: WebhookRecord } {
  const repo = repoOf(c);
  const hook = findHook(c, 'repository', repo.uuid);
  return { repo, hook };
}

function findHook(c: HandlerContext, type: WebhookRecord['subject_type'], subject: string): WebhookRecord {
  const uid = c.params.uid ?? '';
  const braced = uid.startsWith('{') ? uid : `{${uid}}`;
  const hook = c.sb.store.data.webhooks[braced];
  if (!hook || hook.subject_type !== type || hook.subject !== subject) throw new ApiError(404, `Webhook ${uid} not found`);
  return hook;
}

function hooksOf(c: HandlerContext, type: WebhookRecord['subject_type'], subject: string) {
  return Object.values(c.sb.store.data.webhooks)
    .filter((h) => h.subject_type === type && h.subject === subject)
    .sort((a, b) => a.created_at.localeCompare(b.created_at))
    .map((h) => hookJson(c.sb, h));
}

function createHook(c: HandlerContext, type: WebhookRecord['subject_type'], subject: string) {
  const fields = readHook(c);
  checkEventScopes(c, fields.events);
  const hook: WebhookRecord = { uuid: newUuid(), subject_type: type, subject, created_at: c.sb.now().toISOString(), ...fields };
  c.sb.store.data.webhooks[hook.uuid] = hook;
  const out = hookJson(c.sb, hook);
  return { ...created(out), headers: { Location: (out.links as { self: { href: string } }).self.href } };
}

function updateHook(c: HandlerContext, hook: WebhookRecord) {
  const fields = readHook(c, hook);
  checkEventScopes(c, fields.events);
  hook.url = fields.url;
  hook.description = fields.description;
  hook.events = fields.events;
  hook.active = fields.active;
  if (fields.secret === undefined) delete hook.secret;
  else hook.secret = fields.secret;
  return json(hookJson(c.sb, hook));
}

export const handlers: HandlerMap = {
  'GET /hook_events': (c) => {
    const link = (t: string) => ({ href: c.sb.urls.api(`/hook_events/${t}`) });
    return json({ repository: { links: { events: link('repository') } }, workspace: { links: { events: link('workspace') } } });
  },

  'GET /hook_events/{subject_type}': (c) => {
    const type = c.params.subject_type;
    if (type !== 'repository' && type !== 'workspace') throw new ApiError(404, `Unknown subject type ${type}`);
    // the schema (hook_event) allows no other property: no `type`
    const items = HOOK_EVENTS.filter((e) => e.subjects.includes(type)).map((e) => ({
      event: e.event,
      category: e.category,
      label: e.label.charAt(0).toUpperCase() + e.label.slice(1),
      description: `${e.category}: ${e.label}`,
    }));
    return json(page(c, items, { defaultPagelen: 100 }));
  },

  'GET /repositories/{workspace}/{repo_slug}/hooks': (c) => {
    const repo = repoOf(c);
    return json(page(c, hooksOf(c, 'repository', repo.uuid)));
  },
  'POST /repositories/{workspace}/{repo_slug}/hooks': (c) => createHook(c, 'repository', repoOf(c).uuid),
  'GET /repositories/{workspace}/{repo_slug}/hooks/{uid}': (c) => json(hookJson(c.sb, repoHook(c).hook)),
  'PUT /repositories/{workspace}/{repo_slug}/hooks/{uid}': (c) => updateHook(c, repoHook(c).hook),
  'DELETE /repositories/{workspace}/{repo_slug}/hooks/{uid}': (c) => {
    delete c.sb.store.data.webhooks[repoHook(c).hook.uuid];
    return noContent();
  },

  'GET /workspaces/{workspace}/hooks': (c) => json(page(c, hooksOf(c, 'workspace', workspaceOf(c).slug))),
  'POST /workspaces/{workspace}/hooks': (c) => createHook(c, 'workspace', workspaceOf(c).slug),
  'GET /workspaces/{workspace}/hooks/{uid}': (c) => json(hookJson(c.sb, findHook(c, 'workspace', workspaceOf(c).slug))),
  'PUT /workspaces/{workspace}/hooks/{uid}': (c) => updateHook(c, findHook(c, 'workspace', workspaceOf(c).slug)),
  'DELETE /workspaces/{workspace}/hooks/{uid}': (c) => {
    delete c.sb.store.data.webhooks[findHook(c, 'workspace', workspaceOf(c).slug).uuid];
    return noContent();
  },
};

// ---------------- deliveries ----------------

/** 127.0.0.0/8, ::1 and localhost only: the sandbox never sends requests off this machine. */
export function loopbackAddress(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return '127.0.0.1';
  if (host === '::1') return '::1';
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) && host.split('.').every((n) => Number(n) <= 255)) return host;
  return undefined;
}

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

const started = new WeakSet<Sandbox>();

/** Subscribe the sandbox's webhooks to its events (once; the server calls this). */
export function startWebhookDeliveries(sb: Sandbox): void {
  if (started.has(sb) || !sb.events) return;
  started.add(sb);
  sb.events.on((key, event) => deliver(sb, key, event));
}

function deliver(sb: Sandbox, key: string, event: SandboxEvent): void {
  const workspace = event.workspace ?? event.repository?.workspace;
  const hooks = Object.values(sb.store.data.webhooks).filter(
    (h) =>
      h.active &&
      h.events.includes(key) &&
      ((h.subject_type === 'repository' && event.repository && h.subject === event.repository.uuid) ||
        (h.subject_type === 'workspace' && h.subject === workspace)),
  );
  if (hooks.length === 0) return;
  const ws = workspace ? sb.store.workspace(workspace) : undefined;
  const payload = {
    actor: accountRef(sb.urls, event.actor),
    ...(event.repository ? { repository: { ...repositoryRef(sb.urls, event.repository), workspace: ws ? workspaceRef(sb.urls, ws) : undefined } } : {}),
    ...event.data,
  };
  const body = JSON.stringify(payload);
  for (const hook of hooks) {
    const record: WebhookDeliveryRecord = {
      uuid: newUuid(),
      hook: hook.uuid,
      event: key,
      url: hook.url,
      created_on: sb.now().toISOString(),
      outcome: 'pending',
    };
    const deliveries = sb.store.data.webhookDeliveries;
    deliveries[record.uuid] = record;
    const ids = Object.keys(deliveries);
    for (const id of ids.slice(0, Math.max(0, ids.length - MAX_DELIVERIES))) delete deliveries[id];
    void post(hook, key, record, body).then(() => sb.store.save().catch(() => {}));
  }
}

function post(hook: WebhookRecord, key: string, record: WebhookDeliveryRecord, body: string): Promise<void> {
  let url: URL;
  try {
    url = new URL(hook.url);
  } catch {
    record.outcome = 'skipped';
    record.error = 'invalid URL';
    return Promise.resolve();
  }
  const address = loopbackAddress(url);
  if (!address) {
    record.outcome = 'skipped';
    record.error = 'not a loopback address: the sandbox delivers to 127.0.0.0/8, ::1 and localhost only';
    return Promise.resolve();
  }
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
    'User-Agent': 'Bitbucket-Webhooks/2.0',
    Host: url.host,
    'X-Event-Key': key,
    'X-Hook-UUID': hook.uuid.replace(/[{}]/g, ''),
    'X-Request-UUID': record.uuid.replace(/[{}]/g, ''),
    'X-Attempt-Number': '1',
  };
  if (hook.secret) headers['X-Hub-Signature'] = signBody(hook.secret, body);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    // Connect to the literal loopback address (never a DNS answer), follow no redirects.
    const req = send(
      {
        host: address,
        port: url.port || (url.protocol === 'https:' ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers,
        timeout: DELIVERY_TIMEOUT_MS,
        servername: url.protocol === 'https:' ? url.hostname : undefined,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          record.outcome = 'delivered';
          record.status = res.statusCode;
          resolve();
        });
        res.on('error', () => resolve());
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e) => {
      record.outcome = 'failed';
      record.error = e.message;
      resolve();
    });
    req.end(body);
  });
}
