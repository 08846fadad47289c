/** The reviewer queue on Bitbucket Cloud (src/provider/review-queue.ts): every repository of the workspace, a few at a time. */
import { paginate } from '../../api/paginate.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { mapBounded } from '../../util/concurrency.js';
import { notFound } from '../errors.js';
import { CLOUD_QUEUE_OP as OP, QUEUE_CONCURRENCY, type ReviewQueueMethods } from '../review-queue.js';
import { templateOf } from '../../api/path.js';
import { type CloudPr, cloudPullRequest, cloudPullRequestMethods } from './pullrequests.js';

/** Pull requests per repository bb reads (the newest updated first). */
const PER_REPO = 50;

export function reviewQueueMethods(ctx: Context): ReviewQueueMethods {
  return {
    async reviewQueue(workspace, fields) {
      const http = await ctx.http();
      const prs = cloudPullRequestMethods(ctx);
      const who = prs.userKey(await prs.currentUser());
      if (!who) throw new BbError('API_BAD_RESPONSE', 'GET /user answered without a uuid');
      const repos = await paginate<{ slug?: string }>(http, templateOf(OP.repos), { workspace }, {}, { all: true, fields: ['slug'] }).catch((e) => {
        throw notFound(e, `workspace ${workspace} not found`);
      });
      const createdP = paginate<CloudPr>(http, templateOf(OP.mine), { workspace, selected_user: who }, { state: ['OPEN'] }, { limit: 100, fields });
      createdP.catch(() => {}); // awaited below
      const slugs = repos.flatMap((r) => (r.slug ? [r.slug] : []));
      const perRepo = await mapBounded(slugs, QUEUE_CONCURRENCY, (slug) =>
        prs.listPullRequests({ workspace, repo: slug }, { states: ['OPEN'], reviewer: who, limit: PER_REPO, fields }),
      );
      const byUpdate = (a: { updatedAt: string | null }, b: { updatedAt: string | null }) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? '');
      const mine = who.toLowerCase();
      const waiting = perRepo.flat().filter((pr) => !pr.reviewers.some((r) => prs.userKey(r)?.toLowerCase() === mine && r.state === 'approved'));
      return { needsReview: waiting.sort(byUpdate), created: (await createdP).map(cloudPullRequest).sort(byUpdate) };
    },
  };
}
