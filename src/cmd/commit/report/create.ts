import { BbError } from '../../../core/errors.js';
import { dryRunWrite } from '../../../provider/dry-run.js';
import { notFound } from '../../../provider/errors.js';
import { provider } from '../../../provider/index.js';
import {
  type AnnotationInput,
  CLOUD_INSIGHT_OP as OP,
  DC_INSIGHT_OP as DC,
  REPORT_RESULTS,
  REPORT_TYPES,
  type ReportDatum,
} from '../../../provider/insights.js';
import type { PlannedWrite, Write } from '../../../provider/types.js';
import { defineCommand } from '../../define.js';
import { printItem, status } from '../../shared/print.js';
import { readAnnotations, readReportData } from '../insights-input.js';
import { COMMIT_ARG, REPORT_ARG, REPORT_JSON_FIELDS } from './present.js';

export default defineCommand({
  path: ['commit', 'report', 'create'],
  summary: 'Publish a Code Insights report on a commit (create or replace)',
  description:
    'Creates the report REPORT_ID on a commit, or replaces the one with that id: what a CI job runs after its scan, tests or coverage, so pull requests show the result beside the code. Pick an id unique to your tool (mysystem-001). --data-file adds data fields (a JSON array of {"title", "type", "value"}, type BOOLEAN, DATE, DURATION, LINK, NUMBER, PERCENTAGE or TEXT; Cloud shows up to 10, Data Center up to 6). --annotations adds the findings of an annotations file in the same run (see `bb commit report annotations add` for the format): one command publishes the whole result.\n\nData Center differences: reports there have no type (--type is not sent) and no PENDING result (such a report is published without a result); PASSED and FAILED are sent as PASS and FAIL.',
  examples: [
    '# in CI: publish a report and its findings with one command',
    'bb commit report create "$BITBUCKET_COMMIT" eslint --title "ESLint" --type BUG --result FAILED --details "3 problems" --annotations eslint-annotations.json',
    'bb commit report create 3f2a9c1 coverage --title Coverage --type COVERAGE --result PASSED --data-file coverage-data.json',
    'bb commit report create 3f2a9c1 e2e --title "E2E tests" --type TEST --result PENDING --link "$CI_JOB_URL"',
  ],
  args: [COMMIT_ARG, REPORT_ARG],
  flags: [
    { name: 'title', short: 't', type: 'string', valueName: 'TITLE', description: "the report's title (required)" },
    { name: 'type', type: 'string', valueName: 'TYPE', choices: [...REPORT_TYPES], description: 'SECURITY, COVERAGE, TEST or BUG (required on Cloud)' },
    { name: 'result', type: 'string', valueName: 'RESULT', choices: [...REPORT_RESULTS], description: 'PASSED, FAILED or PENDING' },
    { name: 'details', short: 'd', type: 'string', valueName: 'TEXT', description: 'what the report is about' },
    { name: 'reporter', type: 'string', valueName: 'NAME', description: 'the tool or company that made it' },
    { name: 'link', type: 'string', valueName: 'URL', description: 'the results in the tool that made them' },
    { name: 'logo-url', type: 'string', valueName: 'URL', description: 'a logo for the report' },
    { name: 'data-file', type: 'string', valueName: 'FILE', description: 'data fields: a JSON array ("-": standard input)' },
    { name: 'annotations', type: 'string', valueName: 'FILE', description: 'also add the annotations of this JSON file' },
  ],
  operations: [OP.reportPut],
  dcOperations: [DC.reportPut, DC.annotationsPost],
  conditional: [{ flag: 'annotations', operations: [OP.annotationsPost], source: 'adds the annotations after the report (src/cmd/commit/report/create.ts)' }],
  repo: true,
  write: true,
  json: REPORT_JSON_FIELDS,
  async run(ctx, input) {
    const f = input.flags as Record<string, string | undefined>;
    if (!f.title?.trim())
      throw new BbError('INVALID_ARGUMENT', '--title is required', {
        hints: ['for example: bb commit report create SHA lint --title Lint --type BUG --result PASSED'],
      });
    if (f.dataFile === '-' && f.annotations === '-')
      throw new BbError('INVALID_ARGUMENT', '--data-file and --annotations cannot both read standard input', { hints: ['pass one of them as a file'] });
    const repo = await ctx.repo(input.flags.repo);
    const commit = String(input.args.commit);
    const id = String(input.args.report);
    const data: ReportDatum[] | undefined = f.dataFile ? await readReportData(ctx, f.dataFile) : undefined;
    const annotations: AnnotationInput[] | undefined = f.annotations ? await readAnnotations(ctx, f.annotations, id) : undefined;
    const p = await provider(ctx);
    const report = await p.setReport(repo, {
      commit,
      id,
      title: f.title,
      type: f.type,
      result: f.result,
      details: f.details,
      reporter: f.reporter,
      link: f.link,
      logoUrl: f.logoUrl,
      data,
    });
    const more = annotations ? await p.addAnnotations(repo, commit, id, annotations) : undefined;
    const plan: PlannedWrite[] = [...report.plan, ...(more?.plan ?? [])];
    if (await dryRunWrite(ctx, input, { plan, send: async () => undefined } satisfies Write<unknown>)) return 0;
    const created = await report.send().catch((e) => {
      throw notFound(e, `commit ${commit} not found in ${repo.workspace}/${repo.repo}`);
    });
    const added = more ? await more.send() : 0;
    await printItem(ctx, input, created, {
      toJson: (r) => ({ ...r }),
      human: () =>
        status(
          ctx,
          `✓ Published report ${id}${created.result ? ` (${created.result})` : ''} on ${commit.slice(0, 12)} in ${repo.workspace}/${repo.repo}${more ? ` with ${added} annotation${added === 1 ? '' : 's'}` : ''}`,
        ),
    });
    return 0;
  },
});
