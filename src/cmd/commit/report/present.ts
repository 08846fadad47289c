import type { Context } from '../../../context/context.js';
import type { InsightAnnotation, InsightReport } from '../../../provider/insights.js';
import { sanitize } from '../../../output/sanitize.js';
import { type Column, printFields } from '../../../output/table.js';

export { ANNOTATION_JSON_FIELDS, REPORT_JSON_FIELDS } from '../../../provider/insights.js';

/** The COMMIT and REPORT_ID arguments of the report commands. */
export const COMMIT_ARG = { name: 'commit', description: 'commit hash, branch, tag or commit URL', required: true, accepts: 'commit' } as const;
export const REPORT_ARG = { name: 'report', description: "the report's id (the one it was created with, e.g. mysystem-001)", required: true } as const;

export const REPORT_COLUMNS = (ctx: Context): Column<InsightReport>[] => [
  { header: 'Id', value: (r) => r.id ?? r.uuid ?? '' },
  { header: 'Result', value: (r) => r.result ?? '', style: (r) => (r.result === 'FAILED' ? 'red' : r.result === 'PASSED' ? 'green' : 'yellow') },
  { header: 'Type', value: (r) => r.type ?? '' },
  { header: 'Title', value: (r) => r.title ?? '', flexible: true },
  { header: 'Reporter', value: (r) => r.reporter ?? '', style: () => (ctx.io.stdoutIsTTY ? 'gray' : undefined) },
];

export const ANNOTATION_COLUMNS: Column<InsightAnnotation>[] = [
  { header: 'Id', value: (a) => a.id ?? a.uuid ?? '' },
  { header: 'Severity', value: (a) => a.severity ?? '' },
  { header: 'Location', value: (a) => (a.path ? `${a.path}${a.line ? `:${a.line}` : ''}` : '') },
  { header: 'Summary', value: (a) => a.summary ?? '', flexible: true },
];

function datumText(value: unknown): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.href === 'string') return typeof v.text === 'string' ? `${v.text} <${v.href}>` : v.href;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A report's fields (sanitised by printFields), then its data fields. */
export function printReport(ctx: Context, r: InsightReport): void {
  printFields(ctx.io, [
    ['id', r.id ?? undefined],
    ['title', r.title ?? undefined],
    ['type', r.type ?? undefined],
    ['result', r.result ?? undefined],
    ['reporter', r.reporter ?? undefined],
    ['commit', r.commit],
    ['url', r.url ?? undefined],
    ['updated', r.updatedAt ?? undefined],
    ['details', r.details ?? undefined],
    ...r.data.map((d): [string, string] => [sanitize(d.title, { singleLine: true }), datumText(d.value)]),
  ]);
}

export const ANNOTATION_ARG = { name: 'annotation', description: "the annotation's id (its externalId)", required: true } as const;
