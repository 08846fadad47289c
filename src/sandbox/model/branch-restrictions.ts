/**
 * Branch restrictions and the branching model of Bitbucket Cloud, as the sandbox keeps them, and what its git endpoint
 * enforces from them (push, force, delete: see git-http.ts RefRule). The kinds, match kinds and branch types are the
 * spec's enums (components.schemas.branchrestriction, branching_model_settings).
 */
import type { BranchingModelRecord, BranchRestrictionRecord, RepositoryRecord, UserRecord } from '../state.js';
import { projectKey } from '../state.js';
import type { RefRule } from '../git-http.js';
import type { Sandbox } from '../handlers/types.js';

/** The spec's `branchrestriction.kind` enum. */
export const RESTRICTION_KINDS = [
  'push',
  'delete',
  'force',
  'restrict_merges',
  'require_tasks_to_be_completed',
  'require_approvals_to_merge',
  'require_review_group_approvals_to_merge',
  'require_default_reviewer_approvals_to_merge',
  'require_no_changes_requested',
  'require_passing_builds_to_merge',
  'require_commits_behind',
  'reset_pullrequest_approvals_on_change',
  'smart_reset_pullrequest_approvals',
  'reset_pullrequest_changes_requested_on_change',
  'require_all_dependencies_merged',
  'enforce_merge_checks',
  'allow_auto_merge_when_builds_pass',
  'require_all_comments_resolved',
] as const;

/** The spec's `branch_type` enum. */
export const BRANCH_TYPES = ['feature', 'bugfix', 'release', 'hotfix', 'development', 'production'] as const;
/** The prefixed types (development and production are branches, not prefixes). */
export const PREFIX_TYPES = ['feature', 'bugfix', 'release', 'hotfix'] as const;

/** A repository's model when nobody changed it: development is the main branch, no production, the usual prefixes. */
export function defaultBranchingModel(): BranchingModelRecord {
  return {
    development: { use_mainbranch: true },
    production: { enabled: false, use_mainbranch: false },
    branch_types: Object.fromEntries(PREFIX_TYPES.map((t) => [t, { enabled: true, prefix: `${t}/` }])),
  };
}

/** The repository's own model (its settings, or the default when never set). */
export function repoModel(sb: Sandbox, repo: RepositoryRecord): BranchingModelRecord {
  return sb.store.data.branchingModels[repo.uuid] ?? defaultBranchingModel();
}

/** The model that applies: the repository's own when it set one, else its project's when that set one, else the default. */
export function effectiveModel(sb: Sandbox, repo: RepositoryRecord): BranchingModelRecord {
  const d = sb.store.data.branchingModels;
  return d[repo.uuid] ?? (repo.project ? d[projectKey(repo.workspace, repo.project)] : undefined) ?? defaultBranchingModel();
}

export function projectModel(sb: Sandbox, workspace: string, key: string): BranchingModelRecord {
  return sb.store.data.branchingModels[projectKey(workspace, key)] ?? defaultBranchingModel();
}

/** The branch a model's development or production names in a repository (null: production disabled). */
export function modelBranch(model: BranchingModelRecord, which: 'development' | 'production', repo: RepositoryRecord): string | null {
  const b = model[which];
  if (which === 'production' && !model.production.enabled) return null;
  return b.use_mainbranch ? repo.mainbranch : (b.name ?? null);
}

/** A Cloud glob as a regular expression over the branch name: `*` any run of characters, everything else literal. */
export function globRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

/** The regular expression (over `refs/heads/<name>`) of the branches a restriction covers; null: none. */
export function restrictionRefPattern(sb: Sandbox, repo: RepositoryRecord, r: BranchRestrictionRecord): string | null {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (r.branch_match_kind === 'glob') return `^refs/heads/${globRegExp(r.pattern).source.slice(1)}`;
  const model = effectiveModel(sb, repo);
  const type = r.branch_type ?? '';
  if (type === 'development' || type === 'production') {
    const name = modelBranch(model, type, repo);
    return name ? `^refs/heads/${esc(name)}$` : null;
  }
  const t = model.branch_types[type];
  return t?.enabled ? `^refs/heads/${esc(t.prefix)}` : null;
}

/** `{branch}`: the pushed branch's name (git-http.ts fills it in). The wording is the sandbox's. */
const MESSAGES = {
  push: (on: string) => `Branch restrictions prevented the push: you may not push to branch {branch} (push restriction on ${on}).`,
  force: (on: string) => `Branch restrictions prevented the push: branch {branch} cannot be force-pushed to (force restriction on ${on}).`,
  delete: (on: string) => `Branch restrictions prevented the push: branch {branch} cannot be deleted (delete restriction on ${on}).`,
};

/** What a push by `user` to `repo` may not do: push (unless listed), force and delete restrictions. */
export function cloudRefRules(sb: Sandbox, repo: RepositoryRecord, user: UserRecord): RefRule[] {
  const rules: RefRule[] = [];
  for (const r of Object.values(sb.store.data.branchRestrictions)) {
    if (r.repository !== repo.uuid || (r.kind !== 'push' && r.kind !== 'force' && r.kind !== 'delete')) continue;
    if (r.kind === 'push' && r.users.includes(user.uuid)) continue;
    const ref = restrictionRefPattern(sb, repo, r);
    if (!ref) continue;
    const label = r.branch_match_kind === 'glob' ? r.pattern : `branch type ${r.branch_type ?? ''}`;
    const what = r.kind === 'push' ? 'any' : r.kind;
    rules.push({ ref, what, message: MESSAGES[r.kind](label) });
  }
  return rules;
}
