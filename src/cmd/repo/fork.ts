import { BbError } from '../../core/errors.js';
import { printItem, status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import type { Repository } from '../../provider/types.js';
import type { Context } from '../../context/context.js';
import { defineCommand } from '../define.js';
import { cloneProviderRepository } from './git-clone.js';
import { REPO_JSON_FIELDS, REPO_JSON_RENAMED } from './present.js';
import { resolveRepoArg } from './target.js';

export default defineCommand({
  path: ['repo', 'fork'],
  summary: 'Fork a repository',
  description:
    'Forks the repository (default: the current one) into your own workspace — on Data Center your personal project — or into --workspace. ' +
    'As with gh: --clone clones the fork and adds the original as the remote `upstream`; run in a clone of the original, --remote makes the fork the remote `origin` and renames the original to `upstream` (--remote-name picks another name for the fork). ' +
    "Pull requests from the fork go to the original: `bb pr create` in the fork's clone opens them there.",
  examples: [
    'bb repo fork acme/web',
    '# fork, clone the fork, and keep the original as upstream',
    'bb repo fork acme/web --clone',
    '# in a clone of acme/web: fork it, and point origin at the fork',
    'bb repo fork --remote',
    'bb repo fork acme/web --workspace myteam --fork-name web-experiments',
  ],
  args: [{ name: 'repository', description: 'WORKSPACE/REPO or its URL (default: the current repository)', accepts: 'repo' }],
  flags: [
    { name: 'workspace', short: 'w', type: 'string', valueName: 'WORKSPACE', description: 'fork into this workspace (DC: project key; default: your own)' },
    { name: 'fork-name', type: 'string', valueName: 'NAME', description: "the fork's name (default: the original's)" },
    { name: 'private', type: 'boolean', description: 'Cloud: a private fork' },
    { name: 'public', type: 'boolean', description: 'Cloud: a public fork' },
    { name: 'clone', type: 'boolean', description: 'clone the fork, with the original as the remote upstream' },
    { name: 'remote', type: 'boolean', description: 'in a clone of the original: the fork becomes origin, the original upstream' },
    { name: 'remote-name', type: 'string', valueName: 'NAME', description: "with --remote: the name of the fork's remote (default origin)" },
  ],
  repo: true,
  write: true,
  json: REPO_JSON_FIELDS,
  jsonRenamed: REPO_JSON_RENAMED,
  operations: ['POST /repositories/{workspace}/{repo_slug}/forks'],
  dcOperations: ['POST /api/latest/projects/{projectKey}/repos/{repositorySlug}'],
  conditional: [{ flag: 'clone', operations: ['GET /repositories/{workspace}/{repo_slug}'], source: "reads the original's clone URL for the upstream remote" }],
  async run(ctx, input) {
    const f = input.flags as {
      workspace?: string;
      forkName?: string;
      private?: boolean;
      public?: boolean;
      clone?: boolean;
      remote?: boolean;
      remoteName?: string;
    };
    if (f.private && f.public) throw new BbError('INVALID_ARGUMENT', '--private and --public cannot be used together');
    if (f.clone && f.remote)
      throw new BbError('INVALID_ARGUMENT', '--clone and --remote cannot be used together', {
        hints: ['--clone makes a new clone; --remote changes this one'],
      });
    if (f.remoteName !== undefined && !f.remote) throw new BbError('INVALID_ARGUMENT', '--remote-name needs --remote');
    const ref = await resolveRepoArg(ctx, input);
    const p = await provider(ctx);
    const w = await p.forkRepository(ref, { owner: f.workspace, name: f.forkName, isPrivate: f.private ? true : f.public ? false : undefined });
    if (await dryRunWrite(ctx, input, w)) return 0;
    const fork = await w.send();
    await printItem(ctx, input, fork, {
      toJson: (r) => ({ ...r }),
      human: () => {
        status(ctx, `✓ Forked ${ref.workspace}/${ref.repo} to ${fork.fullName ?? fork.slug}`);
        if (fork.url) ctx.io.out.write(`${fork.url}\n`);
      },
    });
    if (f.clone) {
      const parent = await p.getRepository(ref);
      await cloneProviderRepository(ctx, fork, fork.slug, []);
      await ctx.git.run(['-C', fork.slug, 'remote', 'add', 'upstream', await cloneUrl(ctx, parent)]);
      status(ctx, `✓ Cloned the fork into ${fork.slug}, with ${ref.workspace}/${ref.repo} as the remote upstream`);
    }
    if (f.remote) await pointRemotes(ctx, fork, f.remoteName ?? 'origin');
    return 0;
  },
});

async function cloneUrl(ctx: Context, repo: Repository): Promise<string> {
  const ssh = (await ctx.config.get('git_protocol')) === 'ssh';
  const url = ssh ? repo.sshUrl : repo.httpsUrl;
  if (!url) throw new BbError('API_BAD_RESPONSE', `the API gave no ${ssh ? 'ssh' : 'https'} clone URL for ${repo.fullName ?? repo.slug}`);
  return url;
}

/** gh's `fork --remote`: the remote that was the original becomes `upstream`, and `name` (origin) points at the fork. */
async function pointRemotes(ctx: Context, fork: Repository, name: string): Promise<void> {
  const remotes = await ctx.remotes();
  if (remotes.length === 0)
    throw new BbError('NO_REPO_CONTEXT', '--remote needs a clone of the original repository', { hints: ['use --clone to clone the fork instead'] });
  const url = await cloneUrl(ctx, fork);
  const has = (n: string) => remotes.some((r) => r.name === n);
  if (has(name)) {
    if (has('upstream') && name !== 'upstream')
      throw new BbError('INVALID_ARGUMENT', `this clone already has the remotes ${name} and upstream`, {
        hints: ['pick a name for the fork with --remote-name'],
      });
    if (name !== 'upstream') await ctx.git.run(['remote', 'rename', name, 'upstream']);
  }
  await ctx.git.run(['remote', 'add', name, url]);
  status(ctx, `✓ Remote ${name} is the fork${has(name) && name !== 'upstream' ? `; the original is now upstream` : ''}`);
}
