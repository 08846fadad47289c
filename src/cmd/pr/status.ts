import { checkedOutBranch } from '../../git/git.js';
import { provider } from '../../provider/index.js';
import type { PullRequest as DomainPr } from '../../provider/pullrequests.js';
import { BbError } from '../../core/errors.js';
import { jsonRequest } from '../shared/print.js';
import { colorize, writeOut } from '../../output/iostreams.js';
import { pickFields, printJson } from '../../output/json.js';
import { PR_JSON_API_FIELDS, PR_JSON_FIELDS } from '../../provider/pullrequests.js';
import { apiFieldsFor } from '../shared/fields.js';
import { defineCommand } from '../define.js';
import { domainBranchLabel, domainPrJson, domainState } from './present.js';
import { CLOUD_PR_OP as OP } from '../../provider/pullrequests.js';

export default defineCommand({
  path: ['pr', 'status'],
  summary: 'Show the pull requests that concern you',
  description:
    "Three lists for the repository: the open pull request of the current branch, the open pull requests you opened, and the open ones where you are a reviewer who hasn't approved yet.",
  examples: ['bb pr status', 'bb pr status -R myteam/website', 'bb pr status --json needsReview --jq ".needsReview[].url"'],
  operations: [OP.user, OP.prList],
  dcOperations: ['GET /api/latest/users', 'GET /api/latest/users/{userSlug}', 'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests'],
  repo: true,
  json: ['currentBranch', 'createdByYou', 'needsReview'],
  async run(ctx, input) {
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
    const section = (title: string, prs: DomainPr[], none: string) => {
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
        writeOut(io, `${pr.title.replace(/\s+/g, ' ')} [${domainBranchLabel(pr)}]`);
        io.out.write(`  ${domainState(pr) === 'DRAFT' ? colorize(io, 'gray', 'Draft') : state}\n`);
      }
      io.out.write('\n');
    };
    io.out.write(`\nRelevant pull requests in ${repo.workspace}/${repo.repo}\n\n`);
    section('Current branch', current.slice(0, 1), branch ? `There is no open pull request for ${branch}` : 'Not on a branch');
    section('Created by you', created, 'You have no open pull requests');
    section('Requesting a code review from you', needsReview, 'You have no pull requests to review');
    return 0;
  },
});
