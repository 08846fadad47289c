/**
 * `bb runner …`: Pipelines self-hosted runners of the repository (default, -R) or of a workspace (--workspace). Note the
 * spec's spelling: `pipelines-config` (with a hyphen) at both levels.
 */
import { expandPath } from '../../api/path.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import type { CommandInput } from '../define.js';

export const OP = {
  repoList: 'GET /repositories/{workspace}/{repo_slug}/pipelines-config/runners',
  repoCreate: 'POST /repositories/{workspace}/{repo_slug}/pipelines-config/runners',
  repoView: 'GET /repositories/{workspace}/{repo_slug}/pipelines-config/runners/{runner_uuid}',
  repoUpdate: 'PUT /repositories/{workspace}/{repo_slug}/pipelines-config/runners/{runner_uuid}',
  repoDelete: 'DELETE /repositories/{workspace}/{repo_slug}/pipelines-config/runners/{runner_uuid}',
  wsList: 'GET /workspaces/{workspace}/pipelines-config/runners',
  wsCreate: 'POST /workspaces/{workspace}/pipelines-config/runners',
  wsView: 'GET /workspaces/{workspace}/pipelines-config/runners/{runner_uuid}',
  wsUpdate: 'PUT /workspaces/{workspace}/pipelines-config/runners/{runner_uuid}',
  wsDelete: 'DELETE /workspaces/{workspace}/pipelines-config/runners/{runner_uuid}',
} as const;

export interface Runner {
  uuid: string;
  name?: string;
  labels?: string[];
  state?: { status?: string; cordoned?: boolean; updated_on?: string; version?: { version?: string; current?: string } };
  created_on?: string;
  updated_on?: string;
  oauth_client?: { id?: string; secret?: string; token_endpoint?: string; audience?: string };
}

/** What the table and --json read (`fields=` on the list). */
export const RUNNER_FIELDS = ['uuid', 'name', 'labels', 'state.status', 'state.cordoned', 'state.version.version', 'created_on', 'updated_on'];
export const RUNNER_JSON_FIELDS = ['uuid', 'name', 'labels', 'status', 'cordoned', 'version', 'createdAt', 'updatedAt'];

/** The runner as --json prints it: never the OAuth client secret. */
export function runnerJson(r: Runner): Record<string, unknown> {
  return {
    uuid: r.uuid,
    name: r.name ?? null,
    labels: r.labels ?? [],
    status: r.state?.status ?? null,
    cordoned: r.state?.cordoned ?? null,
    version: r.state?.version?.version ?? null,
    createdAt: r.created_on ?? null,
    updatedAt: r.updated_on ?? null,
  };
}

export const WORKSPACE_FLAG = {
  name: 'workspace',
  short: 'w',
  type: 'string',
  valueName: 'WORKSPACE',
  description: "the workspace's runners instead of the repository's",
} as const;

export interface Level {
  label: string;
  params: Record<string, string>;
  list: string;
  create: string;
  view: string;
  update: string;
  remove: string;
}

/** The repository (default) or, with --workspace, the workspace. */
export async function levelOf(ctx: Context, input: CommandInput): Promise<Level> {
  const ws = input.flags.workspace as string | undefined;
  if (ws !== undefined) {
    if (typeof input.flags.repo === 'string' && input.flags.repo !== '') throw new BbError('INVALID_ARGUMENT', '--workspace cannot be used with -R');
    const w = ws.trim();
    if (!/^[A-Za-z0-9_.-]+$|^\{[0-9a-f-]{36}\}$/i.test(w))
      throw new BbError('INVALID_ARGUMENT', `"${ws}" is not a workspace`, { hints: ['e.g. --workspace myteam'] });
    return {
      label: `workspace ${w}`,
      params: { workspace: w },
      list: OP.wsList,
      create: OP.wsCreate,
      view: OP.wsView,
      update: OP.wsUpdate,
      remove: OP.wsDelete,
    };
  }
  const repo = await ctx.repo(input.flags.repo);
  return {
    label: `${repo.workspace}/${repo.repo}`,
    params: { workspace: repo.workspace, repo_slug: repo.repo },
    list: OP.repoList,
    create: OP.repoCreate,
    view: OP.repoView,
    update: OP.repoUpdate,
    remove: OP.repoDelete,
  };
}

/** A runner's UUID, braced (`{…}`) or bare; anything else is refused. */
export function parseRunnerId(text: unknown): string {
  const t = String(text ?? '').trim();
  const u = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i.exec(t);
  if (!u?.[1]) throw new BbError('INVALID_ARGUMENT', `"${t}" is not a runner: expected its UUID`, { hints: ['list them with `bb runner list`'] });
  return `{${u[1].toLowerCase()}}`;
}

/** --label values: non-empty, no spaces (Bitbucket matches them against `runs-on:` of a step). */
export function checkLabels(values: unknown): string[] {
  const labels = (Array.isArray(values) ? values : [values]).map((v) => String(v ?? '').trim()).filter((v) => v !== '');
  for (const l of labels) {
    if (!/^[A-Za-z0-9_.-]+$/.test(l))
      throw new BbError('INVALID_ARGUMENT', `"${l}" is not a runner label`, { hints: ['labels are words like linux, self.hosted or gpu.large'] });
  }
  return [...new Set(labels)];
}

/** JSON call on a level's own operation (paths differ per level, so they come from the spec templates). */
export async function call<T>(ctx: Context, operation: string, params: Record<string, string>, body?: unknown): Promise<T | undefined> {
  const http = await ctx.http();
  const [method, tpl] = operation.split(' ', 2) as [string, string];
  const request = new Request(http.url(expandPath(tpl, params)), {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const response = await http.send(request, { operation });
  const text = await response.text();
  return text ? (JSON.parse(text) as T) : undefined;
}

export function statusOf(r: Runner): string {
  const s = r.state?.status ?? '';
  return r.state?.cordoned ? `${s} (cordoned)` : s;
}
