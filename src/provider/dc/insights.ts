import type { components } from '../../api/generated/dc-schema.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { DC_INSIGHT_OP as OP, type InsightAnnotation, type InsightMethods, type InsightReport, type ReportDatum } from '../insights.js';
import { dcPaginate, dcSend } from './http.js';
import { iso, repoParams } from './shapes.js';

type S = components['schemas'];
type DcReport = S['RestInsightReport'];
type DcAnnotation = S['RestInsightAnnotation'];
type DcDatum = S['RestInsightReportData'];

/** Data Center says PASS / FAIL; bb (and Cloud) PASSED / FAILED. DC has no PENDING: such a report is sent without a result. */
const RESULT_OUT: Record<string, string | undefined> = { PASSED: 'PASS', FAILED: 'FAIL', PENDING: undefined };
const RESULT_IN: Record<string, string> = { PASS: 'PASSED', FAIL: 'FAILED' };
/** DC's severities stop at HIGH: Cloud's CRITICAL is sent as HIGH. */
const SEVERITY_OUT: Record<string, string> = { CRITICAL: 'HIGH' };

/** A LINK datum's value is `{ text, href }` in bb and Cloud, `{ linktext, href }` on Data Center. */
function datumOut(d: ReportDatum): DcDatum {
  let value = d.value;
  if (d.type === 'LINK' && value && typeof value === 'object' && !Array.isArray(value)) {
    const { text, ...rest } = value as Record<string, unknown>;
    value = text === undefined ? rest : { linktext: text, ...rest };
  }
  return { title: d.title, ...(d.type ? { type: d.type } : {}), value: value as DcDatum['value'] };
}

function datumIn(d: DcDatum): ReportDatum {
  let value: unknown = d.value ?? null;
  if (d.type === 'LINK' && value && typeof value === 'object' && !Array.isArray(value)) {
    const { linktext, ...rest } = value as Record<string, unknown>;
    value = linktext === undefined ? rest : { text: linktext, ...rest };
  }
  return { title: d.title ?? '', ...(d.type ? { type: d.type } : {}), value };
}

export function dcReport(r: DcReport, commit: string): InsightReport {
  const created = iso(r.createdDate);
  return {
    id: r.key ?? null,
    uuid: null,
    title: r.title ?? null,
    details: r.details ?? null,
    type: null,
    result: r.result ? (RESULT_IN[r.result] ?? r.result) : null,
    reporter: r.reporter ?? null,
    url: r.link ?? null,
    logoUrl: r.logoUrl ?? null,
    data: (r.data ?? []).map(datumIn),
    commit,
    createdAt: created,
    updatedAt: created,
  };
}

function dcAnnotation(a: DcAnnotation, reportId: string): InsightAnnotation {
  return {
    id: a.externalId ?? null,
    uuid: null,
    reportId: a.reportKey ?? reportId,
    path: a.path ?? null,
    line: a.line ?? null,
    summary: a.message ?? null,
    details: null,
    severity: a.severity ?? null,
    type: a.type ?? null,
    result: null,
    url: a.link ?? null,
    createdAt: null,
    updatedAt: null,
  };
}

export function insightMethods(ctx: Context): InsightMethods {
  const paramsOf = (repo: Parameters<InsightMethods['listReports']>[0], commit: string) => ({ ...repoParams(repo), commitId: commit });
  return {
    async listReports(repo, commit, opts) {
      return (await dcPaginate<DcReport>(ctx, OP.reports, paramsOf(repo, commit), {}, opts)).map((r) => dcReport(r, commit));
    },
    async getReport(repo, commit, id) {
      return dcReport(await dcSend<DcReport>(ctx, OP.report, { ...paramsOf(repo, commit), key: id }), commit);
    },
    async setReport(repo, input) {
      const params = { ...paramsOf(repo, input.commit), key: input.id };
      // `data` is required by Data Center's request schema (an empty list is fine); a report has no type there
      const body: Record<string, unknown> = { title: input.title, data: (input.data ?? []).map(datumOut) };
      const result = input.result === undefined ? undefined : RESULT_OUT[input.result];
      if (result !== undefined) body.result = result;
      if (input.details !== undefined) body.details = input.details;
      if (input.reporter !== undefined) body.reporter = input.reporter;
      if (input.link !== undefined) body.link = input.link;
      if (input.logoUrl !== undefined) body.logoUrl = input.logoUrl;
      return {
        plan: [{ operation: OP.reportPut, params, body }],
        send: async () => dcReport(await dcSend<DcReport>(ctx, OP.reportPut, params, { body }), input.commit),
      };
    },
    async deleteReport(repo, commit, id) {
      const params = { ...paramsOf(repo, commit), key: id };
      return {
        plan: [{ operation: OP.reportDelete, params }],
        send: async () => {
          await dcSend(ctx, OP.reportDelete, params);
        },
      };
    },
    async listAnnotations(repo, commit, reportId, opts) {
      const answer = await dcSend<S['RestInsightAnnotationsResponse']>(ctx, OP.annotations, { ...paramsOf(repo, commit), key: reportId });
      const all = (answer?.annotations ?? []).map((a) => dcAnnotation(a, reportId));
      return opts.all ? all : all.slice(0, opts.limit ?? 30);
    },
    async addAnnotations(repo, commit, reportId, items) {
      const missing = items.find((a) => !a.severity);
      if (missing)
        throw new BbError('INVALID_ARGUMENT', `annotation ${missing.index + 1} (${missing.externalId}) has no severity: Bitbucket Data Center requires one`, {
          hints: ['add "severity": "LOW", "MEDIUM" or "HIGH" to every annotation'],
        });
      const params = { ...paramsOf(repo, commit), key: reportId };
      // one request: Data Center takes a report's annotations in one bulk request and rejects it whole past its limit
      const body = {
        annotations: items.map((a) => {
          const out: Record<string, unknown> = { externalId: a.externalId, message: a.summary, severity: SEVERITY_OUT[a.severity ?? ''] ?? a.severity };
          for (const k of ['path', 'line', 'type', 'link'] as const) if (a[k] !== undefined) out[k] = a[k];
          return out;
        }),
      };
      return {
        plan: [{ operation: OP.annotationsPost, params, body }],
        send: async () => {
          await dcSend(ctx, OP.annotationsPost, params, { body });
          return items.length;
        },
      };
    },
    async deleteAnnotation(repo, commit, reportId, annotationId) {
      const params = { ...paramsOf(repo, commit), key: reportId };
      const query = { externalId: annotationId };
      return {
        plan: [{ operation: OP.annotationsDelete, params, query }],
        send: async () => {
          await dcSend(ctx, OP.annotationsDelete, params, { query });
        },
      };
    },
  };
}
