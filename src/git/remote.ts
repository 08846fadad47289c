/**
 * Recognise Bitbucket repositories in git remote URLs:
 *   https://bitbucket.org/ws/repo(.git)   https://user@bitbucket.org/ws/repo.git
 *   git@bitbucket.org:ws/repo.git         ssh://git@bitbucket.org/ws/repo.git
 * plus the web host of a sandbox or another API (its `git/` clone URLs), given as extra hosts.
 */
export interface RepoRef {
  workspace: string;
  repo: string;
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
