import { must } from '../../api/client.js';
import { expandPath, templateOf } from '../../api/path.js';
import { BbError } from '../../core/errors.js';
import { printItem } from '../shared/print.js';
import { BodyWriter } from '../../output/body-writer.js';
import { colorize } from '../../output/iostreams.js';
import { sanitize } from '../../output/sanitize.js';
import { printFields } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { openInBrowser, webUrl } from '../shared/web.js';
import { SNIPPET_JSON_FIELDS, snippetJson } from './present.js';
import { notFound, OP, type Snippet, snippetTarget, WORKSPACE_FLAG } from './target.js';

export default defineCommand({
  path: ['snippet', 'view'],
  summary: 'Show a snippet and its files',
  description:
    'Prints the snippet (title, visibility, owner) and the contents of its files. --raw prints only the contents, as they are; --file NAME only that file.',
  examples: [
    'bb snippet view kypj',
    'bb snippet view https://bitbucket.org/snippets/myteam/kypj',
    '# one file, raw, into a local file',
    'bb snippet view kypj --file deploy.sh --raw > deploy.sh',
    'bb snippet view kypj --json title,files',
  ],
  args: [{ name: 'snippet', description: 'snippet ID or URL', required: true }],
  flags: [
    WORKSPACE_FLAG,
    { name: 'raw', short: 'r', type: 'boolean', description: 'only the file contents, unformatted' },
    { name: 'file', short: 'f', type: 'string', valueName: 'NAME', description: 'only this file' },
    { name: 'web', type: 'boolean', description: 'open the snippet in the browser' },
  ],
  json: SNIPPET_JSON_FIELDS,
  operations: [OP.get, OP.file],
  async run(ctx, input) {
    const target = await snippetTarget(ctx, input);
    const api = await ctx.api();
    let snippet: Snippet;
    try {
      snippet = must(await api.GET('/snippets/{workspace}/{encoded_id}', { params: { path: target } })) as unknown as Snippet;
    } catch (e) {
      throw notFound(e, `snippet ${target.encoded_id} in ${target.workspace}`);
    }
    if (input.flags.web) {
      await openInBrowser(ctx, webUrl(snippet.links, `snippet ${target.encoded_id}`));
      return 0;
    }
    let names = Object.keys(snippet.files ?? {});
    const only = input.flags.file as string | undefined;
    if (only !== undefined) {
      if (!names.includes(only)) {
        throw new BbError('API_NOT_FOUND', `snippet ${target.encoded_id} has no file ${only}`, { hints: [`its files: ${names.join(', ') || '(none)'}`] });
      }
      names = [only];
    }
    const http = await ctx.http();
    const printFile = async (name: string) => {
      const url = http.url(expandPath(templateOf(OP.file), { ...target, path: name }));
      const response = await http.send(new Request(url, { headers: { Accept: '*/*' } }), { operation: OP.file });
      if (!response.body) return;
      const out = new BodyWriter(ctx.io);
      for await (const chunk of response.body) await out.write(chunk);
      out.flush();
    };
    await printItem(ctx, input, snippet, {
      toJson: snippetJson,
      human: async () => {
        if (!input.flags.raw) {
          printFields(ctx.io, [
            ['title', snippet.title || '(untitled)'],
            ['id', String(snippet.id)],
            ['visibility', snippet.is_private ? 'private' : 'public'],
            ['owner', snippet.owner?.nickname ?? snippet.owner?.display_name],
            ['updated', snippet.updated_on],
            ['url', snippet.links?.html?.href],
          ]);
        }
        for (const name of names) {
          if (!input.flags.raw) ctx.io.out.write(`\n${colorize(ctx.io, 'bold', `-- ${sanitize(name, { singleLine: true })} --`)}\n`);
          await printFile(name);
        }
      },
    });
    return 0;
  },
});
