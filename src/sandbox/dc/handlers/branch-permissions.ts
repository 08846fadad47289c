import type { RefRule } from '../../git-http.js';
import type { DcRefRestriction, DcRepo, DcStore, DcUser } from '../model.js';
import { userJson } from '../wire.js';
import { DcApiError, type DcContext, type DcRoutes, page, repoOf } from './context.js';

/**
 * Branch permissions of a repository (/branch-permissions/latest/…/restrictions): the five restriction types, the
 * matchers (BRANCH, PATTERN, MODEL_CATEGORY, MODEL_BRANCH, ANY_REF), exempt users (userSlugs) and groups (groupNames).
 * The request's `accessKeyIds`, `groupNames` and `userSlugs` are required, as the spec's RestRestrictionRequest says.
 * The /scm git endpoint enforces them (dcRefRules).
 */

const TYPES = ['read-only', 'no-deletes', 'fast-forward-only', 'pull-request-only', 'no-creates'] as const;
const MATCHER_NAMES = {
  ANY_REF: 'Any ref',
  BRANCH: 'Branch',
  PATTERN: 'Pattern',
  MODEL_CATEGORY: 'Branching model category',
  MODEL_BRANCH: 'Branching model branch',
};
/** Data Center's default branching model: the categories' prefixes; development is the default branch, no production. */
const CATEGORY_PREFIXES: Record<string, string> = { FEATURE: 'feature/', BUGFIX: 'bugfix/', HOTFIX: 'hotfix/', RELEASE: 'release/' };

function bad(message: string): DcApiError {
  return new DcApiError(400, message, 'com.atlassian.bitbucket.validation.ArgumentValidationException');
}

function stringList(v: unknown, field: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw bad(`${field} is required and must be a list of strings.`);
  return v as string[];
}

function matcherOf(v: unknown): DcRefRestriction['matcher'] {
  const m = (v ?? {}) as { id?: unknown; displayId?: unknown; type?: { id?: unknown } };
  const type = m.type?.id;
  if (typeof type !== 'string' || !(type in MATCHER_NAMES)) throw bad(`matcher.type.id must be one of ${Object.keys(MATCHER_NAMES).join(', ')}.`);
  const t = type as keyof typeof MATCHER_NAMES;
  if (t === 'ANY_REF') return { id: 'ANY_REF_MATCHER_ID', displayId: 'ANY_REF_MATCHER_ID', type: { id: t, name: MATCHER_NAMES[t] } };
  const id = typeof m.id === 'string' ? m.id.trim() : '';
  if (!id) throw bad('matcher.id is required.');
  if (t === 'BRANCH') {
    const full = id.startsWith('refs/') ? id : `refs/heads/${id}`;
    return { id: full, displayId: full.replace(/^refs\/heads\//, ''), type: { id: t, name: MATCHER_NAMES[t] } };
  }
  if (t === 'MODEL_CATEGORY' && !(id.toUpperCase() in CATEGORY_PREFIXES)) throw bad(`${id} is not a branching model category.`);
  if (t === 'MODEL_BRANCH' && id !== 'development' && id !== 'production') throw bad(`${id} is not a branching model branch.`);
  const displayId = typeof m.displayId === 'string' && m.displayId ? m.displayId : id;
  return { id: t === 'MODEL_CATEGORY' ? id.toUpperCase() : id, displayId, type: { id: t, name: MATCHER_NAMES[t] } };
}

/** The regular expression (over the full ref) of the refs a matcher covers; null: none. */
function refPattern(repo: DcRepo, m: DcRefRestriction['matcher']): string | null {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  switch (m.type.id) {
    case 'ANY_REF':
      return '^refs/';
    case 'BRANCH':
      return `^${esc(m.id)}$`;
    case 'PATTERN': {
      const glob = m.id
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\?/g, '.')
        .replace(/\*/g, '.*');
      // a pattern matches the full ref or the branch name
      return m.id.startsWith('refs/') ? `^${glob}$` : `^refs/heads/${glob}$`;
    }
    case 'MODEL_CATEGORY':
      return CATEGORY_PREFIXES[m.id] ? `^refs/heads/${esc(CATEGORY_PREFIXES[m.id] as string)}` : null;
    case 'MODEL_BRANCH':
      return m.id === 'development' ? `^refs/heads/${esc(repo.defaultBranch)}$` : null;
  }
}

function restrictionJson(c: DcContext, repo: DcRepo, x: DcRefRestriction) {
  return {
    id: x.id,
    scope: { type: 'REPOSITORY', resourceId: repo.id },
    type: x.type,
    matcher: { ...x.matcher, active: true },
    users: x.users.flatMap((s) => (c.store.users[s] ? [userJson(c.store.users[s] as DcUser, c.base)] : [])),
    groups: x.groups,
    accessKeys: [],
  };
}

function restrictionOf(c: DcContext): { repo: DcRepo; x: DcRefRestriction } {
  const repo = repoOf(c);
  const x = c.store.refRestrictions[Number(c.params.id)];
  if (!x || x.repo !== repo.id)
    throw new DcApiError(404, `No restriction with id ${c.params.id ?? ''} exists.`, 'com.atlassian.bitbucket.NoSuchEntityException');
  return { repo, x };
}

const BASE = '/branch-permissions/latest/projects/{projectKey}/repos/{repositorySlug}/restrictions';

export const BRANCH_PERMISSION_ROUTES: DcRoutes = {
  [`GET ${BASE}`]: (c) => {
    const repo = repoOf(c);
    const type = c.query.get('type');
    const matcherType = c.query.get('matcherType');
    const matcherId = c.query.get('matcherId');
    if (type && !(TYPES as readonly string[]).includes(type)) throw bad(`type must be one of ${TYPES.join(', ')}.`);
    const items = Object.values(c.store.refRestrictions)
      .filter(
        (x) =>
          x.repo === repo.id &&
          (!type || x.type === type) &&
          (!matcherType || x.matcher.type.id === matcherType) &&
          (!matcherId || x.matcher.id === matcherId || x.matcher.displayId === matcherId),
      )
      .sort((a, b) => a.id - b.id)
      .map((x) => restrictionJson(c, repo, x));
    return { status: 200, json: page(c, items) };
  },
  [`POST ${BASE}`]: (c) => {
    const repo = repoOf(c);
    const type = c.body.type;
    if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type)) throw bad(`type must be one of ${TYPES.join(', ')}.`);
    const users = stringList(c.body.userSlugs, 'userSlugs');
    const groups = stringList(c.body.groupNames, 'groupNames');
    if (!Array.isArray(c.body.accessKeyIds)) throw bad('accessKeyIds is required and must be a list of ids.');
    for (const slug of users)
      if (!c.store.users[slug]) throw new DcApiError(400, `User ${slug} does not exist.`, 'com.atlassian.bitbucket.user.NoSuchUserException');
    const x: DcRefRestriction = {
      id: c.store.next('ref-restriction'),
      repo: repo.id,
      type,
      matcher: matcherOf(c.body.matcher),
      users: [...new Set(users)],
      groups: [...new Set(groups)],
      accessKeys: [],
    };
    c.store.refRestrictions[x.id] = x;
    return { status: 200, json: restrictionJson(c, repo, x) };
  },
  [`GET ${BASE}/{id}`]: (c) => {
    const { repo, x } = restrictionOf(c);
    return { status: 200, json: restrictionJson(c, repo, x) };
  },
  [`DELETE ${BASE}/{id}`]: (c) => {
    const { x } = restrictionOf(c);
    delete c.store.refRestrictions[x.id];
    return { status: 204 };
  },
};

/** `{branch}` is filled in by git-http.ts. The wording is the sandbox's. */
const RULES: Record<string, { what: RefRule['what']; message: string }> = {
  'read-only': { what: 'any', message: 'Branch permissions: {branch} is read-only; you are not permitted to change it (read-only).' },
  'pull-request-only': { what: 'any', message: 'Branch permissions: {branch} can only be modified through pull requests (pull-request-only).' },
  'no-deletes': { what: 'delete', message: 'Branch permissions: {branch} cannot be deleted (no-deletes).' },
  'fast-forward-only': {
    what: 'force',
    message: 'Branch permissions: {branch} only takes fast-forward changes; history may not be rewritten (fast-forward-only).',
  },
  'no-creates': { what: 'create', message: 'Branch permissions: {branch} cannot be created (no-creates).' },
};

/** What a push by `user` to `repo` may not do (the user's exemptions applied). */
export function dcRefRules(store: DcStore, repo: DcRepo, user: DcUser | undefined): RefRule[] {
  const rules: RefRule[] = [];
  for (const x of Object.values(store.refRestrictions)) {
    if (x.repo !== repo.id || (user && x.users.includes(user.slug))) continue;
    const rule = RULES[x.type];
    const ref = refPattern(repo, x.matcher);
    if (rule && ref) rules.push({ ref, ...rule });
  }
  return rules;
}

/**
 * The first of these restriction types on `branch` (a name below refs/heads/) that binds `user` (not exempt), for the
 * API writes the sandbox enforces them on: branch create (no-creates, read-only), branch delete (no-deletes, read-only),
 * file edit (read-only, pull-request-only) and pull request merge (read-only). Undefined: allowed.
 */
export function dcRestrictionOn(
  store: DcStore,
  repo: DcRepo,
  branch: string,
  user: DcUser | undefined,
  types: readonly string[],
): DcRefRestriction | undefined {
  const ref = `refs/heads/${branch}`;
  return Object.values(store.refRestrictions)
    .filter((x) => x.repo === repo.id && types.includes(x.type) && !(user && x.users.includes(user.slug)))
    .sort((a, b) => a.id - b.id)
    .find((x) => {
      const p = refPattern(repo, x.matcher);
      return p !== null && new RegExp(p).test(ref);
    });
}

/** The refusal of an API write to `branch` by a branch permission, in the words of Bitbucket's own push refusals. */
export function dcRestrictionMessage(x: DcRefRestriction, branch: string, action: 'create' | 'delete' | 'change' | 'merge'): string {
  const ref = `refs/heads/${branch}`;
  const why =
    x.type === 'pull-request-only'
      ? `Branch ${ref} can only be modified through pull requests`
      : x.type === 'no-deletes'
        ? `Branch ${ref} cannot be deleted`
        : x.type === 'no-creates'
          ? `Branch ${ref} cannot be created`
          : `Branch ${ref} is read-only: you may not ${action === 'merge' ? 'merge into' : action} it`;
  return `${why} (${x.type} branch permission on ${x.matcher.displayId}). Check your branch permissions configuration with the project administrator.`;
}
