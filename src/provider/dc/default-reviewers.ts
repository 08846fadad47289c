import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import type { ListOptions, Reviewer, Write } from '../types.js';
import { dcSend } from './http.js';
import { type DcCondition, type DcUser, selfHref } from './shapes.js';

/**
 * Data Center's default reviewers are reviewer conditions (source and target branches, reviewers, required approvals),
 * set on a repository or on a project (which applies them to every repository in it). `conditionReviewers(ctx, scope)`
 * lists the users of one level's conditions and adds or removes a user there; the repository and project methods
 * differ only in their `ConditionScope`.
 */
export interface ConditionScope {
  /** The level's four operations (keys of src/scopes/generated/dc-operations.ts). */
  ops: { list: string; create: string; update: string; delete: string };
  /** Path parameters of the level (`projectKey`, and `repositorySlug` for a repository). */
  params: Record<string, string>;
  /** The conditions this level owns (a repository's list also shows its project's, which only the project changes). */
  type: 'REPOSITORY' | 'PROJECT';
  /** What errors call the level: `ACME/web`, `project ACME`. */
  label: string;
}

const USER_OP = 'GET /api/latest/users/{userSlug}';
const ANY = { id: 'ANY_REF_MATCHER_ID', displayId: 'ANY_REF_MATCHER_ID', type: { id: 'ANY_REF' as const, name: 'Any branch' } };

export function dcReviewer(u: DcUser, conditions: string[]): Reviewer {
  return {
    displayName: u.displayName ?? u.name ?? null,
    nickname: u.slug ?? u.name ?? null,
    uuid: null,
    accountId: u.id === undefined ? null : String(u.id),
    type: u.type ?? 'NORMAL',
    url: selfHref(u.links),
    conditions,
  };
}

function matcherText(m: DcCondition['sourceRefMatcher']): string {
  if (!m || m.type?.id === 'ANY_REF') return 'any branch';
  return m.displayId ?? m.id ?? '?';
}

const isUser = (r: DcUser, user: string) => r.slug === user || r.name === user;

export function conditionReviewers(ctx: Context, scope: ConditionScope) {
  const all = () => dcSend<DcCondition[]>(ctx, scope.ops.list, scope.params).then((c) => (Array.isArray(c) ? c : []));
  // what this level may change: a condition without a scope is the level's own
  const ownOf = (c: DcCondition) => c.id !== undefined && (c.scope?.type ?? scope.type) === scope.type;
  const own = async () => (await all()).filter(ownOf);
  return {
    async list(opts: ListOptions): Promise<Reviewer[]> {
      const byUser = new Map<string, { user: DcUser; conditions: string[] }>();
      for (const c of await all()) {
        const inherited = c.scope?.type && c.scope.type !== scope.type ? `, from the ${c.scope.type.toLowerCase()}` : '';
        const text = `${matcherText(c.sourceRefMatcher)} → ${matcherText(c.targetRefMatcher)} (${c.requiredApprovals ?? 0} required${inherited})`;
        for (const u of c.reviewers ?? []) {
          const k = u.slug ?? u.name ?? String(u.id);
          const entry = byUser.get(k) ?? { user: u, conditions: [] };
          entry.conditions.push(text);
          byUser.set(k, entry);
        }
      }
      const reviewers = [...byUser.values()].map((e) => dcReviewer(e.user, e.conditions));
      return opts.all ? reviewers : reviewers.slice(0, opts.limit ?? 30);
    },
    /** Adds the user to the level's "any branch → any branch" condition, creating it when there is none. */
    async add(user: string): Promise<Write<Reviewer | undefined>> {
      const u = await dcSend<DcUser>(ctx, USER_OP, { userSlug: user });
      const any = (await own()).find((c) => c.sourceRefMatcher?.type?.id === 'ANY_REF' && c.targetRefMatcher?.type?.id === 'ANY_REF');
      const reviewers = [...(any?.reviewers ?? []).filter((r) => r.id !== u.id), u].map((r) => ({ id: r.id }));
      const body = { sourceMatcher: ANY, targetMatcher: ANY, reviewers, requiredApprovals: any?.requiredApprovals ?? 0 };
      const op = any ? scope.ops.update : scope.ops.create;
      const p = any ? { ...scope.params, id: any.id as number } : scope.params;
      return {
        plan: [{ operation: op, params: p, body }],
        send: async () => {
          await dcSend(ctx, op, p, { body });
          return dcReviewer(u, []);
        },
      };
    },
    /** Takes the user out of every condition of the level; a condition left without reviewers is deleted. */
    async remove(user: string): Promise<Write<void>> {
      const conditions = await all();
      const holds = (c: DcCondition) => (c.reviewers ?? []).some((r) => isUser(r, user));
      const holding = conditions.filter((c) => ownOf(c) && holds(c));
      if (holding.length === 0) {
        const elsewhere = conditions.find((c) => c.scope?.type && c.scope.type !== scope.type && holds(c));
        throw new BbError('API_NOT_FOUND', `${user} is not a default reviewer of ${scope.label}`, {
          hints: elsewhere?.scope
            ? [
                `they are one of the ${elsewhere.scope.type.toLowerCase()}'s: bb ${elsewhere.scope.type === 'PROJECT' ? 'project' : 'repo'} default-reviewers remove`,
              ]
            : [],
        });
      }
      const plan = holding.map((c) => {
        const rest = (c.reviewers ?? []).filter((r) => !isUser(r, user));
        const p = { ...scope.params, id: c.id as number };
        if (rest.length === 0) return { operation: scope.ops.delete, params: p };
        return {
          operation: scope.ops.update,
          params: p,
          body: {
            sourceMatcher: c.sourceRefMatcher,
            targetMatcher: c.targetRefMatcher,
            reviewers: rest.map((r) => ({ id: r.id })),
            requiredApprovals: c.requiredApprovals ?? 0,
          },
        };
      });
      return {
        plan,
        send: async () => {
          for (const r of plan) await dcSend(ctx, r.operation, r.params, { body: 'body' in r ? r.body : undefined });
        },
      };
    },
  };
}
