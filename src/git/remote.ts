/**
 * Recognise Bitbucket repositories in git remote URLs:
 *   https://bitbucket.org/ws/repo(.git)   https://user@bitbucket.org/ws/repo.git
 *   git@bitbucket.org:ws/repo.git         ssh://git@bitbucket.org/ws/repo.git
 * plus the web host of a sandbox or another API (its `git/` clone URLs), given as extra hosts.
 */
export interface RepoRef {
  workspace: string;
  repo: string;
  /** Set when the reference names its host (`-R host/PROJECT/repo`, a Data Center remote): the hosts.json key. */
  host?: string;
}

const SLUG = /^[A-Za-z0-9_.~-]+$/;

export function parseRepoRef(text: string): RepoRef | undefined {
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(text.trim());
  if (!m?.[1] || !m[2]) return undefined;
  const repo = m[2].replace(/\.git$/, '');
  if (/^\.+$/.test(m[1]) || /^\.+$/.test(repo)) return undefined; // `.`/`..` would climb out of the URL path
  if (!SLUG.test(m[1]) && !/^\{[0-9a-f-]+\}$/i.test(m[1])) return undefined;
  if (!SLUG.test(repo) && !/^\{[0-9a-f-]+\}$/i.test(repo)) return undefined;
  return { workspace: m[1], repo };
}

/** `hosts`: host[:port] names that serve Bitbucket git (bitbucket.org always counts). */
export function parseRemoteUrl(url: string, hosts: string[] = []): RepoRef | undefined {
  const known = new Set(['bitbucket.org', 'www.bitbucket.org', ...hosts.map((h) => h.toLowerCase())]);
  let host: string;
  let path: string;
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(url);
  if (!url.includes('://') && scp?.[1] && scp[2]) {
    host = scp[1];
    path = scp[2];
  } else {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return undefined;
    }
    if (!['https:', 'http:', 'ssh:', 'git+ssh:'].includes(u.protocol)) return undefined;
    host = u.port ? `${u.hostname}:${u.port}` : u.hostname;
    if (!known.has(host.toLowerCase()) && known.has(u.hostname.toLowerCase())) host = u.hostname;
    path = decodeURIComponent(u.pathname);
  }
  if (!known.has(host.toLowerCase())) return undefined;
  const parts = path.replace(/^\/+|\/+$/g, '').split('/');
  // the sandbox and Bitbucket's own `/scm/`-less paths: the last two segments are workspace/repo
  if (parts.length < 2) return undefined;
  const [workspace, repo] = parts.slice(-2) as [string, string];
  return parseRepoRef(`${workspace}/${repo}`);
}

/** `host/PROJECT/repo` (a Data Center repository on a named host). */
export function parseHostRepoRef(text: string): RepoRef | undefined {
  const m = /^([A-Za-z0-9.-]+(?::\d+)?)\/([^/\s]+\/[^/\s]+)$/.exec(text.trim());
  if (!m?.[1] || !m[2] || (!m[1].includes('.') && !m[1].includes(':') && m[1] !== 'localhost')) return undefined;
  const ref = parseRepoRef(m[2]);
  return ref ? { ...ref, workspace: dcProjectKey(ref.workspace), host: m[1].toLowerCase() } : undefined;
}

/** DC project keys are upper case (URLs may spell them in lower case); personal projects (`~user`) keep theirs. */
export function dcProjectKey(key: string): string {
  return key.startsWith('~') ? key : key.toUpperCase();
}

/**
 * Data Center remotes and URLs, for the given hosts (hosts.json keys, host[:port]; ssh matches the host name on any port):
 *   https://host[/context]/scm/PROJ/repo.git     ssh://git@host:7999/proj/repo.git
 *   https://host[/context]/projects/PROJ/repos/repo[/browse…]   (web pages)
 *   https://host/users/NAME/repos/repo   and   /scm/~name/repo.git   (personal repositories)
 */
export function parseDcRemoteUrl(url: string, hosts: string[]): RepoRef | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const keys = hosts.map((h) => h.toLowerCase());
  const names = keys.map((h) => h.replace(/:\d+$/, ''));
  const hostKey = u.host.toLowerCase();
  let host: string | undefined;
  if (u.protocol === 'https:' || u.protocol === 'http:') host = keys.find((k) => k === hostKey);
  else if (u.protocol === 'ssh:' || u.protocol === 'git+ssh:') host = keys[names.indexOf(u.hostname.toLowerCase())];
  else return undefined;
  if (!host) return undefined;
  const parts = decodeURIComponent(u.pathname)
    .replace(/^\/+|\/+$/g, '')
    .split('/');
  let project: string | undefined;
  let slug: string | undefined;
  const scm = parts.lastIndexOf('scm');
  const projects = parts.lastIndexOf('projects');
  const users = parts.lastIndexOf('users');
  if (u.protocol.startsWith('http') && scm >= 0 && parts.length === scm + 3) [project, slug] = [parts[scm + 1], parts[scm + 2]];
  else if (projects >= 0 && parts[projects + 2] === 'repos') [project, slug] = [parts[projects + 1], parts[projects + 3]];
  else if (users >= 0 && parts[users + 2] === 'repos') [project, slug] = [`~${parts[users + 1]}`, parts[users + 3]];
  else if (!u.protocol.startsWith('http') && parts.length === 2) [project, slug] = [parts[0], parts[1]];
  if (!project || !slug) return undefined;
  const ref = parseRepoRef(`${project}/${slug}`);
  return ref ? { workspace: dcProjectKey(ref.workspace), repo: ref.repo.toLowerCase(), host } : undefined;
}
