import { provider } from '../../../provider/index.js';
import { notFound } from '../../../provider/errors.js';
import { CLOUD_INSIGHT_OP as OP, DC_INSIGHT_OP as DC } from '../../../provider/insights.js';
import { defineCommand } from '../../define.js';
import { printItem } from '../../shared/print.js';
import { COMMIT_ARG, printReport, REPORT_ARG, REPORT_JSON_FIELDS } from './present.js';

export default defineCommand({
  path: ['commit', 'report', 'view'],
  summary: 'Show a Code Insights report',
  description: 'Shows a report of a commit: its title, type, result, reporter, link, details and data fields.',
  examples: ['bb commit report view 3f2a9c1 mysystem-001', 'bb commit report view 3f2a9c1 mysystem-001 --json result,data'],
  args: [COMMIT_ARG, REPORT_ARG],
  operations: [OP.report],
  dcOperations: [DC.report],
  repo: true,
  json: REPORT_JSON_FIELDS,
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const commit = String(input.args.commit);
    const id = String(input.args.report);
    const r = await (await provider(ctx)).getReport(repo, commit, id).catch((e) => {
      throw notFound(e, `no report ${id} on commit ${commit} in ${repo.workspace}/${repo.repo}`);
    });
    await printItem(ctx, input, r, { toJson: (x) => ({ ...x }), human: () => printReport(ctx, r) });
    return 0;
  },
});
