import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import type { Repository, RepositoryMethods, Reviewer, Write } from '../types.js';
import { resolveWorkspace } from '../workspace.js';
import { dcPaginate, dcSend } from './http.js';
import { type DcCondition, type DcRepository, type DcUser, projectKey, repoParams, selfHref } from './shapes.js';

const OP = {
  list: 'GET /api/latest/projects/{projectKey}/repos',
  listAll: 'GET /api/latest/repos',
  get: 'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}',
  create: 'POST /api/latest/projects/{projectKey}/repos',
  delete: 'DELETE /api/latest/projects/{projectKey}/repos/{repositorySlug}',
  forks: 'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/forks',
  fork: 'POST /api/latest/projects/{projectKey}/repos/{repositorySlug}',
  update: 'PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}',
  defaultBranch: 'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/default-branch',
  conditions: 'GET /default-reviewers/latest/projects/{projectKey}/repos/{repositorySlug}/conditions',
  conditionCreate: 'POST /default-reviewers/latest/projects/{projectKey}/repos/{repositorySlug}/condition',
  conditionUpdate: 'PUT /default-reviewers/latest/projects/{projectKey}/repos/{repositorySlug}/condition/{id}',
  conditionDelete: 'DELETE /default-reviewers/latest/projects/{projectKey}/repos/{repositorySlug}/condition/{id}',
  user: 'GET /api/latest/users/{userSlug}',
} as const;

/** A DC repository in the domain shape: what Cloud has and DC lacks (language, dates, size, uuid, owner) is null. */
export function dcRepository(r: DcRepository): Repository {
  const clone = r.links?.clone ?? [];
  const http = clone.find((l) => l.name === 'http' || l.name === 'https')?.href ?? null;
  const ssh = clone.find((l) => l.name === 'ssh')?.href ?? null;
  const key = r.project?.key ?? null;
  const origin = r.origin;
  return {
    name: r.name ?? null,
    fullName: key && r.slug ? `${key}/${r.slug}` : (r.slug ?? null),
    slug: r.slug ?? '',
    description: r.description ?? '',
    isPrivate: r.public === undefined ? null : !r.public,
    visibility: r.public ? 'public' : 'private',
    language: '',
    mainBranch: r.defaultBranch ?? null,
    createdAt: null,
    updatedAt: null,
    size: null,
    uuid: null,
    url: selfHref(r.links),
    project: r.project ? { key: r.project.key ?? null, name: r.project.name ?? null, uuid: null } : null,
    owner: null,
    scm: r.scmId ?? null,
    forkPolicy: r.forkable === undefined ? null : r.forkable ? 'allow_forks' : 'no_forks',
    hasIssues: null,
    hasWiki: null,
    parent: origin?.project?.key && origin.slug ? `${origin.project.key}/${origin.slug}` : null,
    httpsUrl: http ? stripUserInfo(http) : null,
    sshUrl: ssh,
  };
}

function stripUserInfo(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.href;
  } catch {
    return url;
  }
}

function reviewerOf(u: DcUser, conditions: string[]): Reviewer {
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

const ANY = { id: 'ANY_REF_MATCHER_ID', displayId: 'ANY_REF_MATCHER_ID', type: { id: 'ANY_REF' as const, name: 'Any branch' } };

export function repositoryMethods(ctx: Context): RepositoryMethods {
  const conditions = (ref: Parameters<RepositoryMethods['getRepository']>[0]) =>
    dcSend<DcCondition[]>(ctx, OP.conditions, repoParams(ref)).then((c) => (Array.isArray(c) ? c : []));
  return {
    defaultReviewerDetail: 'conditions',
    // the argument is a project key; without one, every repository you can see
    repositoryListOwner: async (project) => project as string | undefined,
    // repositories live in a project: PROJECT/NAME, --project or --workspace name it
    repositoryCreateOwner: async (workspace, project) => (project && !workspace ? project : resolveWorkspace(ctx, workspace)),
    async listRepositories(owner, opts) {
      if (opts.language) throw new BbError('INVALID_ARGUMENT', '--language is not available on Data Center (it does not record languages)');
      if (opts.sort && opts.sort !== '-updated_on')
        throw new BbError('INVALID_ARGUMENT', '--sort is not available on Data Center (it lists repositories by name)');
      const filtered = opts.search || opts.visibility || !owner;
      const repos = filtered
        ? await dcPaginate<DcRepository>(
            ctx,
            OP.listAll,
            {},
            { projectkey: owner ? projectKey(owner) : undefined, name: opts.search?.trim() || undefined, visibility: opts.visibility },
            opts,
          )
        : await dcPaginate<DcRepository>(ctx, OP.list, { projectKey: projectKey(owner) }, {}, opts);
      return repos.map(dcRepository);
    },
    async listForks(ref, opts) {
      // only the forks you can read (REPO_READ), as Data Center filters them
      return (await dcPaginate<DcRepository>(ctx, OP.forks, repoParams(ref), {}, opts)).map(dcRepository);
    },
    async getRepository(ref) {
      const repo = dcRepository(await dcSend<DcRepository>(ctx, OP.get, repoParams(ref)));
      // DC 9.x sends no defaultBranch with the repository: ask for it (an empty repository has none)
      if (repo.mainBranch === null)
        repo.mainBranch = await dcSend<{ displayId?: string }>(ctx, OP.defaultBranch, repoParams(ref)).then(
          (b) => b?.displayId ?? null,
          () => null,
        );
      return repo;
    },
    async createRepository(input) {
      const params = { projectKey: projectKey(input.owner) };
      const body = { name: input.name, scmId: 'git', public: !input.isPrivate, ...(input.description !== undefined ? { description: input.description } : {}) };
      return { plan: [{ operation: OP.create, params, body }], send: async () => dcRepository(await dcSend<DcRepository>(ctx, OP.create, params, { body })) };
    },
    async deleteRepository(ref) {
      const params = repoParams(ref);
      return {
        plan: [{ operation: OP.delete, params }],
        send: async () => {
          await dcSend(ctx, OP.delete, params);
        },
      };
    },
    async forkRepository(ref, input) {
      if (input.isPrivate !== undefined)
        throw new BbError('INVALID_ARGUMENT', '--private and --public are not available on Data Center', {
          hints: ['a fork starts private; make it public afterwards: bb repo edit --visibility public'],
        });
      const params = repoParams(ref);
      const body = { ...(input.name ? { name: input.name } : {}), ...(input.owner ? { project: { key: projectKey(input.owner) } } : {}) };
      return { plan: [{ operation: OP.fork, params, body }], send: async () => dcRepository(await dcSend<DcRepository>(ctx, OP.fork, params, { body })) };
    },
    async updateRepository(ref, change) {
      const cloudOnly = (['hasIssues', 'hasWiki', 'language', 'website'] as const).filter((k) => change[k] !== undefined);
      if (cloudOnly.length)
        throw new BbError(
          'INVALID_ARGUMENT',
          `${cloudOnly.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}: not available on Data Center`,
        );
      if (change.forkPolicy === 'no_public_forks')
        throw new BbError('INVALID_ARGUMENT', 'Data Center repositories are forkable or not: use allow_forks or no_forks');
      const params = repoParams(ref);
      const body: Record<string, unknown> = {};
      if (change.name !== undefined) body.name = change.name;
      if (change.description !== undefined) body.description = change.description;
      if (change.isPrivate !== undefined) body.public = !change.isPrivate;
      if (change.mainBranch !== undefined) body.defaultBranch = change.mainBranch;
      if (change.forkPolicy !== undefined) body.forkable = change.forkPolicy === 'allow_forks';
      return {
        plan: [{ operation: OP.update, params, body }],
        send: async () => dcRepository(await dcSend<DcRepository>(ctx, OP.update, params, { body })),
      };
    },
    async mainBranch(ref) {
      const b = await dcSend<{ displayId?: string }>(ctx, OP.defaultBranch, repoParams(ref)).catch((e) => {
        if (e instanceof BbError && e.errorName === 'API_NOT_FOUND') return undefined;
        throw e;
      });
      if (!b?.displayId)
        throw new BbError('INVALID_ARGUMENT', `${ref.workspace}/${ref.repo} has no default branch (is it empty?)`, { hints: ['pass the branch explicitly'] });
      return b.displayId;
    },
    async listDefaultReviewers(ref, opts) {
      const byUser = new Map<string, { user: DcUser; conditions: string[] }>();
      for (const c of await conditions(ref)) {
        const text = `${matcherText(c.sourceRefMatcher)} → ${matcherText(c.targetRefMatcher)} (${c.requiredApprovals ?? 0} required)`;
        for (const u of c.reviewers ?? []) {
          const k = u.slug ?? u.name ?? String(u.id);
          const entry = byUser.get(k) ?? { user: u, conditions: [] };
          entry.conditions.push(text);
          byUser.set(k, entry);
        }
      }
      const all = [...byUser.values()].map((e) => reviewerOf(e.user, e.conditions));
      return opts.all ? all : all.slice(0, opts.limit ?? 30);
    },
    async addDefaultReviewer(ref, user): Promise<Write<Reviewer | undefined>> {
      const params = repoParams(ref);
      const u = await dcSend<DcUser>(ctx, OP.user, { userSlug: user });
      const any = (await conditions(ref)).find(
        (c) => c.sourceRefMatcher?.type?.id === 'ANY_REF' && c.targetRefMatcher?.type?.id === 'ANY_REF' && c.id !== undefined,
      );
      const reviewers = [...(any?.reviewers ?? []).filter((r) => r.id !== u.id), u].map((r) => ({ id: r.id }));
      const body = { sourceMatcher: ANY, targetMatcher: ANY, reviewers, requiredApprovals: any?.requiredApprovals ?? 0 };
      const op = any ? OP.conditionUpdate : OP.conditionCreate;
      const p = any ? { ...params, id: any.id as number } : params;
      return {
        plan: [{ operation: op, params: p, body }],
        send: async () => {
          await dcSend(ctx, op, p, { body });
          return reviewerOf(u, []);
        },
      };
    },
    async removeDefaultReviewer(ref, user) {
      const params = repoParams(ref);
      const holding = (await conditions(ref)).filter((c) => c.id !== undefined && (c.reviewers ?? []).some((r) => r.slug === user || r.name === user));
      if (holding.length === 0) throw new BbError('API_NOT_FOUND', `${user} is not a default reviewer of ${ref.workspace}/${ref.repo}`);
      const plan = holding.map((c) => {
        const rest = (c.reviewers ?? []).filter((r) => r.slug !== user && r.name !== user);
        const p = { ...params, id: c.id as number };
        if (rest.length === 0) return { operation: OP.conditionDelete, params: p };
        return {
          operation: OP.conditionUpdate,
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
