import { BbError } from '../../core/errors.js';
import { printItem } from '../shared/print.js';
import { printFields } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { provider } from '../../provider/index.js';
import { openInBrowser } from '../shared/web.js';
import { REPO_JSON_FIELDS, REPO_JSON_RENAMED } from './present.js';
import { resolveRepoArg } from './target.js';

export default defineCommand({
  path: ['repo', 'view'],
  summary: 'Show a repository',
  description:
    'Shows the repository named by the argument, else by -R, BB_REPO, the default set with `bb repo set-default`, the git remote of the current directory or the Pipelines variables: its description, visibility, main branch, project, language, clone URLs and web page.',
  examples: [
    '# the repository of the current directory',
    'bb repo view',
    'bb repo view myteam/website',
    '# open its page in the browser',
    'bb repo view myteam/website --web',
    'bb repo view -R myteam/website --json fullName,mainBranch,sshUrl',
  ],
  args: [{ name: 'repository', description: 'WORKSPACE/REPO or its URL (default: the current repository)', accepts: 'repo' }],
  flags: [{ name: 'web', short: 'w', type: 'boolean', description: 'open the repository in the browser' }],
  repo: true,
  json: REPO_JSON_FIELDS,
  jsonRenamed: REPO_JSON_RENAMED,
  operations: ['GET /repositories/{workspace}/{repo_slug}'],
  dcOperations: [
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}',
    // DC 9.x sends no defaultBranch with the repository: it is asked for (src/provider/dc/repositories.ts)
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/default-branch',
  ],
  async run(ctx, input) {
    const ref = await resolveRepoArg(ctx, input);
    const repo = await (await provider(ctx)).getRepository(ref);
    if (input.flags.web) {
      if (!repo.url) throw new BbError('API_BAD_RESPONSE', `the API gave no web link for ${ref.workspace}/${ref.repo}`);
      await openInBrowser(ctx, repo.url);
      return 0;
    }
    await printItem(ctx, input, repo, {
      toJson: (r) => ({ ...r }),
      human: () => {
        printFields(ctx.io, [
          ['name', repo.fullName ?? `${ref.workspace}/${ref.repo}`],
          ['description', repo.description],
          ['visibility', repo.visibility],
          ['main branch', repo.mainBranch ?? undefined],
          ['project', repo.project ? `${repo.project.name ?? ''}${repo.project.key ? ` (${repo.project.key})` : ''}`.trim() : undefined],
          ['language', repo.language],
          ['clone (https)', repo.httpsUrl ?? undefined],
          ['clone (ssh)', repo.sshUrl ?? undefined],
          ['web', repo.url ?? undefined],
          ['updated', repo.updatedAt ?? undefined],
        ]);
      },
    });
    return 0;
  },
});
