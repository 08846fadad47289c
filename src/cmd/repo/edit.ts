import { BbError } from '../../core/errors.js';
import { printItem, status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import type { RepositoryChange } from '../../provider/types.js';
import { defineCommand } from '../define.js';
import { REPO_JSON_FIELDS, REPO_JSON_RENAMED } from './present.js';
import { resolveRepoArg } from './target.js';

const FORK_POLICIES = ['allow_forks', 'no_public_forks', 'no_forks'] as const;

export default defineCommand({
  path: ['repo', 'edit'],
  summary: "Change a repository's settings",
  description:
    "Changes the description, visibility, main branch or fork policy of the repository (default: the current one); on Bitbucket Cloud also its issue tracker, wiki, language and website. Only the settings given change. `bb repo rename` changes its name. On Data Center the fork policy is allow_forks or no_forks (forkable or not), and the main branch is the repository's default branch.",
  examples: [
    'bb repo edit --description "The public web site"',
    'bb repo edit acme/web --visibility private --main-branch develop',
    'bb repo edit --fork-policy no_public_forks --enable-issues',
    'bb repo edit --visibility public --dry-run',
  ],
  args: [{ name: 'repository', description: 'WORKSPACE/REPO or its URL (default: the current repository)', accepts: 'repo' }],
  flags: [
    { name: 'description', short: 'd', type: 'string', valueName: 'TEXT', description: 'the description' },
    { name: 'visibility', type: 'string', valueName: 'VISIBILITY', choices: ['public', 'private'], description: 'public or private' },
    { name: 'main-branch', type: 'string', valueName: 'BRANCH', description: 'the main (default) branch' },
    { name: 'fork-policy', type: 'string', valueName: 'POLICY', choices: FORK_POLICIES, description: 'allow_forks, no_public_forks (Cloud) or no_forks' },
    { name: 'enable-issues', type: 'boolean', description: 'Cloud: turn the issue tracker on' },
    { name: 'disable-issues', type: 'boolean', description: 'Cloud: turn the issue tracker off' },
    { name: 'enable-wiki', type: 'boolean', description: 'Cloud: turn the wiki on' },
    { name: 'disable-wiki', type: 'boolean', description: 'Cloud: turn the wiki off' },
    { name: 'language', type: 'string', valueName: 'LANGUAGE', description: "Cloud: the repository's language" },
    { name: 'website', type: 'string', valueName: 'URL', description: "Cloud: the repository's website" },
  ],
  repo: true,
  write: true,
  json: REPO_JSON_FIELDS,
  jsonRenamed: REPO_JSON_RENAMED,
  operations: ['PUT /repositories/{workspace}/{repo_slug}'],
  dcOperations: ['PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}'],
  async run(ctx, input) {
    const f = input.flags as Record<string, string | boolean | undefined>;
    for (const what of ['issues', 'wiki'])
      if (f[`enable${what[0]?.toUpperCase()}${what.slice(1)}`] && f[`disable${what[0]?.toUpperCase()}${what.slice(1)}`])
        throw new BbError('INVALID_ARGUMENT', `--enable-${what} and --disable-${what} cannot be used together`);
    const change: RepositoryChange = {
      description: f.description as string | undefined,
      isPrivate: f.visibility === undefined ? undefined : f.visibility === 'private',
      mainBranch: f.mainBranch as string | undefined,
      forkPolicy: f.forkPolicy as RepositoryChange['forkPolicy'],
      hasIssues: f.enableIssues ? true : f.disableIssues ? false : undefined,
      hasWiki: f.enableWiki ? true : f.disableWiki ? false : undefined,
      language: f.language as string | undefined,
      website: f.website as string | undefined,
    };
    if (Object.values(change).every((v) => v === undefined))
      throw new BbError('INVALID_ARGUMENT', 'nothing to change', {
        hints: ['pass --description, --visibility, --main-branch, --fork-policy… (see bb repo edit --help)'],
      });
    const ref = await resolveRepoArg(ctx, input);
    const w = await (await provider(ctx)).updateRepository(ref, change);
    if (await dryRunWrite(ctx, input, w)) return 0;
    const repo = await w.send();
    await printItem(ctx, input, repo, {
      toJson: (r) => ({ ...r }),
      human: () => status(ctx, `✓ Edited repository ${repo.fullName ?? `${ref.workspace}/${ref.repo}`}`),
    });
    return 0;
  },
});
