import { templateOf } from '../../api/path.js';
import { paginate } from '../../api/paginate.js';
import { printList } from '../shared/print.js';
import { timeAgo } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { openInBrowser, webFlag, workspacePage } from '../shared/web.js';
import { SNIPPET_JSON_FIELDS, snippetJson } from './present.js';
import { OP, type Snippet, WORKSPACE_FLAG } from './target.js';

/** The item fields the table and the --json fields read (present.ts snippetJson): `fields=` trims the rest. */
const FIELDS = [
  'id',
  'title',
  'is_private',
  'files',
  'owner.nickname',
  'owner.display_name',
  'creator.nickname',
  'creator.display_name',
  'created_on',
  'updated_on',
  'links.html.href',
];

export default defineCommand({
  path: ['snippet', 'list'],
  summary: 'List the snippets of a workspace',
  description:
    "Lists the snippets in the workspace (default: the default_workspace setting, or the workspace of the current repository), newest first. --web opens the workspace's snippets page instead.",
  examples: [
    'bb snippet list',
    'bb snippet list --workspace myteam --role owner',
    'bb snippet list --json id,title,files',
    'bb snippet list --workspace myteam --web',
  ],
  flags: [
    WORKSPACE_FLAG,
    { name: 'role', type: 'string', valueName: 'ROLE', choices: ['owner', 'contributor', 'member'], description: 'only snippets where you have this role' },
    // -w is --workspace here
    webFlag("the workspace's snippets page", false),
  ],
  list: true,
  json: SNIPPET_JSON_FIELDS,
  operations: [OP.list],
  async run(ctx, input) {
    const workspace = await ctx.workspace(input.flags.workspace, 'pass --workspace WORKSPACE');
    if (input.flags.web) {
      await openInBrowser(ctx, workspacePage(ctx, workspace, '/workspace/snippets/'));
      return 0;
    }
    const items = await paginate<Snippet>(
      await ctx.http(),
      templateOf(OP.list),
      { workspace },
      { role: input.flags.role as string | undefined, sort: '-updated_on' },
      { limit: input.flags.limit as number | undefined, all: Boolean(input.flags.all), fields: FIELDS },
    );
    await printList(ctx, input, items, {
      columns: [
        { header: 'ID', value: (s) => String(s.id), style: () => 'bold' },
        { header: 'Title', value: (s) => s.title ?? '', flexible: true },
        { header: 'Files', value: (s) => Object.keys(s.files ?? {}).join(', '), flexible: true },
        { header: 'Visibility', value: (s) => (s.is_private ? 'private' : 'public') },
        { header: 'Updated', value: (s) => (ctx.io.stdoutIsTTY ? timeAgo(s.updated_on, ctx.now()) : (s.updated_on ?? '')) },
      ],
      toJson: snippetJson,
      empty: `No snippets in ${workspace}`,
    });
    return 0;
  },
});
