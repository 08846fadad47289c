import { randomBytes } from 'node:crypto';
import { newUuid, type PipelineRunnerRecord, type RepositoryRecord, type WorkspaceRecord } from '../state.js';
import { bodyObject, page, repoOf, str, workspaceOf } from './common.js';
import { ApiError, type HandlerContext, type HandlerMap, json, noContent, type Sandbox } from './types.js';

/**
 * Self-hosted Pipelines runners (`…/pipelines-config/runners`) of a workspace or of a repository. Shapes from the
 * spec's pipeline_runner: name and labels, a state (UNREGISTERED until a runner process connects — none does here),
 * and on creation only, the OAuth client the runner authenticates with (its secret is never returned again).
 * A create needs a name; an empty JSON object, a missing or empty name, or labels that are not strings are 400.
 */

const WS = '/workspaces/{workspace}/pipelines-config/runners';
const REPO = '/repositories/{workspace}/{repo_slug}/pipelines-config/runners';
const bad = (field: string, message: string) => new ApiError(400, 'Bad request', undefined, { [field]: [message] });

function braced(id: string): string {
  const t = id.trim().toLowerCase();
  return t.startsWith('{') ? t : `{${t}}`;
}

interface Owner {
  ws: WorkspaceRecord;
  repo?: RepositoryRecord;
}

function wsOwner(c: HandlerContext): Owner {
  return { ws: workspaceOf(c) };
}

function repoOwner(c: HandlerContext): Owner {
  const repo = repoOf(c);
  return { ws: workspaceOf(c), repo };
}

function runnersOf(sb: Sandbox, o: Owner): PipelineRunnerRecord[] {
  return Object.values(sb.store.data.pipelineRunners)
    .filter((r) => r.workspace === o.ws.uuid && r.repository === o.repo?.uuid)
    .sort((a, b) => a.created_on.localeCompare(b.created_on));
}

function runnerOf(c: HandlerContext, o: Owner): PipelineRunnerRecord {
  const r = c.sb.store.data.pipelineRunners[braced(c.params.runner_uuid ?? '')];
  if (!r || r.workspace !== o.ws.uuid || r.repository !== o.repo?.uuid) throw new ApiError(404, `Runner ${c.params.runner_uuid} not found`);
  return r;
}

function runnerJson(sb: Sandbox, r: PipelineRunnerRecord, secret?: string): Record<string, unknown> {
  return {
    type: 'pipeline_runner',
    uuid: r.uuid,
    name: r.name,
    labels: r.labels,
    state: { type: 'pipeline_runner_state', status: r.status, updated_on: r.updated_on, cordoned: false },
    created_on: r.created_on,
    updated_on: r.updated_on,
    oauth_client: {
      type: 'pipeline_runner_oauth_client',
      id: r.oauth_client_id,
      ...(secret !== undefined ? { secret } : {}),
      token_endpoint: sb.urls.html('/site/oauth2/access_token'),
      audience: 'api.atlassian.com',
    },
  };
}

function readName(body: Record<string, unknown>, required: boolean): string | undefined {
  if (body.name === undefined && !required) return undefined;
  const name = str(body.name);
  if (name === undefined || name.trim() === '') throw bad('name', 'This field is required.');
  if (name.length > 50) throw bad('name', 'Ensure this field has no more than 50 characters.');
  return name.trim();
}

function readLabels(body: Record<string, unknown>): string[] | undefined {
  if (body.labels === undefined) return undefined;
  if (!Array.isArray(body.labels) || body.labels.some((l) => typeof l !== 'string' || l.trim() === '')) throw bad('labels', 'Must be a list of strings.');
  return [...new Set((body.labels as string[]).map((l) => l.trim()))];
}

function nonEmpty(c: HandlerContext): Record<string, unknown> {
  const body = bodyObject(c);
  if (Object.keys(body).length === 0) throw new ApiError(400, 'Bad request', 'the request body is empty');
  return body;
}

function create(c: HandlerContext, o: Owner) {
  const body = nonEmpty(c);
  const name = readName(body, true) as string;
  const labels = readLabels(body) ?? [];
  const now = c.sb.now().toISOString();
  const r: PipelineRunnerRecord = {
    uuid: newUuid(),
    workspace: o.ws.uuid,
    ...(o.repo ? { repository: o.repo.uuid } : {}),
    name,
    labels,
    status: 'UNREGISTERED',
    oauth_client_id: randomBytes(16).toString('hex'),
    created_on: now,
    updated_on: now,
  };
  c.sb.store.data.pipelineRunners[r.uuid] = r;
  return json(runnerJson(c.sb, r, randomBytes(32).toString('base64url')));
}

function update(c: HandlerContext, o: Owner) {
  const r = runnerOf(c, o);
  const body = nonEmpty(c);
  const name = readName(body, false);
  const labels = readLabels(body);
  if (name !== undefined) r.name = name;
  if (labels !== undefined) r.labels = labels;
  r.updated_on = c.sb.now().toISOString();
  return json(runnerJson(c.sb, r));
}

export const handlers: HandlerMap = {
  [`GET ${WS}`]: (c) => {
    const o = wsOwner(c);
    return json(
      page(
        c,
        runnersOf(c.sb, o).map((r) => runnerJson(c.sb, r)),
      ),
    );
  },
  [`POST ${WS}`]: (c) => create(c, wsOwner(c)),
  [`GET ${WS}/{runner_uuid}`]: (c) => json(runnerJson(c.sb, runnerOf(c, wsOwner(c)))),
  [`PUT ${WS}/{runner_uuid}`]: (c) => update(c, wsOwner(c)),
  [`DELETE ${WS}/{runner_uuid}`]: (c) => {
    delete c.sb.store.data.pipelineRunners[runnerOf(c, wsOwner(c)).uuid];
    return noContent();
  },
  [`GET ${REPO}`]: (c) => {
    const o = repoOwner(c);
    return json(
      page(
        c,
        runnersOf(c.sb, o).map((r) => runnerJson(c.sb, r)),
      ),
    );
  },
  [`POST ${REPO}`]: (c) => create(c, repoOwner(c)),
  [`GET ${REPO}/{runner_uuid}`]: (c) => json(runnerJson(c.sb, runnerOf(c, repoOwner(c)))),
  [`PUT ${REPO}/{runner_uuid}`]: (c) => update(c, repoOwner(c)),
  [`DELETE ${REPO}/{runner_uuid}`]: (c) => {
    delete c.sb.store.data.pipelineRunners[runnerOf(c, repoOwner(c)).uuid];
    return noContent();
  },
};
