import { expandPath, templateOf } from '../../api/path.js';
import { readJsonAnswer } from '../../api/errors.js';
import { BbError } from '../../core/errors.js';
import { printItem, status } from '../shared/print.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { buildForm, describeForm, fileParts, VISIBILITY_FLAGS, visibilityFlag } from './form.js';
import { SNIPPET_JSON_FIELDS, snippetJson } from './present.js';
import { notFound, OP, type Snippet, snippetTarget, WORKSPACE_FLAG } from './target.js';

export default defineCommand({
  path: ['snippet', 'edit'],
  summary: "Change a snippet's title, visibility or files",
  description:
    'Files given replace the file of the same name, or are added; --delete-file removes one; files not mentioned stay as they are. `-` reads standard input and needs --filename.',
  examples: [
    'bb snippet edit kypj --title "Deploy script v2"',
    '# replace one file, add another',
    'bb snippet edit kypj deploy.sh README.md',
    'bb snippet edit kypj --delete-file old.sh --private',
  ],
  args: [
    { name: 'snippet', description: 'snippet ID or URL', required: true },
    { name: 'files', description: 'files to add or replace (- for standard input)', variadic: true },
  ],
  flags: [
    WORKSPACE_FLAG,
    { name: 'title', short: 't', type: 'string', valueName: 'TITLE', description: 'the new title' },
    { name: 'filename', short: 'n', type: 'string', valueName: 'NAME', description: 'file name for standard input (or to rename a single file)' },
    { name: 'delete-file', type: 'multi', valueName: 'NAME', description: 'remove this file (repeatable)' },
    ...VISIBILITY_FLAGS,
  ],
  write: true,
  json: SNIPPET_JSON_FIELDS,
  operations: [OP.update],
  async run(ctx, input) {
    const target = await snippetTarget(ctx, input);
    const files = await fileParts(ctx, (input.args.files as string[] | undefined) ?? [], input.flags.filename as string | undefined);
    const deleted = (input.flags.deleteFile as string[] | undefined) ?? [];
    const clash = deleted.find((d) => files.some((f) => f.name === d));
    if (clash) throw new BbError('INVALID_ARGUMENT', `${clash} is both uploaded and deleted`);
    const fields = { title: input.flags.title as string | undefined, isPrivate: visibilityFlag(input), files, deleted };
    if (fields.title === undefined && fields.isPrivate === undefined && files.length === 0 && deleted.length === 0) {
      throw new BbError('INVALID_ARGUMENT', 'nothing to change', { hints: ['pass files, --title, --delete-file, --private or --public'] });
    }
    if (dryRun(ctx, input, { operation: OP.update, params: target, body: describeForm(fields) })) return 0;
    const http = await ctx.http();
    const url = http.url(expandPath(templateOf(OP.update), target));
    let snippet: Snippet;
    try {
      const response = await http.send(new Request(url, { method: 'PUT' }), { operation: OP.update, body: buildForm(fields) });
      snippet = await readJsonAnswer<Snippet>(response, OP.update);
    } catch (e) {
      throw notFound(e, `snippet ${target.encoded_id} in ${target.workspace}`);
    }
    status(ctx, `✓ Updated snippet ${target.encoded_id}`);
    await printItem(ctx, input, snippet, { toJson: snippetJson, human: () => void ctx.io.out.write(`${snippet.links?.html?.href ?? snippet.id}\n`) });
    return 0;
  },
});
