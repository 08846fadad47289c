import type { HostEntry, HostsFile } from '../auth/store.js';
import { cloudHost, dcHostsIn, isCloudHostname } from '../resolve/host.js';
import type { HostInfo } from './types.js';

/**
 * The hosts whose stored logins `bb auth status` shows, and which logins belong to which: Cloud keeps its logins under
 * the API host's key (another key: a login made against another API), a Data Center instance under its own.
 */

/**
 * A host whose logins are shown: Cloud (the API host), every Data Center host in hosts.json, and Cloud logins made
 * against another API (`other`: the sandbox while BB_API_URL is unset, or Cloud while it points at the sandbox).
 */
export interface LoginHost extends HostInfo {
  other?: boolean;
}

/** A Cloud login stored for another API than the current one: its API URL (kept since logins record it). */
function otherCloudApi(key: string, baseUrl: string | undefined): string {
  if (baseUrl) return baseUrl;
  const loopback = /^(127\.|localhost|\[::1\])/.test(key);
  return key === 'api.bitbucket.org' ? 'https://api.bitbucket.org/2.0' : `${loopback ? 'http' : 'https'}://${key}/2.0`;
}

/** Cloud, the Data Center hosts of hosts.json, Cloud logins against other APIs, and BB_TOKEN's Data Center host. */
export function loginHosts(ctx: { apiHost: string; apiUrl: string }, file: HostsFile, envHost: HostInfo | undefined): LoginHost[] {
  const hosts: LoginHost[] = [cloudHost(ctx)];
  for (const h of dcHostsIn(file)) hosts.push(h);
  for (const [key, entry] of Object.entries(file.hosts)) {
    if (entry.kind !== 'dc' && key !== ctx.apiHost) hosts.push({ kind: 'cloud', key, baseUrl: otherCloudApi(key, entry.baseUrl), other: true });
  }
  if (envHost?.kind === 'dc' && !hosts.some((h) => h.key === envHost.key)) hosts.push(envHost);
  return hosts;
}

/** The hosts `--hostname KEY` names: that key, or every Cloud host for a Cloud host name. */
export function hostsNamed(hosts: LoginHost[], key: string): LoginHost[] {
  return hosts.filter((h) => h.key.toLowerCase() === key.toLowerCase() || (h.kind === 'cloud' && isCloudHostname(key)));
}

/** Whether the environment's token (BB_TOKEN, for `envHost`) is the one `host` uses: never for another API's logins. */
export function envTokenServes(envHost: HostInfo, host: LoginHost): boolean {
  return !host.other && (envHost.kind === 'dc' ? envHost.key === host.key : host.kind === 'cloud');
}

/** The stored logins of `host`: its hosts.json entry, unless that entry is another kind's (a DC instance at Cloud's key). */
export function storedLogins(file: HostsFile, host: LoginHost): HostEntry | undefined {
  const stored = file.hosts[host.key];
  return host.kind === 'cloud' && stored?.kind === 'dc' ? undefined : stored;
}
