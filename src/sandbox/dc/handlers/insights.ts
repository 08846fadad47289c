import type { DcInsightReport, DcRepo } from '../model.js';
import { DcApiError, type DcContext, type DcRoutes, page, repoOf } from './context.js';

/**
 * Code Insights (`/insights/latest/…/commits/{commitId}/reports…`): what is enforced comes from the spec's request
 * schemas and descriptions — a report needs `title` (at most 450 characters) and `data` (at most 6 fields), `details`
 * at most 2000, `reporter` 450, `result` PASS or FAIL, `link` and `logoUrl` http(s) URLs; annotations need `message`
 * (at most 2000) and `severity` (LOW, MEDIUM, HIGH), `type` VULNERABILITY, CODE_SMELL or BUG, `line` from 0,
 * `externalId` at most 450; a report holds at most 1000 annotations and a bulk request past that is rejected whole;
 * only the creator of a report may replace it.
 */

const VALIDATION = 'com.atlassian.bitbucket.validation.ArgumentValidationException';
const NO_REPORT = 'com.atlassian.bitbucket.insights.NoSuchInsightReportException';
const MAX_ANNOTATIONS = 1000;
const DATA_TYPES = ['BOOLEAN', 'DATE', 'DURATION', 'LINK', 'NUMBER', 'PERCENTAGE', 'TEXT'];
const P = '/insights/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/reports';

function invalid(message: string): DcApiError {
  return new DcApiError(400, message, VALIDATION);
}

async function commitOf(c: DcContext, repo: DcRepo): Promise<string> {
  const commit = await c.store.git(repo).resolve(c.params.commitId ?? '');
  if (!commit)
    throw new DcApiError(
      404,
      `Commit '${c.params.commitId}' does not exist in repository '${repo.slug}'.`,
      'com.atlassian.bitbucket.commit.NoSuchCommitException',
    );
  return commit;
}

const keyOf = (repo: DcRepo, commit: string, key: string) => `${repo.id}:${commit}:${key}`;

async function reportOf(c: DcContext): Promise<DcInsightReport> {
  const repo = repoOf(c);
  const commit = await commitOf(c, repo);
  const r = c.store.insightReports[keyOf(repo, commit, c.params.key ?? '')];
  if (!r) throw new DcApiError(404, `No report with key '${c.params.key}' exists for commit '${commit}'.`, NO_REPORT);
  return r;
}

function reportJson(r: DcInsightReport): Record<string, unknown> {
  const out: Record<string, unknown> = { key: r.key, title: r.title, data: r.data, createdDate: r.createdDate };
  for (const k of ['details', 'result', 'reporter', 'link', 'logoUrl'] as const) if (r[k] !== undefined) out[k] = r[k];
  return out;
}

function optString(body: Record<string, unknown>, name: string, max?: number, url = false): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(`${name} must be a string.`);
  if (max !== undefined && v.length > max) throw invalid(`${name} must be at most ${max} characters long.`);
  if (url && !/^https?:\/\/\S+$/i.test(v)) throw invalid(`${name} must be a valid http or https URL.`);
  return v;
}

function checkData(v: unknown): DcInsightReport['data'] {
  if (!Array.isArray(v)) throw invalid('data is required: an array of at most 6 data fields.');
  if (v.length > 6) throw invalid('A report has at most 6 data fields.');
  return v.map((d, i) => {
    if (!d || typeof d !== 'object' || Array.isArray(d)) throw invalid(`data[${i}] must be an object.`);
    const o = d as Record<string, unknown>;
    if (typeof o.title !== 'string' || !o.title) throw invalid(`data[${i}].title is required.`);
    if (o.type !== undefined && (typeof o.type !== 'string' || !DATA_TYPES.includes(o.type)))
      throw invalid(`data[${i}].type must be one of ${DATA_TYPES.join(', ')}.`);
    return { title: o.title, ...(typeof o.type === 'string' ? { type: o.type } : {}), value: o.value };
  });
}

function checkAnnotation(v: unknown, i: number): DcInsightReport['annotations'][number] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw invalid(`annotations[${i}] must be an object.`);
  const o = v as Record<string, unknown>;
  const message = optString(o, 'message', 2000);
  if (!message) throw invalid(`annotations[${i}].message is required.`);
  const severity = optString(o, 'severity');
  if (!severity || !['LOW', 'MEDIUM', 'HIGH'].includes(severity)) throw invalid(`annotations[${i}].severity is required: one of LOW, MEDIUM, HIGH.`);
  const type = optString(o, 'type');
  if (type !== undefined && !['VULNERABILITY', 'CODE_SMELL', 'BUG'].includes(type))
    throw invalid(`annotations[${i}].type must be one of VULNERABILITY, CODE_SMELL, BUG.`);
  const line = o.line;
  if (line !== undefined && line !== null && (typeof line !== 'number' || !Number.isInteger(line) || line < 0))
    throw invalid(`annotations[${i}].line must be a non-negative integer.`);
  const out: DcInsightReport['annotations'][number] = { message, severity };
  const externalId = optString(o, 'externalId', 450);
  if (externalId !== undefined) out.externalId = externalId;
  const path = optString(o, 'path', 50000);
  if (path !== undefined) out.path = path;
  const link = optString(o, 'link', undefined, true);
  if (link !== undefined) out.link = link;
  if (type !== undefined) out.type = type;
  if (typeof line === 'number') out.line = line;
  return out;
}

export const INSIGHT_ROUTES: DcRoutes = {
  [`GET ${P}`]: async (c) => {
    const repo = repoOf(c);
    const commit = await commitOf(c, repo);
    const list = Object.values(c.store.insightReports).filter((r) => r.repo === repo.id && r.commit === commit);
    return { status: 200, json: page(c, list.map(reportJson)) };
  },
  [`GET ${P}/{key}`]: async (c) => ({ status: 200, json: reportJson(await reportOf(c)) }),
  [`PUT ${P}/{key}`]: async (c) => {
    const repo = repoOf(c);
    const commit = await commitOf(c, repo);
    const key = c.params.key ?? '';
    const body = c.body;
    const title = optString(body, 'title', 450);
    if (!title) throw invalid('title is required.');
    const data = checkData(body.data);
    const result = optString(body, 'result');
    if (result !== undefined && result !== 'PASS' && result !== 'FAIL') throw invalid('result must be PASS or FAIL.');
    const fields = {
      details: optString(body, 'details', 2000),
      reporter: optString(body, 'reporter', 450),
      link: optString(body, 'link', undefined, true),
      logoUrl: optString(body, 'logoUrl', undefined, true),
    };
    const id = keyOf(repo, commit, key);
    const existing = c.store.insightReports[id];
    const user = c.user?.name ?? '';
    if (existing && existing.user !== user)
      throw new DcApiError(403, 'Only the creator of a report may replace it.', 'com.atlassian.bitbucket.AuthorisationException');
    // a replaced report keeps its annotations (the spec: "be sure that reruns of builds will first delete the report and
    // annotations before creating them")
    const r: DcInsightReport = { repo: repo.id, commit, key, user, title, data, createdDate: c.now(), annotations: existing?.annotations ?? [] };
    if (result) r.result = result;
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) (r as unknown as Record<string, unknown>)[k] = v;
    c.store.insightReports[id] = r;
    return { status: 200, json: reportJson(r) };
  },
  [`DELETE ${P}/{key}`]: async (c) => {
    const r = await reportOf(c);
    delete c.store.insightReports[`${r.repo}:${r.commit}:${r.key}`];
    return { status: 204 };
  },
  [`GET ${P}/{key}/annotations`]: async (c) => {
    const r = await reportOf(c);
    return { status: 200, json: { annotations: r.annotations.map((a) => ({ ...a, reportKey: r.key })) } };
  },
  [`POST ${P}/{key}/annotations`]: async (c) => {
    const r = await reportOf(c);
    const list = c.body.annotations;
    if (!Array.isArray(list) || list.length === 0) throw invalid('annotations is required: an array of at least one annotation.');
    const items = list.map(checkAnnotation);
    if (r.annotations.length + items.length > MAX_ANNOTATIONS)
      throw invalid(`A report can have at most ${MAX_ANNOTATIONS} annotations; this request would make ${r.annotations.length + items.length}.`);
    r.annotations.push(...items);
    return { status: 204 };
  },
  [`DELETE ${P}/{key}/annotations`]: async (c) => {
    const r = await reportOf(c);
    const ids = c.query.getAll('externalId');
    r.annotations = ids.length ? r.annotations.filter((a) => !a.externalId || !ids.includes(a.externalId)) : [];
    return { status: 204 };
  },
};
