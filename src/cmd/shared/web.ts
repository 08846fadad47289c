/**
 * Bitbucket's web pages, for `--web` and `bb browse`: where a page is, and opening it.
 *
 * A command that fetches an object anyway builds on its `links.html` (`webUrl`). One that needs no request builds
 * the URL itself (`repoPage`, `workspacePage`): on Cloud from the web origin that goes with the API (BB_API_URL:
 * `api.bitbucket.org/2.0` → `bitbucket.org`; the sandbox serves its pages on the API's own origin), on Data Center
 * from the instance's base URL. Where each host keeps its pages is the provider's (hostTraits: src/provider/host-traits.ts).
 */
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { writeErr } from '../../output/iostreams.js';
import { cloudRepoPage as cloudRepoUrl, webOrigin } from '../../resolve/host.js';
import { hostTraits, type PagePaths, type RepoLocator } from '../../provider/index.js';

export type { PagePaths } from '../../provider/index.js';
export { webOrigin } from '../../resolve/host.js';

/** A path below a page, each segment encoded, slashes kept: `feature/login` → `feature/login`, `a b` → `a%20b`. */
export function encodeSegments(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** `?a=1&b=2` from the defined entries (a list repeats its key), or `''`. */
export function query(params: Record<string, string | readonly string[] | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of v === undefined ? [] : typeof v === 'string' ? [v] : v) q.append(k, x);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** `links.html.href`, the page a person opens; `--web` needs it. */
export function webUrl(links: { html?: { href?: string } } | undefined, what: string): string {
  const url = links?.html?.href;
  if (!url) throw new BbError('API_BAD_RESPONSE', `the API gave no web link for ${what}`);
  return url;
}

/** The Cloud page of a repository (`base` = its links.html when the command has it). */
export function cloudRepoPage(ctx: Context, repo: RepoLocator, path: string, base?: string): string {
  return cloudRepoUrl(ctx.apiUrl, repo, path, base);
}

/** A page of a repository on the host the command talks to (no request: the URL is built). */
export async function repoPage(ctx: Context, repo: RepoLocator, paths: PagePaths, what: string): Promise<string> {
  const host = await ctx.host();
  return hostTraits(host).repoPage(ctx, host, repo, paths, what);
}

/** A Cloud workspace page: `{origin}/{workspace}{path}`. */
export function workspacePage(ctx: Context, workspace: string, path: string): string {
  return `${webOrigin(ctx.apiUrl)}/${encodeURIComponent(workspace)}${path}`;
}

/**
 * The page a browser may be sent to: an http(s) URL on the host's own web origin — Cloud's web origin for the API
 * (bitbucket.org, and the sandbox's own origin), or the Data Center instance's base URL. A link from the server that
 * points anywhere else (`file:`, `javascript:`, another site, `--help`) is refused. Returns the URL normalised
 * (it starts with its scheme, so no browser launcher can read it as an option).
 */
export async function checkWebUrl(ctx: Context, url: string): Promise<string> {
  const host = await ctx.host();
  const { origin, allowed } = hostTraits(host).webOrigins(host);
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || !allowed.includes(parsed.origin) || parsed.username || parsed.password) {
    throw new BbError('API_BAD_RESPONSE', `refusing to open ${JSON.stringify(url)} in a browser: it is not a page of ${origin}`, {
      hints: ['bb opens only http(s) pages on the Bitbucket host it talks to'],
    });
  }
  return parsed.href;
}

/**
 * Opens the page (never prompts), after checkWebUrl. On a terminal (or always, with `announce`) it says so on
 * stderr. With no browser to open, the error says how to get the URL instead.
 */
export async function openInBrowser(ctx: Context, page: string, opts: { announce?: boolean } = {}): Promise<void> {
  const url = await checkWebUrl(ctx, page);
  if (opts.announce || ctx.io.stderrIsTTY) writeErr(ctx.io, `Opening ${url} in your browser.\n`);
  const hints = [`open ${url} yourself`, 'bb browse --no-browser prints the URL of a repository page instead of opening it'];
  try {
    await (await ctx.browser()).open(url);
  } catch (e) {
    if (e instanceof BbError) {
      for (const h of hints) if (!e.hints.includes(h)) e.hints.push(h);
      throw e;
    }
    throw new BbError('INVALID_ARGUMENT', `could not open a browser: ${e instanceof Error ? e.message : String(e)}`, { hints, cause: e });
  }
}

/** `--web` on a command: the flag (with `-w` unless the command uses it for something else). */
export function webFlag(what: string, short = true): { name: 'web'; short?: string; type: 'boolean'; description: string } {
  return short
    ? { name: 'web', short: 'w', type: 'boolean', description: `open ${what} in the browser` }
    : { name: 'web', type: 'boolean', description: `open ${what} in the browser` };
}
