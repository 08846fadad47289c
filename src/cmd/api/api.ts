import { STATUS_CODES } from 'node:http';
import { apiErrorFromResponse } from '../../api/errors.js';
import { answerDeadline, type HttpTransport, readAnswer } from '../../api/http.js';
import { matchOperation } from '../../api/match.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { writeOut } from '../../output/iostreams.js';
import { readFileLimited, readStreamLimited } from '../../util/input.js';
import { type CommandInput, defineCommand } from '../define.js';

/**
 * `bb api <path>`: an authenticated request to any endpoint, like `gh api`. The request goes through
 * the same transport as every command (credential only to the API's origin, retries, redirects), and
 * its operation is found by matching the path against the spec's templates, so `bb scopes record`
 * and missing-scope errors know it.
 */
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export default defineCommand({
  path: ['api'],
  summary: 'Make an authenticated request to the Bitbucket API',
  description: [
    'The path is relative to the API base (BB_API_URL, default https://api.bitbucket.org/2.0), with or without the leading /2.0; a full URL is accepted only for the API host itself. The placeholders {workspace} and {repo_slug} are filled from the repository context (-R, BB_REPO, the git remote, Pipelines variables); a path with only {workspace} also uses the default_workspace setting.',
    'The method is GET, or POST when fields or --input are given; -X chooses another. Fields build a JSON body: -f key=value sends a string, -F key=value a typed value (true, false, null, numbers; @file reads a file, @- stdin). Nested keys: -F source[branch][name]=main; arrays: -f reviewers[]=a. With GET, fields become query parameters. --input sends a file (- for stdin) as the body instead.',
    "The answer is printed as received (pretty JSON on a terminal). --paginate follows `next` links and prints every page's `values` merged into one JSON array. On an error status the body is still printed to stdout, the error line goes to stderr, and the exit status is 1 (4 for 401 and 403).",
    'Required scopes depend on the path: `bb scopes` cannot list them in advance. The scopes an endpoint needs are in the spec; `bb scopes record -- bb api …` shows them.',
  ].join('\n\n'),
  examples: [
    '# the user the token belongs to',
    'bb api /user',
    '# the current repository, filled in from the git remote (or -R)',
    'bb api /repositories/{workspace}/{repo_slug}',
    '# every open pull request title, across all pages',
    "bb api --paginate '/repositories/{workspace}/{repo_slug}/pullrequests?state=OPEN' --jq '.[].title'",
    '# create a branch (POST, because fields are given)',
    'bb api /repositories/{workspace}/{repo_slug}/refs/branches -f name=feature -f target[hash]=main',
    '# a raw JSON body from a file, and the response headers',
    'bb api -X PUT /repositories/acme/web --input repo.json --include',
  ],
  args: [{ name: 'path', description: 'API path, e.g. /repositories/{workspace}/{repo_slug}', required: true }],
  flags: [
    { name: 'method', short: 'X', type: 'string', valueName: 'METHOD', description: 'HTTP method (default GET, or POST with fields or --input)' },
    { name: 'raw-field', short: 'f', type: 'multi', valueName: 'KEY=VALUE', description: 'add a string field (repeatable)' },
    { name: 'field', short: 'F', type: 'multi', valueName: 'KEY=VALUE', description: 'add a typed field: true, false, null, a number, or @file (repeatable)' },
    { name: 'header', short: 'H', type: 'multi', valueName: 'NAME:VALUE', description: 'add a request header (repeatable)' },
    { name: 'input', type: 'string', valueName: 'FILE', description: 'send the file as the request body (- for stdin)' },
    { name: 'paginate', type: 'boolean', description: "follow `next` links and merge every page's values into one JSON array" },
    { name: 'include', short: 'i', type: 'boolean', description: 'print the status line and the response headers before the body' },
    { name: 'silent', type: 'boolean', description: 'do not print the response body' },
    { name: 'jq', short: 'q', type: 'string', valueName: 'EXPR', description: 'filter the JSON response with a jq expression' },
    { name: 'template', short: 't', type: 'string', valueName: 'TEMPLATE', description: 'format the JSON response with a Go-style template' },
  ],
  repo: true,
  operations: [],
  dynamicOperations: true,
  async run(ctx, input) {
    const f = input.flags;
    if (f.jq !== undefined && f.template !== undefined) throw new BbError('INVALID_ARGUMENT', '--jq and --template cannot be used together');
    const rawFields = ((f.rawField as string[] | undefined) ?? []).map((s) => parseField(s, '-f'));
    const typedFields = ((f.field as string[] | undefined) ?? []).map((s) => parseField(s, '-F'));
    const headers = parseHeaders((f.header as string[] | undefined) ?? []);
    const inputFile = f.input as string | undefined;

    const explicit = f.method as string | undefined;
    if (explicit !== undefined && !/^[A-Za-z]+$/.test(explicit)) throw new BbError('INVALID_ARGUMENT', `"${explicit}" is not an HTTP method`);
    const hasFields = rawFields.length + typedFields.length > 0;
    const method = explicit?.toUpperCase() ?? (hasFields || inputFile !== undefined ? 'POST' : 'GET');
    // fetch refuses CONNECT, TRACE and TRACK outright; the API answers none of them
    if (!HTTP_METHODS.includes(method)) {
      throw new BbError('INVALID_ARGUMENT', `bb api cannot send ${method} requests`, { hints: [`use one of ${HTTP_METHODS.join(', ')}`] });
    }
    const bodyless = method === 'GET' || method === 'HEAD';
    if (bodyless && inputFile !== undefined) throw new BbError('INVALID_ARGUMENT', `a ${method} request cannot have a body (--input)`);
    if (f.paginate && method !== 'GET') throw new BbError('INVALID_ARGUMENT', '--paginate works only with GET requests');

    // Placeholders in the path and in typed field values.
    const rawPath = input.args.path as string;
    const values = await placeholderValues(ctx, input, [rawPath, ...typedFields.map((t) => t.value)]);
    const path = normalizePath(fillPath(rawPath, values), ctx.apiUrl);

    const fieldValues: Array<{ key: string; value: unknown }> = [...rawFields];
    for (const t of typedFields) fieldValues.push({ key: t.key, value: await typedValue(ctx, t.value, values) });

    const http = await ctx.http();
    const url = http.url(path);
    let body: string | Buffer | undefined;
    if (bodyless || inputFile !== undefined) {
      for (const { key, value } of fieldValues) url.searchParams.append(key.replace(/\[\]$/, ''), value === null ? '' : String(value));
      if (inputFile !== undefined) body = await readInput(ctx, inputFile);
    } else if (hasFields) {
      const obj: Record<string, unknown> = {};
      for (const { key, value } of fieldValues) setNested(obj, key, value);
      body = JSON.stringify(obj);
    }
    if (body !== undefined && !headers.has('content-type')) {
      // sent as JSON: refuse what the server would refuse, before sending it
      if (inputFile !== undefined && body.length > 0) checkJson(body, inputFile);
      headers.set('Content-Type', 'application/json');
    }

    const operation = matchOperation(method, path)?.operation;

    if (f.paginate) return paginateAll(ctx, input, http, url, headers, operation);
    const response = await http.send(new Request(url, { method, headers, body }), { operation, raw: true });
    return printResponse(ctx, input, response, method, operation);
  },
});

function checkJson(body: string | Buffer, file: string): void {
  try {
    JSON.parse(body.toString());
  } catch (e) {
    throw new BbError('INVALID_ARGUMENT', `${file === '-' ? 'standard input' : file} is not valid JSON: ${(e as Error).message}`, {
      hints: ['fix the JSON, or send another kind of body with -H "Content-Type: …"'],
    });
  }
}

interface Field {
  key: string;
  value: string;
}

function parseField(text: string, flag: string): Field {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new BbError('INVALID_ARGUMENT', `${flag} "${text}": expected key=value`, { hints: [`for example: ${flag} title=Hello`] });
  return { key: text.slice(0, eq), value: text.slice(eq + 1) };
}

function parseHeaders(list: string[]): Headers {
  const headers = new Headers();
  for (const h of list) {
    const colon = h.indexOf(':');
    const name = colon > 0 ? h.slice(0, colon).trim() : '';
    if (!name || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new BbError('INVALID_ARGUMENT', `-H "${h}": expected Name: value`);
    if (name.toLowerCase() === 'authorization') {
      throw new BbError('INVALID_ARGUMENT', 'bb sends the credential itself: do not pass an Authorization header', {
        hints: ['tokens never go on the command line; use `bb auth login` or BB_TOKEN'],
      });
    }
    headers.append(name, h.slice(colon + 1).trim());
  }
  return headers;
}

const PLACEHOLDER = /\{([^{}/]+)\}/g;

async function placeholderValues(ctx: Context, input: CommandInput, texts: string[]): Promise<Record<string, string>> {
  const used = new Set(texts.flatMap((t) => [...t.matchAll(PLACEHOLDER)].map((m) => m[1] as string)));
  if (used.has('repo_slug') || (used.has('workspace') && input.flags.repo !== undefined)) {
    const ref = await ctx.repo(input.flags.repo);
    return { workspace: ref.workspace, repo_slug: ref.repo };
  }
  if (used.has('workspace')) return { workspace: await ctx.workspace(undefined) };
  return {};
}

function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(PLACEHOLDER, (whole, name: string) => {
    const v = values[name];
    if (v === undefined) {
      throw new BbError('INVALID_ARGUMENT', `unknown placeholder ${whole} in the path`, {
        hints: ['bb fills {workspace} and {repo_slug}; write other values in the path'],
      });
    }
    return encodeURIComponent(v);
  });
}

/**
 * The path relative to the API base: `/2.0/user`, `2.0/user`, `user` and `https://api.bitbucket.org/2.0/user`
 * all become `/user`. A URL on another host is refused: the credential stays with the API.
 */
export function normalizePath(raw: string, apiUrl: string): string {
  const base = new URL(apiUrl);
  let path = raw.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) {
    let u: URL;
    try {
      u = new URL(path, base);
    } catch {
      throw new BbError('INVALID_ARGUMENT', `"${raw}" is not a URL or an API path`);
    }
    if (u.origin !== base.origin) {
      throw new BbError(
        'INVALID_ARGUMENT',
        `bb api only sends requests to ${base.origin}, not ${u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : u.protocol}`,
        {
          hints: ['give the path alone, e.g. `bb api /user`; BB_API_URL chooses the API host'],
        },
      );
    }
    path = u.pathname + u.search;
  }
  if (!path.startsWith('/')) path = `/${path}`;
  const basePath = base.pathname.replace(/\/+$/, '');
  if (basePath && (path === basePath || path.startsWith(`${basePath}/`) || path.startsWith(`${basePath}?`))) {
    path = path.slice(basePath.length);
    if (!path.startsWith('/')) path = `/${path}`;
  }
  return path;
}

async function typedValue(ctx: Context, value: string, placeholders: Record<string, string>): Promise<unknown> {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value === 'null') return null;
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(value) && Number.isFinite(Number(value))) return Number(value);
  if (value.startsWith('@')) return (await readInput(ctx, value.slice(1))).toString('utf8');
  const whole = /^\{([^{}/]+)\}$/.exec(value);
  if (whole?.[1] && placeholders[whole[1]] !== undefined) return placeholders[whole[1]];
  return value;
}

async function readInput(ctx: Context, file: string): Promise<Buffer> {
  try {
    if (file === '-') return await readStreamLimited(ctx.io.in);
    return readFileLimited(file);
  } catch (e) {
    if (e instanceof BbError) throw e;
    throw new BbError(
      'INPUT_READ_FAILED',
      `cannot read ${file === '-' ? 'standard input' : file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/** `a=1`, `a[b][c]=1` (nested objects), `a[]=1` (append to an array). */
export function setNested(obj: Record<string, unknown>, key: string, value: unknown): void {
  const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  const parts = m ? [m[1] as string, ...[...(m[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1] as string)] : [key];
  const append = parts.length > 1 && parts[parts.length - 1] === '';
  if (append) parts.pop();
  if (parts.includes('')) throw new BbError('INVALID_ARGUMENT', `field "${key}": [] is only allowed at the end`);
  let cur: Record<string, unknown> = obj;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    if (next === undefined) cur[p] = {};
    else if (typeof next !== 'object' || next === null || Array.isArray(next))
      throw new BbError('INVALID_ARGUMENT', `field "${key}" conflicts with another field`);
    cur = cur[p] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1] as string;
  if (append) {
    const arr = cur[last] ?? [];
    if (!Array.isArray(arr)) throw new BbError('INVALID_ARGUMENT', `field "${key}" conflicts with another field`);
    arr.push(value);
    cur[last] = arr;
  } else {
    cur[last] = value;
  }
}

function titleCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

function printHead(ctx: Context, response: Response): void {
  const lines = [`HTTP/1.1 ${response.status} ${response.statusText || STATUS_CODES[response.status] || ''}`.trimEnd()];
  response.headers.forEach((value, name) => {
    lines.push(`${titleCase(name)}: ${value}`);
  });
  writeOut(ctx.io, `${lines.join('\n')}\n\n`);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

async function printData(ctx: Context, input: CommandInput, data: unknown): Promise<void> {
  if (input.flags.jq !== undefined) {
    const { runJq } = await import('../../output/jq.js');
    writeOut(ctx.io, await runJq(data, input.flags.jq as string));
  } else if (input.flags.template !== undefined) {
    const { renderTemplate } = await import('../../output/template.js');
    // values are sanitised inside (colour and links are the template's own escapes)
    ctx.io.out.write(renderTemplate(input.flags.template as string, data, { color: ctx.io.color, tty: ctx.io.stdoutIsTTY }));
  } else {
    writeOut(ctx.io, `${JSON.stringify(data, null, 2)}\n`);
  }
}

/**
 * The body as received: raw bytes when piped (a JSON answer ending with a newline, CONTRACT.md; other bodies,
 * say a file's content, byte for byte), pretty JSON (sanitised) on a terminal.
 */
function printBody(ctx: Context, bytes: Buffer): void {
  if (bytes.length === 0) return;
  if (!ctx.io.stdoutIsTTY) {
    ctx.io.out.write(bytes);
    if (bytes[bytes.length - 1] !== 0x0a && parseJson(bytes.toString('utf8')).ok) ctx.io.out.write('\n');
    return;
  }
  const text = bytes.toString('utf8');
  const json = parseJson(text);
  writeOut(ctx.io, json.ok ? `${JSON.stringify(json.value, null, 2)}\n` : text.endsWith('\n') ? text : `${text}\n`);
}

async function printResponse(ctx: Context, input: CommandInput, response: Response, method: string, operation: string | undefined): Promise<number> {
  const f = input.flags;
  if (f.include) printHead(ctx, response);
  const bytes = Buffer.from(await response.clone().arrayBuffer());
  if (!response.ok) {
    if (!f.silent) printBody(ctx, bytes);
    throw await apiErrorFromResponse(response, operation, method);
  }
  return printSuccess(ctx, input, bytes, method);
}

async function printSuccess(ctx: Context, input: CommandInput, bytes: Buffer, method: string): Promise<number> {
  const f = input.flags;
  if (f.silent || method === 'HEAD') return 0;
  if (f.jq !== undefined || f.template !== undefined) {
    const json = parseJson(bytes.toString('utf8'));
    if (!json.ok) throw new BbError(f.jq !== undefined ? 'JQ_ERROR' : 'TEMPLATE_ERROR', 'the response is not JSON');
    await printData(ctx, input, json.value);
    return 0;
  }
  printBody(ctx, bytes);
  return 0;
}

/**
 * `--paginate`: follow `next` through the paginator's guards (PageLinks: same origin and path, never a page
 * twice, forward, at most MAX_PAGES), each page bounded in size and time (readAnswer). The values are
 * printed as they come, as one JSON array (the same bytes as the whole array pretty-printed), unless
 * --jq, --template or --include need them all first.
 */
async function paginateAll(
  ctx: Context,
  input: CommandInput,
  http: HttpTransport,
  first: URL,
  headers: Headers,
  operation: string | undefined,
): Promise<number> {
  const f = input.flags;
  const { PageLinks } = await import('../../api/paginate.js');
  const name = operation ?? `GET ${first.pathname}`;
  const links = new PageLinks(first, name);
  const stream = !f.silent && f.include === undefined && f.jq === undefined && f.template === undefined;
  const all: unknown[] = [];
  let printed = 0;
  // the values of a page, written in pieces of about 64 KiB
  const emitPage = (values: unknown[]) => {
    let buf = '';
    for (const v of values) {
      buf += `${printed === 0 ? '[\n' : ',\n'}  ${JSON.stringify(v, null, 2).replace(/\n/g, '\n  ')}`;
      printed++;
      if (buf.length >= 65_536) {
        writeOut(ctx.io, buf);
        buf = '';
      }
    }
    if (buf) writeOut(ctx.io, buf);
  };
  let url = first;
  for (;;) {
    const response = await http.send(new Request(url, { headers }), { operation, raw: true });
    if (f.include) printHead(ctx, response);
    const bytes = Buffer.from(await readAnswer(response, url, { maxBytes: http.maxAnswerBytes, deadlineMs: answerDeadline(http.timeoutMs), operation: name }));
    if (!response.ok) {
      if (printed > 0) writeOut(ctx.io, '\n]\n');
      if (!f.silent) printBody(ctx, bytes);
      const copy = new Response([204, 205, 304].includes(response.status) ? null : bytes, response);
      Object.defineProperty(copy, 'url', { value: url.href });
      throw await apiErrorFromResponse(copy, operation, 'GET');
    }
    const json = parseJson(bytes.toString('utf8'));
    const page = json.ok ? (json.value as { values?: unknown; next?: unknown }) : undefined;
    if (!page || typeof page !== 'object' || !Array.isArray(page.values)) {
      // Not a page of values: nothing to follow, print the answer as it is.
      if (url !== first) {
        if (printed > 0) writeOut(ctx.io, '\n]\n');
        throw new BbError('API_BAD_RESPONSE', `${url.pathname}: a next page is not a page of values`);
      }
      return printSuccess(ctx, input, bytes, 'GET');
    }
    // one value at a time: a spread of a 200k-value page into push() overflows the call stack
    if (stream) emitPage(page.values);
    else if (!f.silent) for (const v of page.values) all.push(v);
    if (page.next === undefined || page.next === null) break;
    try {
      url = links.follow(page.next, url);
    } catch (e) {
      if (printed > 0) writeOut(ctx.io, '\n]\n');
      throw e;
    }
  }
  if (stream) writeOut(ctx.io, printed === 0 ? '[]\n' : '\n]\n');
  else if (!f.silent) await printData(ctx, input, all);
  return 0;
}
