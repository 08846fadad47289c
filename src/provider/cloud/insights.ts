import { must } from '../../api/client.js';
import { paginate } from '../../api/paginate.js';
import { repoParams } from '../../api/path.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import {
  type AnnotationInput,
  CLOUD_INSIGHT_OP as OP,
  type InsightAnnotation,
  type InsightMethods,
  type InsightReport,
  REPORT_TYPES,
  type ReportDatum,
} from '../insights.js';
import type { PlannedWrite } from '../types.js';

/** Cloud accepts at most 100 annotations per bulk request ("You can upload up to 100 annotations per POST request"). */
export const CLOUD_ANNOTATIONS_PER_REQUEST = 100;

/** A Cloud report (only what bb reads). */
interface CloudReport {
  uuid?: string;
  external_id?: string;
  title?: string;
  details?: string;
  report_type?: string;
  result?: string;
  reporter?: string;
  link?: string;
  logo_url?: string;
  data?: Array<{ title?: string; type?: string; value?: unknown }>;
  created_on?: string;
  updated_on?: string;
}

interface CloudAnnotation {
  uuid?: string;
  external_id?: string;
  annotation_type?: string;
  path?: string;
  line?: number;
  summary?: string;
  details?: string;
  result?: string;
  severity?: string;
  link?: string;
  created_on?: string;
  updated_on?: string;
}

/** The fields the lists read: their `fields=`. */
const REPORT_FIELDS = ['uuid', 'external_id', 'title', 'details', 'report_type', 'result', 'reporter', 'link', 'logo_url', 'data', 'created_on', 'updated_on'];
const ANNOTATION_FIELDS = [
  'uuid',
  'external_id',
  'annotation_type',
  'path',
  'line',
  'summary',
  'details',
  'result',
  'severity',
  'link',
  'created_on',
  'updated_on',
];

function cloudReport(r: CloudReport, commit: string): InsightReport {
  return {
    id: r.external_id ?? null,
    uuid: r.uuid ?? null,
    title: r.title ?? null,
    details: r.details ?? null,
    type: r.report_type ?? null,
    result: r.result ?? null,
    reporter: r.reporter ?? null,
    url: r.link ?? null,
    logoUrl: r.logo_url ?? null,
    data: (r.data ?? []).map((d) => ({ title: d.title ?? '', ...(d.type ? { type: d.type } : {}), value: d.value ?? null })),
    commit,
    createdAt: r.created_on ?? null,
    updatedAt: r.updated_on ?? null,
  };
}

function cloudAnnotation(a: CloudAnnotation, reportId: string): InsightAnnotation {
  return {
    id: a.external_id ?? null,
    uuid: a.uuid ?? null,
    reportId,
    path: a.path ?? null,
    line: a.line ?? null,
    summary: a.summary ?? null,
    details: a.details ?? null,
    severity: a.severity ?? null,
    type: a.annotation_type ?? null,
    result: a.result ?? null,
    url: a.link ?? null,
    createdAt: a.created_on ?? null,
    updatedAt: a.updated_on ?? null,
  };
}

function annotationBody(a: AnnotationInput): Record<string, unknown> {
  const body: Record<string, unknown> = { external_id: a.externalId, summary: a.summary };
  if (a.type !== undefined) body.annotation_type = a.type;
  for (const k of ['path', 'line', 'details', 'severity', 'result', 'link'] as const) if (a[k] !== undefined) body[k] = a[k];
  return body;
}

function dataBody(data: ReportDatum[]): Array<Record<string, unknown>> {
  return data.map((d) => ({ title: d.title, ...(d.type ? { type: d.type } : {}), value: d.value }));
}

export function insightMethods(ctx: Context): InsightMethods {
  const paramsOf = (repo: Parameters<InsightMethods['listReports']>[0], commit: string) => ({ ...repoParams(repo), commit });
  return {
    async listReports(repo, commit, opts) {
      const list = await paginate<CloudReport>(
        await ctx.http(),
        '/repositories/{workspace}/{repo_slug}/commit/{commit}/reports',
        paramsOf(repo, commit),
        {},
        {
          ...opts,
          fields: REPORT_FIELDS,
        },
      );
      return list.map((r) => cloudReport(r, commit));
    },
    async getReport(repo, commit, id) {
      const api = await ctx.api();
      const r = must(
        await api.GET('/repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}', {
          params: { path: { ...paramsOf(repo, commit), reportId: id } },
        }),
      ) as unknown as CloudReport;
      return cloudReport(r, commit);
    },
    async setReport(repo, input) {
      if (!input.type)
        throw new BbError('INVALID_ARGUMENT', 'Bitbucket Cloud needs --type for a report', {
          hints: [`one of ${REPORT_TYPES.join(', ')}, e.g. --type TEST`],
        });
      const params = { ...paramsOf(repo, input.commit), reportId: input.id };
      const body: Record<string, unknown> = { title: input.title, report_type: input.type };
      if (input.result !== undefined) body.result = input.result;
      if (input.details !== undefined) body.details = input.details;
      if (input.reporter !== undefined) body.reporter = input.reporter;
      if (input.link !== undefined) body.link = input.link;
      if (input.logoUrl !== undefined) body.logo_url = input.logoUrl;
      if (input.data !== undefined) body.data = dataBody(input.data);
      return {
        plan: [{ operation: OP.reportPut, params, body }],
        async send() {
          const api = await ctx.api();
          const r = must(
            await api.PUT('/repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}', { params: { path: params }, body: body as never }),
          ) as unknown as CloudReport;
          return cloudReport(r, input.commit);
        },
      };
    },
    async deleteReport(repo, commit, id) {
      const params = { ...paramsOf(repo, commit), reportId: id };
      return {
        plan: [{ operation: OP.reportDelete, params }],
        async send() {
          const api = await ctx.api();
          must(await api.DELETE('/repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}', { params: { path: params } }));
        },
      };
    },
    async listAnnotations(repo, commit, reportId, opts) {
      const list = await paginate<CloudAnnotation>(
        await ctx.http(),
        '/repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}/annotations',
        { ...paramsOf(repo, commit), reportId },
        {},
        { ...opts, fields: ANNOTATION_FIELDS },
      );
      return list.map((a) => cloudAnnotation(a, reportId));
    },
    async addAnnotations(repo, commit, reportId, items) {
      const params = { ...paramsOf(repo, commit), reportId };
      const chunks: Array<Array<Record<string, unknown>>> = [];
      for (let i = 0; i < items.length; i += CLOUD_ANNOTATIONS_PER_REQUEST) chunks.push(items.slice(i, i + CLOUD_ANNOTATIONS_PER_REQUEST).map(annotationBody));
      const plan: PlannedWrite[] = chunks.map((body) => ({ operation: OP.annotationsPost, params, body }));
      return {
        plan,
        async send() {
          const api = await ctx.api();
          let sent = 0;
          for (const body of chunks) {
            must(
              await api.POST('/repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}/annotations', {
                params: { path: params },
                body: body as never,
              }),
            );
            sent += body.length;
          }
          return sent;
        },
      };
    },
    async deleteAnnotation(repo, commit, reportId, annotationId) {
      const params = { ...paramsOf(repo, commit), reportId, annotationId };
      return {
        plan: [{ operation: OP.annotationDelete, params }],
        async send() {
          const api = await ctx.api();
          must(
            await api.DELETE('/repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}/annotations/{annotationId}', {
              params: { path: params },
            }),
          );
        },
      };
    },
  };
}
