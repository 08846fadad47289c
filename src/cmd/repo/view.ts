import { must } from '../../api/client.js';
import { printItem } from '../../output/command-output.js';
import { printFields } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { openInBrowser, webUrl } from '../workspace/shared.js';
import { cloneLink, REPO_JSON_FIELDS, type Repository, repoJson, resolveRepoArg, stripUserInfo, visibility } from './shared.js';

export default defineCommand({
  path: ['repo', 'view'],
  summary: 'Show a repository',
  description:
    'Shows the repository named by the argument, else by -R, BB_REPO, the git remote of the current directory or the Pipelines variables: its description, visibility, main branch, project, language, clone URLs and web page.',
  examples: [
    '# the repository of the current directory',
    'bb repo view',
    'bb repo view myteam/website',
    '# open its page in the browser',
    'bb repo view myteam/website --web',
    'bb repo view -R myteam/website --json full_name,mainbranch,ssh_url',
  ],
  args: [{ name: 'repository', description: 'WORKSPACE/REPO (default: the current repository)' }],
  flags: [{ name: 'web', short: 'w', type: 'boolean', description: 'open the repository in the browser' }],
  repo: true,
  json: REPO_JSON_FIELDS,
  operations: ['GET /repositories/{workspace}/{repo_slug}'],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}'],
  async run(ctx, input) {
    const ref = await resolveRepoArg(ctx, input);
    const api = await ctx.api();
    const repo = must(
      await api.GET('/repositories/{workspace}/{repo_slug}', { params: { path: { workspace: ref.workspace, repo_slug: ref.repo } } }),
    ) as Repository;
    if (input.flags.web) {
      await openInBrowser(ctx, webUrl(repo.links, `${ref.workspace}/${ref.repo}`));
      return 0;
    }
    await printItem(ctx, input, repo, {
      toJson: repoJson,
      human: () => {
        const https = cloneLink(repo, 'https');
        printFields(ctx.io, [
          ['name', repo.full_name ?? `${ref.workspace}/${ref.repo}`],
          ['description', repo.description],
          ['visibility', visibility(repo)],
          ['main branch', repo.mainbranch?.name],
          ['project', repo.project ? `${repo.project.name ?? ''}${repo.project.key ? ` (${repo.project.key})` : ''}`.trim() : undefined],
          ['language', repo.language],
          ['clone (https)', https ? stripUserInfo(https) : undefined],
          ['clone (ssh)', cloneLink(repo, 'ssh')],
          ['web', repo.links?.html?.href],
          ['updated', repo.updated_on],
        ]);
      },
    });
    return 0;
  },
});
