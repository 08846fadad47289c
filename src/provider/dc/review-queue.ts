/** The reviewer queue on Bitbucket Data Center (src/provider/review-queue.ts): the user's dashboard, narrowed to one project. */
import type { components } from '../../api/generated/dc-schema.js';
import type { Context } from '../../context/context.js';
import { DC_QUEUE_OP as OP, type ReviewQueueMethods } from '../review-queue.js';
import { dcPaginate } from './http.js';
import { dcPullRequest } from './pullrequests.js';
import { projectKey } from './shapes.js';

export function reviewQueueMethods(ctx: Context): ReviewQueueMethods {
  return {
    async reviewQueue(workspace) {
      const key = projectKey(workspace);
      const inProject = (pr: components['schemas']['RestPullRequest']) =>
        (pr.toRef?.repository as { project?: { key?: string } } | undefined)?.project?.key?.toUpperCase() === key.toUpperCase();
      const list = (role: string, participantStatus?: string) =>
        dcPaginate<components['schemas']['RestPullRequest']>(
          ctx,
          OP.dashboard,
          {},
          { role, state: 'OPEN', order: 'NEWEST', participantStatus },
          { all: true, keep: inProject },
        );
      // waiting for my review: a reviewer who has not approved (the dashboard filters by my own participant status)
      const [needsReview, created] = await Promise.all([list('REVIEWER', 'UNAPPROVED,NEEDS_WORK'), list('AUTHOR')]);
      return { needsReview: needsReview.map(dcPullRequest), created: created.map(dcPullRequest) };
    },
  };
}
