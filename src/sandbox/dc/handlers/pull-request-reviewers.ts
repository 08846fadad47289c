import type { DcPullRequest } from '../model.js';
import { userJson } from '../wire.js';
import { DcApiError, type DcRoutes, me, PR, participant, prOf, str } from './context.js';

/**
 * A pull request's participants and reviewers: add, change, remove, approve and un-approve.
 */

export const PULL_REQUEST_REVIEWER_ROUTES: DcRoutes = {
  [`POST ${PR}/approve`]: (c) => {
    const { pr } = prOf(c);
    const p = participant(pr, me(c).slug);
    p.approved = true;
    p.status = 'APPROVED';
    return { status: 200, json: { user: userJson(me(c), c.base), role: p.role, approved: true, status: 'APPROVED' } };
  },
  [`PUT ${PR}/participants/{userSlug}`]: (c) => {
    const { pr } = prOf(c);
    const user = me(c);
    if (c.params.userSlug !== user.slug) throw new DcApiError(400, 'You can only change your own participant status.');
    const status = str(c.body.status) ?? 'APPROVED';
    if (!['APPROVED', 'UNAPPROVED', 'NEEDS_WORK'].includes(status)) throw new DcApiError(400, `Unknown status ${status}.`);
    const p = participant(pr, user.slug);
    p.status = status as DcPullRequest['participants'][number]['status'];
    p.approved = status === 'APPROVED';
    return { status: 200, json: { user: userJson(user, c.base), role: p.role, approved: p.approved, status: p.status } };
  },
  [`POST ${PR}/participants`]: (c) => {
    const { pr } = prOf(c);
    const name = (c.body.user as { name?: string } | undefined)?.name ?? '';
    const user = c.store.users[name];
    if (!user) throw new DcApiError(404, `User ${name} does not exist.`, 'com.atlassian.bitbucket.user.NoSuchUserException');
    if (pr.participants.find((p) => p.user === name && p.role === 'AUTHOR'))
      throw new DcApiError(409, 'The author of a pull request cannot review it.', 'com.atlassian.bitbucket.pull.InvalidPullRequestParticipantException');
    let p = pr.participants.find((x) => x.user === name);
    if (!p) {
      p = { user: name, role: 'REVIEWER', approved: false, status: 'UNAPPROVED' };
      pr.participants.push(p);
    }
    p.role = c.body.role === 'PARTICIPANT' ? 'PARTICIPANT' : 'REVIEWER';
    return {
      status: 200,
      json: {
        user: { name: user.slug, slug: user.slug, displayName: user.displayName, id: user.id, type: 'NORMAL' },
        role: p.role,
        approved: p.approved,
        status: p.status,
      },
    };
  },
  [`DELETE ${PR}/participants/{userSlug}`]: (c) => {
    const { pr } = prOf(c);
    const i = pr.participants.findIndex((p) => p.user === c.params.userSlug && p.role !== 'AUTHOR');
    if (i < 0)
      throw new DcApiError(404, `${c.params.userSlug} is not a reviewer of pull request ${pr.id}.`, 'com.atlassian.bitbucket.user.NoSuchUserException');
    pr.participants.splice(i, 1);
    return { status: 204 };
  },
  [`DELETE ${PR}/approve`]: (c) => {
    const { pr } = prOf(c);
    const user = me(c);
    if (pr.state !== 'OPEN')
      throw new DcApiError(409, `Pull request ${pr.id} is ${pr.state.toLowerCase()}.`, 'com.atlassian.bitbucket.pull.InvalidPullRequestStateException');
    const p = participant(pr, user.slug);
    p.approved = false;
    p.status = 'UNAPPROVED';
    return { status: 200, json: { user: userJson(user, c.base), role: p.role, approved: false, status: 'UNAPPROVED' } };
  },
};
