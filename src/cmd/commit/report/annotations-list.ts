import { provider } from '../../../provider/index.js';
import { notFound } from '../../../provider/errors.js';
import { CLOUD_INSIGHT_OP as OP, DC_INSIGHT_OP as DC } from '../../../provider/insights.js';
import { defineCommand } from '../../define.js';
import { printList } from '../../shared/print.js';
import { ANNOTATION_COLUMNS, ANNOTATION_JSON_FIELDS, COMMIT_ARG, REPORT_ARG } from './present.js';

export default defineCommand({
  path: ['commit', 'report', 'annotations', 'list'],
  summary: 'List the annotations of a Code Insights report',
  description: 'Lists the findings of a report: id, severity, file and line, summary.',
  examples: ['bb commit report annotations list 3f2a9c1 eslint', 'bb commit report annotations list 3f2a9c1 eslint --all --json id,path,line,severity'],
  args: [COMMIT_ARG, REPORT_ARG],
  operations: [OP.annotations],
  dcOperations: [DC.annotations],
  repo: true,
  list: true,
  json: ANNOTATION_JSON_FIELDS,
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const commit = String(input.args.commit);
    const id = String(input.args.report);
    const f = input.flags as { limit?: number; all?: boolean };
    const list = await (await provider(ctx)).listAnnotations(repo, commit, id, { limit: f.limit, all: f.all }).catch((e) => {
      throw notFound(e, `no report ${id} on commit ${commit} in ${repo.workspace}/${repo.repo}`);
    });
    await printList(ctx, input, list, { empty: `No annotations in report ${id}`, toJson: (a) => ({ ...a }), columns: ANNOTATION_COLUMNS });
    return 0;
  },
});
