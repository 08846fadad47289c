import { templateOf } from './handlers/common.js';

/**
 * Bitbucket Cloud as it is today (issue 16, #9), where it differs from the spec the sandbox routes by:
 * - the issue tracker (issues, components, milestones, versions) and wikis were removed on 2026-08-20, and the
 *   cross-workspace listings (`GET /repositories`, `GET /workspaces`, `GET /user/permissions/*`) earlier in 2026
 *   (CHANGE-2770): they answer 410 Gone, unless the sandbox runs with `legacy` (old scripts' tests);
 * - app passwords are gone: Basic with a username (not the account email) answers 401;
 * - `/2.0/repositories/*` requests are rate limited per user over a rolling hour, with `X-RateLimit-*` headers.
 */

export interface SandboxSettings {
  /** Keep the APIs Bitbucket Cloud removed in 2026 (issue tracker, cross-workspace listings). */
  legacy: boolean;
  /** Requests to /2.0/repositories/* per user per rolling hour. */
  rateLimitPerHour: number;
}

/** Generous: no test or benchmark reaches it unless it asks for a smaller budget. */
export const DEFAULT_RATE_LIMIT = 1_000_000;

export function defaultSettings(): SandboxSettings {
  return { legacy: false, rateLimitPerHour: DEFAULT_RATE_LIMIT };
}

const ISSUE_TRACKER = /^\/repositories\/\{workspace\}\/\{repo_slug\}\/(issues|components|milestones|versions)(\/|$)/;
const CROSS_WORKSPACE = new Set(['GET /repositories', 'GET /workspaces', 'GET /user/permissions/workspaces', 'GET /user/permissions/repositories']);

/** Why an operation answers 410 Gone today (undefined: it does not). */
export function removedOperation(operation: string, settings: SandboxSettings): { message: string; detail: string } | undefined {
  if (settings.legacy) return undefined;
  if (ISSUE_TRACKER.test(templateOf(operation)))
    return {
      message: 'The issue tracker has been removed from Bitbucket Cloud.',
      detail: 'Issues, components, milestones and versions were removed on 2026-08-20 (the sandbox keeps them with the legacy setting).',
    };
  if (CROSS_WORKSPACE.has(operation))
    return {
      message: 'This API has been removed.',
      detail: 'Cross-workspace listings were removed in 2026 (CHANGE-2770): use GET /2.0/user/workspaces and the workspace-scoped APIs.',
    };
  return undefined;
}

export const MSG_APP_PASSWORD = 'App passwords are no longer supported. Use an API token (Basic with your Atlassian account email) or an access token.';

/** Basic credentials whose login is a username rather than an email: an app password, which Bitbucket no longer takes on its API. */
export function isAppPassword(header: string | undefined): boolean {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return false;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return false;
  return !decoded.slice(0, colon).includes('@');
}

/** A per-user rolling-hour budget, counted in one-minute buckets. */
export class RateLimiter {
  private readonly buckets = new Map<string, Map<number, number>>();

  /** Count a request; `remaining` < 0 means refused. */
  take(user: string, limit: number, now: number): { limit: number; remaining: number; nearLimit: boolean; retryAfter: number } {
    const minute = Math.floor(now / 60_000);
    let mine = this.buckets.get(user);
    if (!mine) {
      mine = new Map();
      this.buckets.set(user, mine);
    }
    let used = 0;
    let oldest = minute;
    for (const [m, n] of mine) {
      if (m <= minute - 60) mine.delete(m);
      else {
        used += n;
        oldest = Math.min(oldest, m);
      }
    }
    if (used >= limit) {
      const retryAfter = Math.max(1, Math.ceil(((oldest + 60) * 60_000 - now) / 1000));
      return { limit, remaining: -1, nearLimit: true, retryAfter };
    }
    mine.set(minute, (mine.get(minute) ?? 0) + 1);
    const remaining = limit - used - 1;
    return { limit, remaining, nearLimit: remaining < limit * 0.2, retryAfter: 0 };
  }
}
