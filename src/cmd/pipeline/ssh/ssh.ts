/**
 * `bb pipeline ssh …`: the SSH key pair Pipelines steps use (`…/pipelines_config/ssh/key_pair`; Bitbucket never returns
 * the private key, and neither does bb print it) and the known hosts they trust (`…/pipelines_config/ssh/known_hosts`).
 */
import { paginate } from '../../../api/paginate.js';
import { repoParams } from '../../../api/path.js';
import type { Context } from '../../../context/context.js';
import type { ConditionalScopes } from '../../../core/command.js';
import { BbError } from '../../../core/errors.js';
import type { RepoRef } from '../../../git/remote.js';

export const OP = {
  keyGet: 'GET /repositories/{workspace}/{repo_slug}/pipelines_config/ssh/key_pair',
  keyPut: 'PUT /repositories/{workspace}/{repo_slug}/pipelines_config/ssh/key_pair',
  keyDelete: 'DELETE /repositories/{workspace}/{repo_slug}/pipelines_config/ssh/key_pair',
  hostList: 'GET /repositories/{workspace}/{repo_slug}/pipelines_config/ssh/known_hosts',
  hostCreate: 'POST /repositories/{workspace}/{repo_slug}/pipelines_config/ssh/known_hosts',
  hostGet: 'GET /repositories/{workspace}/{repo_slug}/pipelines_config/ssh/known_hosts/{known_host_uuid}',
  hostUpdate: 'PUT /repositories/{workspace}/{repo_slug}/pipelines_config/ssh/known_hosts/{known_host_uuid}',
  hostDelete: 'DELETE /repositories/{workspace}/{repo_slug}/pipelines_config/ssh/known_hosts/{known_host_uuid}',
} as const;

export interface KeyPair {
  public_key?: string;
  private_key?: string;
}

export interface KnownHost {
  uuid: string;
  hostname?: string;
  public_key?: { key_type?: string; key?: string; md5_fingerprint?: string; sha256_fingerprint?: string };
}

export const KEY_JSON_FIELDS = ['publicKey'];
/** Only the public key, whatever the server sent. */
export function keyPairJson(k: KeyPair): Record<string, unknown> {
  return { publicKey: k.public_key ?? null };
}

export const HOST_FIELDS = ['uuid', 'hostname', 'public_key.key_type', 'public_key.key', 'public_key.md5_fingerprint', 'public_key.sha256_fingerprint'];
export const HOST_JSON_FIELDS = ['uuid', 'hostname', 'keyType', 'key', 'md5Fingerprint', 'sha256Fingerprint'];
export function hostJson(h: KnownHost): Record<string, unknown> {
  return {
    uuid: h.uuid,
    hostname: h.hostname ?? null,
    keyType: h.public_key?.key_type ?? null,
    key: h.public_key?.key ?? null,
    md5Fingerprint: h.public_key?.md5_fingerprint ?? null,
    sha256Fingerprint: h.public_key?.sha256_fingerprint ?? null,
  };
}

const KEY_TYPE = /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-[a-z0-9]+|sk-[a-z0-9@.-]+)$/;

/**
 * A host's public key from a `known_hosts` line (`github.com ssh-ed25519 AAAA…`), an `ssh-keyscan` answer or a bare
 * public key (`ssh-ed25519 AAAA…`): its type and base64 body. The first line with a key type counts; # comments skipped.
 */
export function parseHostKey(text: string): { key_type: string; key: string } {
  if (/PRIVATE KEY/.test(text)) throw new BbError('INVALID_ARGUMENT', "that is a private key: a known host takes the host's public key");
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words[0]?.startsWith('#')) continue;
    const i = words.findIndex((w) => KEY_TYPE.test(w));
    const body = i >= 0 ? words[i + 1] : undefined;
    if (i >= 0 && body && /^[A-Za-z0-9+/]+={0,2}$/.test(body)) return { key_type: words[i] as string, key: body };
  }
  throw new BbError('INVALID_ARGUMENT', 'no SSH public key found (expected a known_hosts line or "ssh-ed25519 AAAA…")', {
    hints: ['for example: ssh-keyscan -t ed25519 example.com | bb pipeline ssh known-hosts add example.com'],
  });
}

/** A host name (or address), optionally with a port: example.com, example.com:2222, [example.com]:2222, 10.0.0.5. */
export function checkHostname(text: unknown): string {
  const h = String(text ?? '').trim();
  if (!/^(\[[A-Za-z0-9.:-]+\]:\d{1,5}|[A-Za-z0-9.-]+(:\d{1,5})?)$/.test(h) || h.length > 255) {
    throw new BbError('INVALID_ARGUMENT', `"${h}" is not a host name`, { hints: ['e.g. example.com, or example.com:2222 for another port'] });
  }
  return h;
}

function uuidOf(text: string): string | undefined {
  const u = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i.exec(text.trim());
  return u?.[1] ? `{${u[1].toLowerCase()}}` : undefined;
}

export async function listHosts(ctx: Context, repo: RepoRef, opts: { limit?: number; all?: boolean } = { all: true }): Promise<KnownHost[]> {
  return paginate<KnownHost>(
    await ctx.http(),
    '/repositories/{workspace}/{repo_slug}/pipelines_config/ssh/known_hosts',
    repoParams(repo),
    {},
    { ...opts, fields: HOST_FIELDS },
  );
}

/** A known host named by its UUID (no lookup), or by host name (looked up in the list). */
export async function findHost(ctx: Context, repo: RepoRef, text: unknown, lookup = true): Promise<{ uuid: string; hostname?: string }> {
  const t = String(text ?? '').trim();
  const uuid = uuidOf(t);
  if (uuid) return { uuid };
  const name = checkHostname(t);
  if (!lookup) return { uuid: `{uuid-of-${name}}`, hostname: name };
  const found = (await listHosts(ctx, repo)).find((h) => h.hostname?.toLowerCase() === name.toLowerCase());
  if (!found) {
    throw new BbError('API_NOT_FOUND', `${repo.workspace}/${repo.repo} has no known host ${name}`, {
      operation: OP.hostList,
      hints: ['list them with `bb pipeline ssh known-hosts list`'],
    });
  }
  return { uuid: found.uuid, ...(found.hostname !== undefined ? { hostname: found.hostname } : {}) };
}

/** The conditional entry of a command that takes a known host by name or UUID. */
export const BY_NAME: ConditionalScopes = {
  arg: 'host',
  pattern: '(?!\\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}?$).+',
  patternLabel: 'a host name',
  source: 'src/cmd/pipeline/ssh/ssh.ts: a host name is looked up among the known hosts',
  operations: [OP.hostList],
};
