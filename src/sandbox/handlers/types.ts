import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { SandboxEvents } from '../events.js';
import type { BareRepo } from '../git.js';
import type { RepoSizes } from '../repo-size.js';
import type { RepositoryRecord, Store, TokenRecord, UserRecord } from '../state.js';
import type { SandboxSettings } from '../today.js';
import type { Urls } from '../wire.js';

/**
 * The handler interface (see src/sandbox/README.md). A handler serves one operation of the spec
 * (`METHOD /path/template`); credentials and scopes are checked before it runs.
 */

/** The running sandbox as handlers see it. */
export interface Sandbox {
  store: Store;
  urls: Urls;
  now(): Date;
  /** The bare repository of a record. */
  git(repo: RepositoryRecord): BareRepo;
  /** Events for webhook deliveries (events.ts): `sb.events.emit('repo:push', { repository, actor, data })`. */
  events: SandboxEvents;
  /** Today's Bitbucket or the legacy one, and the rate-limit budget (today.ts). */
  settings: SandboxSettings;
  /** Repository sizes from git, cached until the next write (repo-size.ts); `repoSizes(sb, repos)` in handlers/common.ts. */
  sizes: RepoSizes;
}

export interface HandlerContext {
  operation: string;
  method: string;
  /** Decoded path parameters by template name. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body, undefined when there is none. */
  body: unknown;
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
  /** The authenticated user. */
  user: UserRecord;
  /** The credential used (granted scopes: `grantedScopes(token)` in auth.ts), for rules the spec doesn't encode. */
  token?: TokenRecord;
  sb: Sandbox;
}

export interface Reply {
  status: number;
  /** JSON body (goes through `fields=`), or… */
  json?: unknown;
  /** …a raw body: text, or bytes sent exactly (a file's content). */
  text?: string | Buffer;
  /** …or a streamed body (large logs, files); the server pipes it with backpressure. */
  stream?: Readable;
  contentType?: string;
  headers?: Record<string, string>;
}

export type Handler = (c: HandlerContext) => Promise<Reply> | Reply;
/** Keyed by `METHOD /path/template` exactly as in OPERATIONS. */
export type HandlerMap = Record<string, Handler>;

/** Thrown by handlers; answered with Bitbucket's error envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail?: unknown,
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
  }
}

export const json = (body: unknown, status = 200): Reply => ({ status, json: body });
export const created = (body: unknown): Reply => ({ status: 201, json: body });
export const noContent = (): Reply => ({ status: 204 });
export const text = (body: string | Buffer, contentType = 'text/plain; charset=utf-8', status = 200): Reply => ({ status, text: body, contentType });
