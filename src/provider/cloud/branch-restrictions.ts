import { must } from '../../api/client.js';
import { paginate } from '../../api/paginate.js';
import { repoParams } from '../../api/path.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import type { BranchRestriction, BranchRestrictionMethods, ProtectionChange, ProtectionKind } from '../branch-restrictions.js';
import type { RepoLocator } from '../types.js';

/** Bitbucket Cloud branch restrictions (/repositories/{workspace}/{repo_slug}/branch-restrictions). */
export const CLOUD_RESTRICTION_OPERATIONS = {
  list: 'GET /repositories/{workspace}/{repo_slug}/branch-restrictions',
  get: 'GET /repositories/{workspace}/{repo_slug}/branch-restrictions/{id}',
  create: 'POST /repositories/{workspace}/{repo_slug}/branch-restrictions',
  edit: 'PUT /repositories/{workspace}/{repo_slug}/branch-restrictions/{id}',
  delete: 'DELETE /repositories/{workspace}/{repo_slug}/branch-restrictions/{id}',
} as const;
const OP = CLOUD_RESTRICTION_OPERATIONS;

/** The item fields `bb branch protection list` reads (`fields=`). */
export const CLOUD_RESTRICTION_FIELDS = [
  'id',
  'kind',
  'branch_match_kind',
  'branch_type',
  'pattern',
  'value',
  'users.nickname',
  'users.uuid',
  'groups.slug',
] as const;

interface CloudRestriction {
  id?: number;
  kind?: string;
  branch_match_kind?: string;
  branch_type?: string;
  pattern?: string;
  value?: number | null;
  users?: Array<{ nickname?: string; uuid?: string; account_id?: string }>;
  groups?: Array<{ slug?: string; name?: string }>;
}

/** The kinds Data Center has and Cloud lacks. */
const DC_ONLY: Partial<Record<ProtectionKind, string>> = {
  'pull-request-only': 'on Bitbucket Cloud, use --kind push (who may push) with --kind restrict-merges (who may merge)',
  create: 'Bitbucket Cloud cannot forbid creating branches; --kind push limits who may push to them',
};

function cloudKind(kind: ProtectionKind): string {
  const why = DC_ONLY[kind];
  if (why) throw new BbError('NOT_ON_CLOUD', `Bitbucket Cloud has no "${kind}" branch restriction`, { hints: [why] });
  return kind.replace(/-/g, '_');
}

export function cloudRestriction(r: CloudRestriction): BranchRestriction {
  const model = r.branch_match_kind === 'branching_model';
  return {
    id: r.id ?? 0,
    kind: (r.kind ?? '').replace(/_/g, '-'),
    hostKind: r.kind ?? '',
    match: model ? 'branching-model' : 'glob',
    pattern: model ? null : (r.pattern ?? null),
    branchType: model ? (r.branch_type ?? null) : null,
    users: (r.users ?? []).map((u) => u.nickname ?? u.uuid ?? u.account_id ?? '').filter(Boolean),
    groups: (r.groups ?? []).map((g) => g.slug ?? g.name ?? '').filter(Boolean),
    value: typeof r.value === 'number' ? r.value : null,
  };
}

/** A user as Cloud's restriction body takes one: `{uuid}` or an Atlassian account id. */
function userRef(user: string): Record<string, string> {
  if (/^\{[0-9a-f-]{36}\}$/i.test(user)) return { uuid: user };
  if (/^[0-9a-f]{24}$/i.test(user) || /^\d+:[\w-]+$/.test(user)) return { account_id: user };
  throw new BbError('INVALID_ARGUMENT', `"${user}" is not a Bitbucket Cloud user reference: expected a {uuid} or an account id`, {
    hints: ['find them with `bb workspace members WORKSPACE --json uuid,accountId,nickname`'],
  });
}

function matchBody(pattern: string | null | undefined, branchType: string | null | undefined): Record<string, unknown> {
  if (branchType) return { branch_match_kind: 'branching_model', branch_type: branchType };
  if (pattern !== undefined && pattern !== null) return { branch_match_kind: 'glob', pattern };
  return {};
}

export function branchRestrictionMethods(ctx: Context): BranchRestrictionMethods {
  const one = async (repo: RepoLocator, operation: string, id: number, body?: unknown) => {
    const api = await ctx.api();
    const params = { path: { ...repoParams(repo), id: String(id) } };
    if (operation === OP.edit) {
      return cloudRestriction(
        must(await api.PUT('/repositories/{workspace}/{repo_slug}/branch-restrictions/{id}', { params, body: body as never })) as CloudRestriction,
      );
    }
    return cloudRestriction(must(await api.GET('/repositories/{workspace}/{repo_slug}/branch-restrictions/{id}', { params })) as CloudRestriction);
  };
  return {
    async listBranchRestrictions(repo, opts) {
      const query: Record<string, string> = {};
      if (opts.kind) query.kind = cloudKind(opts.kind);
      const items = await paginate<CloudRestriction>(await ctx.http(), '/repositories/{workspace}/{repo_slug}/branch-restrictions', repoParams(repo), query, {
        limit: opts.limit,
        all: opts.all,
        fields: opts.fields ?? CLOUD_RESTRICTION_FIELDS,
      });
      return items.map(cloudRestriction);
    },
    async getBranchRestriction(repo, id) {
      return one(repo, OP.get, id);
    },
    async createBranchRestriction(repo, input) {
      const body: Record<string, unknown> = {
        kind: cloudKind(input.kind),
        ...matchBody(input.pattern, input.branchType),
        ...(input.users.length ? { users: input.users.map(userRef) } : {}),
        ...(input.groups.length ? { groups: input.groups.map((slug) => ({ slug })) } : {}),
        ...(input.value !== null ? { value: input.value } : {}),
      };
      return {
        plan: [{ operation: OP.create, params: repoParams(repo), body }],
        async send() {
          const api = await ctx.api();
          return cloudRestriction(
            must(
              await api.POST('/repositories/{workspace}/{repo_slug}/branch-restrictions', { params: { path: repoParams(repo) }, body: body as never }),
            ) as CloudRestriction,
          );
        },
      };
    },
    async editBranchRestriction(repo, id, change: ProtectionChange) {
      const body: Record<string, unknown> = {
        ...matchBody(change.pattern, change.branchType),
        ...(change.users ? { users: change.users.map(userRef) } : {}),
        ...(change.groups ? { groups: change.groups.map((slug) => ({ slug })) } : {}),
        ...(change.value !== undefined ? { value: change.value } : {}),
      };
      return {
        plan: [{ operation: OP.edit, params: { ...repoParams(repo), id }, body }],
        send: () => one(repo, OP.edit, id, body),
      };
    },
    async deleteBranchRestriction(repo, id) {
      return {
        plan: [{ operation: OP.delete, params: { ...repoParams(repo), id } }],
        async send() {
          const api = await ctx.api();
          await api.DELETE('/repositories/{workspace}/{repo_slug}/branch-restrictions/{id}', { params: { path: { ...repoParams(repo), id: String(id) } } });
        },
      };
    },
  };
}
