/**
 * The webhook area of the provider boundary (src/provider/README.md): types only. Cloud webhooks belong to a
 * repository or a workspace and are named by UUID; Data Center webhooks belong to a repository (or a project) and
 * are named by number. Event keys differ between the products (Cloud `repo:push`, DC `repo:refs_changed`): each
 * host checks against its own set and nothing is translated.
 */
import type { ListOptions, RepoLocator, Write } from './types.js';

/** `bb webhook … --json` (WEBHOOK_JSON_FIELDS). Never the secret: only whether one is set. */
export interface Webhook {
  /** Cloud: the `{uuid}`; DC: the webhook's number. What `bb webhook delete` takes. */
  id: string;
  /** Cloud: the `{uuid}`; DC: null. */
  uuid: string | null;
  url: string | null;
  /** Cloud: the description; DC: the webhook's name. */
  description: string;
  events: string[];
  active: boolean;
  secretSet: boolean;
  subjectType: string | null;
  createdAt: string | null;
}

export type WebhookSubject = { kind: 'repository'; repo: RepoLocator } | { kind: 'workspace'; workspace: string };

export interface CreateWebhookInput {
  url: string;
  events: string[];
  active: boolean;
  description?: string;
  /** Sent, never printed: the plan (--dry-run) shows it masked. */
  secret?: string;
}

export interface WebhookMethods {
  listWebhooks(subject: WebhookSubject, opts: ListOptions): Promise<Webhook[]>;
  /** The event keys the host accepts for the subject (Cloud: GET /hook_events/{subject_type}; DC: its documented set, no request). */
  webhookEvents(subject: WebhookSubject): Promise<string[]>;
  createWebhook(subject: WebhookSubject, input: CreateWebhookInput): Promise<Write<Webhook>>;
  /** `id` as the user typed it; INVALID_ARGUMENT unless it is the host's kind of webhook id. */
  deleteWebhook(subject: WebhookSubject, id: string): Promise<Write<void> & { id: string }>;
}
