import { paginate } from '../../api/paginate.js';
import { printList } from '../shared/print.js';
import { defineCommand } from '../define.js';
import type { components } from '../../api/generated/schema.js';

type Access = components['schemas']['workspace_access'] & { workspace?: { name?: string; slug?: string; uuid?: string; links?: { html?: { href?: string } } } };

export default defineCommand({
  path: ['workspace', 'list'],
  summary: 'List the workspaces you can access',
  description: 'Lists every workspace your account can access, and whether you administer it (GET /user/workspaces).',
  examples: ['bb workspace list', '# only the ones you administer', 'bb workspace list --admin', 'bb workspace list --json slug,administrator'],
  flags: [{ name: 'admin', type: 'boolean', description: 'only workspaces you administer' }],
  list: true,
  json: ['slug', 'name', 'uuid', 'administrator', 'url'],
  otherHostHint: 'Bitbucket Data Center has projects, not workspaces: use `bb project list` (and `bb project view KEY`)',
  operations: ['GET /user/workspaces'],
  async run(ctx, input) {
    const items = await paginate<Access>(
      await ctx.http(),
      '/user/workspaces',
      {},
      { administrator: input.flags.admin ? 'true' : undefined },
      { limit: input.flags.limit as number | undefined, all: Boolean(input.flags.all) },
    );
    await printList(ctx, input, items, {
      columns: [
        { header: 'SLUG', value: (a) => a.workspace?.slug ?? '', style: () => 'bold' },
        { header: 'NAME', value: (a) => a.workspace?.name ?? '', flexible: true },
        { header: 'ROLE', value: (a) => (a.administrator ? 'admin' : 'member') },
      ],
      toJson: (a) => ({
        slug: a.workspace?.slug,
        name: a.workspace?.name ?? null,
        uuid: a.workspace?.uuid,
        administrator: Boolean(a.administrator),
        url: a.workspace?.links?.html?.href ?? null,
      }),
      empty: 'You have access to no workspace',
    });
    return 0;
  },
});
