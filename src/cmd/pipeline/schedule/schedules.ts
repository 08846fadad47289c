/**
 * `bb pipeline schedule …`: the operations, the shape bb reads, the --json fields and the schedule argument.
 * Bitbucket takes a Quartz cron expression with seconds (7 fields: `0 0 2 * * ? *` is 02:00 UTC every day).
 */
import { BbError } from '../../../core/errors.js';

export const OP = {
  list: 'GET /repositories/{workspace}/{repo_slug}/pipelines_config/schedules',
  create: 'POST /repositories/{workspace}/{repo_slug}/pipelines_config/schedules',
  update: 'PUT /repositories/{workspace}/{repo_slug}/pipelines_config/schedules/{schedule_uuid}',
  remove: 'DELETE /repositories/{workspace}/{repo_slug}/pipelines_config/schedules/{schedule_uuid}',
} as const;

export interface Schedule {
  uuid: string;
  enabled?: boolean;
  target?: { ref_name?: string; ref_type?: string; selector?: { type?: string; pattern?: string } };
  cron_pattern?: string;
  created_on?: string;
  updated_on?: string;
}

/** What the table and --json read (`fields=` on the list). */
export const SCHEDULE_FIELDS = [
  'uuid',
  'enabled',
  'target.ref_name',
  'target.selector.type',
  'target.selector.pattern',
  'cron_pattern',
  'created_on',
  'updated_on',
];
export const SCHEDULE_JSON_FIELDS = ['uuid', 'enabled', 'refName', 'selector', 'cron', 'createdAt', 'updatedAt'];

export function scheduleJson(s: Schedule): Record<string, unknown> {
  const sel = s.target?.selector;
  return {
    uuid: s.uuid,
    enabled: s.enabled ?? null,
    refName: s.target?.ref_name ?? null,
    selector: sel ? { type: sel.type ?? null, pattern: sel.pattern ?? null } : null,
    cron: s.cron_pattern ?? null,
    createdAt: s.created_on ?? null,
    updatedAt: s.updated_on ?? null,
  };
}

/** What the schedule runs: `branch main`, or `custom nightly on main`. */
export function scheduleRuns(s: Schedule): string {
  const sel = s.target?.selector;
  const ref = s.target?.ref_name ?? '?';
  return sel?.type === 'custom' ? `custom ${sel.pattern ?? ''} on ${ref}` : ref;
}

/** A schedule's UUID, braced (`{…}`) or bare; anything else is refused. */
export function parseScheduleId(text: unknown): string {
  const t = String(text ?? '').trim();
  const u = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i.exec(t);
  if (!u?.[1]) {
    throw new BbError('INVALID_ARGUMENT', `"${t}" is not a schedule: expected its UUID`, { hints: ['list them with `bb pipeline schedule list`'] });
  }
  return `{${u[1].toLowerCase()}}`;
}

/**
 * A first check of --cron before anything is sent: Bitbucket wants Quartz's fields, seconds first (it validates the
 * rest and answers 400). A classic 5-field crontab line is the usual mistake: say how to write it.
 */
export function checkCron(text: unknown): string {
  const cron = String(text ?? '').trim();
  const n = cron === '' ? 0 : cron.split(/\s+/).length;
  if (n === 6 || n === 7) return cron.split(/\s+/).join(' ');
  throw new BbError(
    'INVALID_ARGUMENT',
    `--cron needs a Quartz cron expression of 7 fields (seconds minutes hours day-of-month month day-of-week year), not ${n} fields`,
    {
      hints: [
        'every day at 02:00 UTC: --cron "0 0 2 * * ? *"; every Monday at 06:30 UTC: --cron "0 30 6 ? * MON *"',
        'Quartz has seconds first, and ? in day-of-month or day-of-week',
      ],
    },
  );
}
