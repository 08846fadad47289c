import { checkProtectionId } from '../../../provider/branch-restrictions.js';
import { notFound } from '../../../provider/errors.js';
import { provider } from '../../../provider/index.js';
import { writeOut } from '../../../output/iostreams.js';
import { defineCommand } from '../../define.js';
import { printItem } from '../../shared/print.js';
import { PROTECTION_JSON_FIELDS, protectionJson, protectionText } from './present.js';

export default defineCommand({
  path: ['branch', 'protection', 'view'],
  summary: 'Show one branch protection',
  description: 'Shows a branch protection (by its id, from `bb branch protection list`): its kind, the branches it applies to and who is exempt.',
  examples: ['bb branch protection view 12', 'bb branch protection view 12 -R myteam/website --json kind,pattern,users'],
  args: [{ name: 'id', description: 'the protection id', required: true }],
  repo: true,
  json: PROTECTION_JSON_FIELDS,
  operations: ['GET /repositories/{workspace}/{repo_slug}/branch-restrictions/{id}'],
  dcOperations: ['GET /branch-permissions/latest/projects/{projectKey}/repos/{repositorySlug}/restrictions/{id}'],
  async run(ctx, input) {
    const id = checkProtectionId(input.args.id);
    const repo = await ctx.repo(input.flags.repo);
    const r = await (await provider(ctx)).getBranchRestriction(repo, id).catch((e) => {
      throw notFound(e, `no branch protection ${id} on ${repo.workspace}/${repo.repo}`);
    });
    await printItem(ctx, input, r, { toJson: protectionJson, human: () => writeOut(ctx.io, protectionText(r)) });
    return 0;
  },
});
