/**
 * The one place where the official spec's types are patched. The generated `paths` come straight
 * from the spec; some POST/PUT operations in it take JSON but declare no `requestBody` (scopes-summary:
 * 37 of them), so openapi-fetch would refuse a body. Each patch below adds the body the API accepts,
 * with the spec schema it really takes. Add a patch here when a command needs one — never at a call site.
 */
import type { components, paths as generatedPaths } from './generated/schema.js';

type Schemas = components['schemas'];

type WithJsonBody<Op, Body> = Omit<Op, 'requestBody'> & {
  requestBody: { content: { 'application/json': Body } };
};

type PatchOp<P extends keyof generatedPaths, M extends keyof generatedPaths[P], Body> = Omit<generatedPaths[P], M> & {
  [K in M]: WithJsonBody<generatedPaths[P][M], Body>;
};

type Patched = {
  '/repositories/{workspace}/{repo_slug}/refs/branches': PatchOp<
    '/repositories/{workspace}/{repo_slug}/refs/branches',
    'post',
    { name: string; target: { hash: string } }
  >;
  '/repositories/{workspace}/{repo_slug}/refs/tags': PatchOp<
    '/repositories/{workspace}/{repo_slug}/refs/tags',
    'post',
    { name: string; target: { hash: string }; message?: string }
  >;
  '/repositories/{workspace}/{repo_slug}/hooks': PatchOp<
    '/repositories/{workspace}/{repo_slug}/hooks',
    'post',
    Partial<Schemas['webhook_subscription']> & { url: string; events: string[]; secret?: string }
  >;
  // PUT issue: "Any field not present keeps its existing value" (the operation's description)
  '/repositories/{workspace}/{repo_slug}/issues/{issue_id}': PatchOp<
    '/repositories/{workspace}/{repo_slug}/issues/{issue_id}',
    'put',
    {
      title?: string;
      content?: { raw: string };
      kind?: NonNullable<Schemas['issue']['kind']>;
      priority?: NonNullable<Schemas['issue']['priority']>;
      state?: NonNullable<Schemas['issue']['state']>;
      assignee?: { account_id?: string; uuid?: string } | null;
    }
  >;
  '/workspaces/{workspace}/hooks': PatchOp<
    '/workspaces/{workspace}/hooks',
    'post',
    Partial<Schemas['webhook_subscription']> & { url: string; events: string[]; secret?: string }
  >;
  '/repositories/{workspace}/{repo_slug}/deploy-keys': PatchOp<'/repositories/{workspace}/{repo_slug}/deploy-keys', 'post', { key: string; label?: string }>;
  '/workspaces/{workspace}/pipelines-config/variables': PatchOp<
    '/workspaces/{workspace}/pipelines-config/variables',
    'post',
    { key: string; value: string; secured?: boolean }
  >;
  '/workspaces/{workspace}/pipelines-config/variables/{variable_uuid}': PatchOp<
    '/workspaces/{workspace}/pipelines-config/variables/{variable_uuid}',
    'put',
    { key?: string; value: string; secured?: boolean }
  >;
};

export type paths = Omit<generatedPaths, keyof Patched> & Patched;
