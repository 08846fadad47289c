/**
 * Cloud-only commands against one `bb sandbox` (demo seed), built CLI (./bin/bb): `bb webhook view`,
 * `bb pipeline oidc`, `bb pipeline test-reports`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type BbResult, bb, type SandboxProcess, startSandbox } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: loosely typed JSON answers
type Json = Record<string, any>;

const ALL = 'id,uuid,url,description,events,active,secretSet,subjectType,createdAt';

describe('last Cloud commands (built CLI against bb sandbox)', () => {
  let sb: SandboxProcess;
  let env: Record<string, string | undefined>;
  const run = (args: string[]): Promise<BbResult> => bb(args, { env });
  const ok = (r: BbResult, what: string) => assert.equal(r.code, 0, `${what}: exit ${r.code}\n${r.stderr}`);
  const api = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> => {
    const r = await sb.api(path, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } } : {}),
    });
    const text = await r.text();
    return { status: r.status, json: text ? (JSON.parse(text) as Json) : {} };
  };

  before(async () => {
    sb = await startSandbox();
    env = sb.env({ BB_REPO: 'acme/web' });
  });
  after(async () => {
    await sb?.stop();
  });

  test('webhook view: a repository webhook and a workspace webhook, --json like webhook list, errors', async () => {
    const made = await api('POST', '/repositories/acme/web/hooks', {
      url: 'https://hooks.example.com/view',
      description: 'ci \u001b[31mred\u001b[0m',
      events: ['repo:push', 'pullrequest:created'],
      active: false,
      secret: 'topsecret',
    });
    assert.equal(made.status, 201);
    const uuid = made.json.uuid as string;

    const human = await run(['webhook', 'view', uuid]);
    ok(human, 'view');
    assert.match(human.stdout, /url:\s+https:\/\/hooks\.example\.com\/view/);
    assert.match(human.stdout, /events:\s+pullrequest:created, repo:push/);
    assert.match(human.stdout, /active:\s+no/);
    assert.match(human.stdout, /secret:\s+set/);
    assert.doesNotMatch(human.stdout, /topsecret/);
    assert.ok(!human.stdout.includes('\u001b'), 'API text is sanitised');
    assert.match(human.stdout, /description:\s+ci \^\[\[31mred/);

    // the bare UUID is accepted too; --json has exactly the fields of `bb webhook list`
    const j = await run(['webhook', 'view', uuid.replace(/[{}]/g, ''), '--json', ALL]);
    ok(j, 'view --json');
    const got = JSON.parse(j.stdout) as Json;
    const listed = JSON.parse((await run(['webhook', 'list', '--json', ALL])).stdout) as Json[];
    const same = listed.find((h) => h.uuid === uuid);
    assert.deepEqual(got, same);
    assert.deepEqual(Object.keys(got).sort(), ['active', 'createdAt', 'description', 'events', 'id', 'secretSet', 'subjectType', 'url', 'uuid']);
    assert.equal(got.secretSet, true);
    assert.equal(got.active, false);

    const ws = await api('POST', '/workspaces/acme/hooks', { url: 'https://hooks.example.com/ws', events: ['repo:push'], active: true });
    const wsView = await run(['webhook', 'view', ws.json.uuid, '--workspace', 'acme', '--json', 'url,subjectType']);
    ok(wsView, 'view --workspace');
    assert.deepEqual(JSON.parse(wsView.stdout), { url: 'https://hooks.example.com/ws', subjectType: 'workspace' });
    // a workspace webhook is not one of the repository's
    const wrong = await run(['webhook', 'view', ws.json.uuid]);
    assert.equal(wrong.code, 1, wrong.stderr);
    assert.match(wrong.stderr, /no webhook \{[0-9a-f-]+\} on acme\/web/);
    assert.match(wrong.stderr, /bb webhook list/);

    const bad = await run(['webhook', 'view', 'not-a-uuid']);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /is not a webhook id/);
    const both = await run(['webhook', 'view', uuid, '--workspace', 'acme', '-R', 'acme/web']);
    assert.equal(both.code, 2, both.stderr);
  });

  test('pipeline oidc: the issuer, jwks_uri and key ids of the workspace', async () => {
    const human = await run(['pipeline', 'oidc']);
    ok(human, 'oidc');
    assert.match(human.stdout, /workspace:\s+acme\n/);
    assert.match(human.stdout, /issuer:\s+https:\/\/api\.bitbucket\.org\/2\.0\/workspaces\/acme\/pipelines-config\/identity\/oidc\n/);
    assert.match(human.stdout, /keys:\s+sandbox-[0-9a-f]{16} \(RSA RS256\)/);

    const j = await run(['pipeline', 'oidc', '--workspace', 'acme', '--json', 'workspace,issuer,jwksUri,keyIds,algorithms']);
    ok(j, 'oidc --json');
    const got = JSON.parse(j.stdout) as Json;
    const keys = (await api('GET', '/workspaces/acme/pipelines-config/identity/oidc/keys.json')).json;
    assert.deepEqual(got, {
      workspace: 'acme',
      issuer: 'https://api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc',
      jwksUri: 'https://api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc/keys.json',
      keyIds: [keys.keys[0].kid],
      algorithms: ['RS256'],
    });
    assert.equal(keys.keys[0].kty, 'RSA');
    assert.equal(keys.keys[0].e, 'AQAB');

    const missing = await run(['pipeline', 'oidc', '--workspace', 'nosuchws']);
    assert.equal(missing.code, 1, missing.stderr);
    assert.match(missing.stderr, /API_NOT_FOUND/);
  });

  test('pipeline test-reports: the seeded report of #2 (counts, cases, a failure reason), 404s, bad UUIDs', async () => {
    const stepsOf = async (n: number) => {
      const p = await api('GET', `/repositories/acme/web/pipelines/${n}`);
      return (await api('GET', `/repositories/acme/web/pipelines/${p.json.uuid}/steps`)).json.values as Json[];
    };
    const test2 = (await stepsOf(2)).find((s) => s.name === 'Test')?.uuid as string;
    assert.ok(test2, 'pipeline #2 has a Test step');

    const human = await run(['pipeline', 'test-reports', '2', test2]);
    ok(human, 'test-reports');
    assert.match(human.stdout, /^tests:\s+4\npassed:\s+2\nfailed:\s+1\nerrors:\s+0\nskipped:\s+1\n\n/);
    assert.match(human.stdout, /FAILED\s+src\/login\.test\.js > login > greets the user\s+\{[0-9a-f-]{36}\}/);
    assert.match(human.stdout, /SKIPPED\s+src\/login\.test\.js > login > remembers the user/);

    // the UUID without braces works too; --json has the cases, and reasons only with --reasons
    const j = await run([
      'pipeline',
      'test-reports',
      '2',
      test2.replace(/[{}]/g, ''),
      '--json',
      'pipeline,step,total,successful,failed,skipped,testCases,reasons',
    ]);
    ok(j, 'test-reports --json');
    const report = JSON.parse(j.stdout) as Json;
    assert.deepEqual(
      { ...report, testCases: undefined },
      { pipeline: '#2', step: test2, total: 4, successful: 2, failed: 1, skipped: 1, testCases: undefined, reasons: null },
    );
    const failed = (report.testCases as Json[]).filter((c) => c.status === 'FAILED');
    assert.equal(failed.length, 1);
    assert.deepEqual(
      { ...failed[0], uuid: undefined },
      {
        uuid: undefined,
        name: 'greets the user',
        fullyQualifiedName: 'src/login.test.js > login > greets the user',
        packageName: 'src/login.test.js',
        status: 'FAILED',
        duration: 'PT0.012S',
      },
    );

    const why = await run(['pipeline', 'test-reports', '2', test2, '--reasons', failed[0]?.uuid, '--json', 'reasons']);
    ok(why, 'test-reports --reasons');
    assert.deepEqual(JSON.parse(why.stdout), {
      reasons: [
        {
          message: "expected 'Hello,  alex' to equal 'Hello, alex'",
          output: "AssertionError: expected 'Hello,  alex' to equal 'Hello, alex'\n    at src/login.test.js:14:32\n",
        },
      ],
    });
    const whyHuman = await run(['pipeline', 'test-reports', '2', test2, '--reasons', failed[0]?.uuid]);
    ok(whyHuman, 'test-reports --reasons (human)');
    assert.match(whyHuman.stdout, /\nexpected 'Hello, {2}alex' to equal 'Hello, alex'\nAssertionError: .*\n {4}at src\/login\.test\.js:14:32\n$/);

    // a step that collected no test results (#1's Build) and a step #2 does not have: Bitbucket's 404 either way
    const build1 = (await stepsOf(1))[0]?.uuid as string;
    for (const step of [build1, '{00000000-0000-4000-8000-000000000000}']) {
      const none = await run(['pipeline', 'test-reports', step === build1 ? '1' : '2', step]);
      assert.equal(none.code, 1, none.stderr);
      assert.match(none.stderr, new RegExp(`API_NOT_FOUND: pipeline #[12] has no test report for step ${step.replace(/[{}]/g, '\\$&')}`));
      assert.match(none.stderr, /bb pipeline view #?[12] --json steps/);
    }

    const noCase = await run(['pipeline', 'test-reports', '2', test2, '--reasons', '{00000000-0000-4000-8000-000000000001}']);
    assert.equal(noCase.code, 1, noCase.stderr);
    assert.match(noCase.stderr, /API_NOT_FOUND/);

    // the step by name: exact, or ignoring case; an unknown name lists the steps
    for (const name of ['Test', 'test']) {
      const byName = await run(['pipeline', 'test-reports', '2', name, '--json', 'step,total']);
      ok(byName, `test-reports 2 ${name}`);
      assert.deepEqual(JSON.parse(byName.stdout), { step: test2, total: 4 });
    }
    const unknown = await run(['pipeline', 'test-reports', '2', 'Deploy']);
    assert.equal(unknown.code, 1, unknown.stderr);
    assert.match(unknown.stderr, /pipeline #2 has no step named "Deploy"/);
    assert.match(unknown.stderr, /its steps: Build, Test/);

    const bad = await run(['pipeline', 'test-reports', '2', test2, '--reasons', 'greets']);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /"greets" is not a test case UUID/);
  });
});
