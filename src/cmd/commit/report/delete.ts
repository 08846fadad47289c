import { dryRunWrite } from '../../../provider/dry-run.js';
import { notFound } from '../../../provider/errors.js';
import { provider } from '../../../provider/index.js';
import { CLOUD_INSIGHT_OP as OP, DC_INSIGHT_OP as DC } from '../../../provider/insights.js';
import { defineCommand } from '../../define.js';
import { status } from '../../shared/print.js';
import { confirmYes, YES_FLAG } from '../../shared/write.js';
import { COMMIT_ARG, REPORT_ARG } from './present.js';

export default defineCommand({
  path: ['commit', 'report', 'delete'],
  summary: 'Delete a Code Insights report and its annotations',
  description: 'Deletes a report of a commit, with its annotations. Asks for confirmation on a terminal; elsewhere --yes is required.',
  examples: ['bb commit report delete 3f2a9c1 mysystem-001', 'bb commit report delete "$BITBUCKET_COMMIT" eslint --yes'],
  args: [COMMIT_ARG, REPORT_ARG],
  flags: [YES_FLAG],
  operations: [OP.reportDelete],
  dcOperations: [DC.reportDelete],
  repo: true,
  write: true,
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const commit = String(input.args.commit);
    const id = String(input.args.report);
    const w = await (await provider(ctx)).deleteReport(repo, commit, id);
    if (await dryRunWrite(ctx, input, w)) return 0;
    await confirmYes(ctx, input, `Delete report ${id} of ${commit.slice(0, 12)} and its annotations?`, `delete report ${id}`);
    await w.send().catch((e) => {
      throw notFound(e, `no report ${id} on commit ${commit} in ${repo.workspace}/${repo.repo}`);
    });
    status(ctx, `✓ Deleted report ${id} of ${commit.slice(0, 12)} in ${repo.workspace}/${repo.repo}`);
    return 0;
  },
});
