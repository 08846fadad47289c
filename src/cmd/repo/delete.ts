import { status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import { confirmDestructive } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { resolveRepoArg } from './target.js';

export default defineCommand({
  path: ['repo', 'delete'],
  summary: 'Delete a repository',
  description:
    "Deletes the repository, with its pull requests, issues, wiki and pipelines. This cannot be undone. On a terminal bb asks you to type the repository's full name; elsewhere --yes is required.",
  examples: ['bb repo delete myteam/old-site', '# in a script', 'bb repo delete myteam/old-site --yes', 'bb repo delete -R myteam/old-site --dry-run'],
  args: [{ name: 'repository', description: 'WORKSPACE/REPO or its URL (default: the current repository)', accepts: 'repo' }],
  flags: [{ name: 'yes', short: 'y', type: 'boolean', description: 'delete without asking for confirmation' }],
  repo: true,
  write: true,
  operations: ['DELETE /repositories/{workspace}/{repo_slug}'],
  dcOperations: ['DELETE /api/latest/projects/{projectKey}/repos/{repositorySlug}'],
  async run(ctx, input) {
    const ref = await resolveRepoArg(ctx, input);
    const write = await (await provider(ctx)).deleteRepository(ref);
    if (await dryRunWrite(ctx, input, write)) return 0;
    const full = `${ref.workspace}/${ref.repo}`;
    await confirmDestructive(ctx, input, `delete repository ${full}`, full);
    await write.send();
    status(ctx, `✓ Deleted repository ${full}`);
    return 0;
  },
});
