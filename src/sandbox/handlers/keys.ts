import { createHash } from 'node:crypto';
import { type DeployKeyRecord, newUuid, type ProjectRecord, projectKey, type RepositoryRecord, type SshKeyRecord } from '../state.js';
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
      return created(deployKeyJson(c.sb, s, addDeployKey(c.sb, subjectId(s), str(body.key) ?? '', str(body.label) ?? '')));
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
};
