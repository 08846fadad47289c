import { rendered } from '../markdown.js';
import { type IssueCommentRecord, type IssueRecord, newUuid, type RepositoryRecord, type UserRecord } from '../state.js';
import { accountRef, repositoryRef } from '../wire.js';
import { bodyObject, page, repoOf, str } from './common.js';
import { ApiError, created, type HandlerContext, type HandlerMap, json, noContent, type Sandbox } from './types.js';

/**
 * The issue tracker: issues (list with q/sort, create, view, update, delete) and their comments.
 * A repository with `has_issues: false` answers 404, as Bitbucket does. Creating and updating
 * emit `issue:created`, `issue:updated` and `issue:comment_created` for webhooks.
 */

export const ISSUE_STATES = ['submitted', 'new', 'open', 'resolved', 'on hold', 'invalid', 'duplicate', 'wontfix', 'closed'];
export const ISSUE_KINDS = ['bug', 'enhancement', 'proposal', 'task'];
export const ISSUE_PRIORITIES = ['trivial', 'minor', 'major', 'critical', 'blocker'];
export const NO_TRACKER = 'Repository has no issue tracker.';

const enc = encodeURIComponent;

function trackerOf(c: HandlerContext): RepositoryRecord {
  const repo = repoOf(c);
  if (!repo.has_issues) throw new ApiError(404, NO_TRACKER);
  return repo;
}

function issueOf(c: HandlerContext, repo: RepositoryRecord): IssueRecord {
  const id = Number(c.params.issue_id);
  const issue = Number.isInteger(id) ? Object.values(c.sb.store.data.issues).find((i) => i.repository === repo.uuid && i.id === id) : undefined;
  if (!issue) throw new ApiError(404, `Issue ${c.params.issue_id} not found`);
  return issue;
}

function userRef(sb: Sandbox, uuid: string | undefined): Record<string, unknown> | null {
  const u = uuid ? sb.store.data.users[uuid] : undefined;
  return u ? accountRef(sb.urls, u) : null;
}

export function issueJson(sb: Sandbox, repo: RepositoryRecord, i: IssueRecord): Record<string, unknown> {
  const self = `/repositories/${repo.workspace}/${repo.slug}/issues/${i.id}`;
  return {
    type: 'issue',
    id: i.id,
    repository: repositoryRef(sb.urls, repo),
    title: i.title,
    reporter: userRef(sb, i.reporter),
    assignee: userRef(sb, i.assignee),
    created_on: i.created_on,
    updated_on: i.updated_on,
    edited_on: i.edited_on ?? null,
    state: i.state,
    kind: i.kind,
    priority: i.priority,
    milestone: null,
    version: null,
    component: null,
    votes: i.votes,
    content: rendered(i.content),
    links: {
      self: { href: sb.urls.api(self) },
      html: { href: sb.urls.html(`/${repo.workspace}/${repo.slug}/issues/${i.id}`) },
      comments: { href: sb.urls.api(`${self}/comments`) },
      attachments: { href: sb.urls.api(`${self}/attachments`) },
      watch: { href: sb.urls.api(`${self}/watch`) },
      vote: { href: sb.urls.api(`${self}/vote`) },
    },
  };
}

function commentJson(sb: Sandbox, repo: RepositoryRecord, issue: IssueRecord, cm: IssueCommentRecord): Record<string, unknown> {
  const self = `/repositories/${repo.workspace}/${repo.slug}/issues/${issue.id}/comments/${cm.id}`;
  return {
    type: 'issue_comment',
    id: cm.id,
    created_on: cm.created_on,
    updated_on: cm.updated_on,
    content: rendered(cm.content),
    user: userRef(sb, cm.user),
    deleted: false,
    issue: { type: 'issue', id: issue.id, title: issue.title, repository: repositoryRef(sb.urls, repo) },
    links: {
      self: { href: sb.urls.api(self) },
      html: { href: sb.urls.html(`/${repo.workspace}/${repo.slug}/issues/${issue.id}#comment-${cm.id}`) },
    },
  };
}

function pick(value: unknown, allowed: string[], field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new ApiError(400, 'Bad request', undefined, { [field]: [`"${String(value)}" is not a valid choice: ${allowed.join(', ')}`] });
  }
  return value;
}

function contentOf(body: Record<string, unknown>): string | undefined {
  const c = body.content;
  if (typeof c === 'string') return c;
  if (c && typeof c === 'object') return str((c as Record<string, unknown>).raw);
  return undefined;
}

/** `assignee: {uuid|account_id|nickname}` or null; 400 for an unknown user. */
function assigneeOf(c: HandlerContext, value: unknown): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  const o = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const ref = str(o.uuid) ?? str(o.account_id) ?? str(o.nickname) ?? str(o.username);
  const user = ref ? c.sb.store.user(ref) : undefined;
  if (!user) throw new ApiError(400, 'Bad request', undefined, { assignee: [`${ref ?? 'the assignee'} is not a valid user`] });
  return user.uuid;
}

/** Create an issue record (handlers and the demo seed). */
export function addIssue(
  sb: Sandbox,
  repo: RepositoryRecord,
  reporter: UserRecord,
  o: { title: string; content?: string; state?: string; kind?: string; priority?: string; assignee?: string; created_on?: string },
): IssueRecord {
  const now = o.created_on ?? sb.now().toISOString();
  const issue: IssueRecord = {
    uuid: newUuid(),
    repository: repo.uuid,
    id: sb.store.next(`issue:${repo.uuid}`),
    title: o.title,
    content: o.content ?? '',
    reporter: reporter.uuid,
    ...(o.assignee ? { assignee: o.assignee } : {}),
    state: o.state ?? 'new',
    kind: o.kind ?? 'bug',
    priority: o.priority ?? 'major',
    votes: 0,
    created_on: now,
    updated_on: now,
  };
  sb.store.data.issues[issue.uuid] = issue;
  return issue;
}

export function addIssueComment(sb: Sandbox, issue: IssueRecord, user: UserRecord, content: string, at?: string): IssueCommentRecord {
  const now = at ?? sb.now().toISOString();
  const cm: IssueCommentRecord = {
    uuid: newUuid(),
    repository: issue.repository,
    issue: issue.uuid,
    id: sb.store.next('issue-comment'),
    user: user.uuid,
    content,
    created_on: now,
    updated_on: now,
  };
  sb.store.data.issueComments[cm.uuid] = cm;
  return cm;
}

const I = '/repositories/{workspace}/{repo_slug}/issues';

export const handlers: HandlerMap = {
  [`GET ${I}`]: (c) => {
    const repo = trackerOf(c);
    const list = Object.values(c.sb.store.data.issues)
      .filter((i) => i.repository === repo.uuid)
      .sort((a, b) => a.id - b.id)
      .map((i) => issueJson(c.sb, repo, i));
    return json(page(c, list));
  },

  [`POST ${I}`]: (c) => {
    const repo = trackerOf(c);
    const body = bodyObject(c);
    const title = str(body.title);
    if (!title) throw new ApiError(400, 'Bad request', undefined, { title: ['This field is required.'] });
    const issue = addIssue(c.sb, repo, c.user, {
      title,
      content: contentOf(body),
      state: pick(body.state, ISSUE_STATES, 'state'),
      kind: pick(body.kind, ISSUE_KINDS, 'kind'),
      priority: pick(body.priority, ISSUE_PRIORITIES, 'priority'),
      assignee: assigneeOf(c, body.assignee) ?? undefined,
    });
    const out = issueJson(c.sb, repo, issue);
    c.sb.events.emit('issue:created', { repository: repo, actor: c.user, data: { issue: out } });
    return { ...created(out), headers: { Location: c.sb.urls.api(`/repositories/${repo.workspace}/${repo.slug}/issues/${issue.id}`) } };
  },

  [`GET ${I}/{issue_id}`]: (c) => {
    const repo = trackerOf(c);
    return json(issueJson(c.sb, repo, issueOf(c, repo)));
  },

  [`PUT ${I}/{issue_id}`]: (c) => {
    const repo = trackerOf(c);
    const issue = issueOf(c, repo);
    const body = bodyObject(c);
    const changes: Record<string, { old: unknown; new: unknown }> = {};
    const set = <K extends keyof IssueRecord>(key: K, value: IssueRecord[K] | undefined) => {
      if (value === undefined || value === issue[key]) return;
      changes[key] = { old: issue[key], new: value };
      issue[key] = value;
    };
    const title = str(body.title);
    if (body.title !== undefined && !title) throw new ApiError(400, 'Bad request', undefined, { title: ['This field may not be blank.'] });
    set('title', title);
    set('content', contentOf(body));
    set('state', pick(body.state, ISSUE_STATES, 'state'));
    set('kind', pick(body.kind, ISSUE_KINDS, 'kind'));
    set('priority', pick(body.priority, ISSUE_PRIORITIES, 'priority'));
    const assignee = assigneeOf(c, body.assignee);
    if (assignee === null && issue.assignee) {
      changes.assignee = { old: issue.assignee, new: null };
      delete issue.assignee;
    } else if (assignee) set('assignee', assignee);
    const now = c.sb.now().toISOString();
    if (Object.keys(changes).length > 0) {
      issue.updated_on = now;
      if (changes.title || changes.content) issue.edited_on = now;
    }
    const out = issueJson(c.sb, repo, issue);
    if (Object.keys(changes).length > 0) c.sb.events.emit('issue:updated', { repository: repo, actor: c.user, data: { issue: out, changes } });
    return json(out);
  },

  [`DELETE ${I}/{issue_id}`]: (c) => {
    const repo = trackerOf(c);
    const issue = issueOf(c, repo);
    delete c.sb.store.data.issues[issue.uuid];
    for (const [id, cm] of Object.entries(c.sb.store.data.issueComments)) if (cm.issue === issue.uuid) delete c.sb.store.data.issueComments[id];
    return noContent();
  },

  [`GET ${I}/{issue_id}/comments`]: (c) => {
    const repo = trackerOf(c);
    const issue = issueOf(c, repo);
    const list = Object.values(c.sb.store.data.issueComments)
      .filter((cm) => cm.issue === issue.uuid)
      .sort((a, b) => a.id - b.id)
      .map((cm) => commentJson(c.sb, repo, issue, cm));
    return json(page(c, list));
  },

  [`POST ${I}/{issue_id}/comments`]: (c) => {
    const repo = trackerOf(c);
    const issue = issueOf(c, repo);
    const content = contentOf(bodyObject(c));
    if (!content) throw new ApiError(400, 'Bad request', undefined, { content: ['This field is required.'] });
    const cm = addIssueComment(c.sb, issue, c.user, content);
    const out = commentJson(c.sb, repo, issue, cm);
    c.sb.events.emit('issue:comment_created', { repository: repo, actor: c.user, data: { issue: issueJson(c.sb, repo, issue), comment: out } });
    return {
      ...created(out),
      headers: { Location: c.sb.urls.api(`/repositories/${repo.workspace}/${repo.slug}/issues/${issue.id}/comments/${enc(String(cm.id))}`) },
    };
  },

  [`GET ${I}/{issue_id}/comments/{comment_id}`]: (c) => {
    const repo = trackerOf(c);
    const issue = issueOf(c, repo);
    const cm = Object.values(c.sb.store.data.issueComments).find((x) => x.issue === issue.uuid && String(x.id) === c.params.comment_id);
    if (!cm) throw new ApiError(404, `Comment ${c.params.comment_id} not found`);
    return json(commentJson(c.sb, repo, issue, cm));
  },
};
