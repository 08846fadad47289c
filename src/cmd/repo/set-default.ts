import { BbError } from '../../core/errors.js';
import { DEFAULT_REPO_KEY, defaultRepoSetting } from '../../git/git.js';
import type { RepoRef } from '../../git/remote.js';
import { status } from '../shared/print.js';
import { provider } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { parseRepoOrUrl } from './target.js';

/** How a repository is written in the clone's git config: with its host when it names one (Data Center). */
function settingOf(ref: RepoRef): string {
  return `${ref.host ? `${ref.host}/` : ''}${ref.workspace}/${ref.repo}`;
}

export default defineCommand({
  path: ['repo', 'set-default'],
  summary: 'Choose the repository bb acts on in this clone',
  description: `Stores the repository in this clone's git config (${DEFAULT_REPO_KEY}), so the bb commands run in the clone act on it instead of the repository its git remote points at: in a clone of your fork, the original repository, where \`bb pr create\` opens your pull requests. -R and BB_REPO still win. bb first checks that the repository exists. --view prints the clone's default (nothing when there is none); --unset removes it.`,
  examples: [
    '# in a clone of your fork: pull request commands act on the original repository',
    'bb repo set-default acme/web',
    'bb repo set-default --view',
    'bb repo set-default --unset',
  ],
  args: [{ name: 'repository', description: 'WORKSPACE/REPO, or a Bitbucket URL (Data Center: HOST/PROJECT/REPO)', accepts: 'repo' }],
  flags: [
    { name: 'view', type: 'boolean', description: "print this clone's default repository" },
    { name: 'unset', type: 'boolean', description: "remove this clone's default repository" },
  ],
  operations: ['GET /repositories/{workspace}/{repo_slug}'],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}', 'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/default-branch'],
  async run(ctx, input) {
    const arg = input.args.repository as string | undefined;
    const { view, unset } = input.flags as { view?: boolean; unset?: boolean };
    if ([arg !== undefined, Boolean(view), Boolean(unset)].filter(Boolean).length !== 1) {
      throw new BbError('USAGE', 'give a repository, --view or --unset', { hints: ['bb repo set-default acme/web'] });
    }
    try {
      await ctx.git.run(['rev-parse', '--git-dir']);
    } catch {
      throw new BbError('GIT_FAILED', 'not in a git clone: the default repository is a setting of a clone', {
        hints: ['run it inside the clone, or use -R / BB_REPO elsewhere'],
      });
    }
    if (view) {
      const current = await defaultRepoSetting(ctx.git);
      if (current) ctx.io.out.write(`${current}\n`);
      else if (ctx.io.stderrIsTTY) ctx.io.err.write('no default repository is set for this clone\n');
      return 0;
    }
    if (unset) {
      // exit status 5 is git's "no such key": nothing to remove is not an error
      await ctx.git.run(['config', '--local', '--unset', DEFAULT_REPO_KEY]).catch(() => undefined);
      status(ctx, "✓ This clone's bb commands act on its git remote's repository again");
      return 0;
    }
    const ref = await parseRepoOrUrl(ctx, arg as string);
    const repo = await (await provider(ctx)).getRepository(ref);
    await ctx.git.run(['config', '--local', DEFAULT_REPO_KEY, settingOf(ref)]);
    status(ctx, `✓ bb commands in this clone now act on ${repo.fullName ?? `${ref.workspace}/${ref.repo}`} (-R and BB_REPO still win)`);
    return 0;
  },
});
