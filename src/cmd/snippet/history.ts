import { must } from '../../api/client.js';
import { templateOf } from '../../api/path.js';
import { paginate } from '../../api/paginate.js';
import { BbError } from '../../core/errors.js';
import { sanitize } from '../../output/sanitize.js';
import { printFields } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { printItem, printList } from '../shared/print.js';
import { notFound, OP, snippetTarget, WORKSPACE_FLAG } from './target.js';

interface SnippetCommit {
  hash: string;
  date?: string;
  message?: string;
  author?: { raw?: string; user?: { display_name?: string; nickname?: string } };
  parents?: Array<{ hash?: string }>;
  links?: { html?: { href?: string } };
}

const JSON_FIELDS = ['hash', 'shortHash', 'subject', 'message', 'author', 'date', 'parents', 'url'] as const;

function author(c: SnippetCommit): string {
  return c.author?.user?.nickname ?? c.author?.user?.display_name ?? c.author?.raw ?? '';
}

function commitJson(c: SnippetCommit): Record<string, unknown> {
  return {
    hash: c.hash,
    shortHash: c.hash.slice(0, 12),
    subject: (c.message ?? '').split('\n')[0] ?? '',
    message: c.message ?? '',
    author: author(c) || null,
    date: c.date ?? null,
    parents: (c.parents ?? []).map((p) => p.hash).filter((h): h is string => !!h),
    url: c.links?.html?.href ?? null,
  };
}

const FIELDS = ['hash', 'date', 'message', 'author.raw', 'author.user.nickname', 'author.user.display_name', 'parents.hash', 'links.html.href'];

export default defineCommand({
  path: ['snippet', 'history'],
  summary: "List a snippet's commits, or show one",
  description: 'Lists the commits of the snippet, newest first (each edit is one). With a REVISION (a commit hash, 7 characters or more) shows that commit.',
  examples: ['bb snippet history kypj', 'bb snippet history kypj 1a2b3c4', 'bb snippet history kypj --json shortHash,author,date'],
  args: [
    { name: 'snippet', description: 'snippet ID or URL', required: true },
    { name: 'revision', description: 'a commit hash' },
  ],
  flags: [WORKSPACE_FLAG],
  list: true,
  json: JSON_FIELDS,
  operations: [OP.commits, OP.commit],
  async run(ctx, input) {
    const target = await snippetTarget(ctx, input);
    const revision = input.args.revision === undefined ? undefined : String(input.args.revision).trim();
    if (revision !== undefined) {
      if (!/^[0-9a-f]{7,40}$/i.test(revision)) {
        throw new BbError('INVALID_ARGUMENT', `"${revision}" is not a commit hash`, {
          hints: [`list the commits with \`bb snippet history ${target.encoded_id}\``],
        });
      }
      const api = await ctx.api();
      let c: SnippetCommit;
      try {
        c = must(
          await api.GET('/snippets/{workspace}/{encoded_id}/commits/{revision}', { params: { path: { ...target, revision } } }),
        ) as unknown as SnippetCommit;
      } catch (e) {
        throw notFound(e, `commit ${revision} of snippet ${target.encoded_id} in ${target.workspace}`);
      }
      await printItem(ctx, input, c, {
        toJson: commitJson,
        human: () => {
          printFields(ctx.io, [
            ['commit', c.hash],
            ['author', author(c)],
            ['date', c.date],
            ['parents', (c.parents ?? []).map((p) => p.hash ?? '').join(' ')],
            ['url', c.links?.html?.href],
          ]);
          if (c.message) ctx.io.out.write(`\n${sanitize(c.message)}\n`);
        },
      });
      return 0;
    }
    let items: SnippetCommit[];
    try {
      items = await paginate<SnippetCommit>(
        await ctx.http(),
        templateOf(OP.commits),
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
        { header: 'Commit', value: (c) => c.hash.slice(0, 12), style: () => 'bold' },
        { header: 'Author', value: author },
        { header: 'Date', value: (c) => c.date ?? '' },
        { header: 'Message', value: (c) => (c.message ?? '').split('\n')[0] ?? '', flexible: true },
      ],
      toJson: commitJson,
      empty: `No commits in snippet ${target.encoded_id}`,
    });
    return 0;
  },
});
