import { BbError } from '../../core/errors.js';
import { status } from '../shared/print.js';
import { YES_FLAG } from '../shared/write.js';
import { confirmDestructive, dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { OP } from './list.js';

export default defineCommand({
  path: ['download', 'delete'],
  summary: 'Delete a download artifact',
  description: "Deletes the file from the repository's Downloads. On a terminal bb asks you to type its name; elsewhere --yes is required.",
  examples: ['bb download delete app-1.2.0.tar.gz', 'bb download delete app-1.2.0.tar.gz -R myteam/website --yes'],
  args: [{ name: 'name', description: 'the file name', required: true }],
  flags: [YES_FLAG],
  repo: true,
  write: true,
  operations: [OP.delete],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const filename = String(input.args.name ?? '');
    const params = { workspace: repo.workspace, repo_slug: repo.repo, filename };
    if (dryRun(ctx, input, { operation: OP.delete, params })) return 0;
    await confirmDestructive(ctx, input, `delete ${filename} from the downloads of ${repo.workspace}/${repo.repo}`, filename);
    const api = await ctx.api();
    try {
      await api.DELETE('/repositories/{workspace}/{repo_slug}/downloads/{filename}', { params: { path: params } });
    } catch (e) {
      if (e instanceof BbError && e.errorName === 'API_NOT_FOUND') {
        throw new BbError('API_NOT_FOUND', `no download ${filename} in ${repo.workspace}/${repo.repo}`, {
          operation: e.operation,
          status: 404,
          hints: ['list them with `bb download list`'],
        });
      }
      throw e;
    }
    status(ctx, `✓ Deleted ${filename} from ${repo.workspace}/${repo.repo}`);
    return 0;
  },
});
