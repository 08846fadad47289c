import { BbError } from '../../core/errors.js';
import type { Context } from '../../context/context.js';
import type { BranchRestriction, BranchRestrictionMethods, BranchType, ProtectionKind } from '../branch-restrictions.js';
import { dcPaginate, dcSend } from './http.js';
import { repoParams } from './shapes.js';

/** Data Center branch permissions: ref restrictions of a repository (/branch-permissions/latest/…). No update: delete and create. */
export const DC_RESTRICTION_OPERATIONS = {
  list: 'GET /branch-permissions/latest/projects/{projectKey}/repos/{repositorySlug}/restrictions',
  get: 'GET /branch-permissions/latest/projects/{projectKey}/repos/{repositorySlug}/restrictions/{id}',
  create: 'POST /branch-permissions/latest/projects/{projectKey}/repos/{repositorySlug}/restrictions',
  delete: 'DELETE /branch-permissions/latest/projects/{projectKey}/repos/{repositorySlug}/restrictions/{id}',
} as const;
const OP = DC_RESTRICTION_OPERATIONS;

/** bb's kind → Data Center's restriction type. */
const DC_TYPES: Partial<Record<ProtectionKind, string>> = {
  push: 'read-only',
  delete: 'no-deletes',
  force: 'fast-forward-only',
  'pull-request-only': 'pull-request-only',
  create: 'no-creates',
};
const BB_KINDS: Record<string, string> = Object.fromEntries(Object.entries(DC_TYPES).map(([bb, dc]) => [dc, bb]));

function dcType(kind: ProtectionKind): string {
  const type = DC_TYPES[kind];
  if (!type) {
    throw new BbError('NOT_ON_DC', `Bitbucket Data Center has no "${kind}" branch permission`, {
      hints: [
        'Data Center branch permissions are push, force, delete, create and pull-request-only',
        "merge conditions (approvals, builds, tasks) are the repository's merge checks on Data Center: Repository settings > Merge checks",
      ],
    });
  }
  return type;
}

interface DcMatcher {
  id?: string;
  displayId?: string;
  type?: { id?: string; name?: string };
}

interface DcRestriction {
  id?: number;
  type?: string;
  matcher?: DcMatcher;
  users?: Array<{ slug?: string; name?: string }>;
  groups?: string[];
}

/** Model categories (feature, bugfix, release, hotfix) and model branches (development, production). */
function matcherOf(pattern: string | null, branchType: BranchType | null): Required<DcMatcher> {
  if (branchType === 'development' || branchType === 'production') {
    const name = branchType === 'development' ? 'Development' : 'Production';
    return { id: branchType, displayId: name, type: { id: 'MODEL_BRANCH', name: 'Branching model branch' } };
  }
  if (branchType) {
    const id = branchType.toUpperCase();
    return { id, displayId: branchType[0]?.toUpperCase() + branchType.slice(1), type: { id: 'MODEL_CATEGORY', name: 'Branching model category' } };
  }
  const p = pattern ?? '';
  if (/[*?]/.test(p)) return { id: p, displayId: p, type: { id: 'PATTERN', name: 'Pattern' } };
  const id = p.startsWith('refs/') ? p : `refs/heads/${p}`;
  return { id, displayId: id.replace(/^refs\/heads\//, ''), type: { id: 'BRANCH', name: 'Branch' } };
}

export function dcRestriction(r: DcRestriction): BranchRestriction {
  const t = r.matcher?.type?.id;
  const m = r.matcher ?? {};
  const match = t === 'PATTERN' ? 'glob' : t === 'BRANCH' ? 'branch' : t === 'MODEL_BRANCH' || t === 'MODEL_CATEGORY' ? 'branching-model' : 'any';
  return {
    id: r.id ?? 0,
    kind: BB_KINDS[r.type ?? ''] ?? r.type ?? '',
    hostKind: r.type ?? '',
    match,
    pattern: match === 'glob' ? (m.id ?? null) : match === 'branch' ? (m.displayId ?? m.id ?? null) : null,
    branchType: match === 'branching-model' ? (m.id ?? '').toLowerCase() || null : null,
    users: (r.users ?? []).map((u) => u.slug ?? u.name ?? '').filter(Boolean),
    groups: (r.groups ?? []).filter((g) => typeof g === 'string'),
    value: null,
  };
}

export function branchRestrictionMethods(ctx: Context): BranchRestrictionMethods {
  return {
    async listBranchRestrictions(repo, opts) {
      const query = opts.kind ? { type: dcType(opts.kind) } : {};
      return (await dcPaginate<DcRestriction>(ctx, OP.list, repoParams(repo), query, opts)).map(dcRestriction);
    },
    async getBranchRestriction(repo, id) {
      return dcRestriction(await dcSend<DcRestriction>(ctx, OP.get, { ...repoParams(repo), id }));
    },
    async createBranchRestriction(repo, input) {
      const type = dcType(input.kind);
      if (input.value !== null)
        throw new BbError('NOT_ON_DC', 'Data Center branch permissions take no --value', { hints: ['leave out --value on Bitbucket Data Center'] });
      const body = { type, matcher: matcherOf(input.pattern, input.branchType), userSlugs: input.users, groupNames: input.groups, accessKeyIds: [] };
      return {
        plan: [{ operation: OP.create, params: repoParams(repo), body }],
        send: async () => dcRestriction(await dcSend<DcRestriction>(ctx, OP.create, repoParams(repo), { body })),
      };
    },
    async editBranchRestriction() {
      throw new BbError('NOT_ON_DC', 'Bitbucket Data Center cannot change a branch permission', {
        hints: ['delete it (`bb branch protection delete ID`) and create the new one (`bb branch protection create …`)'],
      });
    },
    async deleteBranchRestriction(repo, id) {
      return {
        plan: [{ operation: OP.delete, params: { ...repoParams(repo), id } }],
        send: async () => {
          await dcSend(ctx, OP.delete, { ...repoParams(repo), id });
        },
      };
    },
  };
}
