import { paginate } from '../../api/paginate.js';
import { expandPath, repoParams, templateOf } from '../../api/path.js';
import { BbError } from '../../core/errors.js';
import { sanitize } from '../../output/sanitize.js';
import { printFields, printTable } from '../../output/table.js';
import { printItem } from '../shared/print.js';
import { defineCommand } from '../define.js';
import { OP as PIPELINE_OP, resolvePipeline } from './operations.js';
import { pipelineName } from './present.js';

const S = '/repositories/{workspace}/{repo_slug}/pipelines/{pipeline_uuid}/steps/{step_uuid}/test_reports';
const OP = {
  summary: `GET ${S}`,
  cases: `GET ${S}/test_cases`,
  reasons: `GET ${S}/test_cases/{test_case_uuid}/test_case_reasons`,
} as const;

export const TEST_REPORT_JSON_FIELDS = ['pipeline', 'step', 'total', 'successful', 'failed', 'errors', 'skipped', 'testCases', 'reasons'] as const;

interface Summary {
  number_of_test_cases?: number;
  number_of_successful_test_cases?: number;
  number_of_failed_test_cases?: number;
  number_of_error_test_cases?: number;
  number_of_skipped_test_cases?: number;
}
interface TestCase {
  uuid?: string;
  name?: string;
  fully_qualified_name?: string;
  package_name?: string;
  status?: string;
  duration?: string;
}

function parseUuid(text: unknown, what: string, hint: string): string {
  const t = typeof text === 'string' ? text.trim() : '';
  const m = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i.exec(t);
  if (!m?.[1]) throw new BbError('INVALID_ARGUMENT', `"${t}" is not a ${what} UUID`, { hints: [hint] });
  return `{${m[1].toLowerCase()}}`;
}

export default defineCommand({
  path: ['pipeline', 'test-reports'],
  summary: 'Show the test report of a pipeline step',
  description:
    'Shows the test report Pipelines collected for a step (by UUID, see `bb pipeline view --json steps`) of the pipeline (build number or UUID): how many test cases passed, failed, errored or were skipped, and each test case. With --reasons CASE_UUID, also what that test case printed when it failed.',
  examples: ['bb pipeline test-reports 42 {7a1e…}', 'bb pipeline test-reports 42 {7a1e…} --reasons {c3d4…} --json testCases,reasons'],
  args: [
    { name: 'pipeline', description: 'the build number or UUID', required: true },
    { name: 'step', description: 'the step UUID', required: true },
  ],
  flags: [{ name: 'reasons', type: 'string', valueName: 'CASE_UUID', description: 'also show why this test case failed' }],
  repo: true,
  hosts: ['cloud'],
  json: TEST_REPORT_JSON_FIELDS,
  operations: [PIPELINE_OP.get, OP.summary, OP.cases],
  conditional: [{ flag: 'reasons', operations: [OP.reasons], source: 'why a test case failed' }],
  async run(ctx, input) {
    const stepUuid = parseUuid(input.args.step, 'step', 'list the steps with `bb pipeline view PIPELINE --json steps`');
    const caseUuid =
      typeof input.flags.reasons === 'string' ? parseUuid(input.flags.reasons, 'test case', 'the test cases are listed without --reasons') : undefined;
    const repo = await ctx.repo(input.flags.repo);
    const p = await resolvePipeline(ctx, repo, input.args.pipeline);
    const params = { ...repoParams(repo), pipeline_uuid: p.uuid, step_uuid: stepUuid };
    const http = await ctx.http();
    let summary: Summary;
    try {
      const r = await http.send(new Request(http.url(expandPath(templateOf(OP.summary), params)), { method: 'GET' }), { operation: OP.summary });
      summary = (await r.json()) as Summary;
    } catch (e) {
      if (e instanceof BbError && e.errorName === 'API_NOT_FOUND') {
        throw new BbError('API_NOT_FOUND', `pipeline ${pipelineName(p)} has no step ${stepUuid}`, {
          operation: e.operation,
          status: 404,
          hints: [`list its steps with \`bb pipeline view ${pipelineName(p)} --json steps\``],
        });
      }
      throw e;
    }
    const cases = await paginate<TestCase>(http, templateOf(OP.cases), params, {}, { all: true });
    const reasons =
      caseUuid === undefined
        ? null
        : (await paginate<{ message?: string; output?: string }>(http, templateOf(OP.reasons), { ...params, test_case_uuid: caseUuid }, {}, { all: true })).map(
            (r) => ({ message: r.message ?? '', output: r.output ?? '' }),
          );
    const out = {
      pipeline: pipelineName(p),
      step: stepUuid,
      total: summary.number_of_test_cases ?? 0,
      successful: summary.number_of_successful_test_cases ?? 0,
      failed: summary.number_of_failed_test_cases ?? 0,
      errors: summary.number_of_error_test_cases ?? 0,
      skipped: summary.number_of_skipped_test_cases ?? 0,
      testCases: cases.map((c) => ({
        uuid: c.uuid ?? null,
        name: c.name ?? '',
        fullyQualifiedName: c.fully_qualified_name ?? null,
        packageName: c.package_name ?? null,
        status: c.status ?? null,
        duration: c.duration ?? null,
      })),
      reasons,
    };
    await printItem(ctx, input, out, {
      toJson: (x) => x,
      human: () => {
        printFields(ctx.io, [
          ['tests', String(out.total)],
          ['passed', String(out.successful)],
          ['failed', String(out.failed)],
          ['errors', String(out.errors)],
          ['skipped', String(out.skipped)],
        ]);
        if (out.testCases.length > 0) {
          ctx.io.out.write('\n');
          printTable(ctx.io, out.testCases, [
            { header: 'STATUS', value: (c) => c.status ?? '' },
            { header: 'TEST', value: (c) => c.fullyQualifiedName ?? c.name },
            { header: 'UUID', value: (c) => c.uuid ?? '' },
          ]);
        }
        for (const r of reasons ?? []) ctx.io.out.write(`\n${sanitize(r.message)}\n${sanitize(r.output)}\n`);
      },
    });
    return 0;
  },
});
