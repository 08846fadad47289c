/** One pull-request task as the `bb pr tasks …` commands handle it: its `--json` form, table columns and the task-id argument. */
import { BbError } from '../../../core/errors.js';
import type { Column } from '../../../output/table.js';
import { type PrTask, TASK_JSON_FIELDS } from '../../../provider/tasks.js';
import type { CommandInput } from '../../define.js';
import { accountName } from '../present.js';

/** The `--json` form of a task: its JSON fields only. */
export function taskJson(t: PrTask): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of TASK_JSON_FIELDS) out[f] = t[f];
  return out;
}

export const TASK_COLUMNS: Column<PrTask>[] = [
  { header: 'ID', value: (t) => String(t.id), style: () => 'green' },
  { header: 'State', value: (t) => t.state, style: (t) => (t.state === 'RESOLVED' ? 'gray' : 'yellow') },
  { header: 'Task', value: (t) => t.body.replace(/\s+/g, ' ').trim(), flexible: true },
  { header: 'Author', value: (t) => accountName(t.author) },
  { header: 'Comment', value: (t) => (t.commentId !== null ? `#${t.commentId}` : '') },
];

export const TASK_ARG = { name: 'task', description: 'task id (see `bb pr tasks list`)', required: true } as const;

export function taskId(input: CommandInput): number {
  const raw = String(input.args.task ?? '');
  const n = /^#?\d+$/.test(raw.trim()) ? Number(raw.trim().replace(/^#/, '')) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new BbError('INVALID_ARGUMENT', `"${raw}" is not a task id`, { hints: ['bb pr tasks list shows the ids'] });
  return n;
}

/** The task text of `--body` / `--body-file`, refused when empty. */
export function taskText(text: string | undefined, what = 'the task'): string {
  if (!text?.trim()) throw new BbError('INVALID_ARGUMENT', `${what} is empty`, { hints: ['pass --body TEXT or --body-file FILE'] });
  return text;
}
