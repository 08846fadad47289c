import type { DcRefMatcher, DcReviewerCondition, DcUser } from '../model.js';
import { userJson } from '../wire.js';
import { DcApiError, type DcContext, type DcRoutes, projectOf, repoOf } from './context.js';

/**
 * Default reviewer conditions of a repository and of a project, and the reviewers they give a pull request: a
 * project's conditions apply to every repository in it, and a repository's list shows them (scope PROJECT) beside
 * its own. The same routes serve both levels, each with its scope (`Scope` below).
 */

const ANY: DcRefMatcher = { id: 'ANY_REF_MATCHER_ID', displayId: 'ANY_REF_MATCHER_ID', type: { id: 'ANY_REF', name: 'Any branch' } };

function bad(message: string): DcApiError {
  return new DcApiError(400, message, 'com.atlassian.bitbucket.validation.ArgumentValidationException');
}

function matcher(v: unknown, what: string): DcRefMatcher {
  const m = (v ?? {}) as { id?: unknown; displayId?: unknown; type?: { id?: unknown } };
  const type = m.type?.id;
  if (type === 'ANY_REF' || type === undefined) return ANY;
  if (type !== 'BRANCH' && type !== 'PATTERN') throw bad(`The ${what} matcher type ${String(type)} is not supported by the sandbox.`);
  const id = typeof m.id === 'string' && m.id ? m.id : typeof m.displayId === 'string' ? m.displayId : '';
  if (!id) throw bad(`The ${what} matcher needs an id.`);
  if (type === 'BRANCH') {
    const full = id.startsWith('refs/') ? id : `refs/heads/${id}`;
    return { id: full, displayId: full.replace(/^refs\/heads\//, ''), type: { id: 'BRANCH', name: 'Branch' } };
  }
  return { id, displayId: id, type: { id: 'PATTERN', name: 'Pattern' } };
}

/** Does the matcher take the ref (`refs/heads/x` or `x`)? Patterns: `*` any run of characters, on the branch name or the full ref. */
function matches(m: DcRefMatcher, ref: string): boolean {
  if (m.type.id === 'ANY_REF') return true;
  const full = ref.startsWith('refs/') ? ref : `refs/heads/${ref}`;
  if (m.type.id === 'BRANCH') return m.id === full;
  const re = new RegExp(`^${m.id.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return re.test(full) || re.test(full.replace(/^refs\/heads\//, ''));
}

function reviewersOf(c: DcContext): string[] {
  const list = c.body.reviewers;
  if (!Array.isArray(list)) return [];
  const users = Object.values(c.store.users);
  return (list as Array<{ id?: unknown; name?: unknown; slug?: unknown }>).map((r) => {
    const u = users.find((x) => (typeof r.id === 'number' && x.id === r.id) || (typeof r.slug === 'string' && x.slug === r.slug) || x.name === r.name);
    if (!u) throw new DcApiError(400, `Reviewer ${String(r.id ?? r.name ?? '?')} does not exist.`, 'com.atlassian.bitbucket.user.NoSuchUserException');
    return u.slug;
  });
}

function approvals(v: unknown, reviewers: string[]): number {
  const n = v === undefined ? 0 : Number(v);
  if (!Number.isInteger(n) || n < 0 || n > reviewers.length)
    throw bad(`requiredApprovals must be between 0 and the number of reviewers (${reviewers.length}).`);
  return n;
}

/** Where conditions live: a repository or a project, taken from the request's path. */
interface Scope {
  /** Does the condition belong here? */
  owns(x: DcReviewerCondition): boolean;
  /** The fields that put a new condition here. */
  owner(): Pick<DcReviewerCondition, 'repo' | 'project'>;
  /** The conditions a GET of this level lists: its own, and for a repository its project's too. */
  lists(x: DcReviewerCondition): boolean;
}

function repoScope(c: DcContext): Scope {
  const repo = repoOf(c);
  return {
    owns: (x) => x.repo === repo.id,
    owner: () => ({ repo: repo.id }),
    lists: (x) => x.repo === repo.id || (x.repo === undefined && x.project === repo.project),
  };
}

function projectScope(c: DcContext): Scope {
  const project = projectOf(c);
  const owns = (x: DcReviewerCondition) => x.repo === undefined && x.project === project.key;
  return { owns, owner: () => ({ project: project.key }), lists: owns };
}

function json(c: DcContext, x: DcReviewerCondition) {
  const matcherJson = (m: DcRefMatcher) => ({ ...m, active: true });
  const project = x.repo === undefined && x.project ? c.store.project(x.project) : undefined;
  return {
    id: x.id,
    scope: project ? { type: 'PROJECT', resourceId: project.id } : { type: 'REPOSITORY', resourceId: x.repo ?? 0 },
    sourceRefMatcher: matcherJson(x.source),
    targetRefMatcher: matcherJson(x.target),
    reviewers: x.reviewers.flatMap((s) => (c.store.users[s] ? [userJson(c.store.users[s] as DcUser, c.base)] : [])),
    requiredApprovals: x.requiredApprovals,
  };
}

function conditionOf(c: DcContext, scope: Scope): DcReviewerCondition {
  const x = c.store.reviewerConditions[Number(c.params.id)];
  if (!x || !scope.owns(x))
    throw new DcApiError(404, `No default reviewer condition with id ${c.params.id} exists.`, 'com.atlassian.bitbucket.NoSuchEntityException');
  return x;
}

/** GET conditions, POST condition, PUT and DELETE condition/{id} under `base`, for the scope `scopeOf` reads from the path. */
function conditionRoutes(base: string, scopeOf: (c: DcContext) => Scope): DcRoutes {
  return {
    // DC answers the conditions as a plain array
    [`GET ${base}/conditions`]: (c) => {
      const scope = scopeOf(c);
      const list = Object.values(c.store.reviewerConditions)
        .filter((x) => scope.lists(x))
        .sort((a, b) => a.id - b.id);
      return { status: 200, json: list.map((x) => json(c, x)) };
    },
    [`POST ${base}/condition`]: (c) => {
      const scope = scopeOf(c);
      const reviewers = reviewersOf(c);
      if (reviewers.length === 0) throw bad('A default reviewer condition needs at least one reviewer.');
      const x: DcReviewerCondition = {
        id: c.store.next('reviewer-condition'),
        ...scope.owner(),
        source: matcher(c.body.sourceMatcher, 'source'),
        target: matcher(c.body.targetMatcher, 'target'),
        reviewers: [...new Set(reviewers)],
        requiredApprovals: approvals(c.body.requiredApprovals, reviewers),
      };
      c.store.reviewerConditions[x.id] = x;
      return { status: 200, json: json(c, x) };
    },
    [`PUT ${base}/condition/{id}`]: (c) => {
      const x = conditionOf(c, scopeOf(c));
      if (c.body.sourceMatcher !== undefined) x.source = matcher(c.body.sourceMatcher, 'source');
      if (c.body.targetMatcher !== undefined) x.target = matcher(c.body.targetMatcher, 'target');
      if (c.body.reviewers !== undefined) {
        const reviewers = reviewersOf(c);
        if (reviewers.length === 0) throw bad('A default reviewer condition needs at least one reviewer.');
        x.reviewers = [...new Set(reviewers)];
      }
      x.requiredApprovals = approvals(c.body.requiredApprovals ?? x.requiredApprovals, x.reviewers);
      return { status: 200, json: json(c, x) };
    },
    [`DELETE ${base}/condition/{id}`]: (c) => {
      delete c.store.reviewerConditions[conditionOf(c, scopeOf(c)).id];
      return { status: 204 };
    },
  };
}

const DEFAULT_REVIEWERS = '/default-reviewers/latest/projects/{projectKey}/repos/{repositorySlug}';

export const DEFAULT_REVIEWER_ROUTES: DcRoutes = {
  ...conditionRoutes(DEFAULT_REVIEWERS, repoScope),
  ...conditionRoutes('/default-reviewers/latest/projects/{projectKey}', projectScope),
  // The users of every condition matching the refs (the target repository's conditions and its project's)
  [`GET ${DEFAULT_REVIEWERS}/reviewers`]: (c) => {
    const repo = repoOf(c);
    const source = c.query.get('sourceRefId');
    const target = c.query.get('targetRefId');
    const sourceRepo = c.query.get('sourceRepoId');
    const targetRepo = c.query.get('targetRepoId');
    if (!source || !target || !sourceRepo || !targetRepo) throw bad('sourceRefId, targetRefId, sourceRepoId and targetRepoId are required.');
    if (Number(targetRepo) !== repo.id) throw bad(`targetRepoId ${targetRepo} is not ${repo.project}/${repo.slug}.`);
    if (!c.store.repos[Number(sourceRepo)])
      throw new DcApiError(404, `Repository ${sourceRepo} does not exist.`, 'com.atlassian.bitbucket.repository.NoSuchRepositoryException');
    const slugs = new Set<string>();
    const scope = repoScope(c);
    for (const x of Object.values(c.store.reviewerConditions))
      if (scope.lists(x) && matches(x.source, source) && matches(x.target, target)) for (const s of x.reviewers) slugs.add(s);
    return { status: 200, json: [...slugs].flatMap((s) => (c.store.users[s] ? [userJson(c.store.users[s] as DcUser, c.base)] : [])) };
  },
};
