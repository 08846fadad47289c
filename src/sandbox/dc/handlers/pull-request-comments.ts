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
  // a pending comment has no activity until its review is published (PUT …/review)
  const viewer = me(c).slug;
  const comments = Object.values(c.store.comments)
    .filter((x) => x.pr === key && x.parent === undefined && x.state !== 'PENDING')
    .sort((a, b) => b.id - a.id)
    .map((x) => ({
      id: x.id,
      createdDate: x.createdDate,
      user: userJson(c.store.users[x.author] as DcUser, c.base),
      action: 'COMMENTED',
      commentAction: 'ADDED',
      comment: commentJson(c.store, x, c.base, viewer),
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
  const parentComment = parent !== undefined ? c.store.comments[parent] : undefined;
  if (parent !== undefined && (parentComment?.pr !== key || (parentComment.state === 'PENDING' && parentComment.author !== me(c).slug)))
    throw new DcApiError(404, `Comment ${parent} does not exist.`, 'com.atlassian.bitbucket.comment.NoSuchCommentException');
  const severity = c.body.severity ?? 'NORMAL';
  if (severity !== 'NORMAL' && severity !== 'BLOCKER') throw new DcApiError(400, `Unknown severity ${String(severity)}: NORMAL or BLOCKER.`, VALIDATION);
  const state = c.body.state ?? 'OPEN';
  if (state !== 'OPEN' && state !== 'PENDING') throw new DcApiError(400, `A new comment is OPEN or PENDING, not ${String(state)}.`, VALIDATION);
  const comment: DcComment = {
    id: c.store.next('comment'),
    pr: key,
    version: 0,
    text,
    author: me(c).slug,
    createdDate: c.now(),
    updatedDate: c.now(),
    state,
    severity,
    ...(parent !== undefined ? { parent } : {}),
  };
  c.store.comments[comment.id] = comment;
  participant(pr, me(c).slug);
  return { status: 201, json: commentJson(c.store, comment, c.base, me(c).slug) };
};

const LINE_TYPES = ['ADDED', 'CONTEXT', 'REMOVED'];

/**
 * An anchor as DC validates it (RestCommentThreadDiffAnchor): a path; a line with its lineType (ADDED, CONTEXT,
 * REMOVED) and fileType (FROM, TO); a multi-line comment's `multilineMarker.startLine` on or before the line.
 */
function checkAnchor(a: unknown): DcCommentAnchor | undefined {
  if (a === undefined || a === null) return undefined;
  if (typeof a !== 'object') throw new DcApiError(400, 'anchor must be an object.', VALIDATION);
  const x = a as Record<string, unknown>;
  if (typeof x.path !== 'string' || x.path === '') throw new DcApiError(400, 'An anchored comment needs a path.', VALIDATION);
  const out: DcCommentAnchor = { path: x.path };
  if (x.diffType !== undefined) {
    if (!['COMMIT', 'EFFECTIVE', 'RANGE'].includes(String(x.diffType))) throw new DcApiError(400, `Unknown diffType ${String(x.diffType)}.`, VALIDATION);
    out.diffType = String(x.diffType);
  }
  if (x.fileType !== undefined) {
    if (x.fileType !== 'FROM' && x.fileType !== 'TO') throw new DcApiError(400, `Unknown fileType ${String(x.fileType)}: FROM or TO.`, VALIDATION);
    out.fileType = x.fileType;
  }
  if (x.line !== undefined) {
    if (typeof x.line !== 'number' || !Number.isInteger(x.line) || x.line < 1) throw new DcApiError(400, 'line must be a whole number ≥ 1.', VALIDATION);
    if (!LINE_TYPES.includes(String(x.lineType))) throw new DcApiError(400, 'A line comment needs a lineType: ADDED, CONTEXT or REMOVED.', VALIDATION);
    out.line = x.line;
    out.lineType = String(x.lineType);
  }
  const m = x.multilineMarker;
  if (m !== undefined && m !== null) {
    const mm = m as Record<string, unknown>;
    if (out.line === undefined) throw new DcApiError(400, 'A multi-line comment needs a line (its last line).', VALIDATION);
    if (typeof mm.startLine !== 'number' || !Number.isInteger(mm.startLine) || mm.startLine < 1 || mm.startLine > out.line)
      throw new DcApiError(400, "multilineMarker.startLine must be a line on or before the comment's line.", VALIDATION);
    if (!LINE_TYPES.includes(String(mm.startLineType))) throw new DcApiError(400, 'multilineMarker needs a startLineType.', VALIDATION);
    out.startLine = mm.startLine;
    out.startLineType = String(mm.startLineType);
  }
  return out;
}

/** The top-level comments of a pull request holding `slug`'s pending comments (their review in progress). */
function reviewThreads(c: Parameters<DcHandler>[0], key: string, slug: string): DcComment[] {
  const mine = Object.values(c.store.comments).filter((x) => x.pr === key && x.state === 'PENDING' && x.author === slug);
  const roots = new Set<number>();
  for (const x of mine) {
    let r: DcComment = x;
    while (r.parent !== undefined && c.store.comments[r.parent]) r = c.store.comments[r.parent] as DcComment;
    roots.add(r.id);
  }
  return [...roots].sort((a, b) => a - b).map((id) => c.store.comments[id] as DcComment);
}

/** The comment of the path, unless it is someone else's pending comment (which DC does not show: 404). */
function visible(c: Parameters<DcHandler>[0]): DcComment {
  const comment = commentOf(c);
  if (comment.state === 'PENDING' && comment.author !== me(c).slug)
    throw new DcApiError(404, `Comment ${comment.id} does not exist.`, 'com.atlassian.bitbucket.comment.NoSuchCommentException');
  return comment;
}

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
  // a pending comment stays pending until its review is finished (PUT …/review); a published one cannot go back
  if (c.body.state === 'PENDING' && comment.state !== 'PENDING') throw new DcApiError(400, 'A published comment cannot be made pending again.', VALIDATION);
  if (c.body.state !== undefined && c.body.state !== 'RESOLVED' && c.body.state !== 'OPEN' && c.body.state !== 'PENDING')
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
  [`GET ${PR}/comments/{commentId}`]: (c) => ({ status: 200, json: commentJson(c.store, visible(c), c.base, me(c).slug) }),
  [`PUT ${PR}/comments/{commentId}`]: (c) => updateComment(c, visible(c)),
  [`DELETE ${PR}/comments/{commentId}`]: (c) => {
    c.store.dropComment(commentOf(c).id);
    return { status: 204 };
  },
  [`POST ${PR}/comments`]: async (c) => {
    const anchor = checkAnchor(c.body.anchor);
    const reply = await addComment(c);
    const json = reply.json as { id: number } & Record<string, unknown>;
    if (anchor) {
      c.store.anchors[json.id] = anchor;
      json.anchor = anchorJson(anchor);
    }
    return reply;
  },
  [`GET ${PR}/review`]: (c) => {
    const { repo, pr } = prOf(c);
    const slug = me(c).slug;
    const threads = reviewThreads(c, c.store.prKey(repo, pr.id), slug).map((x) => {
      const an = c.store.anchors[x.id];
      return { ...commentJson(c.store, x, c.base, slug), ...(an ? { anchor: anchorJson(an) } : {}) };
    });
    return { status: 200, json: page(c, threads) };
  },
  [`PUT ${PR}/review`]: (c) => {
    const { repo, pr } = prOf(c);
    const user = me(c);
    if (!c.hasBody) throw new DcApiError(400, 'The request has no body.', VALIDATION);
    const raw = c.body.participantStatus;
    const status = raw === undefined ? undefined : String(raw).toUpperCase();
    if (status !== undefined && !['APPROVED', 'NEEDS_WORK', 'UNAPPROVED'].includes(status))
      throw new DcApiError(400, `Unknown participant status ${String(raw)}.`, VALIDATION);
    const key = c.store.prKey(repo, pr.id);
    const pending = Object.values(c.store.comments).filter((x) => x.pr === key && x.state === 'PENDING' && x.author === user.slug);
    if (pending.length === 0)
      throw new DcApiError(404, 'There is no pull request review for you to finish.', 'com.atlassian.bitbucket.pull.NoSuchPullRequestReviewException');
    if (pr.state !== 'OPEN')
      throw new DcApiError(409, `Pull request ${pr.id} is ${pr.state.toLowerCase()}.`, 'com.atlassian.bitbucket.pull.InvalidPullRequestStateException');
    for (const x of pending) {
      x.state = 'OPEN';
      x.updatedDate = c.now();
    }
    const text = str(c.body.commentText);
    if (text) {
      const id = c.store.next('comment');
      c.store.comments[id] = {
        id,
        pr: key,
        version: 0,
        text,
        author: user.slug,
        createdDate: c.now(),
        updatedDate: c.now(),
        state: 'OPEN',
        severity: 'NORMAL',
      };
    }
    const p = participant(pr, user.slug);
    if (status) {
      p.status = status as typeof p.status;
      p.approved = status === 'APPROVED';
    }
    // the spec says the answer carries "the number of published comments" without a schema: the sandbox's shape
    return { status: 200, json: { publishedCommentCount: pending.length } };
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
      .filter(
        (x) =>
          x.pr === key &&
          x.parent === undefined &&
          c.store.anchors[x.id]?.path === path &&
          (states.length === 0 || states.includes(x.state)) &&
          (x.state !== 'PENDING' || x.author === me(c).slug),
      )
      .sort((a, b) => a.id - b.id)
      .map((x) => ({
        ...commentJson(c.store, x, c.base),
        anchor: { path: pathJson(path), ...(c.store.anchors[x.id]?.line !== undefined ? { line: c.store.anchors[x.id]?.line } : {}) },
      }));
    return { status: 200, json: page(c, comments) };
  },
};
