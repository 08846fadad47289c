import { createHash } from 'node:crypto';
import { newUuid, type PipelineKnownHostRecord, type RepositoryRecord } from '../state.js';
import { bodyObject, page, repoOf, str } from './common.js';
import { ApiError, created, type HandlerContext, type HandlerMap, json, noContent, type Sandbox } from './types.js';

/**
 * Pipelines SSH (`…/pipelines_config/ssh/…`): the repository's key pair — PUT takes `private_key` and `public_key`
 * (both required; an empty object is 400); the sandbox keeps only a digest of the private key and, like Bitbucket, never
 * returns it (GET answers the public key; 404 when there is none) — and the known hosts: `hostname` and
 * `public_key.{key_type,key}` required, fingerprints computed here (MD5 hex pairs, `SHA256:` base64), 409 on a host name
 * the repository already has.
 */

const P = '/repositories/{workspace}/{repo_slug}/pipelines_config/ssh';
const bad = (field: string, message: string) => new ApiError(400, 'Bad request', undefined, { [field]: [message] });
const PUBLIC_KEY = /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-[a-z0-9]+|sk-[a-z0-9@.-]+) [A-Za-z0-9+/]+={0,2}( .*)?$/;
const PRIVATE_KEY = /^-----BEGIN [A-Z ]*PRIVATE KEY-----\r?\n[\s\S]+\r?\n-----END [A-Z ]*PRIVATE KEY-----\s*$/;
const KEY_TYPE = /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-[a-z0-9]+|sk-[a-z0-9@.-]+)$/;

function nonEmpty(c: HandlerContext): Record<string, unknown> {
  const body = bodyObject(c);
  if (Object.keys(body).filter((k) => k !== 'type').length === 0) throw new ApiError(400, 'Bad request', 'the request body is empty');
  return body;
}

// ---------------- key pair ----------------

function keyPairJson(sb: Sandbox, repo: RepositoryRecord): Record<string, unknown> {
  const k = sb.store.data.pipelineSshKeyPairs[repo.uuid];
  if (!k) throw new ApiError(404, 'No SSH key pair is configured for this repository');
  // the spec: "private_key … will be empty when retrieving the SSH key pair": never sent
  return { type: 'pipeline_ssh_key_pair', public_key: k.public_key };
}

// ---------------- known hosts ----------------

function fingerprints(key: string): { md5_fingerprint: string; sha256_fingerprint: string } {
  const raw = Buffer.from(key, 'base64');
  const md5 = createHash('md5').update(raw).digest('hex');
  return {
    md5_fingerprint: (md5.match(/../g) ?? []).join(':'),
    sha256_fingerprint: `SHA256:${createHash('sha256').update(raw).digest('base64').replace(/=+$/, '')}`,
  };
}

function hostJson(h: PipelineKnownHostRecord): Record<string, unknown> {
  return {
    type: 'pipeline_known_host',
    uuid: h.uuid,
    hostname: h.hostname,
    public_key: { type: 'pipeline_ssh_public_key', key_type: h.key_type, key: h.key, ...fingerprints(h.key) },
  };
}

function hostsOf(sb: Sandbox, repo: RepositoryRecord): PipelineKnownHostRecord[] {
  return Object.values(sb.store.data.pipelineKnownHosts)
    .filter((h) => h.repository === repo.uuid)
    .sort((a, b) => a.hostname.localeCompare(b.hostname));
}

function hostOf(c: HandlerContext, repo: RepositoryRecord): PipelineKnownHostRecord {
  const id = (c.params.known_host_uuid ?? '').trim().toLowerCase();
  const h = c.sb.store.data.pipelineKnownHosts[id.startsWith('{') ? id : `{${id}}`];
  if (!h || h.repository !== repo.uuid) throw new ApiError(404, `Known host ${c.params.known_host_uuid} not found`);
  return h;
}

function readHostname(v: unknown): string {
  const h = str(v)?.trim();
  if (!h) throw bad('hostname', 'This field is required.');
  if (h.length > 255 || /\s/.test(h)) throw bad('hostname', 'Enter a valid host name.');
  return h;
}

function readPublicKey(v: unknown): { key_type: string; key: string } {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw bad('public_key', 'This field is required.');
  const o = v as Record<string, unknown>;
  const type = str(o.key_type);
  const key = str(o.key);
  if (!type || !KEY_TYPE.test(type)) throw bad('public_key.key_type', 'Enter a valid SSH key type.');
  if (!key || !/^[A-Za-z0-9+/]+={0,2}$/.test(key) || Buffer.from(key, 'base64').length < 16)
    throw bad('public_key.key', 'Enter a valid base64 SSH public key.');
  return { key_type: type, key };
}

function taken(sb: Sandbox, repo: RepositoryRecord, hostname: string, except?: string): void {
  if (hostsOf(sb, repo).some((h) => h.hostname.toLowerCase() === hostname.toLowerCase() && h.uuid !== except)) {
    throw new ApiError(409, `A known host with the hostname ${hostname} already exists`);
  }
}

export const handlers: HandlerMap = {
  [`GET ${P}/key_pair`]: (c) => json(keyPairJson(c.sb, repoOf(c))),

  [`PUT ${P}/key_pair`]: (c) => {
    const repo = repoOf(c);
    const body = nonEmpty(c);
    const priv = str(body.private_key);
    const pub = str(body.public_key)?.trim();
    if (!priv?.trim()) throw bad('private_key', 'This field is required.');
    if (!pub) throw bad('public_key', 'This field is required.');
    if (!PRIVATE_KEY.test(priv)) throw bad('private_key', 'Enter a valid SSH private key.');
    if (/ENCRYPTED/.test(priv)) throw bad('private_key', 'The private key must not have a passphrase.');
    if (!PUBLIC_KEY.test(pub)) throw bad('public_key', 'Enter a valid SSH public key.');
    c.sb.store.data.pipelineSshKeyPairs[repo.uuid] = {
      public_key: pub,
      private_key_sha256: createHash('sha256').update(priv).digest('hex'),
      updated_on: c.sb.now().toISOString(),
    };
    return json(keyPairJson(c.sb, repo));
  },

  [`DELETE ${P}/key_pair`]: (c) => {
    const repo = repoOf(c);
    if (!c.sb.store.data.pipelineSshKeyPairs[repo.uuid]) throw new ApiError(404, 'No SSH key pair is configured for this repository');
    delete c.sb.store.data.pipelineSshKeyPairs[repo.uuid];
    return noContent();
  },

  [`GET ${P}/known_hosts`]: (c) => {
    const repo = repoOf(c);
    return json(page(c, hostsOf(c.sb, repo).map(hostJson)));
  },

  [`POST ${P}/known_hosts`]: (c) => {
    const repo = repoOf(c);
    const body = nonEmpty(c);
    const hostname = readHostname(body.hostname);
    const pk = readPublicKey(body.public_key);
    taken(c.sb, repo, hostname);
    const h: PipelineKnownHostRecord = { uuid: newUuid(), repository: repo.uuid, hostname, ...pk };
    c.sb.store.data.pipelineKnownHosts[h.uuid] = h;
    return created(hostJson(h));
  },

  [`GET ${P}/known_hosts/{known_host_uuid}`]: (c) => {
    const repo = repoOf(c);
    return json(hostJson(hostOf(c, repo)));
  },

  [`PUT ${P}/known_hosts/{known_host_uuid}`]: (c) => {
    const repo = repoOf(c);
    const h = hostOf(c, repo);
    const body = nonEmpty(c);
    const hostname = body.hostname === undefined ? undefined : readHostname(body.hostname);
    const pk = body.public_key === undefined ? undefined : readPublicKey(body.public_key);
    if (hostname !== undefined) {
      taken(c.sb, repo, hostname, h.uuid);
      h.hostname = hostname;
    }
    if (pk) Object.assign(h, pk);
    return json(hostJson(h));
  },

  [`DELETE ${P}/known_hosts/{known_host_uuid}`]: (c) => {
    const repo = repoOf(c);
    delete c.sb.store.data.pipelineKnownHosts[hostOf(c, repo).uuid];
    return noContent();
  },
};
