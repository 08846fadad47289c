import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { BbError } from '../../core/errors.js';
import { BodyWriter } from '../../output/body-writer.js';
import { checkRepoPath } from '../../provider/files.js';
import { provider } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { status } from '../shared/print.js';
import { fileNotFound, REF_FLAG, refOf } from './present.js';

/** Git's rule for a binary file: a NUL byte in its first 8000 bytes. */
const SNIFF_BYTES = 8000;

export default defineCommand({
  path: ['file', 'view'],
  summary: 'Print a file of a repository at any ref',
  description:
    "Prints a file's content as stored, at a branch, tag or commit (--ref; default: the main branch), without a clone. Piped or redirected, the bytes go out exactly as they are, binary files included. On a terminal, text is shown with control sequences made visible, and a binary file is refused unless you pass --force or write it to a file with --output.",
  examples: [
    'bb file view README.md',
    'bb file view src/app.ts --ref feature/login',
    '# a binary file, byte for byte',
    'bb file view assets/logo.png --ref v1.2.0 -o logo.png',
    'bb file view package.json | jq .version',
  ],
  args: [{ name: 'path', description: 'the file, relative to the repository root', required: true }],
  flags: [
    REF_FLAG,
    { name: 'output', short: 'o', type: 'string', valueName: 'FILE', description: 'write the bytes to FILE instead of stdout' },
    { name: 'force', type: 'boolean', description: 'print a binary file to the terminal anyway' },
  ],
  // without --ref, Cloud reads the repository's main branch first (provider/cloud/files.ts)
  operations: ['GET /repositories/{workspace}/{repo_slug}/src/{commit}/{path}', 'GET /repositories/{workspace}/{repo_slug}'],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/raw/{path}'],
  repo: true,
  async run(ctx, input) {
    const path = checkRepoPath(String(input.args.path ?? ''));
    const ref = refOf(input);
    const output = input.flags.output as string | undefined;
    const repo = await ctx.repo(input.flags.repo);
    const body = await (await provider(ctx)).readFile(repo, path, ref).catch((e) => {
      throw fileNotFound(e, repo, path, ref);
    });
    if (output !== undefined) {
      const file = createWriteStream(output);
      let bytes = 0;
      try {
        for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
          bytes += chunk.byteLength;
          if (!file.write(chunk)) await once(file, 'drain');
        }
        file.end();
        await once(file, 'finish');
      } catch (e) {
        file.destroy();
        throw new BbError('OUTPUT_FAILED', `cannot write ${output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      status(ctx, `✓ Wrote ${path} (${bytes} bytes) to ${output}`);
      return 0;
    }
    const out = new BodyWriter(ctx.io);
    const guard = ctx.io.stdoutIsTTY && !input.flags.force;
    let head: Uint8Array[] = [];
    let headBytes = 0;
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      if (guard && headBytes < SNIFF_BYTES) {
        head.push(chunk);
        headBytes += chunk.byteLength;
        if (headBytes < SNIFF_BYTES) continue;
        await sniffThenWrite(head, out, path);
        head = [];
        continue;
      }
      await out.write(chunk);
    }
    if (guard && head.length) await sniffThenWrite(head, out, path);
    out.flush();
    return 0;
  },
});

async function sniffThenWrite(chunks: Uint8Array[], out: BodyWriter, path: string): Promise<void> {
  const all = Buffer.concat(chunks);
  if (all.subarray(0, SNIFF_BYTES).includes(0))
    throw new BbError('INVALID_ARGUMENT', `${path} is a binary file: bb does not print it to a terminal`, {
      hints: [`write it to a file: bb file view ${path} -o FILE`, 'or pipe it, or pass --force to print it anyway'],
    });
  await out.write(all);
}
