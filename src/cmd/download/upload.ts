import { openAsBlob, statSync } from 'node:fs';
import { basename } from 'node:path';
import { expandPath } from '../../api/path.js';
import { BbError } from '../../core/errors.js';
import { status } from '../shared/print.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { humanSize, OP } from './list.js';

export default defineCommand({
  path: ['download', 'upload'],
  summary: "Upload files to a repository's Downloads",
  description:
    'Uploads one or more files as download artifacts (multipart/form-data `files` parts, streamed from disk rather than read into memory). A file with the same name as an existing artifact replaces it.',
  examples: [
    'bb download upload dist/app-1.2.0.tar.gz',
    'bb download upload build/*.zip -R myteam/website',
    'bb download upload app.tgz --name app-latest.tgz --dry-run',
  ],
  args: [{ name: 'files', description: 'files to upload', required: true, variadic: true }],
  flags: [{ name: 'name', short: 'n', type: 'string', valueName: 'NAME', description: 'upload a single file under this name' }],
  repo: true,
  write: true,
  operations: [OP.upload],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const paths = (input.args.files as string[] | undefined) ?? [];
    const rename = input.flags.name as string | undefined;
    if (rename !== undefined && paths.length !== 1) throw new BbError('INVALID_ARGUMENT', '--name needs exactly one file');
    if (rename !== undefined && /[/\\]/.test(rename)) throw new BbError('INVALID_ARGUMENT', `--name ${rename}: a file name, without directories`);
    const files = paths.map((p) => {
      try {
        const st = statSync(p);
        if (!st.isFile()) throw new Error('not a regular file');
        return { path: p, name: rename ?? basename(p), size: st.size };
      } catch (e) {
        throw new BbError('INPUT_READ_FAILED', `cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    });
    const params = { workspace: repo.workspace, repo_slug: repo.repo };
    const described = { contentType: 'multipart/form-data', files: files.map((f) => `${f.name} (${f.size} bytes)`) };
    if (dryRun(ctx, input, { operation: OP.upload, params, body: described })) return 0;
    const form = new FormData();
    for (const f of files) form.append('files', await openAsBlob(f.path), f.name);
    const http = await ctx.http();
    const url = http.url(expandPath(OP.upload.slice(OP.upload.indexOf(' ') + 1), params));
    const response = await http.send(new Request(url, { method: 'POST' }), { operation: OP.upload, body: form });
    await response.body?.cancel();
    for (const f of files) status(ctx, `✓ Uploaded ${f.name} (${humanSize(f.size)}) to ${repo.workspace}/${repo.repo}`);
    return 0;
  },
});
