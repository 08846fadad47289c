import { BbError } from '../../core/errors.js';
import { readFileLimited, readStreamLimited } from '../../util/input.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { checkRepoPath } from '../../provider/files.js';
import { provider } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { printItem, status } from '../shared/print.js';

export default defineCommand({
  path: ['file', 'commit'],
  summary: 'Commit a new or changed file through the API, without a clone',
  description:
    "Commits one file's new content on a branch through Bitbucket's API: the content of a local file (--from; - reads stdin), or text given with --content, byte for byte (binary files included). --parent names the commit your change was made from: Bitbucket Cloud then refuses the commit if the branch has moved on since, Data Center if the file has changed since (error 2004), so a script never overwrites a change it has not seen.\n\nA branch that does not exist yet is created by the commit: from the branch named by --from-branch (at its latest commit), on both hosts; without --from-branch, Bitbucket Cloud creates it from the main branch and Data Center refuses. When --branch exists, the commit goes on it and --from-branch changes nothing.",
  examples: [
    'bb file commit docs/CHANGELOG.md --from CHANGELOG.md -m "Update the changelog" --branch main',
    'bb file commit VERSION --content "1.2.1" -m "Bump the version" --branch release/1.2',
    '# on a new branch, started from main: ready for a pull request',
    'bb file commit docs/setup.md --from setup.md -m "Explain the setup" --branch docs/setup --from-branch main',
    '# refuse if main moved on since the commit the edit was made from',
    'bb file commit config.yml --from config.yml -m "Tune the cache" --branch main --parent 3f2a9c1',
  ],
  args: [{ name: 'path', description: 'the file in the repository, relative to its root', required: true }],
  flags: [
    { name: 'from', short: 'f', type: 'string', valueName: 'FILE', description: 'the new content: this local file ("-": stdin)' },
    { name: 'content', type: 'string', valueName: 'TEXT', description: 'the new content, as text' },
    { name: 'message', short: 'm', type: 'string', valueName: 'TEXT', description: 'the commit message' },
    { name: 'branch', short: 'b', type: 'string', valueName: 'BRANCH', description: 'the branch to commit on' },
    { name: 'parent', type: 'string', valueName: 'COMMIT', description: 'refuse the commit unless made from this commit (a stale edit is error 2004)' },
    { name: 'from-branch', type: 'string', valueName: 'BRANCH', description: 'when --branch does not exist yet: create it from this branch' },
  ],
  conditional: [
    {
      flag: 'from-branch',
      operations: ['GET /repositories/{workspace}/{repo_slug}/refs/branches/{name}'],
      source: "looks up whether --branch exists and, when it does not, the tip of the branch to create it from (the source POST's parents)",
    },
  ],
  operations: ['POST /repositories/{workspace}/{repo_slug}/src'],
  dcOperations: [
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits',
    'PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}/browse/{path}',
  ],
  repo: true,
  write: true,
  json: ['hash', 'branch', 'path'],
  async run(ctx, input) {
    const path = checkRepoPath(String(input.args.path ?? ''));
    const f = input.flags as { from?: string; content?: string; message?: string; branch?: string; parent?: string; fromBranch?: string };
    if ((f.from === undefined) === (f.content === undefined))
      throw new BbError('INVALID_ARGUMENT', 'give the new content with exactly one of --from FILE and --content TEXT', {
        hints: [`bb file commit ${path} --from ./${path.split('/').at(-1)} -m MESSAGE --branch BRANCH`],
      });
    const message = (f.message ?? '').trim();
    if (!message) throw new BbError('INVALID_ARGUMENT', 'a commit message is required (--message)', { hints: ['-m "Describe the change"'] });
    if (f.branch === undefined) throw new BbError('INVALID_ARGUMENT', 'the branch to commit on is required (--branch)', { hints: ['--branch main'] });
    const branchName = (flag: string, raw: string) => {
      const name = raw.replace(/^refs\/heads\//, '');
      // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
      if (!name || name.startsWith('-') || /[\u0000-\u0020\u007f~^:?*[\\]/.test(name) || name.includes('..'))
        throw new BbError('INVALID_ARGUMENT', `${flag} "${name}" is not a valid branch name`, { hints: ['bb branch list shows the branches'] });
      return name;
    };
    const branch = branchName('--branch', f.branch ?? '');
    const fromBranch = f.fromBranch === undefined ? undefined : branchName('--from-branch', f.fromBranch);
    if (fromBranch !== undefined && f.parent !== undefined)
      throw new BbError('INVALID_ARGUMENT', '--parent and --from-branch cannot be used together', {
        hints: ['--from-branch starts a new branch; --parent guards an edit on an existing one'],
      });
    if (f.parent !== undefined && !/^[0-9a-f]{4,64}$/i.test(f.parent))
      throw new BbError('INVALID_ARGUMENT', `--parent "${f.parent}" is not a commit hash`, { hints: ['bb commit list --branch BRANCH -L 1 shows the tip'] });
    const content =
      f.content !== undefined
        ? new Uint8Array(Buffer.from(f.content, 'utf8'))
        : new Uint8Array(f.from === '-' ? await readStreamLimited(ctx.io.in, 'standard input') : readFileLimited(f.from as string));
    const repo = await ctx.repo(input.flags.repo);
    const w = await (await provider(ctx)).commitFile(repo, { path, content, message, branch, parent: f.parent, fromBranch });
    if (await dryRunWrite(ctx, input, w)) return 0;
    const { hash } = await w.send().catch((e: unknown) => {
      if (e instanceof BbError && e.errorName === 'API_CONFLICT')
        throw new BbError('API_CONFLICT', `${path} was not committed: ${e.message}`, {
          operation: e.operation,
          status: 409,
          hints: [`read the file as it is now (bb file view ${path} --ref ${branch}), redo the change and commit again`],
        });
      throw e;
    });
    await printItem(
      ctx,
      input,
      { hash, branch, path },
      {
        toJson: (x) => x,
        human: () => status(ctx, `✓ Committed ${path} on ${branch}${hash ? ` (${hash.slice(0, 12)})` : ''}`),
      },
    );
    return 0;
  },
});
