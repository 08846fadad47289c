/**
 * What the `bb pipeline …` commands ask Bitbucket Cloud (Pipelines has no Data Center equivalent): the operations, the
 * shapes bb reads, and pipeline lookup by build number, UUID or the current branch.
 */
import { repoParams, templateOf } from '../../api/path.js';
import { must } from '../../api/client.js';
import { paginate } from '../../api/paginate.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
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
