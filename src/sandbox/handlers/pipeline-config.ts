import { createHash } from 'node:crypto';
import { cronProblem } from '../model/cron.js';
import { newUuid, type PipelineCacheRecord, type PipelineRecord, type PipelineScheduleRecord, type RepositoryRecord } from '../state.js';
import { bodyObject, bool, page, repoOf, str, workspaceOf } from './common.js';
import { ApiError, created, type HandlerContext, type HandlerMap, json, noContent, type Sandbox } from './types.js';

/**
 * Pipelines configuration beside the pipelines themselves: schedules (`…/pipelines_config/schedules`: listed, paused,
 * resumed and deleted, never run — the sandbox has no scheduler, so a schedule's executions are always empty) and
 * caches (`…/pipelines-config/caches`: a pipeline whose steps are the default Build and Test saves a `node` cache of
 * `node_modules` when it is triggered, unless the repository has one; deleted by uuid or by name).
 */

const P = '/repositories/{workspace}/{repo_slug}';
const enc = encodeURIComponent;
const SELECTOR_TYPES = ['branches', 'tags', 'bookmarks', 'default', 'custom'];
const required = (field: string) => new ApiError(400, 'Bad request', undefined, { [field]: ['This field is required.'] });

function braced(id: string): string {
  return id.startsWith('{') ? id : `{${id}}`;
}

// ---------------- schedules ----------------

function scheduleJson(sb: Sandbox, repo: RepositoryRecord, s: PipelineScheduleRecord): Record<string, unknown> {
  return {
    type: 'pipeline_schedule',
    uuid: s.uuid,
    enabled: s.enabled,
    target: {
      type: 'pipeline_ref_target',
      ref_type: 'branch',
      ref_name: s.ref_name,
      selector: { type: s.selector.type, ...(s.selector.pattern !== undefined ? { pattern: s.selector.pattern } : {}) },
    },
    cron_pattern: s.cron_pattern,
    created_on: s.created_on,
    updated_on: s.updated_on,
    links: { self: { href: sb.urls.api(`/repositories/${repo.workspace}/${repo.slug}/pipelines_config/schedules/${enc(s.uuid)}`) } },
  };
}

function scheduleOf(c: HandlerContext, repo: RepositoryRecord): PipelineScheduleRecord {
  const s = c.sb.store.data.pipelineSchedules[braced(c.params.schedule_uuid ?? '')];
  if (!s || s.repository !== repo.uuid) throw new ApiError(404, `Schedule ${c.params.schedule_uuid} not found`);
  return s;
}

/** The body of POST …/schedules (pipeline_schedule_post_request_body): target and cron_pattern are required. */
function readSchedule(c: HandlerContext): Pick<PipelineScheduleRecord, 'enabled' | 'ref_name' | 'selector' | 'cron_pattern'> {
  const body = bodyObject(c);
  const t = body.target;
  if (!t || typeof t !== 'object' || Array.isArray(t)) throw required('target');
  const target = t as Record<string, unknown>;
  const cron = str(body.cron_pattern);
  if (cron === undefined || cron.trim() === '') throw required('cron_pattern');
  const refName = str(target.ref_name);
  if (!refName) throw required('target.ref_name');
  if (target.ref_type === undefined) throw required('target.ref_type');
  if (target.ref_type !== 'branch') throw new ApiError(400, `Invalid ref_type "${String(target.ref_type)}": schedules run on branches only`);
  const sel = target.selector;
  if (!sel || typeof sel !== 'object' || Array.isArray(sel)) throw required('target.selector');
  const selector = sel as Record<string, unknown>;
  const type = str(selector.type);
  if (!type || !SELECTOR_TYPES.includes(type)) throw new ApiError(400, `Invalid selector type "${String(selector.type)}"`);
  const pattern = str(selector.pattern);
  if (type === 'custom' && !pattern) throw new ApiError(400, 'A custom selector needs a pattern');
  const problem = cronProblem(cron);
  if (problem) throw new ApiError(400, `Invalid cron expression "${cron}"`, problem);
  if (body.enabled !== undefined && bool(body.enabled) === undefined) throw new ApiError(400, 'Bad request', undefined, { enabled: ['Must be a boolean.'] });
  return { enabled: bool(body.enabled) ?? true, ref_name: refName, selector: { type, ...(pattern ? { pattern } : {}) }, cron_pattern: cron.trim() };
}

/** Create a schedule (also used by the demo seed). */
export function addSchedule(sb: Sandbox, repo: RepositoryRecord, o: Pick<PipelineScheduleRecord, 'enabled' | 'ref_name' | 'selector' | 'cron_pattern'>) {
  const now = sb.now().toISOString();
  const s: PipelineScheduleRecord = { uuid: newUuid(), repository: repo.uuid, ...o, created_on: now, updated_on: now };
  sb.store.data.pipelineSchedules[s.uuid] = s;
  return s;
}

// ---------------- caches ----------------

const CACHE_BYTES = 48_213_504;

/** What a triggered pipeline saves: a `node` cache from its Build step, when the repository has none (addPipeline). */
export function saveCaches(sb: Sandbox, repo: RepositoryRecord, p: PipelineRecord): void {
  const build = p.steps.find((s) => s.name === 'Build');
  if (!build) return;
  const caches = sb.store.data.pipelineCaches;
  if (Object.values(caches).some((x) => x.repository === repo.uuid && x.name === 'node')) return;
  const rec: PipelineCacheRecord = {
    uuid: newUuid(),
    repository: repo.uuid,
    pipeline: p.uuid,
    step: build.uuid,
    name: 'node',
    key_hash: createHash('sha256').update(`${repo.uuid}:node:${p.target.commit}`).digest('hex'),
    path: 'node_modules',
    file_size_bytes: CACHE_BYTES,
    created_on: p.created_on,
  };
  caches[rec.uuid] = rec;
}

function cacheJson(x: PipelineCacheRecord): Record<string, unknown> {
  return {
    type: 'pipeline_cache',
    uuid: x.uuid,
    pipeline_uuid: x.pipeline,
    step_uuid: x.step,
    name: x.name,
    key_hash: x.key_hash,
    path: x.path,
    file_size_bytes: x.file_size_bytes,
    created_on: x.created_on,
  };
}

function cachesOf(sb: Sandbox, repo: RepositoryRecord): PipelineCacheRecord[] {
  return Object.values(sb.store.data.pipelineCaches)
    .filter((x) => x.repository === repo.uuid)
    .sort((a, b) => a.name.localeCompare(b.name) || a.created_on.localeCompare(b.created_on));
}

// ---------------- handlers ----------------

/**
 * The workspace's Pipelines OpenID Connect provider (Bitbucket's "Integrations > OpenID Connect" page): the discovery
 * document (OpenID Connect Discovery 1.0 shape) and its JSON Web Key Set with one static RSA signing key.
 */
function oidcIssuer(workspace: string): string {
  return `https://api.bitbucket.org/2.0/workspaces/${workspace}/pipelines-config/identity/oidc`;
}

function oidcKeyId(workspace: string): string {
  return `sandbox-${createHash('sha256').update(`oidc:${workspace}`).digest('hex').slice(0, 16)}`;
}

/** A fixed RSA public modulus (2048 bits, base64url) and exponent: public numbers only, nothing signs with them. */
const OIDC_RSA_N =
  'wEvtpa5z3H0tvWAnh0lV5l8q3TtGZSb0pHNjg2sZ0fK3Jv3v2aH0RZbQGg1JxQ4F1Q0d3mTQjK9c7mV8h3f2LwJmY3r4b8nM6zk7Q0pYb2iR5c1d0sT9uV3wX4yZ5aB6cD7eF8gH9iJ0kL1mN2oP3qR4sT5uV6wX7yZ8aB9cD0eF1gH2iJ3kL4mN5oP6qR7sT8uV9wX0yZ1aB2cD3eF4gH5iJ6kL7mN8oP9qR0sT1uV2wX3yZ4aB5cD6eF7gH8iJ9kL0mN1oP2qR3sT4uV5wX6yZ7aB8cD9eF0gH1iJ2kL3mN4oP5qR6sT7uV8wX9yZ0aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1wX2yZ3aB4cD5eF6gH7iJ8kL9mN0oP1qR2sT3uV4w';

export const handlers: HandlerMap = {
  'GET /workspaces/{workspace}/pipelines-config/identity/oidc/.well-known/openid-configuration': (c) => {
    const issuer = oidcIssuer(workspaceOf(c).slug);
    return json({
      issuer,
      jwks_uri: `${issuer}/keys.json`,
      subject_types_supported: ['public'],
      response_types_supported: ['id_token'],
      claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'workspaceUuid', 'repositoryUuid', 'pipelineUuid', 'stepUuid', 'branchName'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid'],
    });
  },
  'GET /workspaces/{workspace}/pipelines-config/identity/oidc/keys.json': (c) => {
    const slug = workspaceOf(c).slug;
    return json({ keys: [{ kty: 'RSA', alg: 'RS256', use: 'sig', kid: oidcKeyId(slug), n: OIDC_RSA_N, e: 'AQAB' }] });
  },
  [`GET ${P}/pipelines_config/schedules`]: (c) => {
    const repo = repoOf(c);
    const list = Object.values(c.sb.store.data.pipelineSchedules)
      .filter((s) => s.repository === repo.uuid)
      .sort((a, b) => a.created_on.localeCompare(b.created_on))
      .map((s) => scheduleJson(c.sb, repo, s));
    return json(page(c, list));
  },

  [`POST ${P}/pipelines_config/schedules`]: (c) => {
    const repo = repoOf(c);
    const s = addSchedule(c.sb, repo, readSchedule(c));
    return created(scheduleJson(c.sb, repo, s));
  },

  [`GET ${P}/pipelines_config/schedules/{schedule_uuid}`]: (c) => {
    const repo = repoOf(c);
    return json(scheduleJson(c.sb, repo, scheduleOf(c, repo)));
  },

  [`PUT ${P}/pipelines_config/schedules/{schedule_uuid}`]: (c) => {
    const repo = repoOf(c);
    const s = scheduleOf(c, repo);
    const body = bodyObject(c);
    if (body.enabled !== undefined) {
      const enabled = bool(body.enabled);
      if (enabled === undefined) throw new ApiError(400, 'Bad request', undefined, { enabled: ['Must be a boolean.'] });
      s.enabled = enabled;
      s.updated_on = c.sb.now().toISOString();
    }
    return json(scheduleJson(c.sb, repo, s));
  },

  [`DELETE ${P}/pipelines_config/schedules/{schedule_uuid}`]: (c) => {
    const repo = repoOf(c);
    delete c.sb.store.data.pipelineSchedules[scheduleOf(c, repo).uuid];
    return noContent();
  },

  // never run here: always an empty page
  [`GET ${P}/pipelines_config/schedules/{schedule_uuid}/executions`]: (c) => {
    scheduleOf(c, repoOf(c));
    return json(page(c, []));
  },

  [`GET ${P}/pipelines-config/caches`]: (c) => {
    const repo = repoOf(c);
    return json(page(c, cachesOf(c.sb, repo).map(cacheJson)));
  },

  [`DELETE ${P}/pipelines-config/caches`]: (c) => {
    const repo = repoOf(c);
    const name = c.query.get('name');
    if (name === null || name === '') throw new ApiError(400, 'Bad request', 'the query parameter name is required');
    const doomed = cachesOf(c.sb, repo).filter((x) => x.name === name);
    if (doomed.length === 0) throw new ApiError(404, `No cache named "${name}"`);
    for (const x of doomed) delete c.sb.store.data.pipelineCaches[x.uuid];
    return noContent();
  },

  [`DELETE ${P}/pipelines-config/caches/{cache_uuid}`]: (c) => {
    const repo = repoOf(c);
    const x = c.sb.store.data.pipelineCaches[braced(c.params.cache_uuid ?? '')];
    if (!x || x.repository !== repo.uuid) throw new ApiError(404, `Cache ${c.params.cache_uuid} not found`);
    delete c.sb.store.data.pipelineCaches[x.uuid];
    return noContent();
  },

  [`GET ${P}/pipelines-config/caches/{cache_uuid}/content-uri`]: (c) => {
    const repo = repoOf(c);
    const x = c.sb.store.data.pipelineCaches[braced(c.params.cache_uuid ?? '')];
    if (!x || x.repository !== repo.uuid) throw new ApiError(404, `Cache ${c.params.cache_uuid} not found`);
    return json({ uri: c.sb.urls.html(`/${repo.workspace}/${repo.slug}/pipelines/caches/${enc(x.uuid)}/${x.name}.tar.gz`) });
  },
};

/** A deleted repository's schedules and caches go with it (dropRepositoryPipelines). */
export function dropRepositoryPipelineConfig(sb: Sandbox, repo: RepositoryRecord): void {
  const d = sb.store.data;
  for (const [id, s] of Object.entries(d.pipelineSchedules)) if (s.repository === repo.uuid) delete d.pipelineSchedules[id];
  for (const [id, x] of Object.entries(d.pipelineCaches)) if (x.repository === repo.uuid) delete d.pipelineCaches[id];
  for (const [id, r] of Object.entries(d.pipelineRunners)) if (r.repository === repo.uuid) delete d.pipelineRunners[id];
  delete d.pipelineSshKeyPairs[repo.uuid];
  for (const [id, h] of Object.entries(d.pipelineKnownHosts)) if (h.repository === repo.uuid) delete d.pipelineKnownHosts[id];
}
