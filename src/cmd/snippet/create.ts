import { expandPath, templateOf } from '../../api/path.js';
import { readJsonAnswer, requireFields } from '../../api/errors.js';
import { BbError } from '../../core/errors.js';
import { printItem, status } from '../shared/print.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { buildForm, describeForm, fileParts, VISIBILITY_FLAGS, visibilityFlag } from './form.js';
import { SNIPPET_JSON_FIELDS, snippetJson } from './present.js';
import { OP, type Snippet, WORKSPACE_FLAG } from './target.js';

export default defineCommand({
  path: ['snippet', 'create'],
  summary: 'Create a snippet from files or standard input',
  description:
    'Uploads one or more files as a new snippet (multipart/form-data, files streamed from disk). `-` reads standard input and needs --filename. Snippets are private unless --public is given.',
  examples: [
    'bb snippet create deploy.sh --title "Deploy script"',
    '# several files, public',
    'bb snippet create main.go go.mod --title "Repro" --public',
    '# from standard input',
    'kubectl get pods -o yaml | bb snippet create - --filename pods.yaml',
  ],
  args: [{ name: 'files', description: 'files to upload (- for standard input)', required: true, variadic: true }],
  flags: [
    WORKSPACE_FLAG,
    { name: 'title', short: 't', type: 'string', valueName: 'TITLE', description: 'the title' },
    { name: 'filename', short: 'n', type: 'string', valueName: 'NAME', description: 'file name for standard input (or to rename a single file)' },
    ...VISIBILITY_FLAGS,
  ],
  write: true,
  json: SNIPPET_JSON_FIELDS,
  operations: [OP.create],
  async run(ctx, input) {
    const workspace = await ctx.workspace(input.flags.workspace, 'pass --workspace WORKSPACE');
    const paths = (input.args.files as string[] | undefined) ?? [];
    if (paths.length === 0) throw new BbError('INVALID_ARGUMENT', 'no files given', { hints: ['pass file paths, or - for standard input'] });
    const files = await fileParts(ctx, paths, input.flags.filename as string | undefined);
    const fields = { title: input.flags.title as string | undefined, isPrivate: visibilityFlag(input) ?? true, files };
    if (dryRun(ctx, input, { operation: OP.create, params: { workspace }, body: describeForm(fields) })) return 0;
    const http = await ctx.http();
    const url = http.url(expandPath(templateOf(OP.create), { workspace }));
    const response = await http.send(new Request(url, { method: 'POST' }), { operation: OP.create, body: buildForm(fields) });
    const snippet = requireFields(await readJsonAnswer<Snippet>(response, OP.create), 'the snippet', ['id'], OP.create);
    status(ctx, `✓ Created snippet ${snippet.id} (${files.length} file${files.length === 1 ? '' : 's'}, ${snippet.is_private ? 'private' : 'public'})`);
    await printItem(ctx, input, snippet, { toJson: snippetJson, human: () => void ctx.io.out.write(`${snippet.links?.html?.href ?? snippet.id}\n`) });
    return 0;
  },
});
