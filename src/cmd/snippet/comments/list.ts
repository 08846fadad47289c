import { templateOf } from '../../../api/path.js';
import { paginate } from '../../../api/paginate.js';
import { timeAgo } from '../../../output/table.js';
import { defineCommand } from '../../define.js';
import { printList } from '../../shared/print.js';
import { notFound, OP, snippetTarget, WORKSPACE_FLAG } from '../target.js';
import { SNIPPET_COMMENT_JSON_FIELDS, type SnippetComment, snippetCommentJson } from './comment.js';

/** The item fields the table and the --json fields read: `fields=` trims the rest. */
const FIELDS = ['id', 'content.raw', 'user.nickname', 'user.display_name', 'parent.id', 'created_on', 'updated_on', 'links.html.href'];

export default defineCommand({
  path: ['snippet', 'comments', 'list'],
  summary: 'List the comments on a snippet',
  description: 'Lists the comments on the snippet, oldest first: ID, author, when, and the first line of the text.',
  examples: ['bb snippet comments list kypj', 'bb snippet comments list kypj --workspace myteam --json id,author,body'],
  args: [{ name: 'snippet', description: 'snippet ID or URL', required: true }],
  flags: [WORKSPACE_FLAG],
  list: true,
  json: SNIPPET_COMMENT_JSON_FIELDS,
  operations: [OP.comments],
  async run(ctx, input) {
    const target = await snippetTarget(ctx, input);
    let items: SnippetComment[];
    try {
      items = await paginate<SnippetComment>(
        await ctx.http(),
        templateOf(OP.comments),
        target,
        {},
        {
          limit: input.flags.limit as number | undefined,
          all: Boolean(input.flags.all),
          fields: FIELDS,
        },
      );
    } catch (e) {
      throw notFound(e, `snippet ${target.encoded_id} in ${target.workspace}`);
    }
    await printList(ctx, input, items, {
      columns: [
        { header: 'ID', value: (c) => String(c.id), style: () => 'bold' },
        { header: 'Author', value: (c) => c.user?.nickname ?? c.user?.display_name ?? '' },
        { header: 'Created', value: (c) => (ctx.io.stdoutIsTTY ? timeAgo(c.created_on, ctx.now()) : (c.created_on ?? '')) },
        { header: 'Comment', value: (c) => (c.content?.raw ?? '').split('\n')[0] ?? '', flexible: true },
      ],
      toJson: snippetCommentJson,
      empty: `No comments on snippet ${target.encoded_id}`,
    });
    return 0;
  },
});
