/**
 * The response-conformance check (issue 16): every JSON answer the Cloud and Data Center sandboxes give during the end-to-end tests is
 * validated against the official spec's response schema for its operation and status. The sandbox writes them with
 * `bb sandbox --response-log FILE` (test/support/sandbox.ts and dc.ts turn it on); `assertConformingResponses(file)`
 * reads them back when the test stops its sandbox and fails it on any answer outside the spec.
 *
 * The spec's own known inaccuracies, reviewed (each answer Bitbucket really gives that the schema refuses):
 * - `null` for properties the spec does not mark nullable (`merge_commit`, `closed_by`, `inline.from`, a project
 *   branching model's `development.name` when it follows the main branch…): nulls are stripped before validating (as
 *   test/support/spec-schema.ts does), and a required property sent as null counts as there;
 * - a `fields=` answer is partial by request: `required` is not checked for it;
 * - errors Bitbucket answers where the spec documents no body (a 400, 403, 409… with the error envelope) are checked
 *   against the `error` schema;
 * - and the answers listed in KNOWN below.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ROOT } from './sandbox.js';
import { convert, stripNulls } from './spec-schema.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

interface Spec {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
  components: { schemas: unknown };
}

export type SpecKind = 'cloud' | 'dc';
const SPEC_FILE: Record<SpecKind, string> = { cloud: 'bitbucket-cloud.openapi.json', dc: 'bitbucket-dc.openapi.json' };
/** The error envelope, where an operation documents no body for an error status. */
const ERROR_SCHEMA: Record<SpecKind, unknown> = {
  cloud: { $ref: '#/components/schemas/error' },
  dc: { type: 'object', required: ['errors'], properties: { errors: { type: 'array', items: { $ref: '#/components/schemas/RestErrorMessage' } } } },
};

/** The components with `additionalProperties: false` removed from every schema some allOf refers to (see convert). */
function openBranches(components: Spec['components']): Spec['components'] {
  const schemas = components.schemas as Record<string, Record<string, unknown>>;
  const referred = new Set<string>();
  const visit = (node: unknown, inAllOf: boolean): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n, inAllOf);
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === '$ref' && inAllOf && typeof v === 'string') referred.add(v.replace('#/components/schemas/', ''));
      else visit(v, k === 'allOf');
    }
  };
  visit(components, false);
  const open = Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => {
      if (!referred.has(name) || schema.additionalProperties !== false) return [name, schema];
      const { additionalProperties: _, ...rest } = schema;
      return [name, rest];
    }),
  );
  return { ...components, schemas: open };
}

const states = new Map<SpecKind, { spec: Spec; ajv: Ajv; cache: Map<string, ValidateFunction | null> }>();

function load(kind: SpecKind) {
  const known = states.get(kind);
  if (known) return known;
  const spec = JSON.parse(readFileSync(join(ROOT, 'spec', SPEC_FILE[kind]), 'utf8')) as Spec;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'spec', components: convert(openBranches(spec.components)) as object });
  const state = { spec, ajv, cache: new Map<string, ValidateFunction | null>() };
  states.set(kind, state);
  return state;
}

/** The validator for an operation's answer with this status (undefined: the spec has no JSON schema for it). */
function validatorFor(kind: SpecKind, operation: string, status: number): ValidateFunction | undefined {
  const { spec, ajv, cache } = load(kind);
  const key = `${operation} ${status}`;
  if (cache.has(key)) return cache.get(key) ?? undefined;
  const [method, path] = operation.split(' ', 2) as [string, string];
  const responses = spec.paths[path]?.[method.toLowerCase()]?.responses ?? {};
  const content = (responses[String(status)] ?? (status >= 400 ? responses.default : undefined))?.content ?? {};
  let schema = Object.entries(content).find(([type]) => /json/.test(type))?.[1]?.schema;
  if (!schema && status >= 400) schema = ERROR_SCHEMA[kind];
  const v = schema ? ajv.compile(convert(schema) as object) : undefined;
  cache.set(key, v ?? null);
  return v;
}

/** Where Bitbucket's real answers differ from its spec: the sandbox follows Bitbucket. Reviewed one by one. */
const KNOWN: { operation: RegExp; status?: RegExp; error: RegExp; why: string }[] = [
  {
    operation: /\/snippets\//,
    status: /^2/,
    error: /\/id must be integer$/,
    why: "a snippet's id is its encoded id, the string in its URL (`kypj`); the spec says integer",
  },
  {
    operation: /./,
    status: /^403$/,
    error: /^\/error\/detail must be string$/,
    why: 'a scope refusal details the scopes as an object, {required, granted}; the spec says a string',
  },
  {
    operation: /\/reports/,
    status: /^2/,
    error: /\/data\/\d+\/value must be object$/,
    why: "a report data item's value has the type its `type` names (a number, a boolean, text; a LINK is an object); the spec says object",
  },
  {
    operation: /\/(src|filehistory)\//,
    status: /^2/,
    error: /\/attributes must be (string|equal to one of the allowed values)$/,
    why: 'a file\'s attributes are a list (`[]`, `["binary"]`); the spec says one string',
  },
  {
    operation: /./,
    status: /^4/,
    error: /^\/error must NOT have additional properties \(fields\)$/,
    why: 'a validation error names the bad fields in error.fields, which the spec leaves out',
  },
];

function known(operation: string, status: number, error: string): boolean {
  return KNOWN.some((k) => k.operation.test(operation) && (!k.status || k.status.test(String(status))) && k.error.test(error));
}

/** Whether `body` at the JSON pointer `path` has `key` set to null. */
function nullAt(body: unknown, path: string, key: string): boolean {
  let node: unknown = body;
  for (const part of path.split('/').slice(1)) {
    if (!node || typeof node !== 'object') return false;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return Boolean(node) && typeof node === 'object' && key in (node as object) && (node as Record<string, unknown>)[key] === null;
}

export interface Violation {
  operation: string;
  status: number;
  errors: string[];
}

/** The recorded answers (one JSON line each) that the spec's schemas refuse. */
export function responseViolations(file: string, kind: SpecKind = 'cloud'): Violation[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: Violation[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line) as { operation: string; status: number; fields?: string; body: unknown };
    const v = validatorFor(kind, r.operation, r.status);
    if (!v || v(stripNulls(r.body))) continue;
    const errors = (v.errors ?? [])
      .filter((e) => !(r.fields && e.keyword === 'required'))
      // a required property Bitbucket sends as null (stripped above) is there
      .filter((e) => !(e.keyword === 'required' && nullAt(r.body, e.instancePath, (e.params as { missingProperty: string }).missingProperty)))
      .map((e) => {
        const extra = (e.params as { additionalProperty?: string }).additionalProperty;
        return `${e.instancePath || '/'} ${e.message ?? e.keyword}${extra ? ` (${extra})` : ''}`;
      })
      .filter((e) => !known(r.operation, r.status, e));
    if (errors.length) out.push({ operation: r.operation, status: r.status, errors: [...new Set(errors)].slice(0, 5) });
  }
  return out;
}

/** Throw, naming each distinct answer outside the spec, when the recorded log has any. */
export function assertConformingResponses(file: string, kind: SpecKind = 'cloud'): void {
  const violations = responseViolations(file, kind);
  if (violations.length === 0) return;
  const lines = [...new Set(violations.map((v) => `${v.operation} → ${v.status}: ${v.errors.join('; ')}`))];
  throw new Error(`the ${kind === 'dc' ? 'DC ' : ''}sandbox answered outside the spec's response schemas (test/support/conformance.ts):\n${lines.join('\n')}`);
}
