/**
 * The fuzz suite: every read command, on Bitbucket Cloud and Data Center, fed answers generated at random
 * from the official specs' response schemas (spec/*.json: the 200 answer of the operation each request
 * matches; objects with a random subset of their properties, strings of every shape, integers up to int64's
 * range, `null` where the spec allows it), with fixed seeds so a run repeats. bb runs in-process (runBb)
 * with a fetch that answers from the generator.
 *
 * Asserted for every run: it is not a crash — no `9001` in stderr and no stack trace — and it ends (each run
 * is bounded in time, and answers are bounded in size, so memory is too). Exit codes other than 0 are
 * allowed: a random answer may be one bb rightly refuses (an API error). Pages carry no `next` (and DC pages
 * are last pages): hostile pagination is the hostile suite's (test/e2e/hostile.test.ts).
 *
 * The whole suite stays under about 30 s.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { STACK_TRACE } from '../support/e2e.js';
import { runBb } from '../support/run.js';
import { ROOT } from '../support/sandbox.js';

type Schema = Record<string, unknown>;
interface Spec {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
  components?: { schemas?: Record<string, Schema> };
}

const SEEDS = [1, 7, 42];
const RUN_LIMIT_MS = 5_000;
const CLOUD_BASE = 'https://api.bitbucket.test/2.0';
const DC_BASE = 'https://bitbucket.fuzz.test';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = [
  '',
  'x',
  'main',
  'acme/web',
  '{8f0c7e6a-0000-4000-8000-000000000000}',
  'Ünïcödé ✓ 名前',
  'a'.repeat(300),
  '\u202etxt.exe',
  'line\nbreak',
  '0',
  '-1',
  'null',
];

class Generator {
  constructor(
    private readonly spec: Spec,
    private readonly random: () => number,
  ) {}

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)] as T;
  }

  private resolve(s: Schema): Schema {
    let cur = s;
    for (let i = 0; i < 10 && typeof cur.$ref === 'string'; i++) {
      const name = (cur.$ref as string).split('/').pop() as string;
      cur = this.spec.components?.schemas?.[name] ?? {};
    }
    return cur;
  }

  value(schema: Schema | undefined, depth = 0): unknown {
    if (!schema) return null;
    const s = this.resolve(schema);
    if (s.nullable === true && this.random() < 0.1) return null;
    if (Array.isArray(s.allOf)) {
      const merged: Record<string, unknown> = {};
      for (const part of s.allOf as Schema[]) {
        const v = this.value(part, depth);
        if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(merged, v);
      }
      return merged;
    }
    const choices = (s.oneOf ?? s.anyOf) as Schema[] | undefined;
    if (Array.isArray(choices) && choices.length) return this.value(this.pick(choices), depth);
    if (Array.isArray(s.enum) && s.enum.length) return this.pick(s.enum);
    const type = s.type ?? (s.properties ? 'object' : s.items ? 'array' : undefined);
    switch (type) {
      case 'object': {
        if (depth > 5) return {};
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
          if (k === 'next' || k === 'previous') continue; // pagination is the hostile suite's
          if (this.random() < 0.75) out[k] = this.value(v, depth + 1);
        }
        if ('isLastPage' in ((s.properties ?? {}) as object)) {
          out.isLastPage = true;
          delete out.nextPageStart;
        }
        return out;
      }
      case 'array': {
        if (depth > 5) return [];
        const n = Math.floor(this.random() * 4);
        return Array.from({ length: n }, () => this.value(s.items as Schema, depth + 1));
      }
      case 'integer': {
        const big = s.format === 'int64' ? [Number.MAX_SAFE_INTEGER, 8640000000000001, 2 ** 53 - 1] : [2 ** 31 - 1];
        return this.pick([0, 1, -1, 42, Math.floor(this.random() * 1e6), ...big]);
      }
      case 'number':
        return this.pick([0, 1.5, -3, 1e21, Math.floor(this.random() * 1e9)]);
      case 'boolean':
        return this.random() < 0.5;
      case 'string':
        if (s.format === 'date-time')
          return this.pick(['2024-02-29T12:00:00Z', '1970-01-01T00:00:00.000000+00:00', new Date(Math.floor(this.random() * 4e12)).toISOString()]);
        if (s.format === 'uri') return this.pick(['https://bitbucket.org/acme/web', 'https://example.test/x?y=1']);
        return this.pick(STRINGS);
      default:
        return this.pick([null, 'x', 1, true, {}]);
    }
  }
}

interface Route {
  method: string;
  template: string;
  regex: RegExp;
  params: number;
}

function routes(spec: Spec): Route[] {
  const out: Route[] = [];
  for (const [template, ops] of Object.entries(spec.paths)) {
    const params = (template.match(/\{[^}]+\}/g) ?? []).length;
    const regex = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
    for (const method of Object.keys(ops)) out.push({ method: method.toUpperCase(), template, regex, params });
  }
  // a literal segment wins over a parameter
  return out.sort((a, b) => a.params - b.params);
}

function responder(spec: Spec, prefix: string, seed: number): typeof fetch {
  const table = routes(spec);
  const gen = new Generator(spec, rng(seed));
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? 'GET').toUpperCase();
    const path = decodeURIComponent(url.pathname.slice(prefix.length));
    const route = table.find((r) => r.method === method && r.regex.test(path));
    const ok = route ? spec.paths[route.template]?.[method.toLowerCase()]?.responses?.['200'] : undefined;
    const media = ok?.content ? Object.entries(ok.content).find(([type]) => /json/.test(type)) : undefined;
    if (!media) {
      // no JSON schema (diffs, logs, raw files): a random text
      return new Response(gen.value({ type: 'string' }) as string, { status: 200, headers: { 'content-type': 'text/plain' } });
    }
    return new Response(JSON.stringify(gen.value(media[1].schema)), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

const CLOUD_READS: string[][] = [
  ['pr', 'list'],
  ['pr', 'list', '--state', 'all', '--json', 'id,title,state,author,createdAt'],
  ['pr', 'view', '1'],
  ['pr', 'view', '1', '--comments'],
  ['pr', 'diff', '1'],
  ['pr', 'checks', '1'],
  ['pr', 'activity', '1'],
  ['pr', 'comments', 'list', '1'],
  ['pr', 'status'],
  ['pr', 'reviewers', 'list', '1'],
  ['repo', 'view'],
  ['repo', 'list', 'acme'],
  ['repo', 'default-reviewers', 'list'],
  ['branch', 'list'],
  ['tag', 'list'],
  ['commit', 'list'],
  ['commit', 'view', 'main'],
  ['status', 'list', 'main'],
  ['workspace', 'list'],
  ['workspace', 'view', 'acme'],
  ['workspace', 'members', 'acme'],
  ['project', 'list', 'acme'],
  ['project', 'view', 'acme', 'PROJ'],
  ['issue', 'list'],
  ['issue', 'view', '1'],
  ['pipeline', 'list'],
  ['pipeline', 'view', '1'],
  ['deployment', 'list'],
  ['environment', 'list'],
  ['variable', 'list'],
  ['webhook', 'list'],
  ['download', 'list'],
  ['snippet', 'list', '--workspace', 'acme'],
  ['ssh-key', 'list'],
  ['gpg-key', 'list'],
  ['deploy-key', 'list'],
  ['api', '/user'],
];

const DC_READS: string[][] = [
  ['pr', 'list'],
  ['pr', 'list', '--state', 'all', '--json', 'id,title,state,author,createdAt'],
  ['pr', 'view', '1'],
  ['pr', 'view', '1', '--comments'],
  ['pr', 'diff', '1'],
  ['pr', 'checks', '1'],
  ['pr', 'activity', '1'],
  ['pr', 'comments', 'list', '1'],
  ['pr', 'status'],
  ['pr', 'reviewers', 'list', '1'],
  ['repo', 'view'],
  ['repo', 'list', 'ACME'],
  ['repo', 'default-reviewers', 'list'],
  ['branch', 'list'],
  ['tag', 'list'],
  ['commit', 'list'],
  ['commit', 'view', 'main'],
  ['status', 'list', 'main'],
  ['project', 'list'],
  ['project', 'view', 'ACME'],
  ['webhook', 'list'],
  ['ssh-key', 'list'],
  ['token', 'list'],
];

async function bounded<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still running after ${RUN_LIMIT_MS} ms`)), RUN_LIMIT_MS);
  });
  try {
    return await Promise.race([p, limit]);
  } finally {
    clearTimeout(timer);
  }
}

describe('fuzz: read commands against answers generated from the specs', () => {
  const cloud = JSON.parse(readFileSync(join(ROOT, 'spec', 'bitbucket-cloud.openapi.json'), 'utf8')) as Spec;
  const dc = JSON.parse(readFileSync(join(ROOT, 'spec', 'bitbucket-dc.openapi.json'), 'utf8')) as Spec;
  const crashes: string[] = [];

  const check = (what: string, r: { code: number; stderr: string }) => {
    if (!/\b9001\b/.test(r.stderr) && !STACK_TRACE.test(r.stderr)) return;
    crashes.push(`${what} (exit ${r.code}):\n${r.stderr.slice(0, 600)}`);
  };

  for (const seed of SEEDS) {
    test(`Bitbucket Cloud, seed ${seed}`, async () => {
      for (const argv of CLOUD_READS) {
        const what = `cloud seed ${seed}: bb ${argv.join(' ')}`;
        const r = await bounded(
          runBb(argv, {
            env: { BB_API_URL: CLOUD_BASE, BB_TOKEN: 'fuzz', BB_REPO: 'acme/web', BB_HTTP_TIMEOUT: '2', BB_DEBUG: process.env.FUZZ_DEBUG },
            fetch: responder(cloud, '/2.0', seed),
          }),
          what,
        );
        check(what, r);
      }
    });
    test(`Bitbucket Data Center, seed ${seed}`, async () => {
      for (const argv of DC_READS) {
        const what = `dc seed ${seed}: bb ${argv.join(' ')}`;
        const r = await bounded(
          runBb(argv, {
            env: { BB_HOST: DC_BASE, BB_USERNAME: 'admin', BB_TOKEN: 'fuzz', BB_REPO: 'ACME/api', BB_HTTP_TIMEOUT: '2' },
            fetch: responder(dc, '/rest', seed),
          }),
          what,
        );
        check(what, r);
      }
    });
  }

  test('no crash in any run', () => {
    assert.deepEqual(crashes, [], `${crashes.length} crashes:\n\n${crashes.join('\n\n')}`);
  });
});
