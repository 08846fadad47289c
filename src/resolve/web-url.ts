/**
 * The web URLs Bitbucket shows for a repository and the things in it, Cloud and Data Center forms:
 *
 *   Cloud (bitbucket.org, or the sandbox's web origin)        Data Center (any host, optional context path)
 *   /WS/REPO                                                  /projects/P/repos/REPO[/browse]   /users/U/repos/REPO
 *   /WS/REPO/pull-requests/12[/diff|/commits…]                …/repos/REPO/pull-requests/12[/overview|/diff…]
 *   /WS/REPO/commits/3f2a9c1                                  …/repos/REPO/commits/3f2a9c1
 *   /WS/REPO/pipelines/results/42[/steps/…]                   (no Pipelines)
 *   /WS/REPO/branch/feature/x                                 …/repos/REPO/browse?at=refs/heads/feature/x
 *   /WS/REPO.git (clone URL)                                  /scm/P/REPO.git (clone URL)
 *
 * Parsing is pure: which host a URL belongs to (and its credential) is decided by src/resolve/target.ts.
 */
import { dcProjectKey, parseRepoRef, type RepoRef } from '../git/remote.js';

export type WebRefKind = 'repo' | 'pr' | 'commit' | 'pipeline' | 'branch';

export interface WebRef {
  /** `cloud` when the URL is on a Cloud web origin, `dc` for Data Center's path forms. */
  platform: 'cloud' | 'dc';
  /** Data Center: the instance's base URL (origin + context path); Cloud: the web origin. */
  baseUrl: string;
  /** host[:port] of the URL. */
  hostKey: string;
  repo: RepoRef;
  kind: WebRefKind;
  /** The pull request number, commit hash, pipeline number or branch name; absent for `repo`. */
  id?: string;
}

const CLOUD_WEB_HOSTS = new Set(['bitbucket.org', 'www.bitbucket.org']);

/** Is this argument a URL (so it must be read as one, or refused — never taken as a branch name)? */
export function looksLikeUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text.trim());
}

/**
 * `cloudWebOrigins`: web origins that serve Bitbucket Cloud's page forms besides bitbucket.org (the sandbox's,
 * derived from BB_API_URL). Returns undefined for a URL that is neither form.
 */
export function parseWebUrl(text: string, cloudWebOrigins: readonly string[] = []): WebRef | undefined {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  if (u.username || u.password) return undefined;
  let parts: string[];
  try {
    parts = u.pathname
      .split('/')
      .filter((p) => p !== '')
      .map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
  const dc = dcForm(u, parts);
  if (dc) return dc;
  const cloudOrigin = CLOUD_WEB_HOSTS.has(u.hostname.toLowerCase()) && u.protocol === 'https:' && !u.port;
  if (!cloudOrigin && !cloudWebOrigins.includes(u.origin)) return undefined;
  return cloudForm(u, parts);
}

function cloudForm(u: URL, parts: string[]): WebRef | undefined {
  const [ws, rawRepo, section, ...rest] = parts;
  if (!ws || !rawRepo) return undefined;
  const repo = parseRepoRef(`${ws}/${rawRepo.replace(/\.git$/, '')}`);
  if (!repo) return undefined;
  const base = { platform: 'cloud' as const, baseUrl: u.origin, hostKey: u.host.toLowerCase(), repo };
  if (section === undefined) return { ...base, kind: 'repo' };
  if (section === 'pull-requests' && rest[0] && /^\d+$/.test(rest[0])) return { ...base, kind: 'pr', id: rest[0] };
  if ((section === 'commits' || section === 'commit') && rest[0] && /^[0-9a-f]{4,40}$/i.test(rest[0])) return { ...base, kind: 'commit', id: rest[0] };
  if (section === 'pipelines' && rest[0] === 'results' && rest[1] && /^\d+$/.test(rest[1])) return { ...base, kind: 'pipeline', id: rest[1] };
  if (section === 'branch' && rest.length > 0) return { ...base, kind: 'branch', id: rest.join('/') };
  // any other page of the repository (src, branches, settings…) still names the repository
  return { ...base, kind: 'repo' };
}

function dcForm(u: URL, parts: string[]): WebRef | undefined {
  let i = parts.findIndex((p, n) => (p === 'projects' || p === 'users') && parts[n + 2] === 'repos' && parts[n + 3]);
  let project: string | undefined;
  let slug: string | undefined;
  let after: string[] = [];
  if (i >= 0) {
    project = parts[i] === 'users' ? `~${parts[i + 1]}` : parts[i + 1];
    slug = parts[i + 3];
    after = parts.slice(i + 4);
  } else {
    // a clone URL: /scm/P/repo.git
    i = parts.lastIndexOf('scm');
    if (i < 0 || parts.length !== i + 3) return undefined;
    project = parts[i + 1];
    slug = parts[i + 2]?.replace(/\.git$/, '');
  }
  const ref = parseRepoRef(`${project}/${slug}`);
  if (!ref) return undefined;
  const context = parts.slice(0, i).map(encodeURIComponent).join('/');
  const repo = { workspace: dcProjectKey(ref.workspace), repo: ref.repo.toLowerCase(), host: u.host.toLowerCase() };
  const base = { platform: 'dc' as const, baseUrl: `${u.origin}${context ? `/${context}` : ''}`, hostKey: u.host.toLowerCase(), repo };
  const [section, id] = after;
  if (section === 'pull-requests' && id && /^\d+$/.test(id)) return { ...base, kind: 'pr', id };
  if (section === 'commits' && id && /^[0-9a-f]{4,40}$/i.test(id)) return { ...base, kind: 'commit', id };
  const at = u.searchParams.get('at');
  if (section === 'browse' && at?.startsWith('refs/heads/') && at.length > 'refs/heads/'.length) {
    return { ...base, kind: 'branch', id: at.slice('refs/heads/'.length) };
  }
  return { ...base, kind: 'repo' };
}

/** The forms a kind of argument accepts, for error hints. */
export function urlFormsOf(kind: WebRefKind): string {
  switch (kind) {
    case 'pr':
      return 'https://bitbucket.org/WS/REPO/pull-requests/N or https://HOST/projects/P/repos/REPO/pull-requests/N';
    case 'commit':
      return 'https://bitbucket.org/WS/REPO/commits/HASH or https://HOST/projects/P/repos/REPO/commits/HASH';
    case 'pipeline':
      return 'https://bitbucket.org/WS/REPO/pipelines/results/N';
    case 'branch':
      return 'https://bitbucket.org/WS/REPO/branch/NAME or https://HOST/projects/P/repos/REPO/browse?at=refs/heads/NAME';
    default:
      return 'https://bitbucket.org/WS/REPO or https://HOST/projects/P/repos/REPO';
  }
}
