import { paginate } from '../../api/paginate.js';
import type { HttpTransport } from '../../api/http.js';
import type { RepoRef } from '../../git/remote.js';
import { expandPath, repoParams, templateOf } from '../../api/path.js';
import { BbError } from '../../core/errors.js';
import { sanitize } from '../../output/sanitize.js';
import { printFields, printTable } from '../../output/table.js';
import { printItem } from '../shared/print.js';
import { defineCommand } from '../define.js';
import { type Pipeline, OP as PIPELINE_OP, resolvePipeline } from './operations.js';
import { pipelineName } from './present.js';

const S = '/repositories/{workspace}/{repo_slug}/pipelines/{pipeline_uuid}/steps/{step_uuid}/test_reports';
const OP = {
  summary: `GET ${S}`,
  cases: `GET ${S}/test_cases`,
  reasons: `GET ${S}/test_cases/{test_case_uuid}/test_case_reasons`,
} as const;

/** The fields of a test case and of a reason the output reads: `fields=` trims the rest. */
const CASE_FIELDS = ['uuid', 'name', 'fully_qualified_name', 'package_name', 'status', 'duration'];
const REASON_FIELDS = ['message', 'output'];

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

const UUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

function parseUuid(text: unknown, what: string, hint: string): string {
  const t = typeof text === 'string' ? text.trim() : '';
  const m = UUID.exec(t);
  if (!m?.[1]) throw new BbError('INVALID_ARGUMENT', `"${t}" is not a ${what} UUID`, { hints: [hint] });
  return `{${m[1].toLowerCase()}}`;
}

/** The step's UUID: as given, or looked up by name among the pipeline's steps (exact, else ignoring case). */
async function stepUuidOf(http: HttpTransport, repo: RepoRef, p: Pipeline, text: string): Promise<string> {
  if (UUID.test(text.trim())) return parseUuid(text, 'step', '');
  const steps = await paginate<{ uuid: string; name?: string }>(
    http,
    templateOf(PIPELINE_OP.steps),
    { ...repoParams(repo), pipeline_uuid: p.uuid },
    {},
    { all: true, fields: ['uuid', 'name'] },
  );
  const exact = steps.filter((s) => s.name === text);
  const found = exact.length > 0 ? exact : steps.filter((s) => s.name?.toLowerCase() === text.toLowerCase());
  const names = steps.map((s) => sanitize(s.name ?? s.uuid));
  if (found.length === 0) {
    throw new BbError('API_NOT_FOUND', `pipeline ${pipelineName(p)} has no step named "${sanitize(text)}"`, {
      operation: PIPELINE_OP.steps,
      hints: [names.length > 0 ? `its steps: ${names.join(', ')}` : 'it has no steps yet'],
    });
  }
  if (found.length > 1) {
    throw new BbError('INVALID_ARGUMENT', `pipeline ${pipelineName(p)} has ${found.length} steps named "${sanitize(text)}"`, {
      hints: [`give the step's UUID: ${found.map((s) => s.uuid).join(', ')}`],
    });
  }
  return (found[0] as { uuid: string }).uuid;
}

export default defineCommand({
  path: ['pipeline', 'test-reports'],
  summary: 'Show the test report of a pipeline step',
  description:
    'Shows the test report Pipelines collected for a step of the pipeline (build number or UUID): how many test cases passed, failed, errored or were skipped, and each test case with its UUID. The step is its name (Build, Test…) or its UUID (`bb pipeline view PIPELINE --json steps`). With --reasons CASE_UUID, also what that test case printed when it failed.\n\nA step has a test report once it completed and its build wrote test results where Pipelines looks for them (JUnit XML under test-results/, test-reports/…); Bitbucket answers "not found" for any other step.',
  examples: [
    'bb pipeline test-reports 42 Test',
    '# why a failed test case failed (its UUID is in the list above)',
    'bb pipeline test-reports 42 Test --reasons {3f1c2b7e-9d4a-4e8b-a1f0-6c5d2e9b7a14} --json testCases,reasons',
  ],
  args: [
    { name: 'pipeline', description: 'the build number or UUID', required: true },
    { name: 'step', description: 'the step: its name or UUID', required: true },
  ],
  flags: [{ name: 'reasons', type: 'string', valueName: 'CASE_UUID', description: 'also show why this test case failed' }],
  repo: true,
  hosts: ['cloud'],
  json: TEST_REPORT_JSON_FIELDS,
  operations: [PIPELINE_OP.get, OP.summary, OP.cases],
  conditional: [
    {
      arg: 'step',
      pattern: '(?!\\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}?$).+',
      patternLabel: 'a step name',
      operations: [PIPELINE_OP.steps],
      source: "src/cmd/pipeline/test-reports.ts: a step name is looked up among the pipeline's steps",
    },
    { flag: 'reasons', operations: [OP.reasons], source: 'src/cmd/pipeline/test-reports.ts: --reasons reads why a test case failed' },
  ],
  async run(ctx, input) {
    const stepArg = String(input.args.step ?? '').trim();
    if (stepArg === '') throw new BbError('INVALID_ARGUMENT', 'the step is empty', { hints: ["give the step's name or UUID"] });
    const caseUuid =
      typeof input.flags.reasons === 'string' ? parseUuid(input.flags.reasons, 'test case', 'the test cases are listed without --reasons') : undefined;
    const repo = await ctx.repo(input.flags.repo);
    const p = await resolvePipeline(ctx, repo, input.args.pipeline);
    const http = await ctx.http();
    const stepUuid = await stepUuidOf(http, repo, p, stepArg);
    const params = { ...repoParams(repo), pipeline_uuid: p.uuid, step_uuid: stepUuid };
    let summary: Summary;
    try {
      const r = await http.send(new Request(http.url(expandPath(templateOf(OP.summary), params)), { method: 'GET' }), { operation: OP.summary });
      summary = (await r.json()) as Summary;
    } catch (e) {
      // Bitbucket answers 404 both for a step the pipeline does not have and for one that collected no test results
      if (e instanceof BbError && e.errorName === 'API_NOT_FOUND') {
        throw new BbError('API_NOT_FOUND', `pipeline ${pipelineName(p)} has no test report for step ${stepUuid}`, {
          operation: e.operation,
          status: 404,
          hints: [
            `list its steps with \`bb pipeline view ${pipelineName(p)} --json steps\``,
            'a step has a test report once it completed and its build wrote test results (JUnit XML) where Pipelines looks for them',
          ],
        });
      }
      throw e;
    }
    const cases = await paginate<TestCase>(http, templateOf(OP.cases), params, {}, { all: true, fields: CASE_FIELDS });
    const reasons =
      caseUuid === undefined
        ? null
        : (
            await paginate<{ message?: string; output?: string }>(
              http,
              templateOf(OP.reasons),
              { ...params, test_case_uuid: caseUuid },
              {},
              { all: true, fields: REASON_FIELDS },
            )
          ).map((r) => ({ message: r.message ?? '', output: r.output ?? '' }));
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
        for (const r of reasons ?? []) {
          const output = r.output.replace(/\n+$/, '');
          ctx.io.out.write(`\n${sanitize(r.message)}\n${output ? `${sanitize(output)}\n` : ''}`);
        }
      },
    });
    return 0;
  },
});
