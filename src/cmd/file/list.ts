import { checkRepoPath, type FileEntry } from '../../provider/files.js';
import { provider } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { printList } from '../shared/print.js';
import { FILE_JSON_FIELDS, fileNotFound, REF_FLAG, refOf } from './present.js';

export default defineCommand({
  path: ['file', 'list'],
  summary: 'List a directory of a repository at any ref',
  description:
    'Lists the files and directories in a directory of the repository (default: its root) at a branch, tag or commit (--ref; default: the main branch), without a clone. Directories are listed, not walked: list one to see inside it.',
  examples: ['bb file list', 'bb file list src --ref v1.2.0', 'bb file list docs --json path,type,size'],
  args: [{ name: 'path', description: 'the directory, relative to the repository root (default: the root)' }],
  flags: [REF_FLAG],
  // without --ref, Cloud reads the repository's main branch first (provider/cloud/files.ts)
  operations: ['GET /repositories/{workspace}/{repo_slug}/src/{commit}/{path}', 'GET /repositories/{workspace}/{repo_slug}'],
  dcOperations: [
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/browse',
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/browse/{path}',
  ],
  repo: true,
  list: true,
  json: FILE_JSON_FIELDS,
  async run(ctx, input) {
    const path = checkRepoPath(String(input.args.path ?? ''), { allowRoot: true });
    const ref = refOf(input);
    const repo = await ctx.repo(input.flags.repo);
    const f = input.flags as { limit?: number; all?: boolean };
    const entries = await (await provider(ctx)).listFiles(repo, path, ref, { limit: f.limit, all: f.all }).catch((e) => {
      throw fileNotFound(e, repo, path, ref);
    });
    await printList<FileEntry>(ctx, input, entries, {
      empty: `No files in ${path || 'the root directory'}`,
      toJson: (e) => ({ path: e.path, type: e.type, size: e.size }),
      columns: [
        { header: 'Type', value: (e) => e.type, style: (e) => (e.type === 'directory' ? 'blue' : 'gray') },
        { header: 'Path', value: (e) => (e.type === 'directory' ? `${e.path}/` : e.path), flexible: true },
        { header: 'Size', value: (e) => (e.size === null ? '' : String(e.size)) },
      ],
    });
    return 0;
  },
});
