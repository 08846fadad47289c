import { pathJson, VALIDATION } from '../diff.js';
import type { DcComment, DcCommentAnchor, DcUser } from '../model.js';
import { anchorJson, commentJson, userJson } from '../wire.js';
import { commentOf, DcApiError, type DcHandler, type DcRoutes, me, PR, page, participant, prOf, str } from './context.js';

/**
 * A pull request's comments (with inline anchors), tasks (blocker comments) and activity.
 */

/** The activity (opened, comments), before the route adds the comments' inline anchors. */
const listActivities: DcHandler = (c) => {
  const { repo, pr } = prOf(c);
  const key = c.store.prKey(repo, pr.id);
  const comments = Object.values(c.store.comments)
    .filter((x) => x.pr === key && x.parent === undefined)
    .sort((a, b) => b.id - a.id)
    .map((x) => ({
      id: x.id,
      createdDate: x.createdDate,
      user: userJson(c.store.users[x.author] as DcUser, c.base),
      action: 'COMMENTED',
      commentAction: 'ADDED',
      comment: commentJson(c.store, x, c.base),
    }));
  const opened = {
    id: pr.id * 1000,
    createdDate: pr.createdDate,
    user: userJson(c.store.users[pr.participants[0]?.user ?? ''] as DcUser, c.base),
    action: 'OPENED',
  };
  return { status: 200, json: page(c, [...comments, opened]) };
};

/** A new comment (or reply, or task), before the route records its inline anchor. */
const addComment: DcHandler = (c) => {
  const { repo, pr } = prOf(c);
  const text = str(c.body.text);
  if (!text) throw new DcApiError(400, 'A comment needs text.', 'com.atlassian.bitbucket.validation.ArgumentValidationException');
  const parent = (c.body.parent as { id?: number } | undefined)?.id;
  const key = c.store.prKey(repo, pr.id);
  if (parent !== undefined && c.store.comments[parent]?.pr !== key)
    throw new DcApiError(404, `Comment ${parent} does not exist.`, 'com.atlassian.bitbucket.comment.NoSuchCommentException');
  const comment: DcComment = {
    id: c.store.next('comment'),
    pr: key,
    version: 0,
    text,
    author: me(c).slug,
    createdDate: c.now(),
    updatedDate: c.now(),
    state: 'OPEN',
    severity: c.body.severity === 'BLOCKER' ? 'BLOCKER' : 'NORMAL',
    ...(parent !== undefined ? { parent } : {}),
  };
  c.store.comments[comment.id] = comment;
  participant(pr, me(c).slug);
  return { status: 201, json: commentJson(c.store, comment, c.base) };
};

/**
 * A change to a comment or task (PUT …/comments/{id}, …/blocker-comments/{id}): the body's `version` must be the
 * comment's (409 otherwise); only the author may change the text (DC's documented rule); `state` RESOLVED / OPEN
 * resolves or reopens it, `severity` BLOCKER / NORMAL turns it into a task or back.
 */
function updateComment(c: Parameters<DcHandler>[0], comment: DcComment) {
  if (typeof c.body.version === 'number' && c.body.version !== comment.version)
    throw new DcApiError(409, 'The comment has been changed since you read it.', 'com.atlassian.bitbucket.comment.CommentOutOfDateException');
  const text = str(c.body.text);
  if (c.body.text !== undefined && !text?.trim())
    throw new DcApiError(400, 'A comment needs text.', 'com.atlassian.bitbucket.validation.ArgumentValidationException');
  if (c.body.state !== undefined && c.body.state !== 'RESOLVED' && c.body.state !== 'OPEN')
    throw new DcApiError(400, `"${String(c.body.state)}" is not a comment state (OPEN, RESOLVED).`, VALIDATION);
  if (c.body.severity !== undefined && c.body.severity !== 'BLOCKER' && c.body.severity !== 'NORMAL')
    throw new DcApiError(400, `"${String(c.body.severity)}" is not a comment severity (NORMAL, BLOCKER).`, VALIDATION);
  if (text !== undefined && text !== comment.text && comment.author !== me(c).slug)
    throw new DcApiError(403, 'Only the author of a comment may update its text.', 'com.atlassian.bitbucket.AuthorisationException');
  if (text !== undefined) comment.text = text;
  if ((c.body.state === 'RESOLVED' || c.body.state === 'OPEN') && c.body.state !== comment.state) {
    comment.state = c.body.state;
    if (comment.state === 'RESOLVED') {
      comment.resolver = me(c).slug;
      comment.resolvedDate = c.now();
    } else {
      delete comment.resolver;
      delete comment.resolvedDate;
    }
  }
  if (c.body.severity === 'BLOCKER' || c.body.severity === 'NORMAL') comment.severity = c.body.severity;
  comment.version++;
  comment.updatedDate = c.now();
  return { status: 200, json: commentJson(c.store, comment, c.base) };
}

/** DELETE with `?version=` (409 when it is not the comment's); a comment with replies cannot be deleted. */
function deleteComment(c: Parameters<DcHandler>[0], comment: DcComment) {
  const v = c.query.get('version');
  if (v !== null && Number(v) !== comment.version)
    throw new DcApiError(409, 'The comment has been changed since you read it.', 'com.atlassian.bitbucket.comment.CommentOutOfDateException');
  if (Object.values(c.store.comments).some((x) => x.parent === comment.id))
    throw new DcApiError(409, 'A comment which has replies cannot be deleted.', 'com.atlassian.bitbucket.comment.CommentDeletionException');
  c.store.dropComment(comment.id);
  return { status: 204 };
}

export const PULL_REQUEST_COMMENT_ROUTES: DcRoutes = {
  [`GET ${PR}/comments/{commentId}`]: (c) => ({ status: 200, json: commentJson(c.store, commentOf(c), c.base) }),
  [`PUT ${PR}/comments/{commentId}`]: (c) => updateComment(c, commentOf(c)),
  [`DELETE ${PR}/comments/{commentId}`]: (c) => {
    c.store.dropComment(commentOf(c).id);
    return { status: 204 };
  },
  [`POST ${PR}/comments`]: async (c) => {
    const reply = await addComment(c);
    const anchor = c.body.anchor as Partial<DcCommentAnchor> | undefined;
    const json = reply.json as { id: number } & Record<string, unknown>;
    if (anchor?.path) {
      c.store.anchors[json.id] = { ...anchor, path: anchor.path };
      json.anchor = anchorJson(c.store.anchors[json.id]);
    }
    return reply;
  },
  [`GET ${PR}/activities`]: async (c) => {
    const reply = await listActivities(c);
    const page = reply.json as { values: Array<{ comment?: { id: number } & Record<string, unknown> } & Record<string, unknown>> };
    for (const a of page.values) {
      const an = a.comment ? c.store.anchors[a.comment.id] : undefined;
      if (an && a.comment) {
        a.comment.anchor = anchorJson(an);
        a.commentAnchor = anchorJson(an);
      }
    }
    return reply;
  },
  [`GET ${PR}/blocker-comments`]: (c) => {
    const { repo, pr } = prOf(c);
    const key = c.store.prKey(repo, pr.id);
    // `state` (repeatable) and `states` (comma-separated): both are in the spec
    const states = [...c.query.getAll('state'), ...(c.query.get('states') ?? '').split(',')].map((s) => s.trim().toUpperCase()).filter(Boolean);
    const tasks = Object.values(c.store.comments)
      .filter((x: DcComment) => x.pr === key && x.severity === 'BLOCKER' && (states.length === 0 || states.includes(x.state)))
      .sort((a, b) => a.id - b.id)
      .map((t) => commentJson(c.store, t, c.base));
    return { status: 200, json: page(c, tasks) };
  },
  [`POST ${PR}/blocker-comments`]: (c) => {
    c.body = { ...c.body, severity: 'BLOCKER' };
    return addComment(c);
  },
  // the blocker-comments resource reads and changes any comment of the pull request (the spec: "Retrieves a pull request comment")
  [`GET ${PR}/blocker-comments/{commentId}`]: (c) => ({ status: 200, json: commentJson(c.store, commentOf(c), c.base) }),
  [`PUT ${PR}/blocker-comments/{commentId}`]: (c) => updateComment(c, commentOf(c)),
  [`DELETE ${PR}/blocker-comments/{commentId}`]: (c) => deleteComment(c, commentOf(c)),
  [`GET ${PR}/comments`]: (c) => {
    const { repo, pr } = prOf(c);
    const path = c.query.get('path');
    if (!path) throw new DcApiError(400, 'The "path" query parameter is required: the file whose comments to list.', VALIDATION);
    const key = c.store.prKey(repo, pr.id);
    const states = c.query.getAll('state');
    const comments = Object.values(c.store.comments)
      .filter((x) => x.pr === key && x.parent === undefined && c.store.anchors[x.id]?.path === path && (states.length === 0 || states.includes(x.state)))
      .sort((a, b) => a.id - b.id)
      .map((x) => ({
        ...commentJson(c.store, x, c.base),
        anchor: { path: pathJson(path), ...(c.store.anchors[x.id]?.line !== undefined ? { line: c.store.anchors[x.id]?.line } : {}) },
      }));
    return { status: 200, json: page(c, comments) };
  },
};
