/**
 * The Pipelines administration commands of issue 21 against one `bb sandbox` (demo seed), built CLI (./bin/bb):
 * `pipeline view --wait`, schedules, caches, configuration and build number, and deployment environments.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type BbResult, bb, type SandboxProcess, startSandbox } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: loosely typed JSON answers
type Json = Record<string, any>;

const W = '/repositories/acme/web';

describe('pipeline administration (built CLI against bb sandbox)', () => {
  let sb: SandboxProcess;
  let env: Record<string, string | undefined>;
  const run = (args: string[], o: { input?: string } = {}): Promise<BbResult> => bb(args, { env, ...(o.input !== undefined ? { input: o.input } : {}) });
  const ok = (r: BbResult, what: string) => assert.equal(r.code, 0, `${what}: exit ${r.code}\n${r.stderr}`);
  const api = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> => {
    const r = await sb.api(path, {
      method,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': 'application/json' } } : {}),
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

  test('pipeline view --wait: exit 0 when the pipeline succeeds, 1 when it fails, 8 (PENDING) past --timeout', async () => {
    const start = async (vars: string[]) => {
      const r = await run(['pipeline', 'run', '--branch', 'main', ...vars.flatMap((v) => ['--var', v])]);
      ok(r, 'pipeline run');
      return r.stdout.trim();
    };
    const good = await start(['SANDBOX_STEP_SECONDS=3']);
    const bad = await start(['SANDBOX_STEP_SECONDS=1', 'SANDBOX_RESULT=FAILED']);
    const slow = await start(['SANDBOX_STEP_SECONDS=600']);
    const [g, b, s] = await Promise.all([
      run(['pipeline', 'view', good, '--wait', '--json', 'buildNumber,status,steps']),
      run(['pipeline', 'view', bad, '--wait']),
      run(['pipeline', 'view', slow, '--wait', '--timeout', '1']),
    ]);
    ok(g, 'view --wait (successful)');
    const gj = JSON.parse(g.stdout);
    assert.equal(gj.buildNumber, Number(good));
    assert.equal(gj.status, 'SUCCESSFUL');
    assert.deepEqual(
      gj.steps.map((x: Json) => x.status),
      ['SUCCESSFUL', 'SUCCESSFUL'],
    );
    assert.match(g.stderr, new RegExp(`^pipeline #${good}: (PENDING|IN_PROGRESS\\S*)\\n(.*\\n)*pipeline #${good}: SUCCESSFUL\\n$`));
    assert.equal(b.code, 1, b.stderr);
    assert.match(b.stdout, /^status:\tFAILED$/m);
    assert.match(b.stderr, new RegExp(`pipeline #${bad}: FAILED\\n$`));
    assert.equal(s.code, 8, s.stderr);
    assert.match(s.stderr, new RegExp(`^pipeline #${slow}: \\S+\\nerror 8004 PENDING: pipeline #${slow} is still \\S+ after 1s\\nhint: `));
    assert.equal(s.stdout, '');
    ok(await run(['pipeline', 'stop', slow]), 'stop the slow one');
  });
});
