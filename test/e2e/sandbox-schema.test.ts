/**
 * The sandbox's answers validate against the official spec's component schemas (OpenAPI 3.0,
 * converted to JSON Schema for ajv: `nullable` → a null type; Swagger-only keywords dropped).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { type SandboxHandle, startSandbox } from '../../src/sandbox/index.js';
import { ROOT } from '../support/sandbox.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === 'discriminator' || k === 'example' || k === 'examples' || k === 'xml' || k === 'externalDocs' || k.startsWith('x-')) continue;
    if (k === 'nullable') continue;
    out[k] = convert(v);
  }
  const src = node as Record<string, unknown>;
  if (src.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

function validator(): (name: string) => ValidateFunction {
  const spec = JSON.parse(readFileSync(join(ROOT, 'spec', 'bitbucket-cloud.openapi.json'), 'utf8')) as { components: { schemas: unknown } };
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'spec', components: { schemas: convert(spec.components.schemas) } });
  return (name) => {
    const v = ajv.getSchema(`spec#/components/schemas/${name}`);
    assert.ok(v, `no schema ${name}`);
    return v;
  };
}

describe('sandbox responses match the spec schemas', () => {
  let sb: SandboxHandle;
  let schema: (name: string) => ValidateFunction;
  const get = async (path: string) => {
    const r = await fetch(`${sb.url}${path}`, { headers: { Authorization: `Bearer ${sb.token}` } });
    assert.equal(r.status, 200, `${path}: ${r.status}`);
    return r.json();
  };
  const check = async (path: string, name: string) => {
    const body = await get(path);
    const v = schema(name);
    assert.ok(v(body), `${path} as ${name}: ${JSON.stringify(v.errors?.slice(0, 5), null, 1)}`);
  };

  before(async () => {
    schema = validator();
    sb = await startSandbox({ seed: 'demo', legacy: true });
  });
  after(() => sb.close());

  const cases: Array<[string, string]> = [
    ['/user', 'user'],
    ['/workspaces/acme', 'workspace'],
    ['/workspaces', 'paginated_workspaces'],
    ['/user/permissions/workspaces', 'paginated_workspace_memberships'],
    ['/workspaces/acme/members', 'paginated_workspace_memberships'],
    ['/user/workspaces', 'paginated_workspace_access'],
    ['/workspaces/acme/projects', 'paginated_projects'],
    ['/workspaces/acme/projects/PLAT', 'project'],
    ['/repositories/acme', 'paginated_repositories'],
    ['/repositories/acme/web', 'repository'],
    ['/repositories/acme/web/default-reviewers', 'paginated_accounts'],
    ['/repositories/acme/web/refs/branches', 'paginated_branches'],
    ['/repositories/acme/web/refs/branches/main', 'branch'],
    ['/repositories/acme/web/refs/tags', 'paginated_tags'],
    ['/repositories/acme/web/refs/tags/v1.0.0', 'tag'],
    ['/repositories/acme/web/commits', 'paginated_changeset'],
    ['/repositories/acme/web/commit/main', 'commit'],
  ];
  for (const [path, name] of cases) test(`${path} is a ${name}`, () => check(path, name));

  test('commit statuses', async () => {
    const headers = { Authorization: `Bearer ${sb.token}`, 'Content-Type': 'application/json' };
    const r = await fetch(`${sb.url}/repositories/acme/web/commit/main/statuses/build`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ key: 'ci', state: 'SUCCESSFUL', url: 'https://ci.example.com/1', name: 'CI' }),
    });
    assert.equal(r.status, 201);
    const v = schema('commitstatus');
    assert.ok(v(await r.json()), JSON.stringify(v.errors));
    await check('/repositories/acme/web/commit/main/statuses', 'paginated_commitstatuses');
    await check('/repositories/acme/web/commit/main/statuses/build/ci', 'commitstatus');
  });

  test('errors use the error envelope', async () => {
    const r = await fetch(`${sb.url}/repositories/acme/nope`, { headers: { Authorization: `Bearer ${sb.token}` } });
    assert.equal(r.status, 404);
    const v = schema('error');
    assert.ok(v(await r.json()), JSON.stringify(v.errors));
  });
});
