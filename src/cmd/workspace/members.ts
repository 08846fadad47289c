import { paginate } from '../../api/paginate.js';
import { printList } from '../shared/print.js';
import { defineCommand } from '../define.js';
import { resolveWorkspace } from '../../provider/workspace.js';

interface Membership {
  user?: { display_name?: string; nickname?: string; uuid?: string; account_id?: string; links?: { html?: { href?: string } } };
}

export default defineCommand({
  path: ['workspace', 'members'],
  summary: 'List the members of a workspace',
  description:
    'Lists the members of the workspace (default: the default_workspace setting, or the workspace of the current repository), with the uuids other commands take for users.',
  examples: ['bb workspace members myteam', 'bb workspace members --json nickname,uuid', 'bb workspace members myteam --all'],
  args: [{ name: 'workspace', description: 'workspace slug (default: the current one)' }],
  list: true,
  json: ['displayName', 'nickname', 'uuid', 'accountId', 'url'],
  operations: ['GET /workspaces/{workspace}/members'],
  async run(ctx, input) {
    const workspace = await resolveWorkspace(ctx, input.args.workspace);
    const items = await paginate<Membership>(
      await ctx.http(),
      '/workspaces/{workspace}/members',
      { workspace },
      {},
      {
        limit: input.flags.limit as number | undefined,
        all: Boolean(input.flags.all),
        // what the table and the --json fields read
        fields: ['user.display_name', 'user.nickname', 'user.uuid', 'user.account_id', 'user.links.html.href'],
      },
    );
    await printList(ctx, input, items, {
      columns: [
        { header: 'Name', value: (m) => m.user?.display_name ?? '', style: () => 'bold', flexible: true },
        { header: 'Nickname', value: (m) => m.user?.nickname ?? '' },
        { header: 'UUID', value: (m) => m.user?.uuid ?? '' },
      ],
      toJson: (m) => ({
        displayName: m.user?.display_name ?? null,
        nickname: m.user?.nickname ?? null,
        uuid: m.user?.uuid ?? null,
        accountId: m.user?.account_id ?? null,
        url: m.user?.links?.html?.href ?? null,
      }),
      empty: `No members in ${workspace}`,
    });
    return 0;
  },
});
