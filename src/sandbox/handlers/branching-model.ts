import type { BranchingModelRecord, RepositoryRecord } from '../state.js';
import { projectKey } from '../state.js';
import { defaultBranchingModel, effectiveModel, modelBranch, PREFIX_TYPES, repoModel } from '../model/branch-restrictions.js';
import { branchJson } from '../wire.js';
import { bodyObject, repoOf, workspaceOf } from './common.js';
import { ApiError, type HandlerContext, type HandlerMap, json, type Sandbox } from './types.js';

/**
 * The branching model of a repository and of a project (model, settings, effective model), as the spec describes it:
 * the model shows the enabled branch types and production only when enabled; the settings every type with `enabled`;
 * a PUT changes only what it passes and is refused (400) when it would leave the model invalid (a development or
 * production branch that does not exist, `use_mainbranch` with a `name`, an enabled type without a valid prefix, one
 * enabled prefix a prefix of another, a type without `kind`). The effective model is the repository's own once it set
 * one, else its project's, else the default (the sandbox's reading of "inheriting").
 */

const REPO = '/repositories/{workspace}/{repo_slug}';
const PROJECT = '/workspaces/{workspace}/projects/{project_key}';

function bad(field: string, why: string): ApiError {
  return new ApiError(400, `Bad request: ${field}: ${why}`, undefined, { [field]: [why] });
}

/** `name`, and `branch` (the branch object) when it exists in the repository. */
async function branchRef(sb: Sandbox, repo: RepositoryRecord | undefined, name: string | null): Promise<Record<string, unknown>> {
  if (!repo || !name) return { name };
  const git = sb.git(repo);
  const ref = await git.branch(name);
  return { name, ...(ref ? { branch: branchJson(sb.urls, sb.store, repo, ref, await git.commit(ref.target)) } : {}) };
}

/** GET …/branching-model and …/effective-branching-model (repo: the branches resolved in it; none for a project). */
async function modelJson(sb: Sandbox, m: BranchingModelRecord, repo: RepositoryRecord | undefined, type: string): Promise<Record<string, unknown>> {
  const name = (which: 'development' | 'production') => (repo ? modelBranch(m, which, repo) : (m[which].name ?? null));
  return {
    type,
    development: { ...(await branchRef(sb, repo, name('development'))), use_mainbranch: m.development.use_mainbranch },
    ...(m.production.enabled ? { production: { ...(await branchRef(sb, repo, name('production'))), use_mainbranch: m.production.use_mainbranch } } : {}),
    branch_types: PREFIX_TYPES.filter((k) => m.branch_types[k]?.enabled).map((k) => ({ kind: k, prefix: m.branch_types[k]?.prefix ?? '' })),
  };
}

async function settingsJson(sb: Sandbox, m: BranchingModelRecord, repo: RepositoryRecord | undefined): Promise<Record<string, unknown>> {
  const valid = async (b: { use_mainbranch: boolean; name?: string }) => b.use_mainbranch || !repo || !b.name || Boolean(await sb.git(repo).branch(b.name));
  return {
    type: 'branching_model_settings',
    development: {
      is_valid: await valid(m.development),
      name: m.development.use_mainbranch ? null : (m.development.name ?? null),
      use_mainbranch: m.development.use_mainbranch,
    },
    production: {
      is_valid: await valid(m.production),
      name: m.production.use_mainbranch ? null : (m.production.name ?? null),
      use_mainbranch: m.production.use_mainbranch,
      enabled: m.production.enabled,
    },
    branch_types: PREFIX_TYPES.map((k) => ({ kind: k, enabled: m.branch_types[k]?.enabled ?? false, prefix: m.branch_types[k]?.prefix ?? '' })),
    default_branch_deletion: 'false',
  };
}

/** A branch setting of a PUT body applied to `b`; `repo`: the branch must exist there. */
async function applyBranch(
  sb: Sandbox,
  field: 'development' | 'production',
  v: unknown,
  b: { use_mainbranch: boolean; name?: string; enabled?: boolean },
  repo: RepositoryRecord | undefined,
): Promise<void> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw bad(field, 'must be an object');
  const o = v as Record<string, unknown>;
  if (field === 'production' && o.enabled !== undefined) {
    if (typeof o.enabled !== 'boolean') throw bad('production.enabled', 'must be a boolean');
    b.enabled = o.enabled;
  }
  if (o.use_mainbranch !== undefined) {
    if (typeof o.use_mainbranch !== 'boolean') throw bad(`${field}.use_mainbranch`, 'must be a boolean');
    b.use_mainbranch = o.use_mainbranch;
  }
  if (o.name !== undefined && o.name !== null) {
    if (typeof o.name !== 'string' || !o.name) throw bad(`${field}.name`, 'must be a non-empty branch name');
    if (b.use_mainbranch) throw bad(`${field}.name`, 'must be null when use_mainbranch is true');
    if (repo && !(await sb.git(repo).branch(o.name))) throw bad(`${field}.name`, `branch ${o.name} does not exist`);
    b.name = o.name;
  }
  if (b.use_mainbranch) delete b.name;
  else if (!b.name && (field === 'development' || b.enabled)) throw bad(`${field}.name`, 'is required when use_mainbranch is false');
}

async function applySettings(c: HandlerContext, current: BranchingModelRecord, repo: RepositoryRecord | undefined): Promise<BranchingModelRecord> {
  const body = bodyObject(c);
  const m = structuredClone(current);
  if (body.development !== undefined) await applyBranch(c.sb, 'development', body.development, m.development, repo);
  if (body.production !== undefined) {
    const p = { ...m.production } as { use_mainbranch: boolean; name?: string; enabled?: boolean };
    await applyBranch(c.sb, 'production', body.production, p, repo);
    m.production = { enabled: p.enabled ?? false, use_mainbranch: p.use_mainbranch, ...(p.name ? { name: p.name } : {}) };
  }
  if (body.branch_types !== undefined) {
    if (!Array.isArray(body.branch_types)) throw bad('branch_types', 'must be a list');
    for (const t of body.branch_types as Array<Record<string, unknown>>) {
      const kind = t?.kind;
      if (typeof kind !== 'string') throw bad('branch_types', 'each branch type needs a kind');
      if (!(PREFIX_TYPES as readonly string[]).includes(kind)) throw bad('branch_types.kind', `"${kind}" is not a valid choice.`);
      const cur = m.branch_types[kind] ?? { enabled: false, prefix: '' };
      if (t.enabled !== undefined) {
        if (typeof t.enabled !== 'boolean') throw bad('branch_types.enabled', 'must be a boolean');
        cur.enabled = t.enabled;
      }
      if (t.prefix !== undefined) {
        if (typeof t.prefix !== 'string') throw bad('branch_types.prefix', 'must be a string');
        cur.prefix = t.prefix;
      }
      m.branch_types[kind] = cur;
    }
  }
  // the model must stay valid: enabled prefixes are valid and none is a prefix of another
  const enabled = PREFIX_TYPES.filter((k) => m.branch_types[k]?.enabled).map((k) => [k, m.branch_types[k]?.prefix ?? ''] as const);
  for (const [k, prefix] of enabled) {
    if (!prefix.trim() || /[\s*?[\\~^:]|\.\.|@\{/.test(prefix)) throw bad('branch_types.prefix', `"${prefix}" is not a valid prefix for ${k} branches`);
    for (const [other, p2] of enabled)
      if (other !== k && p2.startsWith(prefix)) throw bad('branch_types.prefix', `the ${k} prefix "${prefix}" is a prefix of the ${other} prefix "${p2}"`);
  }
  return m;
}

function projectOf(c: HandlerContext): string {
  const ws = workspaceOf(c);
  const key = c.params.project_key ?? '';
  const p = c.sb.store.project(ws.slug, key);
  if (!p) throw new ApiError(404, `Project ${key} not found`);
  return projectKey(ws.slug, p.key);
}

export const handlers: HandlerMap = {
  [`GET ${REPO}/branching-model`]: async (c) => {
    const repo = repoOf(c);
    return json(await modelJson(c.sb, repoModel(c.sb, repo), repo, 'branching_model'));
  },
  [`GET ${REPO}/effective-branching-model`]: async (c) => {
    const repo = repoOf(c);
    return json(await modelJson(c.sb, effectiveModel(c.sb, repo), repo, 'effective_repo_branching_model'));
  },
  [`GET ${REPO}/branching-model/settings`]: async (c) => {
    const repo = repoOf(c);
    return json(await settingsJson(c.sb, repoModel(c.sb, repo), repo));
  },
  [`PUT ${REPO}/branching-model/settings`]: async (c) => {
    const repo = repoOf(c);
    const m = await applySettings(c, repoModel(c.sb, repo), repo);
    c.sb.store.data.branchingModels[repo.uuid] = m;
    return json(await settingsJson(c.sb, m, repo));
  },
  [`GET ${PROJECT}/branching-model`]: async (c) => {
    const key = projectOf(c);
    return json(await modelJson(c.sb, c.sb.store.data.branchingModels[key] ?? defaultBranchingModel(), undefined, 'project_branching_model'));
  },
  [`GET ${PROJECT}/branching-model/settings`]: async (c) => {
    const key = projectOf(c);
    return json(await settingsJson(c.sb, c.sb.store.data.branchingModels[key] ?? defaultBranchingModel(), undefined));
  },
  [`PUT ${PROJECT}/branching-model/settings`]: async (c) => {
    const key = projectOf(c);
    const m = await applySettings(c, c.sb.store.data.branchingModels[key] ?? defaultBranchingModel(), undefined);
    c.sb.store.data.branchingModels[key] = m;
    return json(await settingsJson(c.sb, m, undefined));
  },
};
