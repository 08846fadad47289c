import { mergeConflicts } from '../conflicts.js';
import type { BareRepo } from '../git.js';
import { newUuid, type CommitStatusRecord, type CommitStatusState, type RepositoryRecord } from '../state.js';
import { commitJson, statusJson } from '../wire.js';
import { bodyObject, envelope, page, pageParams, repoOf, str } from './common.js';
import { ApiError, created, type HandlerContext, type HandlerMap, json, text } from './types.js';

/** Commits, commit build statuses, diffs and diffstats — computed by git. */

const STATES = new Set<CommitStatusState>(['SUCCESSFUL', 'FAILED', 'INPROGRESS', 'STOPPED']);

async function resolveCommit(git: BareRepo, rev: string): Promise<string> {
  const hash = await git.resolve(rev);
  if (!hash) throw new ApiError(404, `Commit not found: ${rev}`);
  return hash;
}

async function listCommits(c: HandlerContext, revision?: string) {
  const repo = repoOf(c);
  const git = c.sb.git(repo);
  const include = c.query.getAll('include');
  const exclude = c.query.getAll('exclude');
  const revs: string[] = [];
  for (const r of revision ? [revision, ...include] : include) revs.push(await resolveCommit(git, r));
  if (revs.length === 0) revs.push(...new Set((await git.branches()).map((b) => b.target)));
  const excl: string[] = [];
  for (const r of exclude) excl.push(await resolveCommit(git, r));
  const { pagelen, page: n } = pageParams(c, 30);
  const commits = await git.log(revs, excl, (n - 1) * pagelen, pagelen + 1, c.query.get('path') ?? undefined);
  const values = commits.slice(0, pagelen).map((k) => commitJson(c.sb.urls, c.sb.store, repo, k));
  return json(envelope(c, values, { pagelen, page: n, hasNext: commits.length > pagelen }));
}

function statusesOf(c: HandlerContext, repo: RepositoryRecord, hash: string): CommitStatusRecord[] {
  return Object.values(c.sb.store.data.statuses).filter((s) => s.repository === repo.uuid && s.commit === hash);
}

function applyStatus(s: CommitStatusRecord, body: Record<string, unknown>): void {
  const state = str(body.state);
  if (state !== undefined) {
    if (!STATES.has(state as CommitStatusState))
      throw new ApiError(400, 'Bad request', undefined, { state: [`"${state}" is not one of SUCCESSFUL, FAILED, INPROGRESS, STOPPED`] });
    s.state = state as CommitStatusState;
  }
  if (str(body.name) !== undefined) s.name = str(body.name) as string;
  if (str(body.description) !== undefined) s.description = str(body.description) as string;
  if (str(body.url) !== undefined) s.url = str(body.url) as string;
  if (str(body.refname) !== undefined) s.refname = str(body.refname);
}

/**
 * A diff spec: `A..B` is "A's changes compared with B" (the reverse of git's order); with topic
 * (the default) against their merge base. A single commit compares with its first parent.
 */
async function diffRange(c: HandlerContext, git: BareRepo): Promise<{ from?: string; to: string }> {
  const spec = c.params.spec ?? '';
  const range = splitRange(c, spec);
  if (range) {
    const to = await resolveCommit(git, range[0]);
    const dest = await resolveCommit(git, range[1]);
    const topic = c.query.get('topic') !== 'false';
    const from = topic ? ((await git.mergeBase(to, dest)) ?? dest) : dest;
    return { from, to };
  }
  const to = await resolveCommit(git, spec);
  const commit = await git.commit(to);
  return { from: commit?.parents[0], to };
}

/**
 * A two-commit spec as [source, destination]: `A..B`, or Bitbucket's own form (the one Cloud puts in a pull
 * request's `links.diff`) `{workspace}/{repo}:{A}%0D{B}` — a CR between the sides, each side optionally
 * `{workspace}/{repo}:` naming the repository it is in (this one or one of its fork network; a fork pull
 * request's source commit is in this repository under its hidden ref). Undefined for a single commit.
 */
function splitRange(c: HandlerContext, spec: string): [string, string] | undefined {
  const cr = spec.indexOf('\r');
  if (cr >= 0) return [revOf(c, spec.slice(0, cr)), revOf(c, spec.slice(cr + 1))];
  const dots = spec.indexOf('..');
  if (dots >= 0) return [spec.slice(0, dots), spec.slice(dots + 2).replace(/^\./, '')];
  return undefined;
}

/** `{workspace}/{repo}:{rev}` → rev, after checking the repository is this one or in its fork network (404 otherwise). */
function revOf(c: HandlerContext, side: string): string {
  const colon = side.lastIndexOf(':'); // git ref names never hold ':'
  if (colon < 0) return side;
  const name = side.slice(0, colon);
  const slash = name.indexOf('/');
  const named = slash > 0 ? c.sb.store.repository(name.slice(0, slash), name.slice(slash + 1)) : undefined;
  const repo = repoOf(c);
  const root = (r: RepositoryRecord): RepositoryRecord => {
    let x = r;
    for (let i = 0; i < 100 && x.parent && c.sb.store.data.repositories[x.parent]; i++) x = c.sb.store.data.repositories[x.parent] as RepositoryRecord;
    return x;
  };
  if (!named || root(named).uuid !== root(repo).uuid) throw new ApiError(404, `Repository not found: ${name}`);
  return side.slice(colon + 1);
}

export const handlers: HandlerMap = {
  'GET /repositories/{workspace}/{repo_slug}/commits': (c) => listCommits(c),

  'GET /repositories/{workspace}/{repo_slug}/commits/{revision}': (c) => listCommits(c, c.params.revision),

  'GET /repositories/{workspace}/{repo_slug}/commit/{commit}': async (c) => {
    const repo = repoOf(c);
    const git = c.sb.git(repo);
    const commit = await git.commit(await resolveCommit(git, c.params.commit ?? ''));
    if (!commit) throw new ApiError(404, `Commit not found: ${c.params.commit}`);
    return json(commitJson(c.sb.urls, c.sb.store, repo, commit));
  },

  'GET /repositories/{workspace}/{repo_slug}/commit/{commit}/statuses': async (c) => {
    const repo = repoOf(c);
    const hash = await resolveCommit(c.sb.git(repo), c.params.commit ?? '');
    const list = statusesOf(c, repo, hash)
      .sort((a, b) => b.updated_on.localeCompare(a.updated_on))
      .map((s) => statusJson(c.sb.urls, repo, s));
    return json(page(c, list));
  },

  'POST /repositories/{workspace}/{repo_slug}/commit/{commit}/statuses/build': async (c) => {
    const repo = repoOf(c);
    const hash = await resolveCommit(c.sb.git(repo), c.params.commit ?? '');
    const body = bodyObject(c);
    const key = str(body.key);
    const fields: Record<string, string[]> = {};
    if (!key) fields.key = ['This field is required.'];
    if (!str(body.state)) fields.state = ['This field is required.'];
    if (!str(body.url)) fields.url = ['This field is required.'];
    if (Object.keys(fields).length > 0 || !key) throw new ApiError(400, 'Bad request', undefined, fields);
    const now = c.sb.now().toISOString();
    let s = statusesOf(c, repo, hash).find((x) => x.key === key);
    if (!s) {
      s = {
        uuid: newUuid(),
        repository: repo.uuid,
        commit: hash,
        key,
        state: 'INPROGRESS',
        name: key,
        description: '',
        url: '',
        created_on: now,
        updated_on: now,
      };
      c.sb.store.data.statuses[s.uuid] = s;
    }
    applyStatus(s, body);
    s.updated_on = now;
    return created(statusJson(c.sb.urls, repo, s));
  },

  'GET /repositories/{workspace}/{repo_slug}/commit/{commit}/statuses/build/{key}': async (c) => {
    const repo = repoOf(c);
    const hash = await resolveCommit(c.sb.git(repo), c.params.commit ?? '');
    const s = statusesOf(c, repo, hash).find((x) => x.key === c.params.key);
    if (!s) throw new ApiError(404, `No status with key "${c.params.key}" on commit ${hash}`);
    return json(statusJson(c.sb.urls, repo, s));
  },

  'PUT /repositories/{workspace}/{repo_slug}/commit/{commit}/statuses/build/{key}': async (c) => {
    const repo = repoOf(c);
    const hash = await resolveCommit(c.sb.git(repo), c.params.commit ?? '');
    const s = statusesOf(c, repo, hash).find((x) => x.key === c.params.key);
    if (!s) throw new ApiError(404, `No status with key "${c.params.key}" on commit ${hash}`);
    applyStatus(s, bodyObject(c));
    s.updated_on = c.sb.now().toISOString();
    return json(statusJson(c.sb.urls, repo, s));
  },

  // a patch series (git format-patch) of a spec: `A..B` is A's commits not in B (with topic, the default, since their
  // merge base); a single commit is its own patch
  'GET /repositories/{workspace}/{repo_slug}/patch/{spec}': async (c) => {
    const repo = repoOf(c);
    const git = c.sb.git(repo);
    const spec = c.params.spec ?? '';
    if (!splitRange(c, spec)) return text(await git.git(['format-patch', '--stdout', '--no-signature', '-1', await resolveCommit(git, spec)]));
    const { from, to } = await diffRange(c, git);
    return text(await git.git(['format-patch', '--stdout', '--no-signature', from ? `${from}..${to}` : to]));
  },

  // the files that merging `A..B` would leave conflicted: A (the source) merged into B (the destination), computed
  // by a three-way merge (conflicts.ts); a single commit is its own merge's (a merge commit's parents, re-merged),
  // none for a commit with one parent. 404 when a side is no commit.
  'GET /repositories/{workspace}/{repo_slug}/file-conflicts/{spec}': async (c) => {
    const repo = repoOf(c);
    const git = c.sb.git(repo);
    const spec = c.params.spec ?? '';
    const range = splitRange(c, spec);
    let sides: [string, string] | undefined;
    if (range) sides = [await resolveCommit(git, range[1]), await resolveCommit(git, range[0])];
    else {
      const commit = await git.commit(await resolveCommit(git, spec));
      if (commit && commit.parents.length >= 2) sides = [commit.parents[0] as string, commit.parents[1] as string];
    }
    const conflicts = sides ? await mergeConflicts(git, sides[0], sides[1]) : [];
    const values = conflicts.map((x) => ({ type: 'file_conflict', path: x.path, scenario: x.scenario, message: x.message }));
    return json(page(c, values, { defaultPagelen: 500 }));
  },

  // the best common ancestor of the two commits of `A..B` (404 when a side is no commit, or they share none)
  'GET /repositories/{workspace}/{repo_slug}/merge-base/{revspec}': async (c) => {
    const repo = repoOf(c);
    const git = c.sb.git(repo);
    const range = splitRange(c, c.params.revspec ?? '');
    if (!range) throw new ApiError(400, `"${c.params.revspec}" is not a revspec of two commits (A..B)`);
    const base = await git.mergeBase(await resolveCommit(git, range[0]), await resolveCommit(git, range[1]));
    const commit = base ? await git.commit(base) : undefined;
    if (!commit) throw new ApiError(404, `No merge base for ${c.params.revspec}`);
    return json(commitJson(c.sb.urls, c.sb.store, repo, commit));
  },

  'GET /repositories/{workspace}/{repo_slug}/diff/{spec}': async (c) => {
    const repo = repoOf(c);
    const git = c.sb.git(repo);
    const { from, to } = await diffRange(c, git);
    const context = c.query.get('context');
    const out = await git.diff(from, to, {
      context: context !== null && /^\d+$/.test(context) ? Number(context) : undefined,
      path: c.query.get('path') ?? undefined,
      ignoreWhitespace: c.query.get('ignore_whitespace') === 'true',
    });
    return text(out);
  },

  'GET /repositories/{workspace}/{repo_slug}/diffstat/{spec}': async (c) => {
    const repo = repoOf(c);
    const git = c.sb.git(repo);
    const { from, to } = await diffRange(c, git);
    const entries = await git.diffstat(from, to, c.query.get('path') ?? undefined);
    const base = `/repositories/${repo.workspace}/${repo.slug}/src`;
    const file = (path: string | undefined, commit: string | undefined) =>
      path === undefined
        ? null
        : {
            type: 'commit_file',
            path,
            escaped_path: path,
            links: { self: { href: c.sb.urls.api(`${base}/${commit ?? to}/${path.split('/').map(encodeURIComponent).join('/')}`) } },
          };
    const values = entries.map((e) => ({
      type: 'diffstat',
      status: e.status,
      lines_added: e.linesAdded,
      lines_removed: e.linesRemoved,
      old: file(e.oldPath, from),
      new: file(e.newPath, to),
    }));
    return json(page(c, values, { defaultPagelen: 500 }));
  },
};
