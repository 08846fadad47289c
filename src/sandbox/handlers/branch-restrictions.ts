import type { BranchRestrictionRecord, RepositoryRecord } from '../state.js';
import { BRANCH_TYPES, RESTRICTION_KINDS } from '../model/branch-restrictions.js';
import { accountRef } from '../wire.js';
import { bodyObject, page, repoOf } from './common.js';
import { ApiError, created, type HandlerContext, type HandlerMap, json, noContent, type Sandbox } from './types.js';

/**
 * Branch restrictions of a repository (/repositories/{workspace}/{repo_slug}/branch-restrictions): validated as
 * Bitbucket does (an unknown kind, match kind or branch type, a glob without a pattern, a branching-model match
 * without a branch type, an unknown user: 400), listed with the `kind` and `pattern` filters. The git endpoint enforces
 * push, force and delete (model/branch-restrictions.ts cloudRefRules).
 */

const BASE = '/repositories/{workspace}/{repo_slug}/branch-restrictions';

function bad(field: string, why: string): ApiError {
  return new ApiError(400, `Bad request: ${field}: ${why}`, undefined, { [field]: [why] });
}

function restrictionJson(sb: Sandbox, repo: RepositoryRecord, r: BranchRestrictionRecord): Record<string, unknown> {
  const users = r.users.flatMap((u) => (sb.store.data.users[u] ? [accountRef(sb.urls, sb.store.data.users[u])] : []));
  return {
    type: 'branchrestriction',
    id: r.id,
    kind: r.kind,
    branch_match_kind: r.branch_match_kind,
    ...(r.branch_match_kind === 'branching_model' ? { branch_type: r.branch_type } : {}),
    pattern: r.pattern,
    ...(r.value !== undefined ? { value: r.value } : {}),
    users,
    groups: r.groups.map((slug) => ({ type: 'group', slug, name: slug, full_slug: `${repo.workspace}:${slug}` })),
    links: {
      self: { href: sb.urls.api(`/repositories/${encodeURIComponent(repo.workspace)}/${encodeURIComponent(repo.slug)}/branch-restrictions/${r.id}`) },
    },
  };
}

function restrictionOf(c: HandlerContext): { repo: RepositoryRecord; r: BranchRestrictionRecord } {
  const repo = repoOf(c);
  const r = c.sb.store.data.branchRestrictions[c.params.id ?? ''];
  if (!r || r.repository !== repo.uuid) throw new ApiError(404, `No branch restriction with id ${c.params.id ?? ''}`);
  return { repo, r };
}

/** The users of a body (`[{uuid}|{account_id}|{username}]`) as uuids: an unknown one is a 400. */
function usersOf(c: HandlerContext, v: unknown): string[] {
  if (!Array.isArray(v)) throw bad('users', 'must be a list of users');
  return v.map((u) => {
    const ref =
      u && typeof u === 'object'
        ? ((u as Record<string, unknown>).uuid ?? (u as Record<string, unknown>).account_id ?? (u as Record<string, unknown>).username)
        : undefined;
    const user = typeof ref === 'string' ? c.sb.store.user(ref) : undefined;
    if (!user) throw bad('users', `${JSON.stringify(u)} is not a valid user`);
    return user.uuid;
  });
}

function groupsOf(v: unknown): string[] {
  if (!Array.isArray(v)) throw bad('groups', 'must be a list of groups');
  return v.map((g) => {
    const slug = g && typeof g === 'object' ? (g as Record<string, unknown>).slug : undefined;
    if (typeof slug !== 'string' || !slug) throw bad('groups', `${JSON.stringify(g)} is not a valid group`);
    return slug;
  });
}

/** Applies the body's fields to `r` (create: every required field; update: what is given), validating each. */
function apply(c: HandlerContext, r: BranchRestrictionRecord, body: Record<string, unknown>, creating: boolean): void {
  if (creating || body.kind !== undefined) {
    if (typeof body.kind !== 'string' || !body.kind) throw bad('kind', 'This field is required.');
    if (!(RESTRICTION_KINDS as readonly string[]).includes(body.kind)) throw bad('kind', `"${body.kind}" is not a valid choice.`);
    r.kind = body.kind;
  }
  if (body.branch_match_kind !== undefined) {
    if (body.branch_match_kind !== 'glob' && body.branch_match_kind !== 'branching_model')
      throw bad('branch_match_kind', `"${String(body.branch_match_kind)}" is not a valid choice.`);
    r.branch_match_kind = body.branch_match_kind;
  }
  if (body.pattern !== undefined) {
    if (typeof body.pattern !== 'string') throw bad('pattern', 'must be a string');
    r.pattern = body.pattern;
  }
  if (body.branch_type !== undefined) {
    if (typeof body.branch_type !== 'string' || !(BRANCH_TYPES as readonly string[]).includes(body.branch_type))
      throw bad('branch_type', `"${String(body.branch_type)}" is not a valid choice.`);
    r.branch_type = body.branch_type;
  }
  if (r.branch_match_kind === 'glob') {
    if (!r.pattern) throw bad('pattern', 'This field is required when branch_match_kind is glob.');
    delete r.branch_type;
  } else {
    if (!r.branch_type) throw bad('branch_type', 'This field is required when branch_match_kind is branching_model.');
    r.pattern = '';
  }
  if (body.value !== undefined && body.value !== null) {
    if (typeof body.value !== 'number' || !Number.isInteger(body.value) || body.value < 0) throw bad('value', 'must be a non-negative integer');
    r.value = body.value;
  }
  if (body.users !== undefined) r.users = usersOf(c, body.users);
  if (body.groups !== undefined) r.groups = groupsOf(body.groups);
}

export const handlers: HandlerMap = {
  [`GET ${BASE}`]: (c) => {
    const repo = repoOf(c);
    const kind = c.query.get('kind');
    const pattern = c.query.get('pattern');
    const items = Object.values(c.sb.store.data.branchRestrictions)
      .filter((r) => r.repository === repo.uuid && (!kind || r.kind === kind) && (!pattern || r.pattern === pattern))
      .sort((a, b) => a.id - b.id)
      .map((r) => restrictionJson(c.sb, repo, r));
    return json(page(c, items));
  },
  [`POST ${BASE}`]: (c) => {
    const repo = repoOf(c);
    const body = bodyObject(c);
    const r: BranchRestrictionRecord = { id: 0, repository: repo.uuid, kind: '', branch_match_kind: 'glob', pattern: '', users: [], groups: [] };
    apply(c, r, body, true);
    r.id = c.sb.store.next('branch-restriction');
    c.sb.store.data.branchRestrictions[String(r.id)] = r;
    return created(restrictionJson(c.sb, repo, r));
  },
  [`GET ${BASE}/{id}`]: (c) => {
    const { repo, r } = restrictionOf(c);
    return json(restrictionJson(c.sb, repo, r));
  },
  // "Fields not present in the request body are ignored": a partial update, validated whole before it is kept
  [`PUT ${BASE}/{id}`]: (c) => {
    const { repo, r } = restrictionOf(c);
    const body = bodyObject(c);
    const next: BranchRestrictionRecord = structuredClone(r);
    apply(c, next, body, false);
    c.sb.store.data.branchRestrictions[String(r.id)] = next;
    return json(restrictionJson(c.sb, repo, next));
  },
  [`DELETE ${BASE}/{id}`]: (c) => {
    const { r } = restrictionOf(c);
    delete c.sb.store.data.branchRestrictions[String(r.id)];
    return noContent();
  },
};
