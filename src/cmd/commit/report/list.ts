import { provider } from '../../../provider/index.js';
import { notFound } from '../../../provider/errors.js';
import { CLOUD_INSIGHT_OP as OP, DC_INSIGHT_OP as DC } from '../../../provider/insights.js';
import { defineCommand } from '../../define.js';
import { printList } from '../../shared/print.js';
import { commitOrHead } from '../insights-input.js';
import { REPORT_COLUMNS, REPORT_JSON_FIELDS } from './present.js';

export default defineCommand({
  path: ['commit', 'report', 'list'],
  summary: 'List the Code Insights reports of a commit',
  description:
    "Lists the reports CI tools published on a commit (default: HEAD of the local clone): their id, result, type, title and reporter. Pull requests show the reports of their source branch's tip commit.",
  examples: ['bb commit report list', 'bb commit report list 3f2a9c1', 'bb commit report list "$BITBUCKET_COMMIT" --json id,result,title'],
  args: [{ name: 'commit', description: 'commit hash, ref or commit URL (default: HEAD of the local clone)', accepts: 'commit' }],
  operations: [OP.reports],
  dcOperations: [DC.reports],
  repo: true,
  list: true,
  json: REPORT_JSON_FIELDS,
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const commit = await commitOrHead(ctx, input.args.commit, 'bb commit report list SHA');
    const f = input.flags as { limit?: number; all?: boolean };
    const reports = await (await provider(ctx)).listReports(repo, commit, { limit: f.limit, all: f.all }).catch((e) => {
      throw notFound(e, `commit ${commit} not found in ${repo.workspace}/${repo.repo}`);
    });
    await printList(ctx, input, reports, {
      empty: `No reports on ${commit.slice(0, 12)} in ${repo.workspace}/${repo.repo}`,
      toJson: (r) => ({ ...r }),
      columns: REPORT_COLUMNS(ctx),
    });
    return 0;
  },
});
