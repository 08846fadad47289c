import { BbError } from '../../core/errors.js';
import { status } from '../shared/print.js';
import { YES_FLAG } from '../shared/write.js';
import { confirmDestructive, dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';

const OP = 'DELETE /repositories/{workspace}/{repo_slug}/deploy-keys/{key_id}';

export default defineCommand({
  path: ['deploy-key', 'delete'],
  summary: 'Remove a deploy key from a repository',
  description: 'Removes the deploy key (by its id, from `bb deploy-key list`). On a terminal bb asks for confirmation; elsewhere --yes is required.',
  examples: ['bb deploy-key delete 1234', 'bb deploy-key delete 1234 -R myteam/website --yes'],
  args: [{ name: 'id', description: 'the deploy key id', required: true }],
  flags: [YES_FLAG],
  repo: true,
  write: true,
  operations: [OP],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const id = String(input.args.id ?? '').trim();
    if (!/^\d+$/.test(id)) throw new BbError('INVALID_ARGUMENT', `"${id}" is not a deploy key id`, { hints: ['list them with `bb deploy-key list`'] });
    const params = { workspace: repo.workspace, repo_slug: repo.repo, key_id: id };
    if (dryRun(ctx, input, { operation: OP, params })) return 0;
    await confirmDestructive(ctx, input, `remove deploy key ${id} from ${repo.workspace}/${repo.repo}`, id);
    const api = await ctx.api();
    await api.DELETE('/repositories/{workspace}/{repo_slug}/deploy-keys/{key_id}', { params: { path: params } });
    status(ctx, `✓ Removed deploy key ${id} from ${repo.workspace}/${repo.repo}`);
    return 0;
  },
});
