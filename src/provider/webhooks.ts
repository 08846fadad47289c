/**
 * The webhook area of the provider boundary (src/provider/README.md): types only. Cloud webhooks belong to a
 * repository or a workspace and are named by UUID; Data Center webhooks belong to a repository (or a project) and
 * are named by number. Event keys differ between the products (Cloud `repo:push`, DC `repo:refs_changed`): each
 * host checks against its own set and nothing is translated.
 */
import { BbError } from '../core/errors.js';
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

/** What a host calls a webhook's parts, for `bb webhook list`'s columns. */
export interface WebhookTerms {
  /** The id column: Cloud `UUID`, DC `ID` (a number). */
  id: string;
  /** The description column: Cloud `Description`, DC `Name` (DC names every webhook). */
  description: string;
}

export interface WebhookMethods {
  readonly webhookTerms: WebhookTerms;
  /** `--workspace WS`: the workspace's webhooks (Cloud); NOT_ON_DC on Data Center, which has no workspaces. */
  workspaceWebhookSubject(workspace: string): WebhookSubject;
  listWebhooks(subject: WebhookSubject, opts: ListOptions): Promise<Webhook[]>;
  /** One webhook; `id` as the user typed it (INVALID_ARGUMENT unless the host's kind of id), API_NOT_FOUND naming it. */
  viewWebhook(subject: WebhookSubject, id: string): Promise<Webhook>;
  /**
   * What the host can check of `events` before anything is planned or sent (works offline, for --dry-run): Cloud the
   * key syntax (its list, GET /hook_events/{subject_type}, is checked when the webhook is sent); DC the syntax and its
   * documented set (no request).
   */
  checkWebhookEvents(subject: WebhookSubject, events: string[]): Promise<void>;
  createWebhook(subject: WebhookSubject, input: CreateWebhookInput): Promise<Write<Webhook>>;
  /** `id` as the user typed it; INVALID_ARGUMENT unless it is the host's kind of webhook id. */
  deleteWebhook(subject: WebhookSubject, id: string): Promise<Write<void> & { id: string }>;
}

/** A product's event keys, for checkEvents: their syntax, an example, and a hint for a key of the other product. */
export interface EventDialect {
  /** Before the subject in messages: `` (Cloud) or `Data Center `. */
  product: string;
  syntax: RegExp;
  /** Two keys, comma-separated. */
  example: string;
  /** A hint for a key that is not one of this product's (the closest key of this product), or undefined. */
  hintFor?: (event: string) => string | undefined;
}

/**
 * Syntax first (works offline, for --dry-run); then, when `known` is given, membership. A key of the other product
 * gets a hint to this product's closest one (never a silent translation).
 */
export function checkEvents(events: string[], subjectKind: WebhookSubject['kind'], dialect: EventDialect, known?: readonly string[]): void {
  const { example, product } = dialect;
  if (events.length === 0) throw new BbError('INVALID_ARGUMENT', 'a webhook needs at least one event', { hints: [`for example: --events ${example}`] });
  const bad = events.filter((e) => !dialect.syntax.test(e) || (known !== undefined && !known.includes(e)));
  if (bad.length > 0) {
    const hints = known ? [`${product}${subjectKind} events: ${[...known].sort().join(', ')}`] : [`events look like ${example.replace(',', ' or ')}`];
    if (dialect.hintFor) hints.unshift(...bad.flatMap((e) => dialect.hintFor?.(e) ?? []));
    throw new BbError('INVALID_ARGUMENT', `not ${product}${subjectKind} webhook event${bad.length > 1 ? 's' : ''}: ${bad.join(', ')}`, {
      hints,
    });
  }
}
