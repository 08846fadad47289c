import { dryRunWrite } from '../../../provider/dry-run.js';
import { notFound } from '../../../provider/errors.js';
import { provider } from '../../../provider/index.js';
import { CLOUD_INSIGHT_OP as OP, DC_INSIGHT_OP as DC } from '../../../provider/insights.js';
import { defineCommand } from '../../define.js';
import { status } from '../../shared/print.js';
import { confirmYes, YES_FLAG } from '../../shared/write.js';
import { ANNOTATION_ARG, COMMIT_ARG, REPORT_ARG } from './present.js';

export default defineCommand({
  path: ['commit', 'report', 'annotations', 'delete'],
  summary: 'Delete an annotation of a Code Insights report',
  description: 'Deletes one annotation, named by its id (externalId). Asks for confirmation on a terminal; elsewhere --yes is required.',
  examples: ['bb commit report annotations delete 3f2a9c1 eslint eslint-12', 'bb commit report annotations delete 3f2a9c1 eslint eslint-12 --yes'],
  args: [COMMIT_ARG, REPORT_ARG, ANNOTATION_ARG],
  flags: [YES_FLAG],
  operations: [OP.annotationDelete],
  dcOperations: [DC.annotationsDelete],
  repo: true,
  write: true,
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const commit = String(input.args.commit);
    const id = String(input.args.report);
    const aid = String(input.args.annotation);
    const w = await (await provider(ctx)).deleteAnnotation(repo, commit, id, aid);
    if (await dryRunWrite(ctx, input, w)) return 0;
    await confirmYes(ctx, input, `Delete annotation ${aid} of report ${id}?`, `delete annotation ${aid}`);
    await w.send().catch((e) => {
      throw notFound(e, `no annotation ${aid} in report ${id} of ${commit} in ${repo.workspace}/${repo.repo}`);
    });
    status(ctx, `✓ Deleted annotation ${aid} of report ${id}`);
    return 0;
  },
});
