import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import {
  ANNOTATION_RESULTS,
  ANNOTATION_SEVERITIES,
  ANNOTATION_TYPES,
  type AnnotationInput,
  REPORT_DATA_TYPES,
  type ReportDatum,
} from '../../provider/insights.js';
import { readInputText } from '../../util/input.js';

/** A report has at most this many annotations on either host (Cloud: "up to 1000"; DC: 1000 by default). */
export const MAX_ANNOTATIONS = 1000;

/** The commit a command acts on: the argument, or HEAD of the local clone. */
export async function commitOrHead(ctx: Context, arg: unknown, example: string): Promise<string> {
  if (typeof arg === 'string' && arg) return arg;
  try {
    return (await ctx.git.run(['rev-parse', 'HEAD'])).trim();
  } catch {
    throw new BbError('INVALID_ARGUMENT', 'no commit given and no local clone to take HEAD from', { hints: [`pass a commit hash: ${example}`] });
  }
}

/** JSON from a file (`-`: standard input), or INVALID_ARGUMENT naming the file and where the JSON breaks. */
async function readJson(ctx: Context, file: string, flag: string): Promise<unknown> {
  const text = await readInputText(ctx.io.in, file);
  if (!text.trim()) throw new BbError('INVALID_ARGUMENT', `${flag} ${file} is empty`, { hints: [`${flag} takes a JSON file`] });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new BbError('INVALID_ARGUMENT', `${flag} ${file} is not valid JSON: ${(e as Error).message}`, { hints: [`${flag} takes a JSON file`] });
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function oneOf(v: unknown, allowed: readonly string[], what: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = typeof v === 'string' ? v.toUpperCase() : undefined;
  if (!s || !allowed.includes(s)) throw new Error(`${what} ${JSON.stringify(v)} is not one of ${allowed.join(', ')}`);
  return s;
}

function text(v: unknown, what: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new Error(`${what} must be a string`);
  return v;
}

/** The first of several spellings an item uses (bb's camelCase, Cloud's snake_case, DC's names). */
function pick(o: Record<string, unknown>, ...keys: string[]): unknown {
  for (const k of keys) if (o[k] !== undefined) return o[k];
  return undefined;
}

/**
 * A report's `--data-file`: a JSON array of `{ "title", "type"?, "value" }` (a LINK's value is `{ "text", "href" }`).
 * Each host checks its own limit (Cloud 10, Data Center 6) and answers 400 beyond.
 */
export async function readReportData(ctx: Context, file: string): Promise<ReportDatum[]> {
  const json = await readJson(ctx, file, '--data-file');
  if (!Array.isArray(json))
    throw new BbError('INVALID_ARGUMENT', `--data-file ${file} must hold a JSON array of data fields`, {
      hints: ['for example: [{"title": "Coverage", "type": "PERCENTAGE", "value": 87.5}]'],
    });
  return json.map((d, i) => {
    try {
      if (!isObject(d)) throw new Error('is not an object');
      const title = text(d.title, 'title');
      if (!title) throw new Error('has no title');
      const type = oneOf(d.type, REPORT_DATA_TYPES, 'type');
      if (d.value === undefined) throw new Error('has no value');
      return { title, ...(type ? { type } : {}), value: d.value };
    } catch (e) {
      throw new BbError('INVALID_ARGUMENT', `--data-file ${file}: data field ${i + 1}: ${(e as Error).message}`, {
        hints: ['each data field is {"title": …, "type": one of BOOLEAN, DATE, DURATION, LINK, NUMBER, PERCENTAGE, TEXT, "value": …}'],
      });
    }
  });
}

/**
 * An annotations file: a JSON array of annotations (or `{"annotations": [...]}`, Data Center's bulk shape). Each item
 * needs a `summary` (or `message`); `externalId` (`external_id`) names it for later updates and deletes — an item
 * without one gets `<reportId>-<n>` (its position). Checked whole before anything is sent; an error names the item.
 */
export async function readAnnotations(ctx: Context, file: string, reportId: string): Promise<AnnotationInput[]> {
  const json = await readJson(ctx, file, '--file');
  const list = isObject(json) && Array.isArray(json.annotations) ? json.annotations : json;
  if (!Array.isArray(list))
    throw new BbError('INVALID_ARGUMENT', `--file ${file} must hold a JSON array of annotations`, {
      hints: ['for example: [{"externalId": "lint-1", "path": "src/a.ts", "line": 3, "summary": "unused variable", "severity": "LOW"}]'],
    });
  if (list.length === 0) throw new BbError('INVALID_ARGUMENT', `--file ${file} holds no annotations`, { hints: ['add at least one annotation'] });
  if (list.length > MAX_ANNOTATIONS)
    throw new BbError('INVALID_ARGUMENT', `--file ${file} holds ${list.length} annotations; a report has at most ${MAX_ANNOTATIONS}`, {
      hints: ['keep the most important ones, or split them across reports'],
    });
  const seen = new Map<string, number>();
  return list.map((a: unknown, index: number) => {
    try {
      if (!isObject(a)) throw new Error('is not a JSON object');
      const summary = text(pick(a, 'summary', 'message'), 'summary');
      if (!summary?.trim()) throw new Error('has no summary (the message shown on the line)');
      const rawId = pick(a, 'externalId', 'external_id');
      const externalId = rawId === undefined ? `${reportId}-${index + 1}` : text(rawId, 'externalId');
      if (!externalId) throw new Error('has an empty externalId');
      const first = seen.get(externalId);
      if (first !== undefined) throw new Error(`has the externalId ${JSON.stringify(externalId)} of annotation ${first + 1}`);
      seen.set(externalId, index);
      const line = a.line;
      if (line !== undefined && line !== null && (typeof line !== 'number' || !Number.isInteger(line) || line < 1))
        throw new Error(`line ${JSON.stringify(line)} is not a line number (a whole number from 1)`);
      const out: AnnotationInput = { index, externalId, summary };
      const path = text(a.path, 'path');
      if (path !== undefined) out.path = path;
      if (typeof line === 'number') out.line = line;
      const details = text(a.details, 'details');
      if (details !== undefined) out.details = details;
      const severity = oneOf(a.severity, ANNOTATION_SEVERITIES, 'severity');
      if (severity) out.severity = severity;
      const type = oneOf(pick(a, 'type', 'annotationType', 'annotation_type'), ANNOTATION_TYPES, 'type');
      if (type) out.type = type;
      const result = oneOf(a.result, ANNOTATION_RESULTS, 'result');
      if (result) out.result = result;
      const link = text(a.link, 'link');
      if (link !== undefined) out.link = link;
      return out;
    } catch (e) {
      const id = isObject(a) && typeof pick(a, 'externalId', 'external_id') === 'string' ? ` (${String(pick(a, 'externalId', 'external_id'))})` : '';
      throw new BbError('INVALID_ARGUMENT', `--file ${file}: annotation ${index + 1}${id}: ${(e as Error).message}`, {
        hints: ['each annotation is {"externalId"?, "summary", "severity"?, "type"?, "path"?, "line"?, "details"?, "result"?, "link"?}'],
      });
    }
  });
}
