/**
 * The Code Insights area of the provider boundary (src/provider/README.md): reports and annotations on a commit, as CI
 * tools publish them (Cloud `/repositories/{workspace}/{repo_slug}/commit/{commit}/reports…`, Data Center
 * `/insights/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/reports…`).
 *
 * Vocabulary: bb speaks Cloud's (a report's `result` PASSED / FAILED / PENDING, an annotation's `summary`); the DC
 * adapter translates (PASS / FAIL, `message`) and says what Data Center lacks (a report type, PENDING, an annotation's
 * details and result, CRITICAL). Field names are the `--json` fields of `bb commit report …`.
 */
import type { ListOptions, RepoLocator, Write } from './types.js';

export const REPORT_TYPES = ['SECURITY', 'COVERAGE', 'TEST', 'BUG'] as const;
export const REPORT_RESULTS = ['PASSED', 'FAILED', 'PENDING'] as const;
export const REPORT_DATA_TYPES = ['BOOLEAN', 'DATE', 'DURATION', 'LINK', 'NUMBER', 'PERCENTAGE', 'TEXT'] as const;
export const ANNOTATION_TYPES = ['VULNERABILITY', 'CODE_SMELL', 'BUG'] as const;
export const ANNOTATION_SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
export const ANNOTATION_RESULTS = ['PASSED', 'FAILED', 'SKIPPED', 'IGNORED'] as const;

/** One data field of a report (at most 10 on Cloud, 6 on Data Center). LINK values are `{ text, href }`. */
export interface ReportDatum {
  title: string;
  type?: string;
  value: unknown;
}

export interface InsightReport {
  /** The id the reporter chose (Cloud `external_id`, DC `key`). */
  id: string | null;
  /** Cloud's generated uuid (DC: null). */
  uuid: string | null;
  title: string | null;
  details: string | null;
  /** SECURITY, COVERAGE, TEST, BUG (DC: null, it has no report types). */
  type: string | null;
  /** PASSED, FAILED, PENDING (DC: PASSED or FAILED, null when the report has none). */
  result: string | null;
  reporter: string | null;
  /** The report's page in the tool that made it. */
  url: string | null;
  logoUrl: string | null;
  data: ReportDatum[];
  commit: string;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface SetReportInput {
  commit: string;
  id: string;
  title: string;
  type?: string;
  result?: string;
  details?: string;
  reporter?: string;
  link?: string;
  logoUrl?: string;
  data?: ReportDatum[];
}

export interface InsightAnnotation {
  /** The id the reporter chose (Cloud `external_id`, DC `externalId`). */
  id: string | null;
  uuid: string | null;
  reportId: string | null;
  path: string | null;
  line: number | null;
  summary: string | null;
  details: string | null;
  severity: string | null;
  type: string | null;
  result: string | null;
  /** The finding's page in the tool that made it. */
  url: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

/** An annotation to add, already checked (src/cmd/commit/annotations-file.ts). */
export interface AnnotationInput {
  /** The item's index in the file (0-based), for error messages. */
  index: number;
  externalId: string;
  summary: string;
  path?: string;
  line?: number;
  details?: string;
  severity?: string;
  type?: string;
  result?: string;
  link?: string;
}

export interface InsightMethods {
  listReports(repo: RepoLocator, commit: string, opts: ListOptions): Promise<InsightReport[]>;
  getReport(repo: RepoLocator, commit: string, id: string): Promise<InsightReport>;
  /** Create or replace (same id). */
  setReport(repo: RepoLocator, input: SetReportInput): Promise<Write<InsightReport>>;
  deleteReport(repo: RepoLocator, commit: string, id: string): Promise<Write<void>>;
  listAnnotations(repo: RepoLocator, commit: string, reportId: string, opts: ListOptions): Promise<InsightAnnotation[]>;
  /** In as many requests as the host allows per request (Cloud: 100); the plan has one step per request. */
  addAnnotations(repo: RepoLocator, commit: string, reportId: string, items: AnnotationInput[]): Promise<Write<number>>;
  deleteAnnotation(repo: RepoLocator, commit: string, reportId: string, annotationId: string): Promise<Write<void>>;
}

/** The Cloud operations of the area, exactly as in the spec. */
export const CLOUD_INSIGHT_OP = {
  reports: 'GET /repositories/{workspace}/{repo_slug}/commit/{commit}/reports',
  report: 'GET /repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}',
  reportPut: 'PUT /repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}',
  reportDelete: 'DELETE /repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}',
  annotations: 'GET /repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}/annotations',
  annotationsPost: 'POST /repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}/annotations',
  annotationDelete: 'DELETE /repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}/annotations/{annotationId}',
} as const;

/** The Data Center operations of the area (below /rest), exactly as in the spec. */
export const DC_INSIGHT_OP = {
  reports: 'GET /insights/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/reports',
  report: 'GET /insights/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/reports/{key}',
  reportPut: 'PUT /insights/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/reports/{key}',
  reportDelete: 'DELETE /insights/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/reports/{key}',
  annotations: 'GET /insights/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/reports/{key}/annotations',
  annotationsPost: 'POST /insights/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/reports/{key}/annotations',
  annotationsDelete: 'DELETE /insights/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/reports/{key}/annotations',
} as const;

export const REPORT_JSON_FIELDS = [
  'id',
  'uuid',
  'title',
  'details',
  'type',
  'result',
  'reporter',
  'url',
  'logoUrl',
  'data',
  'commit',
  'createdAt',
  'updatedAt',
] as const;

export const ANNOTATION_JSON_FIELDS = [
  'id',
  'uuid',
  'reportId',
  'path',
  'line',
  'summary',
  'details',
  'severity',
  'type',
  'result',
  'url',
  'createdAt',
  'updatedAt',
] as const;
