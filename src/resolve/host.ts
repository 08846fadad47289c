import type { CredentialStore, HostsFile } from '../auth/store.js';
import { BbError } from '../core/errors.js';
import type { HostInfo, RepoLocator } from '../core/host.js';

/**
 * Which host a command talks to. Cloud stays the default and costs nothing extra: hosts.json is read only when
 * BB_HOST, a host in -R, or a git remote outside Cloud asks for it (or to find a lone Data Center login).
 */

const CLOUD_HOSTS = new Set(['bitbucket.org', 'www.bitbucket.org', 'api.bitbucket.org']);

export function isCloudHostname(host: string): boolean {
  return CLOUD_HOSTS.has(host.toLowerCase().replace(/:443$/, ''));
}

/** Cloud for the API bb talks to (BB_API_URL, else api.bitbucket.org): the host of `bb auth login` without --hostname. */
export function cloudHost(ctx: { apiHost: string; apiUrl: string }): HostInfo {
  return { kind: 'cloud', key: ctx.apiHost, baseUrl: ctx.apiUrl };
}

/**
 * `https://api.bitbucket.org/2.0` → `https://bitbucket.org`: the origin of the web pages (and of git over https) that
 * go with a Cloud API; an API on another host (the sandbox) → its own origin.
 */
export function webOrigin(apiUrl: string): string {
  const u = new URL(apiUrl);
  const host = /^api\./i.test(u.host) ? u.host.slice(4) : u.host;
  return `${u.protocol}//${host}`;
}

/** A page of a Cloud repository: below `base` (its links.html when the command has it), else below the web origin. */
export function cloudRepoPage(apiUrl: string, repo: RepoLocator, path: string, base?: string): string {
  const root = (base ?? `${webOrigin(apiUrl)}/${encodeURIComponent(repo.workspace)}/${encodeURIComponent(repo.repo)}`).replace(/\/+$/, '');
  return `${root}${path}`;
}

/** `bitbucket.example.com`, `https://host:8443/bitbucket/` → a base URL without a trailing slash (https by default). */
export function normalizeBaseUrl(text: string): string {
  const raw = text.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw new BbError('INVALID_ARGUMENT', `"${text}" is not a host name or URL`, {
      hints: ['for example: bitbucket.example.com, or https://bitbucket.example.com/bitbucket'],
    });
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new BbError('INVALID_ARGUMENT', `"${text}": only https:// (or http:// on loopback) hosts`);
  if (u.search || u.hash || u.username || u.password) throw new BbError('INVALID_ARGUMENT', `"${text}": give the host or base URL alone`);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/** The hosts.json key of a base URL: host[:port]. */
export function hostKeyOf(baseUrl: string): string {
  return new URL(baseUrl).host;
}

/** DC hosts known from hosts.json, by key. */
export function dcHostsIn(file: HostsFile): HostInfo[] {
  return Object.entries(file.hosts)
    .filter(([, e]) => e.kind === 'dc')
    .map(([key, e]) => ({ kind: 'dc' as const, key, baseUrl: e.baseUrl ?? `https://${key}` }));
}

/** BB_HOST (`https://host`, `host`): a stored host of that key, else Cloud for bitbucket.org, else DC at that URL. */
export async function hostFromSetting(value: string, store: CredentialStore, cloud: HostInfo): Promise<HostInfo> {
  const base = normalizeBaseUrl(value);
  const key = hostKeyOf(base);
  if (isCloudHostname(key) || key === cloud.key) return cloud;
  const entry = (await store.read()).hosts[key];
  if (entry && entry.kind !== 'dc') return { kind: 'cloud', key, baseUrl: cloud.baseUrl };
  // BB_HOST with a path (a context path) wins over the stored base URL; a bare host keeps it.
  const given = /^[a-z]+:\/\//i.test(value.trim()) ? base : undefined;
  return { kind: 'dc', key, baseUrl: given ?? entry?.baseUrl ?? base };
}

/** A host named in `-R host/PROJECT/repo` or a URL: a known DC host, BB_HOST's, else DC over https. */
export async function hostFromName(name: string, store: CredentialStore, cloud: HostInfo, bbHost?: HostInfo): Promise<HostInfo> {
  if (isCloudHostname(name) || name.toLowerCase() === cloud.key.toLowerCase()) return cloud;
  if (bbHost && bbHost.key.toLowerCase() === name.toLowerCase()) return bbHost;
  const known = dcHostsIn(await store.read()).find((h) => h.key.toLowerCase() === name.toLowerCase());
  return known ?? { kind: 'dc', key: name, baseUrl: `https://${name}` };
}
