import { BbError } from '../core/errors.js';
import { isLoopbackHost } from './http.js';

/**
 * Proxies and extra certificate authorities for bb's own requests. Node's fetch honours neither
 * HTTPS_PROXY nor NO_PROXY, so when one of them (or BB_CA_FILE) is set, bb sends its requests through the
 * `undici` package's fetch with a dispatcher: a ProxyAgent for proxied hosts, a plain Agent for the rest.
 * The package is required only then (it stays outside the bundle, in node_modules): every other run
 * uses bb's own fetch over node:http (node-fetch.ts; Node's fetch with BB_HTTP=fetch) and pays nothing for this.
 *
 * - `https_proxy`/`HTTPS_PROXY` for https:// requests, `http_proxy`/`HTTP_PROXY` for http:// ones (the
 *   lowercase name wins, as in curl and git); the proxy URL may carry `user:password@`.
 * - `no_proxy`/`NO_PROXY`: comma- or space-separated hosts that go direct: `*` (all), a host name
 *   (`bitbucket.example.com`, which also matches its subdomains), `.example.com` / `*.example.com`, an IP
 *   address, each optionally with `:port`. Loopback addresses (localhost, 127.x, ::1) always go direct.
 * - `BB_CA_FILE`: a PEM file of extra CA certificates trusted for bb's requests (and for an https proxy),
 *   in addition to Node's own roots and `NODE_EXTRA_CA_CERTS` (which Node itself reads at start).
 */
export interface NetworkSettings {
  httpsProxy?: string;
  httpProxy?: string;
  noProxy: string[];
  caFile?: string;
  /** NODE_EXTRA_CA_CERTS, kept beside BB_CA_FILE (an explicit `ca` would drop it). */
  nodeExtraCaCerts?: string;
}

/** What the environment asks of bb's transport; undefined when nothing (then bb's node:http fetch serves, or Node's with BB_HTTP=fetch). */
export function networkSettings(env: NodeJS.ProcessEnv): NetworkSettings | undefined {
  const pick = (lower: string | undefined, upper: string | undefined) => (lower || upper || '').trim() || undefined;
  const httpsProxy = pick(env.https_proxy, env.HTTPS_PROXY);
  const httpProxy = pick(env.http_proxy, env.HTTP_PROXY);
  const caFile = env.BB_CA_FILE?.trim() || undefined;
  if (!httpsProxy && !httpProxy && !caFile) return undefined;
  const noProxy = (pick(env.no_proxy, env.NO_PROXY) ?? '')
    .split(/[\s,]+/)
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  return { httpsProxy, httpProxy, noProxy, caFile, nodeExtraCaCerts: env.NODE_EXTRA_CA_CERTS || undefined };
}

/** The proxy URL for a request to `url`, or undefined when it goes direct (NO_PROXY, loopback, no proxy for its scheme). */
export function proxyFor(url: URL, settings: NetworkSettings): string | undefined {
  const proxy = url.protocol === 'https:' ? settings.httpsProxy : url.protocol === 'http:' ? settings.httpProxy : undefined;
  if (!proxy) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isLoopbackHost(host)) return undefined;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const entry of settings.noProxy) {
    if (entry === '*') return undefined;
    // host, host:port, a bare IPv6 address, or [IPv6]:port
    const m = entry.startsWith('[') ? /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) : /^([^:]+)(?::(\d+))?$/.exec(entry);
    let name = m?.[1] ?? entry;
    if (m?.[2] && m[2] !== port) continue;
    name = name.replace(/^\*?\./, '');
    if (host === name || host.endsWith(`.${name}`)) return undefined;
  }
  return proxy;
}

/**
 * A fetch that honours `settings`: undici's, given the right dispatcher for each request. undici and the CA
 * file are loaded on the first request. A CA file that cannot be read fails the request (CONFIG_INVALID).
 */
export function networkFetch(settings: NetworkSettings): typeof globalThis.fetch {
  let ready: Promise<(url: URL) => { fetch: typeof globalThis.fetch; dispatcher: unknown }> | undefined;
  const load = async () => {
    const undici = await import('undici');
    const tls: Record<string, unknown> = {};
    if (settings.caFile) {
      const [{ readFileSync }, { rootCertificates }] = await Promise.all([import('node:fs'), import('node:tls')]);
      // `ca` replaces Node's roots: keep them, and NODE_EXTRA_CA_CERTS (Node adds it only to its own default)
      const extra: string[] = [];
      try {
        if (settings.nodeExtraCaCerts) extra.push(readFileSync(settings.nodeExtraCaCerts, 'utf8'));
      } catch {
        // unreadable: Node has already warned about it at start, and ignores it too
      }
      let pem: string;
      try {
        pem = readFileSync(settings.caFile, 'utf8');
      } catch (e) {
        throw new BbError('CONFIG_INVALID', `BB_CA_FILE ${settings.caFile} could not be read: ${(e as Error).message}`, {
          hints: ['set BB_CA_FILE to a PEM file of CA certificates, or unset it'],
        });
      }
      tls.ca = [...rootCertificates, ...extra, pem];
    }
    const direct = new undici.Agent({ connect: tls });
    const agents = new Map<string, unknown>();
    const viaProxy = (uri: string) => {
      let agent = agents.get(uri);
      if (!agent) {
        agent = new undici.ProxyAgent({ uri, requestTls: tls, proxyTls: tls });
        agents.set(uri, agent);
      }
      return agent;
    };
    const fetch = undici.fetch as unknown as typeof globalThis.fetch;
    return (url: URL) => {
      const proxy = proxyFor(url, settings);
      return { fetch, dispatcher: proxy ? viaProxy(proxy) : direct };
    };
  };
  const send: typeof globalThis.fetch = async (input, init) => {
    ready ??= load();
    const route = await ready;
    const url = new URL(input instanceof Request ? input.url : String(input));
    const { fetch, dispatcher } = route(url);
    return fetch(input, { ...init, dispatcher } as RequestInit);
  };
  return Object.assign(send, { undici: true });
}
