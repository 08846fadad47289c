/**
 * Branch protections (`bb branch protection …`): Cloud's branch restrictions and Data Center's branch permissions
 * (ref restrictions) in one vocabulary. bb's kinds are Cloud's kinds in kebab-case, plus the two Data Center has and
 * Cloud lacks (`pull-request-only`, `create`); each adapter maps them to its host's names (cloud/branch-restrictions.ts,
 * dc/branch-restrictions.ts) and answers NOT_ON_CLOUD / NOT_ON_DC for a kind its host lacks.
 */
import { BbError } from '../core/errors.js';
import type { ListOptions, RepoLocator, Write } from './types.js';

/** Every kind bb knows, in bb's words: the summary `bb branch protection create --help` prints for each. */
export const PROTECTION_KINDS = {
  push: 'only the allowed users and groups may push (Cloud push; Data Center read-only)',
  force: 'no force pushes: history cannot be rewritten (Cloud force; Data Center fast-forward-only)',
  delete: 'the branch cannot be deleted (Cloud delete; Data Center no-deletes)',
  create: 'matching branches cannot be created (Data Center no-creates)',
  'pull-request-only': 'changes only through pull requests (Data Center pull-request-only)',
  'restrict-merges': 'only the allowed users and groups may merge pull requests into it (Cloud)',
  'require-approvals-to-merge': 'at least --value approvals before merging (Cloud)',
  'require-default-reviewer-approvals-to-merge': 'at least --value approvals from default reviewers (Cloud)',
  'require-review-group-approvals-to-merge': 'approvals from review groups (Cloud)',
  'require-passing-builds-to-merge': 'at least --value successful builds, none failed (Cloud)',
  'require-tasks-to-be-completed': 'every pull request task resolved (Cloud)',
  'require-no-changes-requested': 'no reviewer requested changes (Cloud)',
  'require-commits-behind': 'the source is at most --value commits behind the destination (Cloud)',
  'require-all-dependencies-merged': 'every pull request it depends on merged (Cloud)',
  'require-all-comments-resolved': 'every pull request comment resolved (Cloud)',
  'reset-pullrequest-approvals-on-change': 'new commits reset approvals (Cloud)',
  'smart-reset-pullrequest-approvals': 'only changes to the diff reset approvals (Cloud)',
  'reset-pullrequest-changes-requested-on-change': 'new commits reset "changes requested" (Cloud)',
  'enforce-merge-checks': 'merge checks block the merge instead of warning (Cloud Premium)',
  'allow-auto-merge-when-builds-pass': 'pull requests may merge on their own when builds pass (Cloud)',
} as const;

export type ProtectionKind = keyof typeof PROTECTION_KINDS;

/** The kinds that take --value (a number). */
export const VALUE_KINDS: ReadonlySet<ProtectionKind> = new Set([
  'require-approvals-to-merge',
  'require-default-reviewer-approvals-to-merge',
  'require-passing-builds-to-merge',
  'require-commits-behind',
]);

/** Data Center's own names, accepted for bb's. */
const ALIASES: Record<string, ProtectionKind> = {
  'read-only': 'push',
  'no-deletes': 'delete',
  'fast-forward-only': 'force',
  'no-creates': 'create',
};

/** The branch types of a branching model (Cloud's `branch_type`, Data Center's model categories and branches). */
export const BRANCH_TYPES = ['feature', 'bugfix', 'release', 'hotfix', 'development', 'production'] as const;
export type BranchType = (typeof BRANCH_TYPES)[number];

/** `bb branch protection … --json`. */
export interface BranchRestriction {
  id: number;
  /** bb's kind (PROTECTION_KINDS). */
  kind: string;
  /** What the host calls it: Cloud's `kind`, Data Center's `type`. */
  hostKind: string;
  /** How branches are matched: a glob pattern, one branch (Data Center), a branch type of the branching model, or every branch. */
  match: 'glob' | 'branch' | 'branching-model' | 'any';
  /** The glob or the branch name (null for a branching-model type or any branch). */
  pattern: string | null;
  branchType: string | null;
  /** Who is exempt (push, restrict-merges, every Data Center kind): user names (Cloud: nickname; DC: slug). */
  users: string[];
  groups: string[];
  /** The number of the kinds that take one (approvals, builds, commits behind). */
  value: number | null;
}

export const PROTECTION_JSON_FIELDS = ['id', 'kind', 'hostKind', 'match', 'pattern', 'branchType', 'users', 'groups', 'value'] as const;

export interface ProtectionInput {
  kind: ProtectionKind;
  /** A glob (or, on Data Center, a branch name when it has no wildcard); null with branchType. */
  pattern: string | null;
  branchType: BranchType | null;
  /** Exempt users: Cloud `{uuid}` or account id; Data Center user slugs. */
  users: string[];
  groups: string[];
  value: number | null;
}

/** `bb branch protection edit`: what to change (left out: unchanged). */
export interface ProtectionChange {
  pattern?: string;
  branchType?: BranchType;
  users?: string[];
  groups?: string[];
  value?: number;
}

export interface ListProtectionsOptions extends ListOptions {
  kind?: ProtectionKind;
  /** Cloud: `fields=` for what the output reads. */
  fields?: readonly string[];
}

export interface BranchRestrictionMethods {
  listBranchRestrictions(repo: RepoLocator, opts: ListProtectionsOptions): Promise<BranchRestriction[]>;
  getBranchRestriction(repo: RepoLocator, id: number): Promise<BranchRestriction>;
  createBranchRestriction(repo: RepoLocator, input: ProtectionInput): Promise<Write<BranchRestriction>>;
  /** Data Center has no update: NOT_ON_DC (delete and create instead). */
  editBranchRestriction(repo: RepoLocator, id: number, change: ProtectionChange): Promise<Write<BranchRestriction>>;
  deleteBranchRestriction(repo: RepoLocator, id: number): Promise<Write<void>>;
}

/** A --kind value as bb's kind: kebab or snake case, or Data Center's own name; else INVALID_ARGUMENT naming them. */
export function checkProtectionKind(value: unknown): ProtectionKind {
  const raw = typeof value === 'string' ? value.trim().toLowerCase().replace(/_/g, '-') : '';
  if (raw in PROTECTION_KINDS) return raw as ProtectionKind;
  const alias = ALIASES[raw];
  if (alias) return alias;
  throw new BbError('INVALID_ARGUMENT', `"${String(value ?? '')}" is not a branch protection kind`, {
    hints: [`one of: ${Object.keys(PROTECTION_KINDS).join(', ')}`, 'see `bb branch protection create --help`'],
  });
}

export function checkBranchType(value: unknown): BranchType {
  const raw = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if ((BRANCH_TYPES as readonly string[]).includes(raw)) return raw as BranchType;
  throw new BbError('INVALID_ARGUMENT', `"${String(value ?? '')}" is not a branch type`, { hints: [`one of: ${BRANCH_TYPES.join(', ')}`] });
}

/** A restriction id from the command line: a positive integer. */
export function checkProtectionId(value: unknown): number {
  const raw = String(value ?? '').trim();
  if (!/^[1-9]\d{0,9}$/.test(raw))
    throw new BbError('INVALID_ARGUMENT', `"${raw}" is not a branch protection id`, { hints: ['list them with `bb branch protection list`'] });
  return Number(raw);
}
