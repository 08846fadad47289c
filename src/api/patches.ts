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
};

export type paths = Omit<generatedPaths, keyof Patched> & Patched;
