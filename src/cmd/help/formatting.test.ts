import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { runBb } from '../../../test/support/run.js';
import { bob, ENV, page, pr } from '../pr/test-fixtures.js';
import { FORMATTING_EXAMPLES } from './formatting.js';

/** A command line as a shell splits it: single quotes keep everything, double quotes keep \" and \\. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      cur = (cur ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      for (; line[j] !== '"'; j++) s += line[j] === '\\' && /["\\$`]/.test(line[j + 1] ?? '') ? (line[++j] as string) : line[j];
      cur = (cur ?? '') + s;
      i = j;
    } else if (c === ' ') {
      if (cur !== undefined) words.push(cur);
      cur = undefined;
    } else cur = (cur ?? '') + c;
  }
  if (cur !== undefined) words.push(cur);
  return words;
}

test('every example of bb help formatting prints what the topic says it prints', async () => {
  const help = await runBb(['help', 'formatting']);
  assert.equal(help.code, 0, help.stderr);
  for (const topic of ['--json FIELDS', '--jq EXPRESSION', '--template TEMPLATE', 'tablerow', 'timeago', 'hyperlink', '5008']) {
    assert.ok(help.stdout.includes(topic), topic);
  }
  const prs = page([pr(), pr({ id: 8, title: 'Draft thing', draft: true, author: bob, source: { branch: { name: 'wip' } } })]);
  for (const example of FORMATTING_EXAMPLES) {
    assert.ok(help.stdout.includes(`$ ${example.command}\n`), example.command);
    const argv = shellWords(example.command);
    assert.equal(argv.shift(), 'bb');
    const reg = new FetchRegistry().stub({ method: 'GET', path: '/repositories/acme/web/pullrequests', body: prs });
    const r = await runBb(argv, { fetch: reg.fetch, env: ENV });
    assert.equal(r.code, 0, `${example.command}: ${r.stderr}`);
    assert.equal(r.stdout, example.output, example.command);
    reg.verify();
  }
});

test('a malformed --template exits 2 naming the position; an unknown function points at bb help formatting', async () => {
  const r = await runBb(['pr', 'list', '--json', 'id', '--template', '{{.foo'], { env: ENV });
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  // with --json the error is a JSON object on stderr
  const error = JSON.parse(r.stderr).error;
  assert.equal(error.code, 5008);
  assert.match(error.message, /^template: line 1, column 1: unclosed action "\{\{\.foo"/);
  const plain = await runBb(['api', '/user', '--template', '{{.foo'], { env: ENV });
  assert.equal(plain.code, 2);
  assert.match(plain.stderr, /^error 5008 TEMPLATE_SYNTAX: template: line 1, column 1: unclosed action/);
  const f = await runBb(['api', '/user', '--template', '{{range .}}{{frob .id}}{{end}}'], { env: ENV });
  assert.equal(f.code, 2);
  assert.match(f.stderr, /^error 5008 TEMPLATE_SYNTAX: template: line 1, column 12: unknown function "frob"/);
  assert.match(f.stderr, /unknown function "frob"/);
  assert.match(f.stderr, /hint: see `bb help formatting`/);
});
