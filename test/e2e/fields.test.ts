/**
 * Payload economy (P6): the list commands ask Bitbucket for the item fields their output reads (`fields=`),
 * checked on the query each sends (BB_DEBUG logs it) against the sandbox, which applies `fields=` as Bitbucket does.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bb, type SandboxProcess, startSandbox } from '../support/sandbox.js';

const ENVELOPE = ['next', 'page', 'pagelen', 'size'];
const values = (...f: string[]) => [...ENVELOPE, ...f.map((x) => `values.${x}`)].join(',');

describe('list commands send fields=', () => {
  let sandbox: SandboxProcess;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox?.stop();
  });

  /** The `fields` of the list request bb sent (from BB_DEBUG's request log), and bb's stdout. */
  async function sent(args: string[], path: RegExp): Promise<{ fields: string | null; url: URL; stdout: string }> {
    const r = await bb(args, { env: sandbox.env({ BB_DEBUG: 'api' }) });
    assert.equal(r.code, 0, r.stderr);
    const line = r.stderr.split('\n').find((l) => /\[bb debug\] GET /.test(l) && path.test(l));
    assert.ok(line, `no GET matching ${path} in:\n${r.stderr}`);
    const url = new URL((/GET (\S+)/.exec(line) as RegExpExecArray)[1] as string);
    return { fields: url.searchParams.get('fields'), url, stdout: r.stdout };
  }

  const ACCOUNT = ['nickname', 'display_name', 'uuid', 'account_id'];
  const cases: Array<{ args: string[]; path: RegExp; fields: string }> = [
    {
      args: ['pr', 'list', '-R', 'acme/web'],
      path: /\/pullrequests\?/,
      fields: values(
        'id',
        'title',
        'state',
        'draft',
        'updated_on',
        'author.nickname',
        'author.display_name',
        'author.uuid',
        'source.branch.name',
        'source.repository.full_name',
        'destination.branch.name',
        'destination.repository.full_name',
      ),
    },
    { args: ['pr', 'list', '-R', 'acme/web', '--json', 'id,title'], path: /\/pullrequests\?/, fields: values('id', 'title') },
    {
      args: ['pr', 'list', '-R', 'acme/web', '--json', 'author,url,reviewDecision'],
      path: /\/pullrequests\?/,
      fields: values(
        ...ACCOUNT.map((f) => `author.${f}`),
        'links.html.href',
        'participants.role',
        'participants.approved',
        'participants.state',
        ...ACCOUNT.map((f) => `participants.user.${f}`),
        ...ACCOUNT.map((f) => `reviewers.${f}`),
      ),
    },
    { args: ['repo', 'list', 'acme'], path: /\/repositories\/acme\?/, fields: values('name', 'full_name', 'slug', 'description', 'is_private', 'updated_on') },
    {
      args: ['repo', 'list', 'acme', '--json', 'slug,visibility,httpsUrl'],
      path: /\/repositories\/acme\?/,
      fields: values('slug', 'full_name', 'name', 'is_private', 'links.clone'),
    },
    // an old --json name (one release) asks for the same API fields as its new one
    { args: ['repo', 'list', 'acme', '--json', 'full_name,mainbranch'], path: /\/repositories\/acme\?/, fields: values('full_name', 'mainbranch.name') },
  ];
  for (const c of cases) {
    test(`bb ${c.args.join(' ')}`, async () => {
      const { fields } = await sent(c.args, c.path);
      assert.equal(fields, c.fields);
    });
  }

  test('the trimmed answers still carry what the output shows', async () => {
    const pr = await sent(['pr', 'list', '-R', 'acme/web', '--state', 'all', '--json', 'id,title,author,headRefName'], /\/pullrequests\?/);
    const full = (await (
      await sandbox.api(`/repositories/acme/web/pullrequests?state=OPEN&state=MERGED&state=DECLINED&state=SUPERSEDED&sort=-updated_on&pagelen=30`)
    ).json()) as {
      values: Array<{ id: number; title: string; author: { display_name: string }; source: { branch: { name: string } } }>;
    };
    const shown = JSON.parse(pr.stdout) as Array<{ id: number; title: string; author: { displayName: string }; headRefName: string }>;
    assert.ok(shown.length > 0);
    assert.deepEqual(
      shown.map((p) => [p.id, p.title, p.author.displayName, p.headRefName]),
      full.values.map((p) => [p.id, p.title, p.author.display_name, p.source.branch.name]),
    );
    const repos = await sent(['repo', 'list', 'acme', '--json', 'fullName,slug,visibility,httpsUrl'], /\/repositories\/acme\?/);
    for (const r of JSON.parse(repos.stdout) as Array<Record<string, string>>) {
      assert.match(r.fullName as string, /^acme\//);
      assert.equal(r.slug, (r.fullName as string).split('/')[1]);
      assert.match(r.visibility as string, /^(public|private)$/);
      assert.match(r.httpsUrl as string, /^http/);
    }
  });

  test('a page of pr list --json id,title is at most 1/20 of the whole page', async () => {
    const { url } = await sent(['pr', 'list', '-R', 'acme/web', '--state', 'all', '--limit', '50', '--json', 'id,title'], /\/pullrequests\?/);
    const path = url.pathname.replace(/^\/2\.0/, '') + url.search;
    const trimmed = Buffer.byteLength(await (await sandbox.api(path)).text());
    url.searchParams.delete('fields');
    const whole = Buffer.byteLength(await (await sandbox.api(url.pathname.replace(/^\/2\.0/, '') + url.search)).text());
    assert.ok(trimmed * 20 <= whole, `${trimmed} bytes with fields=, ${whole} without`);
  });
});
