import { BbError } from '../../../core/errors.js';
import { dryRunWrite } from '../../../provider/dry-run.js';
import { notFound } from '../../../provider/errors.js';
import { provider } from '../../../provider/index.js';
import { CLOUD_INSIGHT_OP as OP, DC_INSIGHT_OP as DC } from '../../../provider/insights.js';
import { defineCommand } from '../../define.js';
import { printItem, status } from '../../shared/print.js';
import { readAnnotations } from '../insights-input.js';
import { COMMIT_ARG, REPORT_ARG } from './present.js';

export default defineCommand({
  path: ['commit', 'report', 'annotations', 'add'],
  summary: 'Add annotations to a Code Insights report, in bulk from a file',
  description:
    'Adds (or, with the same id, replaces) the findings of a JSON file to a report: a JSON array of annotations (or {"annotations": [...]}). Each has a "summary" (the message shown; "message" works too) and may have "externalId" (its id for later updates and deletes; without one bb uses REPORT_ID-N, N its position in the file), "path", "line" (from 1), "severity" (LOW, MEDIUM, HIGH, CRITICAL), "type" (VULNERABILITY, CODE_SMELL, BUG), "details", "result" (PASSED, FAILED, SKIPPED, IGNORED) and "link". The whole file is checked before anything is sent; an error names the annotation. A report has at most 1000 annotations.\n\nBitbucket Cloud takes 100 annotations per request: bb sends larger files in requests of 100. Data Center takes them in one request; it needs a severity on each, has no CRITICAL (sent as HIGH) and keeps no details or result.',
  examples: [
    'bb commit report annotations add 3f2a9c1 eslint --file eslint-annotations.json',
    '# from a converter on standard input',
    'eslint -f json . | ./to-annotations | bb commit report annotations add "$BITBUCKET_COMMIT" eslint --file -',
  ],
  args: [COMMIT_ARG, REPORT_ARG],
  flags: [{ name: 'file', short: 'f', type: 'string', valueName: 'FILE', description: 'the annotations: a JSON file ("-": standard input; required)' }],
  operations: [OP.annotationsPost],
  dcOperations: [DC.annotationsPost],
  repo: true,
  write: true,
  json: ['added'],
  async run(ctx, input) {
    const file = input.flags.file as string | undefined;
    if (!file)
      throw new BbError('INVALID_ARGUMENT', '--file is required', {
        hints: ['for example: bb commit report annotations add SHA eslint --file annotations.json'],
      });
    const repo = await ctx.repo(input.flags.repo);
    const commit = String(input.args.commit);
    const id = String(input.args.report);
    const items = await readAnnotations(ctx, file, id);
    const w = await (await provider(ctx)).addAnnotations(repo, commit, id, items);
    if (await dryRunWrite(ctx, input, w)) return 0;
    const added = await w.send().catch((e) => {
      throw notFound(e, `no report ${id} on commit ${commit} in ${repo.workspace}/${repo.repo}`);
    });
    await printItem(
      ctx,
      input,
      { added },
      {
        toJson: (x) => x,
        human: () => status(ctx, `✓ Added ${added} annotation${added === 1 ? '' : 's'} to report ${id} of ${commit.slice(0, 12)}`),
      },
    );
    return 0;
  },
});
