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

// ---------- enforcement on API writes (branch delete, file commit, pull request merge) ----------

/** How a restriction names the branches it covers, in the sandbox's messages. */
export function restrictionLabel(r: BranchRestrictionRecord): string {
  return r.branch_match_kind === 'glob' ? r.pattern : `branch type ${r.branch_type ?? ''}`;
}

/** The repository's restrictions of these kinds that cover `branch`. */
export function restrictionsOn(sb: Sandbox, repo: RepositoryRecord, branch: string, kinds: readonly string[]): BranchRestrictionRecord[] {
  const ref = `refs/heads/${branch}`;
  return Object.values(sb.store.data.branchRestrictions)
    .filter((r) => r.repository === repo.uuid && kinds.includes(r.kind))
    .filter((r) => {
      const pattern = restrictionRefPattern(sb, repo, r);
      return pattern !== null && new RegExp(pattern).test(ref);
    })
    .sort((a, b) => a.id - b.id);
}

/**
 * Why `user` may not write `branch` through the API (a file commit creates or moves it): a `push` restriction on it
 * that does not list the user (groups never match: the sandbox has no groups). Undefined: allowed.
 */
export function pushRefusal(sb: Sandbox, repo: RepositoryRecord, branch: string, user: UserRecord): string | undefined {
  const r = restrictionsOn(sb, repo, branch, ['push']).find((x) => !x.users.includes(user.uuid));
  return r && `You may not push to branch ${branch}: the push restriction on ${restrictionLabel(r)} allows only the users and groups it lists.`;
}

/** Why `branch` may not be deleted (a `delete` restriction covers it; nobody is exempt). Undefined: allowed. */
export function deleteRefusal(sb: Sandbox, repo: RepositoryRecord, branch: string): string | undefined {
  const r = restrictionsOn(sb, repo, branch, ['delete'])[0];
  return r && `Branch ${branch} cannot be deleted: the delete restriction on ${restrictionLabel(r)} prevents it.`;
}

/** Why `user` may not merge into `branch`: a `restrict_merges` restriction that does not list the user. Undefined: allowed. */
export function mergeRefusal(sb: Sandbox, repo: RepositoryRecord, branch: string, user: UserRecord): string | undefined {
  const r = restrictionsOn(sb, repo, branch, ['restrict_merges']).find((x) => !x.users.includes(user.uuid));
  return r && `You may not merge into branch ${branch}: the merge restriction on ${restrictionLabel(r)} allows only the users and groups it lists.`;
}

/** What a pull request's merge checks need from it (model/pullrequests.ts fills it in from the pull request). */
export interface MergeCheckFacts {
  approvals: number;
  /** Approvals by the repository's default reviewers. */
  defaultReviewerApprovals: number;
  successfulBuilds: number;
  /** Builds failed, stopped or in progress on the source commit. */
  unfinishedOrFailedBuilds: number;
  openTasks: number;
  changesRequested: number;
}

/**
 * The unmet merge checks of a merge into `branch`, when an `enforce_merge_checks` restriction covers it (Bitbucket's
 * Premium "Prevent a merge with unresolved merge checks"); without one the checks only warn, as on Bitbucket's Free
 * and Standard plans, and this answers []. Each entry names the check and what is missing.
 */
export function unmetMergeChecks(sb: Sandbox, repo: RepositoryRecord, branch: string, f: MergeCheckFacts): string[] {
  if (restrictionsOn(sb, repo, branch, ['enforce_merge_checks']).length === 0) return [];
  const out: string[] = [];
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  for (const r of restrictionsOn(sb, repo, branch, [
    'require_approvals_to_merge',
    'require_default_reviewer_approvals_to_merge',
    'require_passing_builds_to_merge',
    'require_tasks_to_be_completed',
    'require_no_changes_requested',
  ])) {
    const need = r.value ?? 1;
    if (r.kind === 'require_approvals_to_merge' && f.approvals < need)
      out.push(`require_approvals_to_merge: ${plural(need, 'approval')} needed, ${f.approvals} given`);
    if (r.kind === 'require_default_reviewer_approvals_to_merge' && f.defaultReviewerApprovals < need)
      out.push(`require_default_reviewer_approvals_to_merge: ${plural(need, 'default reviewer approval')} needed, ${f.defaultReviewerApprovals} given`);
    if (r.kind === 'require_passing_builds_to_merge' && (f.successfulBuilds < need || f.unfinishedOrFailedBuilds > 0))
      out.push(
        `require_passing_builds_to_merge: ${plural(need, 'successful build')} needed and none failed or in progress (${f.successfulBuilds} successful, ${f.unfinishedOrFailedBuilds} failed or in progress)`,
      );
    if (r.kind === 'require_tasks_to_be_completed' && f.openTasks > 0) out.push(`require_tasks_to_be_completed: ${plural(f.openTasks, 'open task')}`);
    if (r.kind === 'require_no_changes_requested' && f.changesRequested > 0)
      out.push(`require_no_changes_requested: ${plural(f.changesRequested, 'reviewer')} requested changes`);
  }
  return [...new Set(out)];
}
