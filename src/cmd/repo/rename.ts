import { BbError } from '../../core/errors.js';
import { printItem, status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { REPO_JSON_FIELDS, REPO_JSON_RENAMED } from './present.js';
import { resolveRepoArg } from './target.js';

export default defineCommand({
  path: ['repo', 'rename'],
  summary: 'Rename a repository',
  description:
    'Gives the repository (default: the current one, or -R) a new name; Bitbucket derives the new slug from it, so its URLs change. In a clone, update the remote afterwards (bb prints the command).',
  examples: ['bb repo rename website', 'bb repo rename web-legacy -R acme/web', 'bb repo rename website --dry-run'],
  args: [{ name: 'name', description: 'the new name', required: true }],
  repo: true,
  write: true,
  json: REPO_JSON_FIELDS,
  jsonRenamed: REPO_JSON_RENAMED,
  operations: ['PUT /repositories/{workspace}/{repo_slug}'],
  dcOperations: ['PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}'],
  async run(ctx, input) {
    const name = String(input.args.name ?? '').trim();
    if (!name) throw new BbError('INVALID_ARGUMENT', 'the new name is empty');
    const ref = await resolveRepoArg(ctx, input, null);
    const w = await (await provider(ctx)).updateRepository(ref, { name });
    if (await dryRunWrite(ctx, input, w)) return 0;
    const repo = await w.send();
    await printItem(ctx, input, repo, {
      toJson: (r) => ({ ...r }),
      human: () => {
        status(ctx, `✓ Renamed ${ref.workspace}/${ref.repo} to ${repo.fullName ?? repo.slug}`);
        if (input.flags.repo === undefined && repo.httpsUrl) status(ctx, `  update your clone: git remote set-url origin ${repo.httpsUrl}`);
      },
    });
    return 0;
  },
});
