/**
 * The levels of the `bb variable …` commands. Pipelines variables live at three levels, each with its
 * own paths (note the spec's spellings: `pipelines_config` for repositories, `pipelines-config` for
 * workspaces, `deployments_config` for deployment environments):
 * the repository (default), the workspace (`--workspace W`) and a deployment environment (`--env NAME`).
 */
import { paginate } from '../../api/paginate.js';
import { expandPath, templateOf } from '../../api/path.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import type { CommandInput } from '../define.js';

export const OP = {
  repoList: 'GET /repositories/{workspace}/{repo_slug}/pipelines_config/variables',
  repoCreate: 'POST /repositories/{workspace}/{repo_slug}/pipelines_config/variables',
  repoUpdate: 'PUT /repositories/{workspace}/{repo_slug}/pipelines_config/variables/{variable_uuid}',
  repoDelete: 'DELETE /repositories/{workspace}/{repo_slug}/pipelines_config/variables/{variable_uuid}',
  wsList: 'GET /workspaces/{workspace}/pipelines-config/variables',
  wsCreate: 'POST /workspaces/{workspace}/pipelines-config/variables',
  wsUpdate: 'PUT /workspaces/{workspace}/pipelines-config/variables/{variable_uuid}',
  wsDelete: 'DELETE /workspaces/{workspace}/pipelines-config/variables/{variable_uuid}',
  environments: 'GET /repositories/{workspace}/{repo_slug}/environments',
  envList: 'GET /repositories/{workspace}/{repo_slug}/deployments_config/environments/{environment_uuid}/variables',
  envCreate: 'POST /repositories/{workspace}/{repo_slug}/deployments_config/environments/{environment_uuid}/variables',
  envUpdate: 'PUT /repositories/{workspace}/{repo_slug}/deployments_config/environments/{environment_uuid}/variables/{variable_uuid}',
  envDelete: 'DELETE /repositories/{workspace}/{repo_slug}/deployments_config/environments/{environment_uuid}/variables/{variable_uuid}',
} as const;

export interface Variable {
  uuid: string;
  key: string;
  value?: string;
  secured?: boolean;
}

export const SCOPE_FLAGS = [
  { name: 'workspace', short: 'w', type: 'string', valueName: 'WORKSPACE', description: "the workspace's variables instead of the repository's" },
  { name: 'env', short: 'e', type: 'string', valueName: 'NAME', description: "a deployment environment's variables (e.g. Production)" },
] as const;

export interface Level {
  label: string;
  params: Record<string, string>;
  list: string;
  create: string;
  update: string;
  remove: string;
}

/** The level a command works on; `--env` looks the environment up by name (or takes its {uuid}). */
export async function levelOf(ctx: Context, input: CommandInput, opts: { lookup: boolean } = { lookup: true }): Promise<Level> {
  const ws = input.flags.workspace as string | undefined;
  const env = input.flags.env as string | undefined;
  if (ws !== undefined && (env !== undefined || (typeof input.flags.repo === 'string' && input.flags.repo !== ''))) {
    throw new BbError('INVALID_ARGUMENT', '--workspace cannot be used with -R or --env');
  }
  if (ws !== undefined) {
    return { label: `workspace ${ws}`, params: { workspace: ws }, list: OP.wsList, create: OP.wsCreate, update: OP.wsUpdate, remove: OP.wsDelete };
  }
  const repo = await ctx.repo(input.flags.repo);
  const params = { workspace: repo.workspace, repo_slug: repo.repo };
  const where = `${repo.workspace}/${repo.repo}`;
  if (env === undefined) return { label: where, params, list: OP.repoList, create: OP.repoCreate, update: OP.repoUpdate, remove: OP.repoDelete };
  let uuid = /^\{[0-9a-f-]{36}\}$/i.test(env) ? env : undefined;
  if (!uuid && opts.lookup) {
    const envs = await paginate<{ uuid: string; name?: string; slug?: string }>(await ctx.http(), templateOf(OP.environments), params, {}, { all: true });
    const found = envs.find((e) => e.name?.toLowerCase() === env.toLowerCase() || e.slug?.toLowerCase() === env.toLowerCase());
    if (!found) {
      throw new BbError('API_NOT_FOUND', `${where} has no deployment environment "${env}"`, {
        operation: OP.environments,
        hints: [`its environments: ${envs.map((e) => e.name).join(', ') || '(none)'}`],
      });
    }
    uuid = found.uuid;
  }
  return {
    label: `environment ${env} of ${where}`,
    params: { ...params, environment_uuid: uuid ?? '{environment-uuid}' },
    list: OP.envList,
    create: OP.envCreate,
    update: OP.envUpdate,
    remove: OP.envDelete,
  };
}

/** `fields`: the variable fields the caller reads (`variable list`: its table and --json fields), sent as `fields=`. */
export async function listVariables(ctx: Context, level: Level, fields?: readonly string[]): Promise<Variable[]> {
  return paginate<Variable>(await ctx.http(), templateOf(level.list), level.params, {}, { all: true, fields });
}

/** JSON/HTTP call on a level's own operation (paths differ per level, so they come from the spec templates). */
export async function call(ctx: Context, operation: string, params: Record<string, string>, body?: unknown): Promise<Response> {
  const http = await ctx.http();
  const [method, tpl] = operation.split(' ', 2) as [string, string];
  const request = new Request(http.url(expandPath(tpl, params)), {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return http.send(request, { operation });
}
