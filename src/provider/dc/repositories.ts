import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import type { RepoLocator, Repository, RepositoryMethods } from '../types.js';
import { resolveWorkspace } from '../workspace.js';
import { conditionReviewers } from './default-reviewers.js';
import { dcPaginate, dcSend } from './http.js';
import { type DcRepository, projectKey, repoParams, selfHref } from './shapes.js';

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

export function repositoryMethods(ctx: Context): RepositoryMethods {
  const conditions = (ref: RepoLocator) =>
    conditionReviewers(ctx, {
      ops: { list: OP.conditions, create: OP.conditionCreate, update: OP.conditionUpdate, delete: OP.conditionDelete },
      params: repoParams(ref),
      type: 'REPOSITORY',
      label: `${ref.workspace}/${ref.repo}`,
    });
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
    listDefaultReviewers: (ref, opts) => conditions(ref).list(opts),
    addDefaultReviewer: (ref, user) => conditions(ref).add(user),
    removeDefaultReviewer: (ref, user) => conditions(ref).remove(user),
  };
}
