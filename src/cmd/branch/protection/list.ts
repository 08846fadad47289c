import { checkProtectionKind } from '../../../provider/branch-restrictions.js';
import { provider } from '../../../provider/index.js';
import { defineCommand } from '../../define.js';
import { printList } from '../../shared/print.js';
import { PROTECTION_COLUMNS, PROTECTION_JSON_FIELDS, protectionJson } from './present.js';

export default defineCommand({
  path: ['branch', 'protection', 'list'],
  summary: "List a repository's branch protections",
  description:
    "Lists the rules that protect the repository's branches: on Bitbucket Cloud its branch restrictions (who may push, no force pushes, no deletion, merge checks); on Bitbucket Data Center its branch permissions (read-only, no-deletes, fast-forward-only, pull-request-only, no-creates), in bb's words (see `bb branch protection create --help`). Rules inherited from a Data Center project are not included.\n\nNeeds repository admin: Bitbucket shows branch restrictions only to those who may change them.",
  examples: ['bb branch protection list', 'bb branch protection list -R myteam/website --kind push', 'bb branch protection list --json id,kind,pattern,users'],
  flags: [{ name: 'kind', type: 'string', valueName: 'KIND', description: 'only protections of this kind (push, force, delete, …)' }],
  repo: true,
  list: true,
  json: PROTECTION_JSON_FIELDS,
  operations: ['GET /repositories/{workspace}/{repo_slug}/branch-restrictions'],
  dcOperations: ['GET /branch-permissions/latest/projects/{projectKey}/repos/{repositorySlug}/restrictions'],
  async run(ctx, input) {
    const kind = input.flags.kind === undefined ? undefined : checkProtectionKind(input.flags.kind);
    const repo = await ctx.repo(input.flags.repo);
    const items = await (await provider(ctx)).listBranchRestrictions(repo, {
      ...(kind ? { kind } : {}),
      limit: input.flags.limit as number | undefined,
      all: Boolean(input.flags.all),
    });
    await printList(ctx, input, items, {
      columns: PROTECTION_COLUMNS,
      toJson: protectionJson,
      empty: `No branch protections on ${repo.workspace}/${repo.repo}`,
    });
    return 0;
  },
});
