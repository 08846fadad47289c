import { BbError } from '../../core/errors.js';
import { provider } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { cloneProviderRepository } from './git-clone.js';
import { parseRepoOrUrl } from './target.js';

export default defineCommand({
  path: ['repo', 'clone'],
  summary: 'Clone a repository',
  description:
    'Clones WORKSPACE/REPO (or a Bitbucket URL) into DIRECTORY, by default a directory named after the repository. Flags after `--` are passed to `git clone`.\n\n' +
    'Over https (the default; see `bb config set git_protocol`) git authenticates with the credential bb uses, handed to git by a credential helper set in the environment of that one git process: the token is never in the URL, the command line or .git/config, and your own credential helpers do not store it. Over ssh, git uses your ssh keys.',
  examples: [
    'bb repo clone myteam/website',
    '# into another directory',
    'bb repo clone myteam/website site',
    '# pass flags to git clone',
    'bb repo clone myteam/website -- --depth 1 --branch develop',
    '# a URL works too',
    'bb repo clone https://bitbucket.org/myteam/website',
  ],
  args: [
    { name: 'repository', description: 'WORKSPACE/REPO or a Bitbucket repository URL', required: true, accepts: 'repo' },
    { name: 'directory', description: 'directory to clone into' },
    { name: 'git-flags', description: 'flags for git clone, after --', variadic: true },
  ],
  operations: ['GET /repositories/{workspace}/{repo_slug}'],
  dcOperations: [
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}',
    // DC 9.x sends no defaultBranch with the repository: it is asked for (src/provider/dc/repositories.ts)
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/default-branch',
  ],
  async run(ctx, input) {
    const ref = await parseRepoOrUrl(ctx, String(input.args.repository ?? ''));
    // commander cannot tell operands before `--` from those after it: a "directory" that starts with
    // a dash is the first git flag.
    let directory = input.args.directory as string | undefined;
    const gitFlags = [...((input.args['git-flags'] as string[] | undefined) ?? [])];
    if (directory?.startsWith('-')) {
      gitFlags.unshift(directory);
      directory = undefined;
    }
    if (gitFlags.length > 0 && !gitFlags[0]?.startsWith('-')) {
      throw new BbError('USAGE', `unexpected argument "${gitFlags[0]}"`, {
        hints: ['usage: bb repo clone WORKSPACE/REPO [DIRECTORY] [-- <git clone flags>]'],
      });
    }
    const repo = await (await provider(ctx)).getRepository(ref);
    await cloneProviderRepository(ctx, repo, directory, gitFlags);
    return 0;
  },
});
