import { createHash } from 'node:crypto';
import { type DeployKeyRecord, type GpgKeyRecord, newUuid, type ProjectRecord, projectKey, type RepositoryRecord, type SshKeyRecord } from '../state.js';
import { accountRef, repositoryRef } from '../wire.js';
import { bodyObject, page, repoOf, str, userByRef, workspaceOf } from './common.js';
import { ApiError, created, type HandlerContext, type HandlerMap, json, noContent, type Sandbox } from './types.js';

/**
 * SSH keys of a user (/users/{selected_user}/ssh-keys: only your own) and deploy keys of a
 * repository or a project. Keys are checked for shape (`<type> <base64 blob> [comment]`, the blob
 * naming the same type) and fingerprinted like `ssh-keygen -l` (SHA256, unpadded base64).
 */

const KEY_TYPES = new Set([
  'ssh-rsa',
  'ssh-dss',
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
]);

export interface ParsedKey {
  /** `<type> <blob>` without the comment. */
  key: string;
  comment: string;
  fingerprint: string;
}

export function parseSshKey(text: string | undefined, field = 'key'): ParsedKey {
  const bad = (why: string) => new ApiError(400, 'Bad request', undefined, { [field]: [why] });
  if (!text) throw bad('This field is required.');
  const [type, blob, ...rest] = text.trim().split(/\s+/);
  if (!type || !blob || !KEY_TYPES.has(type)) throw bad('Not a valid public key: expected "<type> <base64 key> [comment]" (ssh-ed25519, ssh-rsa, ecdsa-…).');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(blob)) throw bad('Not a valid public key: the key is not base64.');
  const raw = Buffer.from(blob, 'base64');
  const len = raw.length >= 4 ? raw.readUInt32BE(0) : -1;
  if (len <= 0 || 4 + len > raw.length || raw.subarray(4, 4 + len).toString('latin1') !== type)
    throw bad(`Not a valid public key: the key data is not a ${type} key.`);
  const fingerprint = `SHA256:${createHash('sha256').update(raw).digest('base64').replace(/=+$/, '')}`;
  return { key: `${type} ${blob}`, comment: rest.join(' '), fingerprint };
}

// ---------------- SSH keys ----------------

function sshKeyJson(sb: Sandbox, k: SshKeyRecord): Record<string, unknown> {
  const owner = sb.store.data.users[k.user];
  return {
    type: 'ssh_key',
    uuid: k.uuid,
    key: k.key,
    comment: k.comment,
    label: k.label,
    fingerprint: k.fingerprint,
    created_on: k.created_on,
    last_used: null,
    expires_on: null,
    owner: owner ? accountRef(sb.urls, owner) : null,
    links: { self: { href: sb.urls.api(`/users/${encodeURIComponent(k.user)}/ssh-keys/${encodeURIComponent(k.uuid)}`) } },
  };
}

function selfUser(c: HandlerContext) {
  const user = userByRef(c.sb, c.params.selected_user ?? '');
  if (user.uuid !== c.user.uuid) throw new ApiError(403, "You may not access another user's SSH keys.");
  return user;
}

function sshKeyOf(c: HandlerContext): SshKeyRecord {
  const user = selfUser(c);
  const ref = c.params.key_id ?? '';
  const k = c.sb.store.data.sshKeys[ref.startsWith('{') ? ref : `{${ref}}`];
  if (!k || k.user !== user.uuid) throw new ApiError(404, `SSH key ${ref} not found`);
  return k;
}

export function addSshKey(sb: Sandbox, user: string, text: string, label = ''): SshKeyRecord {
  const parsed = parseSshKey(text);
  if (Object.values(sb.store.data.sshKeys).some((k) => k.fingerprint === parsed.fingerprint)) {
    throw new ApiError(400, 'Bad request', undefined, { key: ['Someone has already added that SSH key.'] });
  }
  const k: SshKeyRecord = {
    uuid: newUuid(),
    user,
    key: parsed.key,
    comment: parsed.comment,
    label,
    fingerprint: parsed.fingerprint,
    created_on: sb.now().toISOString(),
  };
  sb.store.data.sshKeys[k.uuid] = k;
  return k;
}

// ---------------- deploy keys ----------------

type Subject = { repo: RepositoryRecord; project?: undefined } | { project: ProjectRecord; repo?: undefined };

function subjectId(s: Subject): string {
  return s.repo ? s.repo.uuid : `project:${projectKey(s.project.workspace, s.project.key)}`;
}

function deployKeyJson(sb: Sandbox, s: Subject, k: DeployKeyRecord): Record<string, unknown> {
  const common = { id: k.id, key: k.key, label: k.label, comment: k.comment, added_on: k.created_on, last_used: null };
  if (s.repo) {
    return {
      type: 'deploy_key',
      ...common,
      repository: repositoryRef(sb.urls, s.repo),
      links: { self: { href: sb.urls.api(`/repositories/${s.repo.workspace}/${s.repo.slug}/deploy-keys/${k.id}`) } },
    };
  }
  const p = s.project;
  return {
    type: 'project_deploy_key',
    ...common,
    project: { type: 'project', uuid: p.uuid, key: p.key, name: p.name },
    links: { self: { href: sb.urls.api(`/workspaces/${p.workspace}/projects/${p.key}/deploy-keys/${k.id}`) } },
  };
}

function projectSubject(c: HandlerContext): Subject {
  const ws = workspaceOf(c);
  const p = c.sb.store.project(ws.slug, c.params.project_key ?? '');
  if (!p) throw new ApiError(404, `Project ${c.params.project_key} not found in workspace ${ws.slug}`);
  return { project: p };
}

function deployKeyOf(c: HandlerContext, s: Subject): DeployKeyRecord {
  const k = c.sb.store.data.deployKeys[String(Number(c.params.key_id))];
  if (!k || k.subject !== subjectId(s)) throw new ApiError(404, `Deploy key ${c.params.key_id} not found`);
  return k;
}

export function addDeployKey(sb: Sandbox, subject: string, text: string, label = ''): DeployKeyRecord {
  const parsed = parseSshKey(text);
  if (Object.values(sb.store.data.deployKeys).some((k) => k.subject === subject && k.key === parsed.key)) {
    throw new ApiError(400, 'Bad request', undefined, { key: ['This key is already a deploy key here.'] });
  }
  const k: DeployKeyRecord = { id: sb.store.next('deploy-key'), subject, key: parsed.key, label, comment: parsed.comment, created_on: sb.now().toISOString() };
  sb.store.data.deployKeys[String(k.id)] = k;
  return k;
}

function deployKeyHandlers(list: string, item: string, subject: (c: HandlerContext) => Subject, withPut: boolean): HandlerMap {
  const map: HandlerMap = {
    [`GET ${list}`]: (c) => {
      const s = subject(c);
      const id = subjectId(s);
      const keys = Object.values(c.sb.store.data.deployKeys)
        .filter((k) => k.subject === id)
        .sort((a, b) => a.id - b.id)
        .map((k) => deployKeyJson(c.sb, s, k));
      return json(page(c, keys));
    },
    [`POST ${list}`]: (c) => {
      const s = subject(c);
      const body = bodyObject(c);
      // the spec: 200 (repository and project deploy keys alike), not 201
      return json(deployKeyJson(c.sb, s, addDeployKey(c.sb, subjectId(s), str(body.key) ?? '', str(body.label) ?? '')));
    },
    [`GET ${item}`]: (c) => {
      const s = subject(c);
      return json(deployKeyJson(c.sb, s, deployKeyOf(c, s)));
    },
    [`DELETE ${item}`]: (c) => {
      const s = subject(c);
      delete c.sb.store.data.deployKeys[String(deployKeyOf(c, s).id)];
      return noContent();
    },
  };
  if (withPut) {
    map[`PUT ${item}`] = (c) => {
      const s = subject(c);
      const k = deployKeyOf(c, s);
      const body = bodyObject(c);
      if (str(body.label) !== undefined) k.label = str(body.label) as string;
      if (str(body.key) !== undefined) {
        const parsed = parseSshKey(str(body.key));
        k.key = parsed.key;
        k.comment = parsed.comment;
      }
      return json(deployKeyJson(c.sb, s, k));
    };
  }
  return map;
}

// ---------------- GPG keys ----------------

/** OpenPGP packets of a binary key (RFC 4880 §4.2: old and new packet headers). */
function packets(buf: Buffer): Array<{ tag: number; body: Buffer }> {
  const out: Array<{ tag: number; body: Buffer }> = [];
  let i = 0;
  const fail = () => new ApiError(400, 'Bad request', undefined, { key: ['Not a valid OpenPGP public key.'] });
  while (i < buf.length) {
    const b = buf[i] as number;
    if (!(b & 0x80)) throw fail();
    let tag: number;
    let len: number;
    let hdr: number;
    if (b & 0x40) {
      tag = b & 0x3f;
      const l0 = buf[i + 1];
      if (l0 === undefined) throw fail();
      if (l0 < 192) [len, hdr] = [l0, 2];
      else if (l0 < 224) [len, hdr] = [((l0 - 192) << 8) + (buf[i + 2] ?? 0) + 192, 3];
      else if (l0 === 255 && i + 6 <= buf.length) [len, hdr] = [buf.readUInt32BE(i + 2), 6];
      else throw fail(); // partial lengths never occur in keys
    } else {
      tag = (b >> 2) & 0xf;
      const type = b & 3;
      if (type === 0) [len, hdr] = [buf[i + 1] ?? 0, 2];
      else if (type === 1 && i + 3 <= buf.length) [len, hdr] = [buf.readUInt16BE(i + 1), 3];
      else if (type === 2 && i + 5 <= buf.length) [len, hdr] = [buf.readUInt32BE(i + 1), 5];
      else [len, hdr] = [buf.length - i - 1, 1];
    }
    if (i + hdr + len > buf.length) throw fail();
    out.push({ tag, body: buf.subarray(i + hdr, i + hdr + len) });
    i += hdr + len;
  }
  return out;
}

export interface ParsedGpgKey {
  fingerprint: string;
  key_id: string;
  name: string;
  created_on: string;
  subkeys: Array<{ fingerprint: string; key_id: string; created_on: string }>;
}

/** An ASCII-armored OpenPGP public key (v4): fingerprints are SHA-1 of 0x99, the length and the key packet. */
export function parseGpgKey(armored: string | undefined): ParsedGpgKey {
  const bad = (why: string) => new ApiError(400, 'Bad request', undefined, { key: [why] });
  if (!armored) throw bad('This field is required.');
  const m = /-----BEGIN PGP PUBLIC KEY BLOCK-----\r?\n([\s\S]*?)-----END PGP PUBLIC KEY BLOCK-----/.exec(armored);
  if (!m) throw bad('Expected an ASCII-armored public key (-----BEGIN PGP PUBLIC KEY BLOCK-----).');
  const lines = (m[1] as string).split(/\r?\n/);
  const blank = lines.findIndex((l) => l.trim() === '');
  const bodyLines = (blank >= 0 && lines.slice(0, blank).every((l) => l.includes(':')) ? lines.slice(blank + 1) : lines).filter(
    (l) => l.trim() !== '' && !l.startsWith('='),
  );
  const raw = Buffer.from(bodyLines.join(''), 'base64');
  const keyInfo = (body: Buffer) => {
    if (body[0] !== 4 || body.length < 6) throw bad('Only version 4 OpenPGP keys are supported.');
    const head = Buffer.from([0x99, (body.length >> 8) & 0xff, body.length & 0xff]);
    const fingerprint = createHash('sha1').update(head).update(body).digest('hex').toUpperCase();
    return { fingerprint, key_id: fingerprint.slice(-16), created_on: new Date(body.readUInt32BE(1) * 1000).toISOString() };
  };
  const list = packets(raw);
  const primary = list.find((p) => p.tag === 6);
  if (!primary || list[0]?.tag !== 6) throw bad('The key block does not start with a public key.');
  const name = list.find((p) => p.tag === 13)?.body.toString('utf8') ?? '';
  return { ...keyInfo(primary.body), name, subkeys: list.filter((p) => p.tag === 14).map((p) => keyInfo(p.body)) };
}

function gpgKeyJson(sb: Sandbox, k: GpgKeyRecord): Record<string, unknown> {
  const owner = sb.store.data.users[k.user];
  const self = (fp: string) => ({ self: { href: sb.urls.api(`/users/${encodeURIComponent(k.user)}/gpg-keys/${fp}`) } });
  return {
    type: 'gpg_key',
    owner: owner ? accountRef(sb.urls, owner) : null,
    key: k.key,
    key_id: k.key_id,
    fingerprint: k.fingerprint,
    name: k.name,
    expires_on: null,
    created_on: k.created_on,
    added_on: k.added_on,
    last_used: null,
    subkeys: k.subkeys.map((s) => ({
      type: 'gpg_key',
      key_id: s.key_id,
      fingerprint: s.fingerprint,
      parent_fingerprint: k.fingerprint,
      created_on: s.created_on,
      expires_on: null,
      links: self(s.fingerprint),
    })),
    links: self(k.fingerprint),
  };
}

function gpgKeyOf(c: HandlerContext): GpgKeyRecord {
  const user = selfUser(c);
  const fp = (c.params.fingerprint ?? '').toUpperCase();
  const k = c.sb.store.data.gpgKeys[fp];
  if (!k || k.user !== user.uuid) throw new ApiError(404, `GPG key ${c.params.fingerprint} not found`);
  return k;
}

const gpgHandlers: HandlerMap = {
  'GET /users/{selected_user}/gpg-keys': (c) => {
    const user = selfUser(c);
    const keys = Object.values(c.sb.store.data.gpgKeys)
      .filter((k) => k.user === user.uuid)
      .sort((a, b) => a.added_on.localeCompare(b.added_on))
      .map((k) => gpgKeyJson(c.sb, k));
    return json(page(c, keys));
  },
  'POST /users/{selected_user}/gpg-keys': (c) => {
    const user = selfUser(c);
    const text = str(bodyObject(c).key);
    const parsed = parseGpgKey(text);
    if (c.sb.store.data.gpgKeys[parsed.fingerprint]) throw new ApiError(400, 'Bad request', undefined, { key: ['This GPG key has already been added.'] });
    const k: GpgKeyRecord = { ...parsed, user: user.uuid, key: (text as string).trim(), added_on: c.sb.now().toISOString() };
    c.sb.store.data.gpgKeys[k.fingerprint] = k;
    return created(gpgKeyJson(c.sb, k));
  },
  'GET /users/{selected_user}/gpg-keys/{fingerprint}': (c) => json(gpgKeyJson(c.sb, gpgKeyOf(c))),
  'DELETE /users/{selected_user}/gpg-keys/{fingerprint}': (c) => {
    delete c.sb.store.data.gpgKeys[gpgKeyOf(c).fingerprint];
    return noContent();
  },
};

export const handlers: HandlerMap = {
  'GET /users/{selected_user}/ssh-keys': (c) => {
    const user = selfUser(c);
    const keys = Object.values(c.sb.store.data.sshKeys)
      .filter((k) => k.user === user.uuid)
      .sort((a, b) => a.created_on.localeCompare(b.created_on))
      .map((k) => sshKeyJson(c.sb, k));
    return json(page(c, keys));
  },
  'POST /users/{selected_user}/ssh-keys': (c) => {
    const user = selfUser(c);
    const body = bodyObject(c);
    return created(sshKeyJson(c.sb, addSshKey(c.sb, user.uuid, str(body.key) ?? '', str(body.label) ?? '')));
  },
  'GET /users/{selected_user}/ssh-keys/{key_id}': (c) => json(sshKeyJson(c.sb, sshKeyOf(c))),
  'PUT /users/{selected_user}/ssh-keys/{key_id}': (c) => {
    const k = sshKeyOf(c);
    const body = bodyObject(c);
    if (str(body.label) !== undefined) k.label = str(body.label) as string;
    return json(sshKeyJson(c.sb, k));
  },
  'DELETE /users/{selected_user}/ssh-keys/{key_id}': (c) => {
    delete c.sb.store.data.sshKeys[sshKeyOf(c).uuid];
    return noContent();
  },
  ...deployKeyHandlers(
    '/repositories/{workspace}/{repo_slug}/deploy-keys',
    '/repositories/{workspace}/{repo_slug}/deploy-keys/{key_id}',
    (c) => ({ repo: repoOf(c) }),
    true,
  ),
  ...deployKeyHandlers(
    '/workspaces/{workspace}/projects/{project_key}/deploy-keys',
    '/workspaces/{workspace}/projects/{project_key}/deploy-keys/{key_id}',
    projectSubject,
    false,
  ),
  ...gpgHandlers,
};
