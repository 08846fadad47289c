import { BbError } from '../../core/errors.js';
import { requireFields } from '../../api/errors.js';
import { printItem, status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { CLOUD_HINT, SCOPE_FLAGS, tokenScope } from './scope.js';

const PERMISSIONS = ['REPO_READ', 'REPO_WRITE', 'REPO_ADMIN', 'PROJECT_READ', 'PROJECT_WRITE', 'PROJECT_ADMIN'];

export default defineCommand({
  path: ['token', 'create'],
  summary: 'Create an HTTP access token (Data Center)',
  description:
    "Creates an HTTP access token on a Bitbucket Data Center instance: a personal one (default), or a project's (--project) or a repository's (--repository), with --permission (repeatable: REPO_READ, REPO_WRITE, REPO_ADMIN, PROJECT_READ, PROJECT_WRITE, PROJECT_ADMIN) and --expiry-days. The token is printed once, on stdout; store it at once. A token never does more than its owner may: its permissions are capped by yours.",
  examples: [
    'bb token create ci --permission REPO_WRITE --expiry-days 90 > token.txt',
    'bb token create deploy --repository ACME/api --permission REPO_READ',
    'bb token create ci --permission PROJECT_READ,REPO_WRITE --dry-run',
  ],
  args: [{ name: 'name', description: 'a name for the token', required: true }],
  flags: [
    ...SCOPE_FLAGS,
    {
      name: 'permission',
      short: 'p',
      type: 'list',
      valueName: 'PERMISSION',
      description: 'REPO_READ, REPO_WRITE, REPO_ADMIN, PROJECT_READ, PROJECT_WRITE or PROJECT_ADMIN (required)',
    },
    { name: 'expiry-days', type: 'number', valueName: 'DAYS', description: 'days until the token expires (default: the instance’s setting)' },
  ],
  write: true,
  json: ['id', 'name', 'permissions', 'createdAt', 'expiresAt', 'owner', 'scope', 'token'],
  hosts: ['dc'],
  otherHostHint: CLOUD_HINT,
  operations: [],
  dcOperations: [
    'PUT /access-tokens/latest/users/{userSlug}',
    'PUT /access-tokens/latest/projects/{projectKey}',
    'PUT /access-tokens/latest/projects/{projectKey}/repos/{repositorySlug}',
  ],
  async run(ctx, input) {
    const name = String(input.args.name ?? '').trim();
    if (!name) throw new BbError('INVALID_ARGUMENT', 'the token name is empty');
    const permissions = ((input.flags.permission as string[] | undefined) ?? []).map((p) => p.trim().toUpperCase()).filter(Boolean);
    if (permissions.length === 0) throw new BbError('INVALID_ARGUMENT', '--permission is required', { hints: ['for example: --permission REPO_WRITE'] });
    const bad = permissions.filter((p) => !PERMISSIONS.includes(p));
    if (bad.length) throw new BbError('INVALID_ARGUMENT', `unknown permission ${bad.join(', ')}`, { hints: [`one of ${PERMISSIONS.join(', ')}`] });
    const days = input.flags.expiryDays as number | undefined;
    if (days !== undefined && (!Number.isInteger(days) || days < 1))
      throw new BbError('INVALID_ARGUMENT', '--expiry-days must be a whole number of days, 1 or more');
    const write = await (await provider(ctx)).createAccessToken({ scope: tokenScope(input), name, permissions, expiryDays: days });
    if (await dryRunWrite(ctx, input, write)) return 0;
    const created = requireFields(await write.send(), 'the access token', ['id']);
    status(
      ctx,
      `✓ Created HTTP access token ${created.name} (${created.id}) with ${created.permissions.join(', ')}${created.expiresAt ? `, expiring ${created.expiresAt}` : ''}`,
    );
    await printItem(ctx, input, created, {
      toJson: (t) => ({ ...t }),
      human: () => {
        if (ctx.io.stdoutIsTTY) status(ctx, '! copy the token now: it is not shown again');
        ctx.io.out.write(`${created.token ?? ''}\n`);
      },
    });
    return 0;
  },
});
