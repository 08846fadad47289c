/** Fixtures for the in-process tests of the pr, commit, status, branch and tag commands (not shipped: tests import it). */
import type { Git } from '../../git/git.js';

export const ENV = { BB_TOKEN: 'secret-token-123', BB_REPO: 'acme/web' };
export const API = '/repositories/acme/web';

export const ada = { nickname: 'ada', display_name: 'Ada Lovelace', uuid: '{00000000-0000-4000-8000-00000000000a}', account_id: '1:aaaa' };
export const bob = { nickname: 'bob', display_name: 'Bob Builder', uuid: '{00000000-0000-4000-8000-00000000000b}' };
export const cyd = { nickname: 'cyd', display_name: 'Cyd Charisse', uuid: '{00000000-0000-4000-8000-00000000000c}' };

export function pr(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 7,
    title: 'Add login',
    description: 'Adds the login page.',
    state: 'OPEN',
    draft: false,
    author: ada,
    source: { branch: { name: 'feature/login' }, commit: { hash: 'abc1234' }, repository: { full_name: 'acme/web' } },
    destination: { branch: { name: 'main', merge_strategies: ['merge_commit', 'squash', 'fast_forward'] }, repository: { full_name: 'acme/web' } },
    reviewers: [bob],
    participants: [{ user: bob, role: 'REVIEWER', approved: true, state: 'approved' }],
    comment_count: 2,
    task_count: 0,
    created_on: '2026-11-01T10:00:00Z',
    updated_on: '2026-11-27T10:00:00Z',
    links: { html: { href: 'https://bitbucket.org/acme/web/pull-requests/7' } },
    ...over,
  };
}

export function page(values: unknown[], next?: string): Record<string, unknown> {
  return { values, pagelen: values.length, ...(next ? { next } : {}) };
}

/**
 * A fake git: answers from `answers` (keyed by the argument list joined with spaces, or a prefix
 * ending in `*`), records every call, and fails on anything unexpected.
 */
export function fakeGit(answers: Record<string, string | Error>): Git & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    async run(args) {
      calls.push(args);
      const key = args.join(' ');
      const hit = key in answers ? answers[key] : Object.entries(answers).find(([k]) => k.endsWith('*') && key.startsWith(k.slice(0, -1)))?.[1];
      if (hit === undefined) throw new Error(`unexpected git ${key}`);
      if (hit instanceof Error) throw hit;
      return hit;
    },
  };
}

export const REMOTE = { 'remote -v': 'origin\thttps://bitbucket.org/acme/web.git (fetch)\norigin\thttps://bitbucket.org/acme/web.git (push)\n' };

export const FORBIDDEN = {
  type: 'error',
  error: {
    message: 'Your credentials lack one or more required privilege scopes.',
    detail: { required: ['write:pullrequest:bitbucket'], granted: ['read:pullrequest:bitbucket', 'read:repository:bitbucket'] },
  },
};
