/**
 * Helpers shared by the `bb pipeline …` commands: the shapes bb reads, pipeline lookup by build number,
 * UUID or the current branch, states and results, and `KEY=VALUE` variables (secured ones never shown).
 */
import { templateOf } from '../../api/path.js';
import { must } from '../../api/client.js';
import { paginate } from '../../api/paginate.js';
import type { Context } from '../../context.js';
import { BbError } from '../../errors.js';
import { checkedOutBranch } from '../../git/git.js';
import type { RepoRef } from '../../git/remote.js';

export const OP = {
  list: 'GET /repositories/{workspace}/{repo_slug}/pipelines',
  get: 'GET /repositories/{workspace}/{repo_slug}/pipelines/{pipeline_uuid}',
  steps: 'GET /repositories/{workspace}/{repo_slug}/pipelines/{pipeline_uuid}/steps',
  step: 'GET /repositories/{workspace}/{repo_slug}/pipelines/{pipeline_uuid}/steps/{step_uuid}',
  log: 'GET /repositories/{workspace}/{repo_slug}/pipelines/{pipeline_uuid}/steps/{step_uuid}/log',
  run: 'POST /repositories/{workspace}/{repo_slug}/pipelines',
  stop: 'POST /repositories/{workspace}/{repo_slug}/pipelines/{pipeline_uuid}/stopPipeline',
} as const;

export interface State {
  name?: string;
  type?: string;
  result?: { name?: string; type?: string };
  stage?: { name?: string; type?: string };
}

export interface Pipeline {
  uuid: string;
  build_number?: number;
  state?: State;
  target?: {
    type?: string;
    ref_type?: string;
    ref_name?: string;
    commit?: { hash?: string };
    selector?: { type?: string; pattern?: string };
    source?: string;
    destination?: string;
  };
  trigger?: { name?: string; type?: string };
  creator?: { display_name?: string; nickname?: string; uuid?: string };
  created_on?: string;
  completed_on?: string;
  build_seconds_used?: number;
  duration_in_seconds?: number;
  links?: { html?: { href?: string } };
}

export interface Step {
  uuid: string;
  name?: string;
  state?: State;
  started_on?: string;
  completed_on?: string;
  duration_in_seconds?: number;
}

export type RepoParams = { workspace: string; repo_slug: string };

export function repoParams(ref: RepoRef): RepoParams {
  return { workspace: ref.workspace, repo_slug: ref.repo };
}

/** The state a person reads: the result when completed (SUCCESSFUL, FAILED…), else the stage or state. */
export function statusOf(state: State | undefined): string {
  if (!state?.name) return 'UNKNOWN';
  if (state.name === 'COMPLETED') return state.result?.name ?? 'COMPLETED';
  return state.stage?.name && state.stage.name !== state.name ? `${state.name}/${state.stage.name}` : state.name;
}

export function isCompleted(state: State | undefined): boolean {
  return state?.name === 'COMPLETED';
}

/** Exit status for a finished pipeline: 0 only when it succeeded. */
export function exitFor(state: State | undefined): number {
  return isCompleted(state) && state?.result?.name === 'SUCCESSFUL' ? 0 : 1;
}

export function styleFor(status: string): 'green' | 'red' | 'yellow' | 'gray' | undefined {
  if (status === 'SUCCESSFUL') return 'green';
  if (['FAILED', 'ERROR', 'EXPIRED'].includes(status)) return 'red';
  if (status === 'STOPPED' || status === 'NOT_RUN') return 'gray';
  if (/PROGRESS|RUNNING|PENDING|PAUSED|HALTED/.test(status)) return 'yellow';
  return undefined;
}

/** What the pipeline ran on: `branch main`, `custom deploy-prod on main`, `commit 1a2b3c4`. */
export function targetLabel(p: Pipeline): string {
  const t = p.target;
  if (!t) return '';
  const ref = t.ref_name ?? (t.source ? `${t.source} → ${t.destination ?? '?'}` : t.commit?.hash?.slice(0, 7));
  if (t.selector?.type === 'custom') return `custom ${t.selector.pattern ?? ''} on ${ref ?? '?'}`;
  return ref ?? '';
}

export function seconds(n: number | undefined): string {
  if (n === undefined || n === null) return '';
  const m = Math.floor(n / 60);
  return m ? `${m}m${String(n % 60).padStart(2, '0')}s` : `${n}s`;
}

export const PIPELINE_JSON_FIELDS = [
  'uuid',
  'buildNumber',
  'state',
  'result',
  'status',
  'refName',
  'refType',
  'commit',
  'selector',
  'trigger',
  'creator',
  'createdAt',
  'completedAt',
  'durationSeconds',
  'url',
] as const;

export function pipelineJson(p: Pipeline, webBase?: string): Record<string, unknown> {
  return {
    uuid: p.uuid,
    buildNumber: p.build_number ?? null,
    state: p.state?.name ?? null,
    result: p.state?.result?.name ?? null,
    status: statusOf(p.state),
    refName: p.target?.ref_name ?? null,
    refType: p.target?.ref_type ?? null,
    commit: p.target?.commit?.hash ?? null,
    selector: p.target?.selector ? { type: p.target.selector.type ?? null, pattern: p.target.selector.pattern ?? null } : null,
    trigger: p.trigger?.name ?? null,
    creator: p.creator?.display_name ?? p.creator?.nickname ?? null,
    createdAt: p.created_on ?? null,
    completedAt: p.completed_on ?? null,
    durationSeconds: p.duration_in_seconds ?? p.build_seconds_used ?? null,
    url: p.links?.html?.href ?? (webBase && p.build_number !== undefined ? `${webBase}/pipelines/results/${p.build_number}` : null),
  };
}

export function stepJson(s: Step): Record<string, unknown> {
  return {
    uuid: s.uuid,
    name: s.name ?? null,
    state: s.state?.name ?? null,
    result: s.state?.result?.name ?? null,
    status: statusOf(s.state),
    startedAt: s.started_on ?? null,
    completedAt: s.completed_on ?? null,
    durationSeconds: s.duration_in_seconds ?? null,
  };
}

/** `42`, `#42` → a build number; `{uuid}` or a bare UUID → `{uuid}`; anything else is refused. */
export function parsePipelineId(text: string): string {
  const t = text.trim();
  const n = /^#?(\d+)$/.exec(t) ?? /\/pipelines\/results\/(\d+)(?:[/?#].*)?$/.exec(t);
  if (n?.[1]) return n[1];
  const u = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i.exec(t);
  if (u?.[1]) return `{${u[1].toLowerCase()}}`;
  throw new BbError('INVALID_ARGUMENT', `"${text}" is not a pipeline: expected a build number (42) or a UUID`, {
    hints: ['list them with `bb pipeline list`'],
  });
}

/**
 * The pipeline of a command's `[pipeline]` argument: GET by build number or UUID; without one, the
 * latest pipeline of the current branch (or of the repository when there is no branch here).
 */
export async function resolvePipeline(ctx: Context, repo: RepoRef, arg: unknown): Promise<Pipeline> {
  const where = `${repo.workspace}/${repo.repo}`;
  if (typeof arg === 'string' && arg !== '') {
    const id = parsePipelineId(arg);
    const api = await ctx.api();
    try {
      return must(
        await api.GET('/repositories/{workspace}/{repo_slug}/pipelines/{pipeline_uuid}', {
          params: { path: { ...repoParams(repo), pipeline_uuid: id } },
        }),
      ) as unknown as Pipeline;
    } catch (e) {
      if (e instanceof BbError && e.errorName === 'API_NOT_FOUND') {
        throw new BbError('API_NOT_FOUND', `pipeline ${arg} not found in ${where}`, {
          operation: e.operation,
          status: 404,
          hints: ['list them with `bb pipeline list`; is Pipelines enabled for this repository?'],
        });
      }
      throw e;
    }
  }
  const branch = await checkedOutBranch(ctx.git);
  const found = await paginate<Pipeline>(
    await ctx.http(),
    templateOf(OP.list),
    repoParams(repo),
    { sort: '-created_on', 'target.branch': branch },
    { limit: 1 },
  );
  const p = found[0];
  if (!p) {
    throw new BbError('API_NOT_FOUND', `no pipeline${branch ? ` on branch ${branch}` : ''} in ${where}`, {
      operation: OP.list,
      hints: ['start one with `bb pipeline run`, or pass a build number'],
    });
  }
  return p;
}

export async function listSteps(ctx: Context, repo: RepoRef, pipelineUuid: string): Promise<Step[]> {
  return paginate<Step>(await ctx.http(), templateOf(OP.steps), { ...repoParams(repo), pipeline_uuid: pipelineUuid }, {}, { all: true });
}

export function pipelineName(p: Pipeline): string {
  return p.build_number !== undefined ? `#${p.build_number}` : p.uuid;
}

// ---------------------------------------------------------------------------------------------------
// Variables for `pipeline run`

export interface RunVariable {
  key: string;
  value: string;
  secured: boolean;
}

export const MASK = '••••••••';

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `--var KEY=VALUE` (plain) and `--secure-var KEY=VALUE` (secured); `--secure-var KEY` alone takes the
 * value from the environment variable KEY, so a secret need not appear in argv.
 */
export function parseVariables(plain: string[], secure: string[], env: NodeJS.ProcessEnv): RunVariable[] {
  const out: RunVariable[] = [];
  const one = (raw: string, secured: boolean) => {
    const eq = raw.indexOf('=');
    const key = eq < 0 ? raw : raw.slice(0, eq);
    if (!KEY.test(key)) {
      throw new BbError('INVALID_ARGUMENT', `"${secured ? key : raw}" is not KEY=VALUE with a variable name (letters, digits, _)`, {
        hints: ['for example: --var DEPLOY_ENV=staging --secure-var API_KEY'],
      });
    }
    let value: string;
    if (eq >= 0) value = raw.slice(eq + 1);
    else if (secured && env[key] !== undefined) value = env[key] as string;
    else if (secured)
      throw new BbError('INVALID_ARGUMENT', `--secure-var ${key}: no value, and $${key} is not set`, {
        hints: [`export ${key}=… first, or pass ${key}=VALUE`],
      });
    else throw new BbError('INVALID_ARGUMENT', `--var ${raw}: expected KEY=VALUE`);
    const existing = out.findIndex((v) => v.key === key);
    if (existing >= 0) out.splice(existing, 1);
    out.push({ key, value, secured });
  };
  for (const raw of plain) one(raw, false);
  for (const raw of secure) one(raw, true);
  return out;
}

/** Variables as shown (dry run, output): secured values masked. */
export function maskedVariables(vars: RunVariable[]): RunVariable[] {
  return vars.map((v) => (v.secured ? { ...v, value: MASK } : v));
}
