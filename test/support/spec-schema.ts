/**
 * Validate JSON against the official spec's component schemas with ajv (OpenAPI 3.0 → JSON Schema:
 * `nullable` becomes a null type, Swagger-only keywords are dropped).
 *
 * `stripNulls`: Bitbucket answers `null` for many properties the spec does not mark nullable
 * (`merge_commit`, `closed_by`, `inline.from`…); the sandbox does the same, so tests validate the
 * non-null part of such answers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ROOT } from './sandbox.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * OpenAPI 3.0 → JSON Schema for ajv: `nullable` becomes a null type, documentation-only keywords go, refs point into
 * `spec`. `additionalProperties: false` in a branch of an allOf would refuse the other branches' properties (JSON
 * Schema reads each branch alone), which is not what the spec means: it is dropped there (and, for the conformance
 * check, in the components such branches refer to: see openBranches in conformance.ts).
 */
export function convert(node: unknown, inAllOf = false): unknown {
  if (Array.isArray(node)) return node.map((n) => convert(n, inAllOf));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === 'discriminator' || k === 'example' || k === 'examples' || k === 'xml' || k === 'externalDocs' || k === 'nullable' || k.startsWith('x-')) continue;
    if (k === 'additionalProperties' && v === false && inAllOf) continue;
    if (k === 'allOf') {
      out[k] = (v as unknown[]).map((b) => convert(b, true));
      continue;
    }
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `spec${v}` : convert(v);
  }
  const src = node as Record<string, unknown>;
  if (src.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

export function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, stripNulls(v)]),
  );
}

let cached: Ajv | undefined;

function ajv(): Ajv {
  if (cached) return cached;
  const spec = JSON.parse(readFileSync(join(ROOT, 'spec', 'bitbucket-cloud.openapi.json'), 'utf8')) as { components: { schemas: unknown } };
  cached = new Ajv({ strict: false, allErrors: true });
  addFormats(cached);
  cached.addSchema({ $id: 'spec', components: { schemas: convert(spec.components.schemas) } });
  return cached;
}

export function schemaValidator(name: string): ValidateFunction {
  const v = ajv().getSchema(`spec#/components/schemas/${name}`);
  assert.ok(v, `no schema ${name} in the spec`);
  return v;
}

/** Assert that `body` (nulls stripped) is valid as the spec's component schema `name`. */
export function assertSchema(body: unknown, name: string, label = name): void {
  const v = schemaValidator(name);
  assert.ok(v(stripNulls(body)), `${label} is not a valid ${name}: ${JSON.stringify(v.errors?.slice(0, 5), null, 1)}`);
}
