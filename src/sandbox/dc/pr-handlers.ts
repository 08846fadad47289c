import { exclusive } from '../lock.js';
import { DC_HANDLERS, DcApiError, type DcContext, type DcHandler, type DcReply, repoOf } from './handlers.js';
import { type DcComment, type DcCommentAnchor, type DcMergeSettings, type DcPullRequest, type DcStore, prSource } from './model.js';

/**
 * More of Data Center's pull-request API for the sandbox (the `bb pr …` commands on DC): update (PUT, with the
 * optimistic-locking version), reopen, reviewers (participants POST/DELETE), changes, the raw diff, inline comment
 * anchors, blocker comments (tasks), and merge checks — the repository's pull-request settings
 * (`requiredApprovers`, `requiredAllTasksComplete`, `requiredSuccessfulBuilds`) and "needs work", answered by
 * `GET …/merge` as vetoes and enforced by `POST …/merge` (409 PullRequestMergeVetoedException).
 * The handlers of handlers.ts are wrapped or replaced here by operation key; server.ts merges this table last.
 */

const R = '/api/latest/projects/{projectKey}/repos/{repositorySlug}';
const PR = `${R}/pull-requests/{pullRequestId}`;

/** A repository's merge checks: its record, or the defaults when none was ever set (reading never creates one). */
function settingsOf(store: DcStore, repo: number): DcMergeSettings {
  return store.mergeSettings[repo] ?? defaultSettings();
}

function defaultSettings(): DcMergeSettings {
  return { requiredApprovers: 0, requiredAllTasksComplete: true, requiredSuccessfulBuilds: 0, noNeedsWork: true };
}

function prOf(c: DcContext): { repo: ReturnType<typeof repoOf>; pr: DcPullRequest } {
  const repo = repoOf(c);
  const pr = c.store.pullRequests[c.store.prKey(repo, c.params.pullRequestId ?? '')];
  if (!pr)
    throw new DcApiError(
      404,
      `Pull request ${c.params.pullRequestId} does not exist in ${repo.project}/${repo.slug}.`,
      'com.atlassian.bitbucket.pull.NoSuchPullRequestException',
    );
  return { repo, pr };
}

function checkVersion(c: DcContext, pr: DcPullRequest): void {
  const v = c.query.get('version') ?? (typeof c.body.version === 'number' ? String(c.body.version) : undefined);
  if (v !== undefined && Number(v) !== pr.version)
    throw new DcApiError(
      409,
      `You are attempting to modify a pull request based on out-of-date information (version ${v}, current ${pr.version}).`,
      'com.atlassian.bitbucket.pull.PullRequestOutOfDateException',
    );
}

function settingsJson(s: DcMergeSettings) {
  return {
    requiredAllApprovers: false,
    requiredAllTasksComplete: s.requiredAllTasksComplete,
    requiredApprovers: { enabled: s.requiredApprovers > 0, count: String(s.requiredApprovers) },
    requiredSuccessfulBuilds: { enabled: s.requiredSuccessfulBuilds > 0, count: String(s.requiredSuccessfulBuilds) },
    mergeConfig: {
      defaultStrategy: { id: 'no-ff', flag: '--no-ff', name: 'Merge commit', enabled: true },
      strategies: [
        { id: 'no-ff', flag: '--no-ff', name: 'Merge commit', enabled: true },
        { id: 'ff', flag: '--ff', name: 'Fast-forward', enabled: true },
        { id: 'squash', flag: '--squash', name: 'Squash', enabled: true },
      ],
      type: 'repository',
    },
  };
}

async function vetoes(c: DcContext, repo: ReturnType<typeof repoOf>, pr: DcPullRequest) {
  const s = settingsOf(c.store, repo.id);
  const out: Array<{ summaryMessage: string; detailedMessage: string }> = [];
  const approvals = pr.participants.filter((p) => p.role === 'REVIEWER' && p.status === 'APPROVED').length;
  if (approvals < s.requiredApprovers)
    out.push({
      summaryMessage: 'Not enough approvals',
      detailedMessage: `You need ${s.requiredApprovers} approval${s.requiredApprovers === 1 ? '' : 's'} before this pull request can be merged (it has ${approvals}).`,
    });
  if (s.noNeedsWork && pr.participants.some((p) => p.role === 'REVIEWER' && p.status === 'NEEDS_WORK'))
    out.push({ summaryMessage: 'Needs work', detailedMessage: 'A reviewer has marked this pull request as needing work.' });
  const key = c.store.prKey(repo, pr.id);
  const open = Object.values(c.store.comments).filter((x) => x.pr === key && x.severity === 'BLOCKER' && x.state === 'OPEN').length;
  if (s.requiredAllTasksComplete && open > 0)
    out.push({
      summaryMessage: 'Incomplete tasks',
      detailedMessage: `This pull request has ${open} open task${open === 1 ? '' : 's'}; resolve them before merging.`,
    });
  if (s.requiredSuccessfulBuilds > 0) {
    const hash = (await prSource(c.store, pr)) ?? pr.fromHash;
    const ok = c.store.builds.filter((b) => b.repo === repo.id && b.commit === hash && b.state === 'SUCCESSFUL').length;
    if (ok < s.requiredSuccessfulBuilds)
      out.push({
        summaryMessage: 'Not enough successful builds',
        detailedMessage: `You need ${s.requiredSuccessfulBuilds} successful build${s.requiredSuccessfulBuilds === 1 ? '' : 's'} on the latest commit (it has ${ok}).`,
      });
  }
  return out;
}

const base = (op: string): DcHandler => DC_HANDLERS[op] as DcHandler;

/** A reply with a text body (the raw diff); server.ts sends it as text/plain. */
export type DcTextReply = DcReply & { text?: string };

export const DC_PR_HANDLERS: Record<string, DcHandler> = {
  [`GET ${R}/settings/pull-requests`]: (c) => ({ status: 200, json: settingsJson(settingsOf(c.store, repoOf(c).id)) }),
  [`POST ${R}/settings/pull-requests`]: (c) => {
    const repo = repoOf(c).id;
    const s = settingsOf(c.store, repo);
    c.store.mergeSettings[repo] = s;
    const b = c.body as {
      requiredApprovers?: { enabled?: boolean; count?: string | number };
      requiredAllTasksComplete?: boolean;
      requiredSuccessfulBuilds?: { enabled?: boolean; count?: string | number };
    };
    if (b.requiredApprovers) s.requiredApprovers = b.requiredApprovers.enabled === false ? 0 : Number(b.requiredApprovers.count ?? 0) || 0;
    if (typeof b.requiredAllTasksComplete === 'boolean') s.requiredAllTasksComplete = b.requiredAllTasksComplete;
    if (b.requiredSuccessfulBuilds)
      s.requiredSuccessfulBuilds = b.requiredSuccessfulBuilds.enabled === false ? 0 : Number(b.requiredSuccessfulBuilds.count ?? 0) || 0;
    return { status: 200, json: settingsJson(s) };
  },

  [`GET ${PR}/merge`]: async (c) => {
    const { repo, pr } = prOf(c);
    if (pr.state !== 'OPEN') return { status: 200, json: { canMerge: false, conflicted: false, outcome: 'UNKNOWN', vetoes: [] } };
    const v = await vetoes(c, repo, pr);
    return { status: 200, json: { canMerge: v.length === 0, conflicted: false, outcome: 'CLEAN', vetoes: v } };
  },
  [`POST ${PR}/merge`]: async (c) => {
    const { repo } = prOf(c);
    // one merge at a time per repository: a concurrent second merge of this pull request finds it merged (409)
    return exclusive(c.store, String(repo.id), async () => {
      const { pr } = prOf(c);
      if (pr.state === 'OPEN') {
        const v = await vetoes(c, repo, pr);
        if (v.length)
          throw new DcApiError(
            409,
            `Merging the pull request has been vetoed: ${v.map((x) => x.summaryMessage).join('; ')}.`,
            'com.atlassian.bitbucket.pull.PullRequestMergeVetoedException',
          );
      }
      return base(`POST ${PR}/merge`)(c);
    });
  },

  [`PUT ${PR}`]: (c) => {
    const { pr } = prOf(c);
    if (pr.state !== 'OPEN')
      throw new DcApiError(
        409,
        `Pull request ${pr.id} is ${pr.state.toLowerCase()} and cannot be updated.`,
        'com.atlassian.bitbucket.pull.InvalidPullRequestStateException',
      );
    if (typeof c.body.version !== 'number')
      throw new DcApiError(400, 'The pull request version is required to update it.', 'com.atlassian.bitbucket.validation.ArgumentValidationException');
    checkVersion(c, pr);
    if (typeof c.body.title === 'string' && c.body.title) pr.title = c.body.title;
    if (typeof c.body.description === 'string') pr.description = c.body.description;
    const toRef = c.body.toRef as { id?: string } | undefined;
    if (toRef?.id) pr.to = toRef.id.replace(/^refs\/heads\//, '');
    if (Array.isArray(c.body.reviewers)) {
      const names = (c.body.reviewers as Array<{ user?: { name?: string } }>).map((r) => r.user?.name).filter((n): n is string => !!n && !!c.store.users[n]);
      const author = pr.participants.find((p) => p.role === 'AUTHOR')?.user;
      for (const p of pr.participants) if (p.role === 'REVIEWER' && !names.includes(p.user)) p.role = 'PARTICIPANT';
      for (const n of names) {
        if (n === author) continue;
        const p = pr.participants.find((x) => x.user === n);
        if (p) p.role = 'REVIEWER';
        else pr.participants.push({ user: n, role: 'REVIEWER', approved: false, status: 'UNAPPROVED' });
      }
    }
    pr.version++;
    pr.updatedDate = c.now();
    return base(`GET ${PR}`)(c);
  },
  [`POST ${PR}/reopen`]: (c) => {
    const { pr } = prOf(c);
    if (pr.state !== 'DECLINED')
      throw new DcApiError(
        409,
        `Pull request ${pr.id} is ${pr.state.toLowerCase()}; only declined pull requests can be reopened.`,
        'com.atlassian.bitbucket.pull.InvalidPullRequestStateException',
      );
    checkVersion(c, pr);
    pr.state = 'OPEN';
    delete pr.closedDate;
    pr.version++;
    pr.updatedDate = c.now();
    return base(`GET ${PR}`)(c);
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
  [`GET ${PR}/changes`]: async (c) => {
    const { repo, pr } = prOf(c);
    const git = c.store.git(repo);
    const from = (await prSource(c.store, pr)) ?? pr.fromHash;
    const to = (await git.resolve(pr.to)) ?? pr.toHash;
    const mb = (await git.mergeBase(to, from)) ?? to;
    const out = await git.git(['diff', '--name-status', '-M', mb, from]);
    const TYPE: Record<string, string> = { A: 'ADD', D: 'DELETE', M: 'MODIFY', R: 'MOVE', C: 'COPY' };
    const path = (p: string) => {
      const parts = p.split('/');
      return { components: parts, name: parts.at(-1), parent: parts.slice(0, -1).join('/'), toString: p };
    };
    const values = out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [st = '', a = '', b] = line.split('\t');
        return { type: TYPE[st[0] ?? ''] ?? 'UNKNOWN', path: path(b ?? a), ...(b ? { srcPath: path(a) } : {}), nodeType: 'FILE' };
      });
    return { status: 200, json: { size: values.length, limit: values.length, start: 0, isLastPage: true, values } };
  },
  [`GET ${PR}.diff`]: async (c) => {
    const { repo, pr } = prOf(c);
    const git = c.store.git(repo);
    const from = (await prSource(c.store, pr)) ?? pr.fromHash;
    const to = (await git.resolve(pr.to)) ?? pr.toHash;
    const mb = (await git.mergeBase(to, from)) ?? to;
    return { status: 200, text: await git.git(['diff', mb, from]) } as DcReply;
  },
  [`POST ${PR}/comments`]: async (c) => {
    const reply = await base(`POST ${PR}/comments`)(c);
    const anchor = c.body.anchor as Partial<DcCommentAnchor> | undefined;
    const json = reply.json as { id: number } & Record<string, unknown>;
    if (anchor?.path) {
      c.store.anchors[json.id] = { ...anchor, path: anchor.path };
      json.anchor = anchorJson(c.store.anchors[json.id]);
    }
    return reply;
  },
  [`GET ${PR}/activities`]: async (c) => {
    const reply = await base(`GET ${PR}/activities`)(c);
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
    const state = c.query.get('state');
    const tasks = Object.values(c.store.comments).filter((x: DcComment) => x.pr === key && x.severity === 'BLOCKER' && (!state || x.state === state));
    const values = tasks.map((t) => ({
      id: t.id,
      version: t.version,
      text: t.text,
      severity: 'BLOCKER',
      state: t.state,
      createdDate: t.createdDate,
      updatedDate: t.updatedDate,
    }));
    return { status: 200, json: { size: values.length, limit: values.length, start: 0, isLastPage: true, values } };
  },
};

function anchorJson(a: DcCommentAnchor | undefined) {
  if (!a) return undefined;
  const parts = a.path.split('/');
  return {
    path: { components: parts, name: parts.at(-1), parent: parts.slice(0, -1).join('/'), toString: a.path },
    ...(a.line !== undefined ? { line: a.line } : {}),
    lineType: a.lineType ?? 'ADDED',
    fileType: a.fileType ?? 'TO',
    diffType: a.diffType ?? 'EFFECTIVE',
  };
}
