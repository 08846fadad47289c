import type { State, Pipeline, Step } from './operations.js';

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

export function pipelineName(p: Pipeline): string {
  return p.build_number !== undefined ? `#${p.build_number}` : p.uuid;
}
