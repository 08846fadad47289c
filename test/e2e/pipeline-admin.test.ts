/**
 * The Pipelines administration commands of issue 21 against one `bb sandbox` (demo seed), built CLI (./bin/bb):
 * `pipeline view --wait`, schedules, caches, configuration and build number, and deployment environments.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
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
    // started last and running ~14 s, so that --wait sees it before it completes even on a loaded machine
    const slow = await start(['SANDBOX_STEP_SECONDS=600']);
    const bad = await start(['SANDBOX_STEP_SECONDS=1', 'SANDBOX_RESULT=FAILED']);
    const good = await start(['SANDBOX_STEP_SECONDS=5']);
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
    // one status line per change seen (a busy machine may see the pipeline start within the second), then the refusal
    assert.match(s.stderr, new RegExp(`^(pipeline #${slow}: \\S+\\n)+error 8004 PENDING: pipeline #${slow} is still \\S+ after 1s\\nhint: `));
    assert.equal(s.stdout, '');
    ok(await run(['pipeline', 'stop', slow]), 'stop the slow one');
  });

  test('pipeline schedule list|create|pause|resume|delete: the demo nightly, a new one, Quartz cron checked by bb and by Bitbucket', async () => {
    const l = await run(['pipeline', 'schedule', 'list', '--json', 'refName,selector,cron,enabled']);
    ok(l, 'schedule list');
    assert.deepEqual(JSON.parse(l.stdout), [{ refName: 'main', selector: { type: 'branches', pattern: 'main' }, cron: '0 0 2 * * ? *', enabled: true }]);

    const dry = await run(['pipeline', 'schedule', 'create', '--branch', 'main', '--selector', 'nightly-e2e', '--cron', '0 30 6 ? * MON *', '--dry-run']);
    ok(dry, 'create --dry-run');
    assert.match(dry.stdout, /^would send: POST http:\/\/127\.0\.0\.1:\d+\/2\.0\/repositories\/acme\/web\/pipelines_config\/schedules\n/);
    assert.match(dry.stdout, /"cron_pattern": ?"0 30 6 \? \* MON \*"/);
    assert.equal((await api('GET', `${W}/pipelines_config/schedules`)).json.values.length, 1, 'a dry run sends nothing');

    const c = await run(['pipeline', 'schedule', 'create', '--branch', 'main', '--selector', 'nightly-e2e', '--cron', '0 30 6 ? * MON *', '--paused']);
    ok(c, 'create');
    const uuid = c.stdout.trim();
    assert.match(uuid, /^\{[0-9a-f-]{36}\}$/);
    assert.equal(c.stderr, '✓ Scheduled custom nightly-e2e on main at "0 30 6 ? * MON *" (paused)\n');
    const stored = (await api('GET', `${W}/pipelines_config/schedules/${encodeURIComponent(uuid)}`)).json;
    assert.equal(stored.enabled, false);
    assert.deepEqual(stored.target.selector, { type: 'custom', pattern: 'nightly-e2e' });

    const table = await run(['pipeline', 'schedule', 'list']);
    ok(table, 'list');
    assert.equal(table.stdout.split('\n').filter(Boolean).length, 2);
    assert.match(table.stdout, new RegExp(`^custom nightly-e2e on main\\t0 30 6 \\? \\* MON \\*\\tpaused\\t\\${uuid.slice(0, -1)}\\}$`, 'm'));

    ok(await run(['pipeline', 'schedule', 'resume', uuid]), 'resume');
    assert.equal((await api('GET', `${W}/pipelines_config/schedules/${encodeURIComponent(uuid)}`)).json.enabled, true);
    const p = await run(['pipeline', 'schedule', 'pause', uuid.slice(1, -1)]);
    ok(p, 'pause (bare uuid)');
    assert.match(p.stderr, /^✓ Paused the schedule of custom nightly-e2e on main/);
    assert.equal((await api('GET', `${W}/pipelines_config/schedules/${encodeURIComponent(uuid)}`)).json.enabled, false);

    // bb refuses a crontab line before sending; Bitbucket (the sandbox) refuses a bad Quartz expression
    const five = await run(['pipeline', 'schedule', 'create', '--branch', 'main', '--cron', '0 2 * * *']);
    assert.equal(five.code, 2, five.stderr);
    assert.match(five.stderr, /^error 5002 INVALID_ARGUMENT: --cron needs a Quartz cron expression of 7 fields .*not 5 fields\nhint: every day at 02:00 UTC/);
    for (const [cron, why] of [
      ['0 0 25 * * ? *', /invalid hours field "25"/],
      ['0 0 2 * * MON *', /both a day of week and a day of month/],
      ['0 0 2 ? * ? *', /'\?' can only be specified for day of month -or- day of week/],
    ] as const) {
      const r = await run(['pipeline', 'schedule', 'create', '--branch', 'main', '--cron', cron]);
      assert.equal(r.code, 1, `${cron}: ${r.stderr}`);
      assert.match(r.stderr, /^error 2007 API_BAD_REQUEST: /);
      const raw = await api('POST', `${W}/pipelines_config/schedules`, {
        target: { ref_type: 'branch', ref_name: 'main', selector: { type: 'branches', pattern: 'main' } },
        cron_pattern: cron,
      });
      assert.equal(raw.status, 400);
      assert.match(raw.json.error.detail, why);
    }
    // Bitbucket's body checks: an empty JSON body, a missing target or cron_pattern
    assert.equal((await api('POST', `${W}/pipelines_config/schedules`, '')).status, 400);
    assert.deepEqual((await api('POST', `${W}/pipelines_config/schedules`, { cron_pattern: '0 0 2 * * ? *' })).json.error.fields, {
      target: ['This field is required.'],
    });
    assert.equal((await api('POST', `${W}/pipelines_config/schedules`, { target: { ref_type: 'branch', ref_name: 'main' } })).status, 400);
    assert.equal((await api('PUT', `${W}/pipelines_config/schedules/${encodeURIComponent(uuid)}`, '')).status, 400);
    const missing = await run(['pipeline', 'schedule', 'create', '--cron', '0 0 2 * * ? *']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^error 5001 USAGE: pipeline schedule create needs --branch/);
    const notUuid = await run(['pipeline', 'schedule', 'delete', 'nightly', '--yes']);
    assert.equal(notUuid.code, 2);
    assert.match(notUuid.stderr, /^error 5002 INVALID_ARGUMENT: "nightly" is not a schedule/);

    const refused = await run(['pipeline', 'schedule', 'delete', uuid]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /^error 5005 CONFIRMATION_REQUIRED: /);
    ok(await run(['pipeline', 'schedule', 'delete', uuid, '--yes']), 'delete');
    assert.equal((await api('GET', `${W}/pipelines_config/schedules/${encodeURIComponent(uuid)}`)).status, 404);
    const gone = await run(['pipeline', 'schedule', 'delete', uuid, '--yes']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /^error 2002 API_NOT_FOUND: /);
  });

  test('pipeline cache list|delete|clear: by name (every version), by UUID (one), all; refused without --yes', async () => {
    // the demo's pipelines saved a node cache; pipelines triggered above did not add another (one per name)
    const l = await run(['pipeline', 'cache', 'list', '--json', 'uuid,name,path,sizeBytes,pipelineUuid']);
    ok(l, 'cache list');
    const caches = JSON.parse(l.stdout) as Json[];
    assert.deepEqual(
      caches.map((c) => [c.name, c.path, c.sizeBytes]),
      [['node', 'node_modules', 48213504]],
    );
    const table = await run(['pipeline', 'cache', 'list']);
    assert.match(table.stdout, /^node\tnode_modules\t46\.0 MB\t\S+\t\{[0-9a-f-]{36}\}\n$/);

    const dry = await run(['pipeline', 'cache', 'delete', 'node', '--dry-run']);
    ok(dry, 'delete --dry-run');
    assert.match(dry.stdout, /^would send: DELETE http:\/\/127\.0\.0\.1:\d+\/2\.0\/repositories\/acme\/web\/pipelines-config\/caches\?name=node\n/);
    const refused = await run(['pipeline', 'cache', 'delete', 'node']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /^error 5005 CONFIRMATION_REQUIRED: refusing to delete the cache node of acme\/web/);
    const byName = await run(['pipeline', 'cache', 'delete', 'node', '--yes']);
    ok(byName, 'delete by name');
    assert.equal(byName.stderr, '✓ Deleted the cache node of acme/web\n');
    assert.deepEqual((await api('GET', `${W}/pipelines-config/caches`)).json.values, []);
    const again = await run(['pipeline', 'cache', 'delete', 'node', '--yes']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^error 2002 API_NOT_FOUND: /);
    assert.equal((await api('DELETE', `${W}/pipelines-config/caches`)).status, 400, 'name is required');

    // a new pipeline saves it again; delete that version by UUID
    ok(await run(['pipeline', 'run', '--branch', 'main', '--var', 'SANDBOX_STEP_SECONDS=0']), 'run');
    const [fresh] = (await api('GET', `${W}/pipelines-config/caches`)).json.values as Json[];
    assert.ok(fresh);
    const byUuid = await run(['pipeline', 'cache', 'delete', fresh.uuid.slice(1, -1), '--yes']);
    ok(byUuid, 'delete by uuid');
    assert.equal(byUuid.stderr, `✓ Deleted cache ${fresh.uuid} of acme/web\n`);
    assert.deepEqual((await api('GET', `${W}/pipelines-config/caches`)).json.values, []);

    const empty = await run(['pipeline', 'cache', 'clear', '--yes']);
    ok(empty, 'clear with none');
    assert.equal(empty.stderr, 'No Pipelines caches in acme/web; nothing to clear\n');
    ok(await run(['pipeline', 'run', '--branch', 'main', '--var', 'SANDBOX_STEP_SECONDS=0']), 'run');
    const cdry = await run(['pipeline', 'cache', 'clear', '--dry-run']);
    ok(cdry, 'clear --dry-run');
    assert.match(cdry.stdout, /caches\?name=node/);
    assert.equal((await api('GET', `${W}/pipelines-config/caches`)).json.values.length, 1, 'a dry run deletes nothing');
    const cleared = await run(['pipeline', 'cache', 'clear', '--yes']);
    ok(cleared, 'clear');
    assert.equal(cleared.stderr, '✓ Cleared 1 cache of acme/web: node\n');
    assert.deepEqual((await api('GET', `${W}/pipelines-config/caches`)).json.values, []);
  });

  test('pipeline config view|enable|disable|build-number: a disabled repository refuses pipeline run; the number only moves forward', async () => {
    const v = await run(['pipeline', 'config', 'view', '--json', 'enabled,fullName']);
    ok(v, 'config view');
    assert.deepEqual(JSON.parse(v.stdout), { enabled: true, fullName: 'acme/web' });
    assert.equal((await run(['pipeline', 'config', 'view'])).stdout, 'repository:\tacme/web\npipelines:\tenabled\n');

    const dry = await run(['pipeline', 'config', 'disable', '--dry-run']);
    ok(dry, 'disable --dry-run');
    assert.match(dry.stdout, /^would send: PUT http:\/\/127\.0\.0\.1:\d+\/2\.0\/repositories\/acme\/web\/pipelines_config\n/);
    assert.equal((await api('GET', `${W}/pipelines_config`)).json.enabled, true, 'a dry run changes nothing');
    const d = await run(['pipeline', 'config', 'disable']);
    ok(d, 'disable');
    assert.equal(d.stderr, '✓ Pipelines disabled for acme/web\n');
    assert.equal((await api('GET', `${W}/pipelines_config`)).json.enabled, false);
    const refused = await run(['pipeline', 'run', '--branch', 'main']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^error 2007 API_BAD_REQUEST: .*not enabled/);
    const e = await run(['pipeline', 'config', 'enable', '--json', 'enabled']);
    ok(e, 'enable');
    assert.deepEqual(JSON.parse(e.stdout), { enabled: true });

    const current = (await api('GET', `${W}/pipelines?sort=-created_on&pagelen=1`)).json.values[0].build_number as number;
    const next = current + 100;
    const b = await run(['pipeline', 'config', 'build-number', String(next)]);
    ok(b, 'build-number');
    assert.equal(b.stderr, `✓ The next pipeline of acme/web will be #${next}\n`);
    const started = await run(['pipeline', 'run', '--branch', 'main', '--var', 'SANDBOX_STEP_SECONDS=0']);
    ok(started, 'run');
    assert.equal(started.stdout.trim(), String(next));
    const back = await run(['pipeline', 'config', 'build-number', String(current)]);
    assert.equal(back.code, 1);
    assert.match(back.stderr, /^error 2007 API_BAD_REQUEST: .*The next build number must be a whole number greater than/);
    for (const bad of ['0', 'ten', '-3']) {
      const r = await run(['pipeline', 'config', 'build-number', '--', bad]);
      assert.equal(r.code, 2, `${bad}: ${r.stderr}`);
      assert.match(r.stderr, /^error 5002 INVALID_ARGUMENT: ".*" is not a build number/);
    }
    // Bitbucket's body checks
    assert.equal((await api('PUT', `${W}/pipelines_config`, '')).status, 400);
    assert.equal((await api('PUT', `${W}/pipelines_config`, { enabled: 'yes' })).status, 400);
    assert.equal((await api('PUT', `${W}/pipelines_config/build_number`, '')).status, 400);
    assert.equal((await api('PUT', `${W}/pipelines_config/build_number`, {})).status, 400);
  });

  test('environment create|edit|delete: by name, slug or UUID; unique names; confirm on delete; Bitbucket body checks', async () => {
    const dry = await run(['environment', 'create', 'Staging EU', '--type', 'staging', '--dry-run']);
    ok(dry, 'create --dry-run');
    assert.match(dry.stdout, /^would send: POST http:\/\/127\.0\.0\.1:\d+\/2\.0\/repositories\/acme\/web\/environments\n/);
    assert.match(dry.stdout, /"name": ?"Staging"/);
    const c = await run(['environment', 'create', 'Staging EU', '--type', 'staging', '--json', 'name,type,slug']);
    ok(c, 'create');
    assert.deepEqual(JSON.parse(c.stdout), { name: 'Staging EU', type: 'Staging', slug: 'staging-eu' });
    assert.equal(c.stderr, '✓ Created Staging environment Staging EU in acme/web\n');
    const dup = await run(['environment', 'create', 'staging eu']);
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /^error 2004 API_CONFLICT: /);
    const badType = await run(['environment', 'create', 'QA', '--type', 'Dev']);
    assert.equal(badType.code, 2);
    assert.match(badType.stderr, /^error 5002 INVALID_ARGUMENT: "Dev" is not an environment type\nhint: use one of Test, Staging, Production\n$/);

    const e = await run(['environment', 'edit', 'staging-eu', '--name', 'Staging EMEA']);
    ok(e, 'edit by slug');
    assert.equal(e.stderr, '✓ Renamed environment Staging EU to Staging EMEA\n');
    const names = async () => ((await api('GET', `${W}/environments`)).json.values as Json[]).map((x) => x.name);
    assert.deepEqual(await names(), ['Test', 'Staging', 'Staging EMEA', 'Production']);
    const clash = await run(['environment', 'edit', 'Staging EMEA', '--name', 'production']);
    assert.equal(clash.code, 1);
    assert.match(clash.stderr, /^error 2004 API_CONFLICT: /);
    const unknown = await run(['environment', 'edit', 'Nowhere', '--name', 'X']);
    assert.equal(unknown.code, 1);
    assert.match(
      unknown.stderr,
      /^error 2002 API_NOT_FOUND: acme\/web has no deployment environment "Nowhere"\nhint: its environments: Test, Staging, Staging EMEA, Production\n$/,
    );
    const envUuid = ((await api('GET', `${W}/environments`)).json.values as Json[]).find((x) => x.name === 'Staging EMEA')?.uuid as string;
    const changes = `${W}/environments/${encodeURIComponent(envUuid)}/changes`;
    assert.equal((await api('POST', changes, '')).status, 400, 'an empty JSON body');
    assert.equal((await api('POST', changes, {})).status, 400, 'no change');
    assert.equal((await api('POST', changes, { change: { environment_type: { name: 'Production' } } })).status, 400, 'the type cannot change');
    assert.equal((await api('POST', `${W}/environments`, {})).status, 400, 'create without a name');

    const refused = await run(['environment', 'delete', 'Staging EMEA']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /^error 5005 CONFIRMATION_REQUIRED: /);
    const ddry = await run(['environment', 'delete', envUuid, '--dry-run']);
    ok(ddry, 'delete --dry-run');
    assert.ok(ddry.stdout.includes(`/environments/${encodeURIComponent(envUuid)}`), ddry.stdout);
    const d = await run(['environment', 'delete', envUuid.slice(1, -1), '--yes']);
    ok(d, 'delete by uuid');
    assert.equal(d.stderr, '✓ Deleted environment Staging EMEA of acme/web\n');
    assert.deepEqual(await names(), ['Test', 'Staging', 'Production']);
  });

  test('project deploy-key list|add|delete: KEY with --workspace or WORKSPACE/KEY; confirm on delete', async () => {
    const type = Buffer.from('ssh-ed25519');
    const blob = Buffer.concat([Buffer.from([0, 0, 0, type.length]), type, Buffer.from([0, 0, 0, 32]), randomBytes(32)]);
    const key = `ssh-ed25519 ${blob.toString('base64')} ci@example`;
    const empty = await run(['project', 'deploy-key', 'list', 'PLAT', '--workspace', 'acme']);
    ok(empty, 'list');
    assert.equal(empty.stdout, '');
    const dry = await run(['project', 'deploy-key', 'add', 'acme/PLAT', '--label', 'ci', '--dry-run'], { input: key });
    ok(dry, 'add --dry-run');
    assert.match(dry.stdout, /^would send: POST http:\/\/127\.0\.0\.1:\d+\/2\.0\/workspaces\/acme\/projects\/PLAT\/deploy-keys\n/);
    const a = await run(['project', 'deploy-key', 'add', 'acme/plat', '--label', 'ci'], { input: key });
    ok(a, 'add');
    const id = a.stdout.trim();
    assert.match(id, /^\d+$/);
    assert.equal(a.stderr, `✓ Added deploy key ${id} to project acme/PLAT\n`);
    const l = await run(['project', 'deploy-key', 'list', 'acme/PLAT', '--json', 'id,label']);
    ok(l, 'list --json');
    assert.deepEqual(JSON.parse(l.stdout), [{ id, label: 'ci' }]);
    const bad = await run(['project', 'deploy-key', 'add', 'acme/PLAT'], { input: 'not a key' });
    assert.equal(bad.code, 2, bad.stderr);
    const badProject = await run(['project', 'deploy-key', 'list', 'acme/NOPE!']);
    assert.equal(badProject.code, 2);
    assert.match(badProject.stderr, /^error 5002 INVALID_ARGUMENT: "acme\/NOPE!" is not a project key/);
    const refused = await run(['project', 'deploy-key', 'delete', 'acme/PLAT', id]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /^error 5005 CONFIRMATION_REQUIRED: /);
    const d = await run(['project', 'deploy-key', 'delete', 'PLAT', id, '--workspace', 'acme', '--yes']);
    ok(d, 'delete');
    assert.equal(d.stderr, `✓ Removed deploy key ${id} from project acme/PLAT\n`);
    assert.deepEqual((await api('GET', '/workspaces/acme/projects/PLAT/deploy-keys')).json.values, []);
  });
});
