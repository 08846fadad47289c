import { provider } from '../../../provider/index.js';
import { defineCommand } from '../../define.js';
import { ACCOUNT_JSON_FIELDS, ACCOUNT_JSON_RENAMED } from '../../repo/present.js';
import { apiFieldsFor } from '../../shared/fields.js';
import { printList } from '../../shared/print.js';
import { DR_WORKSPACE_FLAG, DR_DC_HINT } from './target.js';

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
  description: `Lists the users Bitbucket adds as reviewers to every new pull request in the project's repositories (those that inherit the project's default reviewers). KEY is a project key or WORKSPACE/KEY. Needs admin rights on the project. ${DR_DC_HINT}`,
  examples: ['bb project default-reviewers list PLAT --workspace myteam', 'bb project default-reviewers list myteam/PLAT --json nickname,uuid'],
  args: [{ name: 'key', description: 'project key, or WORKSPACE/KEY', required: true }],
  flags: [DR_WORKSPACE_FLAG],
  list: true,
  json: ACCOUNT_JSON_FIELDS,
  jsonRenamed: ACCOUNT_JSON_RENAMED,
  hosts: ['cloud', 'dc'],
  operations: ['GET /workspaces/{workspace}/projects/{project_key}/default-reviewers'],
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
        { header: 'UUID', value: (a) => a.uuid ?? '', style: () => 'gray' },
      ],
      toJson: ({ conditions: _c, ...a }) => a,
      empty: `Project ${key} has no default reviewers`,
    });
    return 0;
  },
});
