import { checkedOutBranch } from '../../git/git.js';
import { provider } from '../../provider/index.js';
import type { PullRequest as DomainPr } from '../../provider/pullrequests.js';
import { BbError } from '../../core/errors.js';
import { jsonRequest } from '../shared/print.js';
import { colorize, writeOut } from '../../output/iostreams.js';
import { pickFields, printJson } from '../../output/json.js';
import { PR_JSON_API_FIELDS, PR_JSON_FIELDS } from '../../provider/pullrequests.js';
import { apiFieldsFor } from '../shared/fields.js';
import { type CommandInput, defineCommand } from '../define.js';
import type { Context } from '../../context/context.js';
import { domainBranchLabel, domainPrJson, domainState } from './present.js';
import { CLOUD_PR_OP as OP } from '../../provider/pullrequests.js';
import { CLOUD_QUEUE_OP as QUEUE_OP, DC_QUEUE_OP } from '../../provider/review-queue.js';

export default defineCommand({
  path: ['pr', 'status'],
  summary: 'Show the pull requests that concern you',
  description:
    "Three lists for the repository: the open pull request of the current branch, the open pull requests you opened, and the open ones where you are a reviewer who hasn't approved yet.\n\nWith --workspace, your reviewer queue across a whole workspace (Data Center: a project): the open pull requests of every repository in it that wait for your review, and the ones you opened there. Bitbucket Cloud is asked about each repository, a few at a time; Data Center answers from your dashboard.",
  examples: [
    'bb pr status',
    'bb pr status -R myteam/website',
    'bb pr status --json needsReview --jq ".needsReview[].url"',
    '# everything waiting for you in a workspace',
    'bb pr status --workspace myteam',
  ],
  flags: [
    { name: 'workspace', type: 'string', valueName: 'WORKSPACE', description: 'every repository of this workspace (Data Center: project) instead of one' },
  ],
  conditional: [
    {
      flag: 'workspace',
      operations: [QUEUE_OP.repos, QUEUE_OP.mine],
      source: "src/provider/cloud/review-queue.ts: the repositories of the workspace, then each one's pull requests, and yours",
    },
  ],
  operations: [OP.user, OP.prList],
  dcOperations: [
    'GET /api/latest/users',
    'GET /api/latest/users/{userSlug}',
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests',
    DC_QUEUE_OP.dashboard,
  ],
  repo: true,
  json: ['currentBranch', 'createdByYou', 'needsReview'],
  async run(ctx, input) {
    const workspace = input.flags.workspace as string | undefined;
    if (workspace !== undefined && input.flags.repo !== undefined) throw new BbError('INVALID_ARGUMENT', '--workspace and --repo cannot be used together');
    if (workspace !== undefined && !workspace.trim())
      throw new BbError('INVALID_ARGUMENT', '--workspace is empty', { hints: ['pass a workspace slug (Data Center: a project key)'] });
    if (workspace !== undefined) return workspaceStatus(ctx, input, workspace.trim());
    const repo = await ctx.repo(input.flags.repo);
    const p = await provider(ctx);
    // every field the output reads, reviewers included: Cloud leaves them out of lists unless fields= names them
    const fields = apiFieldsFor(PR_JSON_FIELDS, PR_JSON_API_FIELDS);
    const list = (o: { head?: string; author?: string; reviewer?: string }) => p.listPullRequests(repo, { states: ['OPEN'], limit: 50, fields, ...o });
    // the current branch's pull request does not depend on who you are: it is asked for alongside the user;
    // the two lists that name you follow the user's answer (two round trips in all)
    const branch = await checkedOutBranch(ctx.git);
    const currentP = branch ? list({ head: branch }) : Promise.resolve([]);
    currentP.catch(() => {}); // awaited below; a failing user lookup must not leave it unhandled
    const self = await p.currentUser();
    const who = p.userKey(self);
    if (!who) throw new BbError('API_BAD_RESPONSE', 'GET /user answered without a uuid');
    const [current, created, reviewing] = await Promise.all([currentP, list({ author: who }), list({ reviewer: who })]);
    const mine = who.toLowerCase();
    const needsReview = reviewing.filter((pr) => !pr.reviewers.some((r) => p.userKey(r)?.toLowerCase() === mine && r.state === 'approved'));
    const json = jsonRequest(input);
    if (json) {
      const data = {
        currentBranch: current[0] ? domainPrJson(current[0]) : null,
        createdByYou: created.map(domainPrJson),
        needsReview: needsReview.map(domainPrJson),
      };
      await printJson(ctx.io, pickFields(data, json.fields), json);
      return 0;
    }
    const io = ctx.io;
    const section = (title: string, prs: DomainPr[], none: string) => printSection(ctx, title, prs, none);
    io.out.write(`\nRelevant pull requests in ${repo.workspace}/${repo.repo}\n\n`);
    section('Current branch', current.slice(0, 1), branch ? `There is no open pull request for ${branch}` : 'Not on a branch');
    section('Created by you', created, 'You have no open pull requests');
    section('Requesting a code review from you', needsReview, 'You have no pull requests to review');
    return 0;
  },
});

/** One section of the status: its title, then a line per pull request (with its repository when `withRepo`), or `none`. */
function printSection(ctx: Context, title: string, prs: DomainPr[], none: string, withRepo = false): void {
  const io = ctx.io;

  io.out.write(`${colorize(io, 'bold', title)}\n`);
  if (prs.length === 0) io.out.write(`  ${colorize(io, 'gray', none)}\n`);
  for (const pr of prs) {
    const reviews = pr.reviewers;
    const approved = reviews.filter((r) => r.state === 'approved').length;
    const changes = reviews.some((r) => r.state === 'changes requested');
    const state = changes
      ? colorize(io, 'red', '- Changes requested')
      : approved
        ? colorize(io, 'green', `✓ ${approved} approval${approved === 1 ? '' : 's'}`)
        : colorize(io, 'yellow', '- Review required');
    io.out.write(`  ${colorize(io, 'green', `#${pr.id}`)}  `);
    writeOut(io, `${withRepo && pr.baseRepository ? `${pr.baseRepository} ` : ''}${pr.title.replace(/\s+/g, ' ')} [${domainBranchLabel(pr)}]`);
    io.out.write(`  ${domainState(pr) === 'DRAFT' ? colorize(io, 'gray', 'Draft') : state}\n`);
  }
  io.out.write('\n');
}

/** `--workspace`: the reviewer queue of a whole workspace (provider reviewQueue) and the pull requests you opened there. */
async function workspaceStatus(ctx: Context, input: CommandInput, workspace: string): Promise<number> {
  const p = await provider(ctx);
  const fields = apiFieldsFor(PR_JSON_FIELDS, PR_JSON_API_FIELDS);
  const { needsReview, created } = await p.reviewQueue(workspace, fields);
  const json = jsonRequest(input);
  if (json) {
    await printJson(
      ctx.io,
      pickFields({ currentBranch: null, createdByYou: created.map(domainPrJson), needsReview: needsReview.map(domainPrJson) }, json.fields),
      json,
    );
    return 0;
  }
  ctx.io.out.write(`\nRelevant pull requests in ${workspace}\n\n`);
  printSection(ctx, 'Created by you', created, 'You have no open pull requests', true);
  printSection(ctx, 'Requesting a code review from you', needsReview, 'You have no pull requests to review', true);
  return 0;
}
