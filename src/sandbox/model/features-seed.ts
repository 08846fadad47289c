import { addIssue, addIssueComment } from '../handlers/issues.js';
import { addSchedule } from '../handlers/pipeline-config.js';
import { addPipeline, environmentsOf } from '../handlers/pipelines.js';
import { addSnippet } from '../handlers/snippets.js';
import { addVariable } from '../handlers/variables.js';
import type { SeedBuilder } from '../seed.js';
import { newUuid, type PipelineTestCaseRecord, type WebhookRecord } from '../state.js';

/**
 * Demo data for pipelines, issues, snippets, webhooks and variables (a DEMO_STEPS step):
 * - acme/web: pipeline #1 on main (completed, SUCCESSFUL, with a log), #2 on feature/login (FAILED; its Test step
 *   has a test report: two passed, one failed with its reason, one skipped),
 *   a Production deployment of #1, variables DEPLOY_ENV and a secured API_TOKEN, the issue tracker
 *   on with an open issue (with a comment) and a resolved one, and a webhook (repo:push, issue:created)
 *   to a non-loopback URL, so its deliveries are recorded but never sent;
 * - acme/api: pipeline #1 on main, running (it started when the sandbox was seeded; its Test step
 *   runs for a day);
 * - workspace acme: a variable NODE_VERSION and a snippet with two files.
 */
export async function seedDemoFeatures(b: SeedBuilder): Promise<void> {
  const sb = b.sb;
  const dev = sb.store.user('dev');
  const alex = sb.store.user('alex');
  const web = sb.store.repository('acme', 'web');
  const api = sb.store.repository('acme', 'api');
  const acme = sb.store.workspace('acme');
  if (!dev || !alex || !web || !api || !acme) throw new Error('seed: the demo users, workspace or repositories are missing');
  const webGit = sb.git(web);
  const apiGit = sb.git(api);

  // pipelines
  const main = await webGit.resolve('refs/heads/main');
  const login = await webGit.resolve('refs/heads/feature/login');
  const apiMain = await apiGit.resolve('refs/heads/main');
  if (!main || !login || !apiMain) throw new Error('seed: the demo branches are missing');
  const ok = addPipeline(sb, web, {
    creator: dev.uuid,
    trigger: 'push',
    created_on: b.date(),
    target: { ref_type: 'branch', ref_name: 'main', commit: main, selector: { type: 'branches', pattern: 'main' } },
  });
  for (const s of ok.steps) s.duration_s = 45;
  const failed = addPipeline(sb, web, {
    creator: dev.uuid,
    trigger: 'push',
    created_on: b.date(),
    target: { ref_type: 'branch', ref_name: 'feature/login', commit: login, selector: { type: 'branches', pattern: 'feature/login' } },
  });
  const last = failed.steps[failed.steps.length - 1];
  if (last) {
    last.result = 'FAILED';
    last.log_tail = 'FAIL src/login.test.js\n  ✕ greets the user (12 ms)\nError: the step "Test" failed (exit code 1)\n';
    // its test report: two passed, the failed one (with what it printed), one skipped
    const testCase = (name: string, status: PipelineTestCaseRecord['status'], duration_s: number, reasons: PipelineTestCaseRecord['reasons'] = []) => ({
      uuid: newUuid(),
      name,
      fully_qualified_name: `src/login.test.js > login > ${name}`,
      package_name: 'src/login.test.js',
      status,
      duration_s,
      reasons,
    });
    last.test_cases = [
      testCase('shows the form', 'SUCCESSFUL', 0.008),
      testCase('rejects an empty password', 'SUCCESSFUL', 0.004),
      testCase('greets the user', 'FAILED', 0.012, [
        {
          message: "expected 'Hello,  alex' to equal 'Hello, alex'",
          output: "AssertionError: expected 'Hello,  alex' to equal 'Hello, alex'\n    at src/login.test.js:14:32\n",
        },
      ]),
      testCase('remembers the user', 'SKIPPED', 0),
    ];
  }
  const running = addPipeline(sb, api, {
    creator: alex.uuid,
    // started a minute before seeding: Build is done, Test runs for a day
    created_on: new Date(sb.now().getTime() - 60_000).toISOString(),
    target: { ref_type: 'branch', ref_name: 'main', commit: apiMain, selector: { type: 'branches', pattern: 'main' } },
  });
  const slow = running.steps[running.steps.length - 1];
  if (slow) {
    slow.duration_s = 24 * 60 * 60;
    slow.log_generated_bytes = 10 * 1024 * 1024;
  }

  // a nightly schedule of main (listed, never run)
  addSchedule(sb, web, { enabled: true, ref_name: 'main', selector: { type: 'branches', pattern: 'main' }, cron_pattern: '0 0 2 * * ? *' });

  // deployments and variables
  const production = environmentsOf(sb, web).find((e) => e.environment_type === 'Production');
  if (production) {
    const d = { uuid: newUuid(), repository: web.uuid, environment: production.uuid, pipeline: ok.uuid, commit: main, created_on: b.date() };
    sb.store.data.deployments[d.uuid] = d;
    addVariable(sb.store.data, 'environment', production.uuid, { key: 'DEPLOY_URL', value: 'https://acme.example/', secured: false });
  }
  addVariable(sb.store.data, 'repository', web.uuid, { key: 'DEPLOY_ENV', value: 'staging', secured: false });
  addVariable(sb.store.data, 'repository', web.uuid, { key: 'API_TOKEN', value: 'sandbox-demo-secret', secured: true });
  addVariable(sb.store.data, 'workspace', acme.slug, { key: 'NODE_VERSION', value: '20', secured: false });

  // issues
  web.has_issues = true;
  const bug = addIssue(sb, web, alex, {
    title: 'Login form does not trim the user name',
    content: 'Typing " alex" greets " alex". Trim the input first.',
    state: 'open',
    kind: 'bug',
    priority: 'major',
    assignee: dev.uuid,
    created_on: b.date(),
  });
  addIssueComment(sb, bug, dev, 'Confirmed; fixing it on feature/login.', b.date());
  addIssue(sb, web, dev, {
    title: 'Document how to run the site',
    content: 'The README should say how to start the site locally.',
    state: 'resolved',
    kind: 'task',
    priority: 'minor',
    created_on: b.date(),
  });

  // a snippet
  const relchk = addSnippet(sb, acme, dev, {
    id: 'relchk',
    title: 'Release checklist',
    is_private: true,
    created_on: b.date(),
    files: {
      'checklist.md': '# Release\n\n- [ ] Tag the release\n- [ ] Run the pipeline\n- [ ] Announce it\n',
      'release.sh': '#!/bin/sh\nset -e\ngit tag "$1"\ngit push origin "$1"\n',
    },
  });
  const commentedOn = b.date();
  relchk.comments = [{ id: 1, user: alex.uuid, content: 'Should we add a changelog step?', created_on: commentedOn, updated_on: commentedOn }];

  // a webhook (not loopback: deliveries are recorded as skipped, never sent)
  const hook: WebhookRecord = {
    uuid: newUuid(),
    subject_type: 'repository',
    subject: web.uuid,
    url: 'https://hooks.example.com/bitbucket',
    description: 'Demo CI trigger',
    events: ['issue:created', 'repo:push'],
    active: true,
    created_at: b.date(),
  };
  sb.store.data.webhooks[hook.uuid] = hook;
}
