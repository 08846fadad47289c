import { provider } from '../../../provider/index.js';
import { defineCommand } from '../../define.js';
import { ACCOUNT_JSON_FIELDS, ACCOUNT_JSON_RENAMED } from '../../repo/present.js';
import { apiFieldsFor } from '../../shared/fields.js';
import { printList } from '../../shared/print.js';
import { DR_WORKSPACE_FLAG } from './target.js';

/** The API fields each `--json` field is made of (each item is `{type, reviewer_type, user}`). */
const JSON_API_FIELDS: Record<(typeof ACCOUNT_JSON_FIELDS)[number], readonly string[]> = {
  displayName: ['user.display_name'],
  nickname: ['user.nickname', 'user.username'],
  uuid: ['user.uuid'],
  accountId: ['user.account_id'],
  type: ['user.type'],
  url: ['user.links.html.href'],
};
const TABLE_FIELDS = ['user.display_name', 'user.nickname', 'user.username', 'user.uuid'] as const;

export default defineCommand({
  path: ['project', 'default-reviewers', 'list'],
  summary: "List a project's default reviewers",
  description: `Lists the users Bitbucket adds as reviewers to every new pull request in the project's repositories (those that inherit the project's default reviewers). KEY is a project key or WORKSPACE/KEY. Needs admin rights on the project.

On Data Center, a project's default reviewers are its reviewer conditions (source and target branches, required approvals), which apply to pull requests in every repository of the project: the list shows each user once, with the conditions that add them. KEY is the project key there.`,
  examples: ['bb project default-reviewers list PLAT --workspace myteam', 'bb project default-reviewers list myteam/PLAT --json nickname,uuid'],
  args: [{ name: 'key', description: 'project key, or WORKSPACE/KEY', required: true }],
  flags: [DR_WORKSPACE_FLAG],
  list: true,
  json: ACCOUNT_JSON_FIELDS,
  jsonRenamed: ACCOUNT_JSON_RENAMED,
  hosts: ['cloud', 'dc'],
  operations: ['GET /workspaces/{workspace}/projects/{project_key}/default-reviewers'],
  dcOperations: ['GET /default-reviewers/latest/projects/{projectKey}/conditions'],
  async run(ctx, input) {
    const p = await provider(ctx);
    const { workspace, key } = await p.projectArg(input.args.key, input.flags.workspace);
    const reviewers = await p.listProjectDefaultReviewers(workspace, key, {
      limit: input.flags.limit as number | undefined,
      all: Boolean(input.flags.all),
      fields: Array.isArray(input.flags.json) ? apiFieldsFor(input.flags.json as string[], JSON_API_FIELDS) : TABLE_FIELDS,
    });
    await printList(ctx, input, reviewers, {
      columns: [
        { header: 'NAME', value: (a) => a.displayName ?? '', flexible: true },
        { header: 'NICKNAME', value: (a) => a.nickname ?? '' },
        // Data Center: which reviewer conditions (source → target branches) add them
        p.defaultReviewerDetail === 'conditions'
          ? { header: 'CONDITIONS', value: (a) => (a.conditions ?? []).join('; '), flexible: true }
          : { header: 'UUID', value: (a) => a.uuid ?? '', style: () => 'gray' },
      ],
      toJson: ({ conditions: _c, ...a }) => a,
      empty: `Project ${key} has no default reviewers`,
    });
    return 0;
  },
});
