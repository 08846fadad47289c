import { newUuid, type PipelineVariableRecord } from '../state.js';
import { bodyObject, bool, page, repoOf, str, userByRef, workspaceOf } from './common.js';
import { environmentOf } from './pipelines.js';
import { ApiError, created, type HandlerContext, type HandlerMap, json, noContent } from './types.js';

/**
 * Pipeline variables of a repository, a workspace (also under the deprecated /teams and /users
 * paths) and a deployment environment. A secured variable's value is never answered.
 */

type Scope = PipelineVariableRecord['scope'];
const KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function variableJson(v: PipelineVariableRecord): Record<string, unknown> {
  return {
    type: v.scope === 'environment' ? 'deployment_variable' : 'pipeline_variable',
    uuid: v.uuid,
    key: v.key,
    secured: v.secured,
    ...(v.secured ? {} : { value: v.value }),
  };
}

function variablesOf(c: HandlerContext, scope: Scope, owner: string): PipelineVariableRecord[] {
  return Object.values(c.sb.store.data.pipelineVariables)
    .filter((v) => v.scope === scope && v.owner === owner)
    .sort((a, b) => a.key.localeCompare(b.key));
}

function variableOf(c: HandlerContext, scope: Scope, owner: string): PipelineVariableRecord {
  const ref = c.params.variable_uuid ?? '';
  const v = c.sb.store.data.pipelineVariables[ref.startsWith('{') ? ref : `{${ref}}`];
  if (!v || v.scope !== scope || v.owner !== owner) throw new ApiError(404, `Variable ${ref} not found`);
  return v;
}

function checkKey(c: HandlerContext, scope: Scope, owner: string, key: string | undefined, self?: string): string {
  if (!key) throw new ApiError(400, 'Bad request', undefined, { key: ['This field is required.'] });
  if (!KEY_RE.test(key)) throw new ApiError(400, `Invalid variable key "${key}": use letters, digits and underscores, not starting with a digit`);
  if (variablesOf(c, scope, owner).some((v) => v.key === key && v.uuid !== self)) {
    throw new ApiError(409, `A variable with the key "${key}" already exists.`);
  }
  return key;
}

/** Create one in a scope (also used by the demo seed through `addVariable`). */
export function addVariable(
  data: { pipelineVariables: Record<string, PipelineVariableRecord> },
  scope: Scope,
  owner: string,
  v: { key: string; value: string; secured: boolean },
): PipelineVariableRecord {
  const rec: PipelineVariableRecord = { uuid: newUuid(), scope, owner, ...v };
  data.pipelineVariables[rec.uuid] = rec;
  return rec;
}

/** The five handlers of one variables collection, given how to find its owner. */
function collection(listPath: string, itemPath: string, scope: Scope, owner: (c: HandlerContext) => string, withGet = true): HandlerMap {
  const map: HandlerMap = {
    [`GET ${listPath}`]: (c) => json(page(c, variablesOf(c, scope, owner(c)).map(variableJson))),
    [`POST ${listPath}`]: (c) => {
      const o = owner(c);
      const body = bodyObject(c);
      const key = checkKey(c, scope, o, str(body.key));
      const value = body.value === undefined || body.value === null ? '' : String(body.value);
      return created(variableJson(addVariable(c.sb.store.data, scope, o, { key, value, secured: bool(body.secured) ?? false })));
    },
    [`PUT ${itemPath}`]: (c) => {
      const o = owner(c);
      const v = variableOf(c, scope, o);
      const body = bodyObject(c);
      if (body.key !== undefined) v.key = checkKey(c, scope, o, str(body.key), v.uuid);
      if (body.value !== undefined) v.value = body.value === null ? '' : String(body.value);
      // A secured variable stays secured (Bitbucket does not reveal it again).
      if (bool(body.secured) === true) v.secured = true;
      return json(variableJson(v));
    },
    [`DELETE ${itemPath}`]: (c) => {
      const v = variableOf(c, scope, owner(c));
      delete c.sb.store.data.pipelineVariables[v.uuid];
      return noContent();
    },
  };
  if (withGet) map[`GET ${itemPath}`] = (c) => json(variableJson(variableOf(c, scope, owner(c))));
  return map;
}

const R = '/repositories/{workspace}/{repo_slug}';

export const handlers: HandlerMap = {
  ...collection(`${R}/pipelines_config/variables`, `${R}/pipelines_config/variables/{variable_uuid}`, 'repository', (c) => repoOf(c).uuid),
  ...collection(
    '/workspaces/{workspace}/pipelines-config/variables',
    '/workspaces/{workspace}/pipelines-config/variables/{variable_uuid}',
    'workspace',
    (c) => workspaceOf(c).slug,
  ),
  ...collection(
    '/teams/{username}/pipelines_config/variables',
    '/teams/{username}/pipelines_config/variables/{variable_uuid}',
    'workspace',
    (c) => workspaceOf(c, 'username').slug,
  ),
  ...collection('/users/{selected_user}/pipelines_config/variables', '/users/{selected_user}/pipelines_config/variables/{variable_uuid}', 'user', (c) => {
    const u = userByRef(c.sb, c.params.selected_user ?? '');
    if (u.uuid !== c.user.uuid) throw new ApiError(403, "You may not access another user's pipeline variables");
    return u.uuid;
  }),
  ...collection(
    `${R}/deployments_config/environments/{environment_uuid}/variables`,
    `${R}/deployments_config/environments/{environment_uuid}/variables/{variable_uuid}`,
    'environment',
    (c) => environmentOf(c, repoOf(c)).uuid,
    false,
  ),
};
