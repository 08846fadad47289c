/**
 * The sandbox renders Markdown into every `html` it fills (issue 16 #8, issue 20 #7), as Bitbucket does: real
 * Markdown (not the raw text in one <p>), raw HTML escaped rather than passed through, unsafe link schemes dropped.
 * End to end: a pull request's description and a comment's content through the API (Cloud), a file with ?markup (DC).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DcSandboxHandle } from './dc/index.js';
import { startSandbox } from './index.js';
import { renderMarkdown, rendered } from './markdown.js';

test('Markdown is rendered: headings, emphasis, code, lists, tables', () => {
  assert.equal(
    renderMarkdown('# Title\n\nSome **bold** and `code`.\n\n- a\n- b'),
    '<h1>Title</h1>\n<p>Some <strong>bold</strong> and <code>code</code>.</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>',
  );
  assert.match(renderMarkdown('| a | b |\n|---|---|\n| 1 | 2 |'), /^<table>\n<thead>[\s\S]*<td>2<\/td>/);
  assert.deepEqual(rendered(''), { raw: '', markup: 'markdown', html: '' });
  assert.deepEqual(rendered('plain'), { raw: 'plain', markup: 'markdown', html: '<p>plain</p>' });
});

test('raw HTML is escaped, block and inline; javascript:/data: links and images keep only their text', () => {
  assert.equal(renderMarkdown('<script>alert(1)</script>\n\nhi <b>x</b>'), '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>hi &lt;b&gt;x&lt;/b&gt;</p>');
  assert.equal(renderMarkdown('[x](javascript:alert(1)) [ok](https://e.x) ![i](data:x)'), '<p>x <a href="https://e.x">ok</a> i</p>');
  assert.equal(renderMarkdown('<b>kept</b>', { escapeRawHtml: false }), '<p><b>kept</b></p>');
  assert.equal(renderMarkdown('a\nb', { breaks: true }), '<p>a<br>b</p>');
});

describe('through the API', () => {
  let cloud: Awaited<ReturnType<typeof startSandbox>>;
  let dc: DcSandboxHandle;
  before(async () => {
    cloud = await startSandbox({ seed: 'demo' });
    dc = await startSandbox({ kind: 'dc', seed: 'demo' });
  });
  after(async () => {
    await cloud?.close();
    await dc?.close();
  });

  test('Cloud: a pull request comment and description carry rendered HTML', async () => {
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${cloud.url}${path}`, { ...init, headers: { Authorization: `Bearer ${cloud.token}`, 'Content-Type': 'application/json' } });
    const r = await api('/repositories/acme/web/pullrequests/1/comments', {
      method: 'POST',
      body: JSON.stringify({ content: { raw: 'Looks **good**, but <img src=x onerror=alert(1)>' } }),
    });
    assert.equal(r.status, 201, await r.clone().text());
    const c = (await r.json()) as { content: { raw: string; markup: string; html: string } };
    assert.equal(c.content.markup, 'markdown');
    assert.equal(c.content.html, '<p>Looks <strong>good</strong>, but &lt;img src=x onerror=alert(1)&gt;</p>');
    const e = await api('/repositories/acme/web/pullrequests/1', { method: 'PUT', body: JSON.stringify({ description: '## Why\n\n* one' }) });
    assert.equal(e.status, 200, await e.clone().text());
    const pr = (await e.json()) as { rendered: { description: { html: string } }; summary: { html: string } };
    assert.equal(pr.rendered.description.html, '<h2>Why</h2>\n<ul>\n<li>one</li>\n</ul>');
    assert.equal(pr.summary.html, pr.rendered.description.html);
  });

  test('DC: raw/{path}?markup renders the file (htmlEscape and hardwrap as DC defaults them); without it, the bytes', async () => {
    const auth = { Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` };
    const raw = `${dc.url}/rest/api/latest/projects/ACME/repos/api/raw/README.md`;
    const plain = await fetch(raw, { headers: auth });
    const text = await plain.text();
    assert.match(text, /^# /);
    const html = await fetch(`${raw}?markup=true`, { headers: auth });
    assert.equal(html.status, 200);
    assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await html.text(), /^<h1>/);
  });
});
