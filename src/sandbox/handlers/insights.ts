import { newUuid, type ReportAnnotationRecord, type ReportRecord, type RepositoryRecord } from '../state.js';
import { bodyObject, page, repoOf } from './common.js';
import { ApiError, type HandlerContext, type HandlerMap, json, noContent } from './types.js';

/**
 * Code Insights: reports and annotations of a commit (the spec's `commit/{commit}/reports…`). What is enforced comes
 * from the spec and its descriptions: report_type PASSED/FAILED/PENDING results, at most 10 data fields ("Maximum 10"),
 * annotations in bulk "up to 100 annotations per POST request" (the request body's maxItems 100, minItems 1) and "a
 * report can contain up to 1000 annotations"; ids are the creator's external ids (or the generated uuid). Field length
 * limits follow Atlassian's Code Insights reference (title and reporter 450 characters, details 2000, an annotation's
 * summary 450 and details 2000).
 */

const REPORT_TYPES = ['SECURITY', 'COVERAGE', 'TEST', 'BUG'];
const REPORT_RESULTS = ['PASSED', 'FAILED', 'PENDING'];
const DATA_TYPES = ['BOOLEAN', 'DATE', 'DURATION', 'LINK', 'NUMBER', 'PERCENTAGE', 'TEXT'];
const ANNOTATION_TYPES = ['VULNERABILITY', 'CODE_SMELL', 'BUG'];
const ANNOTATION_RESULTS = ['PASSED', 'FAILED', 'SKIPPED', 'IGNORED'];
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
const MAX_DATA = 10;
const MAX_PER_REQUEST = 100;
const MAX_PER_REPORT = 1000;

type Fields = Record<string, string[]>;

async function commitOf(c: HandlerContext, repo: RepositoryRecord): Promise<string> {
  const hash = await c.sb.git(repo).resolve(c.params.commit ?? '');
  if (!hash) throw new ApiError(404, `Commit not found: ${c.params.commit}`);
  return hash;
}

function reportsOf(c: HandlerContext, repo: RepositoryRecord, commit: string): ReportRecord[] {
  return Object.values(c.sb.store.data.reports).filter((r) => r.repository === repo.uuid && r.commit === commit);
}

/** A report by its external id or uuid. */
function findReport(c: HandlerContext, repo: RepositoryRecord, commit: string): ReportRecord | undefined {
  const id = c.params.reportId ?? '';
  return reportsOf(c, repo, commit).find((r) => r.external_id === id || r.uuid === id);
}

async function reportOf(c: HandlerContext): Promise<{ repo: RepositoryRecord; commit: string; report: ReportRecord }> {
  const repo = repoOf(c);
  const commit = await commitOf(c, repo);
  const report = findReport(c, repo, commit);
  if (!report) throw new ApiError(404, `Report not found: ${c.params.reportId}`);
  return { repo, commit, report };
}

function reportJson(r: ReportRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: 'report',
    uuid: r.uuid,
    external_id: r.external_id,
    title: r.title,
    report_type: r.report_type,
    data: r.data,
    remote_link_enabled: false,
    created_on: r.created_on,
    updated_on: r.updated_on,
  };
  for (const k of ['details', 'result', 'reporter', 'link', 'logo_url'] as const) if (r[k] !== undefined) out[k] = r[k];
  return out;
}

function annotationJson(a: ReportAnnotationRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { type: 'report_annotation', uuid: a.uuid, external_id: a.external_id, summary: a.summary };
  for (const k of ['annotation_type', 'path', 'line', 'details', 'result', 'severity', 'link'] as const) if (a[k] !== undefined) out[k] = a[k];
  out.created_on = a.created_on;
  out.updated_on = a.updated_on;
  return out;
}

/** An optional string field: its value, or an error in `fields` (not a string, too long, not one of `choices`). */
function field(
  body: Record<string, unknown>,
  name: string,
  fields: Fields,
  opts: { max?: number; choices?: string[]; url?: boolean } = {},
): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    fields[name] = ['This field must be a string.'];
    return undefined;
  }
  if (opts.max !== undefined && v.length > opts.max) fields[name] = [`Ensure this field has no more than ${opts.max} characters.`];
  else if (opts.choices && !opts.choices.includes(v)) fields[name] = [`"${v}" is not one of ${opts.choices.join(', ')}`];
  else if (opts.url && !/^https?:\/\/[^\s]+$/i.test(v)) fields[name] = ['Enter a valid URL.'];
  return v;
}

function checkData(v: unknown, fields: Fields): ReportRecord['data'] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    fields.data = ['This field must be a list.'];
    return [];
  }
  if (v.length > MAX_DATA) fields.data = [`A report has at most ${MAX_DATA} data fields.`];
  const out: ReportRecord['data'] = [];
  v.forEach((d, i) => {
    if (!d || typeof d !== 'object' || Array.isArray(d)) {
      fields[`data.${i}`] = ['Expected an object.'];
      return;
    }
    const o = d as Record<string, unknown>;
    if (typeof o.title !== 'string' || !o.title) fields[`data.${i}.title`] = ['This field is required.'];
    if (o.type !== undefined && (typeof o.type !== 'string' || !DATA_TYPES.includes(o.type)))
      fields[`data.${i}.type`] = [`must be one of ${DATA_TYPES.join(', ')}`];
    if (o.value === undefined) fields[`data.${i}.value`] = ['This field is required.'];
    out.push({ title: String(o.title ?? ''), ...(typeof o.type === 'string' ? { type: o.type } : {}), value: o.value });
  });
  return out;
}

function checkAnnotation(v: unknown, i: number, fields: Fields): Omit<ReportAnnotationRecord, 'uuid' | 'created_on' | 'updated_on'> | undefined {
  const at = (k: string) => `${i}.${k}`;
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    fields[String(i)] = ['Expected an object.'];
    return undefined;
  }
  const o = v as Record<string, unknown>;
  const local: Fields = {};
  const external_id = field(o, 'external_id', local, { max: 450 });
  if (!external_id) local.external_id = ['This field is required.'];
  const summary = field(o, 'summary', local, { max: 450 });
  if (!summary) local.summary = ['This field is required.'];
  const annotation_type = field(o, 'annotation_type', local, { choices: ANNOTATION_TYPES });
  const severity = field(o, 'severity', local, { choices: SEVERITIES });
  const result = field(o, 'result', local, { choices: ANNOTATION_RESULTS });
  const details = field(o, 'details', local, { max: 2000 });
  const path = field(o, 'path', local);
  const link = field(o, 'link', local, { url: true });
  const line = o.line;
  if (line !== undefined && line !== null && (typeof line !== 'number' || !Number.isInteger(line) || line < 1))
    local.line = ['Ensure this value is greater than or equal to 1.'];
  for (const [k, m] of Object.entries(local)) fields[at(k)] = m;
  if (Object.keys(local).length) return undefined;
  const out: Omit<ReportAnnotationRecord, 'uuid' | 'created_on' | 'updated_on'> = { external_id: external_id as string, summary: summary as string };
  if (annotation_type) out.annotation_type = annotation_type;
  if (severity) out.severity = severity;
  if (result) out.result = result;
  if (details !== undefined) out.details = details;
  if (path !== undefined) out.path = path;
  if (link !== undefined) out.link = link;
  if (typeof line === 'number') out.line = line;
  return out;
}

const R = '/repositories/{workspace}/{repo_slug}/commit/{commit}/reports';

export const handlers: HandlerMap = {
  [`GET ${R}`]: async (c) => {
    const repo = repoOf(c);
    const commit = await commitOf(c, repo);
    return json(page(c, reportsOf(c, repo, commit).map(reportJson)));
  },

  [`GET ${R}/{reportId}`]: async (c) => json(reportJson((await reportOf(c)).report)),

  [`PUT ${R}/{reportId}`]: async (c) => {
    const repo = repoOf(c);
    const commit = await commitOf(c, repo);
    const body = bodyObject(c);
    const fields: Fields = {};
    const title = field(body, 'title', fields, { max: 450 });
    if (!title && !fields.title) fields.title = ['This field is required.'];
    const report_type = field(body, 'report_type', fields, { choices: REPORT_TYPES });
    if (!report_type && !fields.report_type) fields.report_type = ['This field is required.'];
    const result = field(body, 'result', fields, { choices: REPORT_RESULTS });
    const details = field(body, 'details', fields, { max: 2000 });
    const reporter = field(body, 'reporter', fields, { max: 450 });
    const link = field(body, 'link', fields, { url: true });
    const logo_url = field(body, 'logo_url', fields, { url: true });
    const data = checkData(body.data, fields);
    const id = c.params.reportId ?? '';
    if (id.length > 450) fields.external_id = ['Ensure this field has no more than 450 characters.'];
    if (Object.keys(fields).length) throw new ApiError(400, 'Bad request', undefined, fields);
    const now = c.sb.now().toISOString();
    const existing = findReport(c, repo, commit);
    const r: ReportRecord = existing ?? {
      uuid: newUuid(),
      repository: repo.uuid,
      commit,
      external_id: id,
      title: title as string,
      report_type: report_type as string,
      data: [],
      created_on: now,
      updated_on: now,
      annotations: {},
    };
    // a replace is whole: fields left out are cleared (the annotations stay)
    Object.assign(r, { title, report_type, data, updated_on: now, details, result, reporter, link, logo_url });
    for (const k of ['details', 'result', 'reporter', 'link', 'logo_url'] as const) if (r[k] === undefined) delete r[k];
    c.sb.store.data.reports[r.uuid] = r;
    return json(reportJson(r));
  },

  [`DELETE ${R}/{reportId}`]: async (c) => {
    const { report } = await reportOf(c);
    delete c.sb.store.data.reports[report.uuid];
    return noContent();
  },

  [`GET ${R}/{reportId}/annotations`]: async (c) => {
    const { report } = await reportOf(c);
    return json(page(c, Object.values(report.annotations).map(annotationJson)));
  },

  [`POST ${R}/{reportId}/annotations`]: async (c) => {
    const { report } = await reportOf(c);
    const body = c.body;
    if (!Array.isArray(body)) throw new ApiError(400, 'Bad request', 'the request body must be a JSON array of annotations');
    if (body.length === 0) throw new ApiError(400, 'Bad request', 'at least one annotation is required');
    if (body.length > MAX_PER_REQUEST) throw new ApiError(400, 'Bad request', `at most ${MAX_PER_REQUEST} annotations per request (got ${body.length})`);
    const fields: Fields = {};
    const items = body.map((a, i) => checkAnnotation(a, i, fields));
    const ids = new Set<string>();
    items.forEach((a, i) => {
      if (a && ids.has(a.external_id)) fields[`${i}.external_id`] = ['Duplicate external_id in the request.'];
      if (a) ids.add(a.external_id);
    });
    if (Object.keys(fields).length) throw new ApiError(400, 'Bad request', undefined, fields);
    const fresh = [...ids].filter((id) => !report.annotations[id]).length;
    if (Object.keys(report.annotations).length + fresh > MAX_PER_REPORT)
      throw new ApiError(400, 'Bad request', `a report can contain up to ${MAX_PER_REPORT} annotations`);
    const now = c.sb.now().toISOString();
    const out = items.map((a) => {
      const x = a as NonNullable<typeof a>;
      const prev = report.annotations[x.external_id];
      const rec: ReportAnnotationRecord = { ...x, uuid: prev?.uuid ?? newUuid(), created_on: prev?.created_on ?? now, updated_on: now };
      report.annotations[x.external_id] = rec;
      return annotationJson(rec);
    });
    return json(out);
  },

  [`GET ${R}/{reportId}/annotations/{annotationId}`]: async (c) => {
    const { report } = await reportOf(c);
    const id = c.params.annotationId ?? '';
    const a = Object.values(report.annotations).find((x) => x.external_id === id || x.uuid === id);
    if (!a) throw new ApiError(404, `Annotation not found: ${id}`);
    return json(annotationJson(a));
  },

  [`DELETE ${R}/{reportId}/annotations/{annotationId}`]: async (c) => {
    const { report } = await reportOf(c);
    const id = c.params.annotationId ?? '';
    const a = Object.values(report.annotations).find((x) => x.external_id === id || x.uuid === id);
    if (!a) throw new ApiError(404, `Annotation not found: ${id}`);
    delete report.annotations[a.external_id];
    return noContent();
  },
};
