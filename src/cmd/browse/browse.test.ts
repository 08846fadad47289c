import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { runBb } from '../../../test/support/run.js';

const env = { BB_TOKEN: 'tok-secret-123', BB_EMAIL: 'ada@example.com' };
const repo = { full_name: 'myteam/website', mainbranch: { name: 'main' }, links: { html: { href: 'https://bitbucket.test/myteam/website' } } };

test('browse: file:line on the main branch, --no-browser prints; --pipelines opens the browser', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/repositories/myteam/website', body: repo })
    .stub({ method: 'GET', path: '/repositories/myteam/website', body: repo })
    .stub({ method: 'GET', path: '/repositories/myteam/website', body: repo });
  const r = await runBb(['browse', 'src/app.ts:12', '-R', 'myteam/website', '--no-browser'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'https://bitbucket.test/myteam/website/src/main/src/app.ts#lines-12\n');
  const c = await runBb(['browse', '--commit', '1a2b3c4', '-R', 'myteam/website', '--no-browser'], { fetch: reg.fetch, env });
  assert.equal(c.stdout, 'https://bitbucket.test/myteam/website/commits/1a2b3c4\n');
  const opened: string[] = [];
  const p = await runBb(['browse', '--pipelines', '-R', 'myteam/website'], { fetch: reg.fetch, env, browser: { open: async (u) => void opened.push(u) } });
  assert.equal(p.code, 0, p.stderr);
  assert.deepEqual(opened, ['https://bitbucket.test/myteam/website/pipelines']);
  reg.verify();
  const both = await runBb(['browse', '--pipelines', '--settings', '-R', 'myteam/website'], { env });
  assert.equal(both.code, 2);
});

test('workspace members, environment list and deployment list', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/workspaces/myteam/members', body: { values: [{ user: { display_name: 'Ada L', nickname: 'ada', uuid: '{u-1}' } }] } })
    .stub({
      method: 'GET',
      path: '/repositories/myteam/website/environments',
      body: { values: [{ uuid: '{e1}', name: 'Production', environment_type: { name: 'Production' } }] },
    })
    .stub({ method: 'GET', path: '/repositories/myteam/website/environments', body: { values: [{ uuid: '{e1}', name: 'Production' }] } })
    .stub({
      method: 'GET',
      path: '/repositories/myteam/website/deployments',
      body: {
        values: [
          {
            uuid: '{d1}',
            environment: { uuid: '{e1}' },
            state: { name: 'COMPLETED', status: { name: 'SUCCESSFUL' } },
            release: { name: '#42', commit: { hash: 'abcdef123' } },
          },
        ],
      },
    });
  const m = await runBb(['workspace', 'members', 'myteam'], { fetch: reg.fetch, env });
  assert.equal(m.stdout, 'Ada L\tada\t{u-1}\n');
  const e = await runBb(['environment', 'list', '-R', 'myteam/website'], { fetch: reg.fetch, env });
  assert.equal(e.stdout, 'Production\tProduction\t{e1}\n');
  const d = await runBb(['deployment', 'list', '-R', 'myteam/website', '--json', 'environment,status,commit'], { fetch: reg.fetch, env });
  assert.deepEqual(JSON.parse(d.stdout), [{ environment: 'Production', status: 'SUCCESSFUL', commit: 'abcdef123' }]);
  reg.verify();
});
