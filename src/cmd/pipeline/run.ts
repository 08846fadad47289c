import { repoParams } from '../../api/path.js';
import { checkedOutBranch } from '../../git/git.js';
import { must } from '../../api/client.js';
import { requireFields } from '../../api/errors.js';
import { BbError } from '../../core/errors.js';
import { printItem, status } from '../shared/print.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { OP, type Pipeline } from './operations.js';
import { PIPELINE_JSON_FIELDS, pipelineJson, pipelineName, targetLabel } from './present.js';
import { maskedVariables, parseVariables, type RunVariable } from './variables.js';

export default defineCommand({
  path: ['pipeline', 'run'],
  summary: 'Start a pipeline',
  description:
    'Starts the pipeline that bitbucket-pipelines.yml defines for a branch (default: the current branch), optionally at a given commit, or a custom pipeline with --custom. Variables are passed with --var KEY=VALUE; secured ones with --secure-var KEY=VALUE, or --secure-var KEY to take the value from the environment variable KEY (keeps it out of argv). Secured values are never printed, not even by --dry-run.',
  examples: [
    '# the default pipeline of the current branch',
    'bb pipeline run',
    'bb pipeline run --branch main',
    '# a custom pipeline with variables; the secured one comes from $DEPLOY_TOKEN',
    'bb pipeline run --custom deploy-prod --branch main --var TARGET=eu --secure-var DEPLOY_TOKEN',
    'bb pipeline run --branch main --commit 1a2b3c4d --dry-run',
  ],
  flags: [
    { name: 'branch', short: 'b', type: 'string', valueName: 'BRANCH', description: 'branch to run on (default: the current branch)' },
    { name: 'commit', type: 'string', valueName: 'SHA', description: 'run at this commit (in the context of the branch)' },
    { name: 'custom', type: 'string', valueName: 'PIPELINE', description: 'run this custom pipeline (from the `custom:` section)' },
    { name: 'var', type: 'multi', valueName: 'KEY=VALUE', description: 'a pipeline variable (repeatable)' },
    { name: 'secure-var', type: 'multi', valueName: 'KEY[=VALUE]', description: 'a secured variable; KEY alone reads $KEY (repeatable)' },
  ],
  repo: true,
  write: true,
  json: PIPELINE_JSON_FIELDS,
  operations: [OP.run],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const vars = parseVariables((input.flags.var as string[] | undefined) ?? [], (input.flags.secureVar as string[] | undefined) ?? [], ctx.env);
    const commit = input.flags.commit as string | undefined;
    if (commit !== undefined && !/^[0-9a-f]{7,40}$/i.test(commit)) {
      throw new BbError('INVALID_ARGUMENT', `--commit ${commit}: not a commit hash`, { hints: ['give the full or abbreviated hash, e.g. --commit 1a2b3c4d'] });
    }
    const custom = input.flags.custom as string | undefined;
    const branch = (input.flags.branch as string | undefined) ?? (await checkedOutBranch(ctx.git));
    if (!branch && !commit) {
      throw new BbError('INVALID_ARGUMENT', 'no branch: pass --branch (or --commit), or run inside a clone on a branch', {
        hints: ['for example: bb pipeline run --branch main'],
      });
    }
    const body = (vs: RunVariable[]) => ({
      target: {
        ...(branch ? { type: 'pipeline_ref_target', ref_type: 'branch', ref_name: branch } : { type: 'pipeline_commit_target' }),
        ...(commit ? { commit: { type: 'commit', hash: commit } } : {}),
        ...(custom ? { selector: { type: 'custom', pattern: custom } } : {}),
      },
      ...(vs.length ? { variables: vs } : {}),
    });
    if (dryRun(ctx, input, { operation: OP.run, params: repoParams(repo), body: body(maskedVariables(vars)) })) return 0;
    const api = await ctx.api();
    const p = must(
      await api.POST('/repositories/{workspace}/{repo_slug}/pipelines', { params: { path: repoParams(repo) }, body: body(vars) as never }),
    ) as unknown as Pipeline;
    requireFields(p, 'the pipeline', ['uuid'], OP.run);
    status(ctx, `✓ Started pipeline ${pipelineName(p)} (${targetLabel(p) || branch || commit})`);
    if (p.links?.html?.href) status(ctx, `  ${p.links.html.href}`);
    status(ctx, `  follow it with: bb pipeline watch ${p.build_number ?? p.uuid}${input.flags.repo ? ` -R ${repo.workspace}/${repo.repo}` : ''}`);
    await printItem(ctx, input, p, { toJson: (x) => pipelineJson(x), human: () => void ctx.io.out.write(`${p.build_number ?? p.uuid}\n`) });
    return 0;
  },
});
