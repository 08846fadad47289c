import { printList } from '../shared/print.js';
import { provider } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { TOKEN_JSON_FIELDS, tokenJson, when } from './present.js';
import { CLOUD_HINT, SCOPE_FLAGS, tokenScope } from './scope.js';

export default defineCommand({
  path: ['token', 'list'],
  summary: 'List HTTP access tokens (Data Center)',
  description:
    'Lists your personal HTTP access tokens on a Bitbucket Data Center instance, or those of a project (--project) or repository (--repository), with their permissions and expiry. The secrets themselves are never shown again after creation.',
  examples: ['bb token list', 'bb token list --project ACME', 'bb token list --repository ACME/api --json name,permissions,expiresAt'],
  flags: SCOPE_FLAGS,
  list: true,
  json: TOKEN_JSON_FIELDS,
  hosts: ['dc'],
  otherHostHint: CLOUD_HINT,
  operations: [],
  dcOperations: [
    'GET /access-tokens/latest/users/{userSlug}',
    'GET /access-tokens/latest/projects/{projectKey}',
    'GET /access-tokens/latest/projects/{projectKey}/repos/{repositorySlug}',
  ],
  async run(ctx, input) {
    const scope = tokenScope(input);
    const tokens = await (await provider(ctx)).listAccessTokens(scope, { limit: input.flags.limit as number | undefined, all: Boolean(input.flags.all) });
    await printList(ctx, input, tokens, {
      columns: [
        { header: 'ID', value: (t) => t.id, style: () => 'gray' },
        { header: 'NAME', value: (t) => t.name, style: () => 'bold', flexible: true },
        { header: 'PERMISSIONS', value: (t) => t.permissions.join(',') },
        { header: 'EXPIRES', value: (t) => when(ctx, t.expiresAt) },
        { header: 'LAST USED', value: (t) => when(ctx, t.lastUsedAt), style: () => 'gray' },
      ],
      toJson: tokenJson,
      empty: 'No HTTP access tokens',
    });
    return 0;
  },
});
