import { status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { confirmYes, YES_FLAG } from '../shared/write.js';
import { CLOUD_HINT, SCOPE_FLAGS, tokenScope } from './scope.js';

export default defineCommand({
  path: ['token', 'revoke'],
  summary: 'Revoke an HTTP access token (Data Center)',
  description:
    'Deletes the HTTP access token with id ID (see `bb token list`): anything using it stops working. Asks on a terminal; elsewhere --yes is required.',
  examples: ['bb token revoke 252973515069 --yes', 'bb token revoke 252973515069 --repository ACME/api --yes'],
  args: [{ name: 'id', description: 'the token id', required: true }],
  flags: [...SCOPE_FLAGS, YES_FLAG],
  write: true,
  hosts: ['dc'],
  otherHostHint: CLOUD_HINT,
  operations: [],
  dcOperations: [
    'DELETE /access-tokens/latest/users/{userSlug}/{tokenId}',
    'DELETE /access-tokens/latest/projects/{projectKey}/{tokenId}',
    'DELETE /access-tokens/latest/projects/{projectKey}/repos/{repositorySlug}/{tokenId}',
  ],
  async run(ctx, input) {
    const id = String(input.args.id ?? '').trim();
    const write = await (await provider(ctx)).revokeAccessToken(tokenScope(input), id);
    if (await dryRunWrite(ctx, input, write)) return 0;
    await confirmYes(ctx, input, `Revoke HTTP access token ${id}?`, `revoke token ${id}`);
    await write.send();
    status(ctx, `✓ Revoked HTTP access token ${id}`);
    return 0;
  },
});
