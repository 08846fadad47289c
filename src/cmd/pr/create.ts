import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { parseRepoRef, type RepoRef } from '../../git/remote.js';
import { printItem, status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import type { Provider } from '../../provider/types.js';
import { defineCommand } from '../define.js';
import { openInBrowser } from '../shared/web.js';
import { bodyFromFlags, checkEditorUsable, editText } from './editor.js';
import { currentBranch } from './finder.js';
import { madeSince, sendWrite } from '../shared/lost-answer.js';
import { gitEnv } from './git.js';
import { domainPrJson } from './present.js';
import { CLOUD_PR_OP as OP, PR_JSON_FIELDS, USER_BY_NAME } from '../../provider/pullrequests.js';

/** Title and body from the commits on the branch, like `gh pr create --fill`. */
async function fill(ctx: Context, remote: string, base: string, head: string): Promise<{ title: string; body: string }> {
  const sep = '\u001e';
  let log: string | undefined;
  for (const range of [`${remote}/${base}..HEAD`, `${base}..HEAD`]) {
    try {
      log = await ctx.git.run(['log', `--format=%s%n%b${sep}`, range]);
      break;
    } catch {
      // try the next form of the base
    }
  }
  if (log === undefined) {
    throw new BbError('GIT_FAILED', `cannot list the commits between ${base} and HEAD`, { hints: [`fetch the base branch: git fetch ${remote} ${base}`] });
  }
  const commits = log
    .split(sep)
    .map((c) => c.trim())
    .filter(Boolean);
  if (commits.length === 1) {
    const [subject, ...rest] = (commits[0] as string).split('\n');
    return { title: subject ?? head, body: rest.join('\n').trim() };
  }
  const title = head.replace(/^[^/]*\//, '').replace(/[-_]+/g, ' ');
  return { title: title.charAt(0).toUpperCase() + title.slice(1), body: commits.map((c) => `- ${c.split('\n')[0]}`).join('\n') };
}

/**
 * git's environment for pushing to `remote` with bb's credential, as `bb repo clone` and `bb pr checkout` fetch:
 * an env-only credential helper (or, for a Data Center access token, a Bearer header), scoped to the host's own
 * origin and set for this one git process, never written to git's config. undefined for ssh remotes and remotes
 * on another origin: git then uses the user's own setup.
 */
async function pushEnv(ctx: Context, remote: { name: string; url?: string }): Promise<Record<string, string> | undefined> {
  const url = await ctx.git.run(['remote', 'get-url', '--push', remote.name]).then(
    (s) => s.trim(),
    () => remote.url,
  );
  return url ? gitEnv(ctx, url) : undefined;
}

interface Ends {
  /** Where the pull request is created. */
  dest: RepoRef;
  /** Where its branch is, when that is another repository (a fork). */
  headRepo?: RepoRef;
  head: string;
  /** The destination's main branch, when it was read on the way. */
  mainBranch?: string;
  /** The destination is what bb commands here act on anyway (BB_REPO, the clone's default). */
  isDefault?: boolean;
}

/** `--head BRANCH` or `--head WORKSPACE/REPO:BRANCH` (a branch of a fork); no request. */
function parseHead(value: string | undefined): { head?: string; headRepo?: RepoRef } {
  // git refuses ':' in branch names, so a ':' always separates a repository from its branch
  const m = value === undefined ? null : /^([^:]*):(.*)$/.exec(value);
  if (!m) return { head: value };
  const headRepo = parseRepoRef(m[1] as string);
  if (!headRepo || !m[2]) {
    throw new BbError('INVALID_ARGUMENT', `--head ${value}: expected BRANCH or WORKSPACE/REPO:BRANCH`, {
      hints: ['for a branch of a fork: --head myname/web-fork:feature'],
    });
  }
  return { head: m[2], headRepo };
}

/**
 * Where the pull request goes, and where its branch is. `-R` names the destination; `--head REPO:BRANCH` a
 * branch in another repository. Without either, the destination is the repository bb acts on (BB_REPO, the
 * clone's default, its git remote) and the branch is in the clone's repository; in a clone of a fork with no
 * default, the pull request goes to the fork's parent (as contributions usually do). `-R <the fork>` keeps it
 * within the fork.
 */
type CreateLookups = Parameters<Provider['prefetchCreate']>[1];

function sameRepo(a: RepoRef, b: RepoRef): boolean {
  return a.workspace.toLowerCase() === b.workspace.toLowerCase() && a.repo.toLowerCase() === b.repo.toLowerCase();
}

/** Start the lookups the usual pull request needs (see run); the branch's tip is returned, the rest kept by the provider. */
async function speculate(ctx: Context, p: Provider, local: RepoRef, head: string | undefined, lookups: CreateLookups) {
  head ??= await currentBranch(ctx);
  p.prefetchCreate(local, lookups);
  const tip = p.branchTip(local, head);
  tip.catch(() => {});
  return { tip, head };
}

async function pullRequestEnds(ctx: Context, p: Provider, f: { repo?: string; head?: string }, branch?: string): Promise<Ends> {
  const parsed = parseHead(f.head);
  const head = parsed.head ?? branch ?? (await currentBranch(ctx));
  const local = await ctx.repo(f.repo);
  if (f.repo !== undefined || parsed.headRepo) {
    const headRepo = parsed.headRepo && !sameRepo(parsed.headRepo, local) ? { ...parsed.headRepo, host: local.host } : undefined;
    return { dest: local, headRepo, head };
  }
  // the repository bb acts on is not this clone's (`bb repo set-default`, BB_REPO): the branch is in the clone's
  const clone = await ctx.cloneRepo();
  if (clone && !sameRepo(clone, local)) return { dest: local, headRepo: { ...clone, host: local.host }, head, isDefault: true };
  const here = await p.getRepository(local);
  const parent = here.parent ? parseRepoRef(here.parent) : undefined;
  if (parent) return { dest: { ...parent, host: local.host }, headRepo: local, head };
  return { dest: local, head, mainBranch: here.mainBranch ?? undefined };
}

/**
 * `--web`: Bitbucket's "create pull request" page for head → base. Reads only what the URL needs (on Cloud without
 * --base, the repository: its main branch and its web link); pushes nothing, writes nothing.
 */
async function openCreatePage(ctx: Context, repo: RepoRef, head: string, base: string | undefined, dryRun: boolean): Promise<number> {
  const { url, base: dest } = await (await provider(ctx)).newPullRequestPage(repo, head, base);
  if (dest === head) {
    throw new BbError('INVALID_ARGUMENT', `the source and destination branch are both ${head}`, {
      hints: ['check out your feature branch, or pass --head / --base'],
    });
  }
  if (dryRun) {
    status(ctx, `would open ${url}`);
    return 0;
  }
  await openInBrowser(ctx, url);
  return 0;
}

export default defineCommand({
  path: ['pr', 'create'],
  summary: 'Create a pull request from the current branch',
  description:
    "Opens a pull request from the current branch (or --head) into the repository's main branch (or --base). If the branch is not on Bitbucket yet, bb pushes it: it asks on a terminal, --push pushes without asking, --no-push refuses. A push over https uses bb's login, given to that one git process only (never written to git's config); over ssh, your keys. The repository's default reviewers are added to the ones given with --reviewer (you are left out: authors cannot review their own pull requests). In a clone of a fork, the pull request goes to the fork's parent, from the fork's branch; -R names the destination instead (-R with the fork itself keeps it there), and --head WORKSPACE/REPO:BRANCH takes the branch from another repository (a fork of the destination). The other pr commands act on this clone's repository: give them -R with the parent, or make it the clone's default with `bb repo set-default`. --fill takes the title and description from the commits. --web opens Bitbucket's page for creating the pull request (current branch, or --head, into the main branch, or --base) instead: it pushes nothing and creates nothing, and the other fields are filled in on the page.",
  examples: [
    '# title and description from the commits',
    'bb pr create --fill',
    'bb pr create --title "Add login" --body "Closes #12" --reviewer alice --reviewer bob',
    '# a draft into another branch, description from a file',
    'bb pr create --draft --base develop --title WIP --body-file notes.md',
    '# in a script: push the branch without asking',
    'bb pr create --fill --push --json id,url',
    'bb pr create --fill --dry-run',
    '# from a branch of your fork, into the original repository',
    'bb pr create -R acme/web --head myname/web-fork:feature --fill',
    "# finish it on Bitbucket's page",
    'bb pr create --base develop --web',
  ],
  flags: [
    { name: 'title', short: 't', type: 'string', valueName: 'TITLE', description: 'title of the pull request' },
    { name: 'body', short: 'b', type: 'string', valueName: 'TEXT', description: 'description' },
    { name: 'body-file', short: 'F', type: 'string', valueName: 'FILE', description: 'read the description from a file (- for stdin)' },
    { name: 'fill', short: 'f', type: 'boolean', description: 'title and description from the commits (git log base..HEAD)' },
    { name: 'editor', short: 'e', type: 'boolean', description: 'write the description in $VISUAL / $EDITOR' },
    { name: 'base', short: 'B', type: 'string', valueName: 'BRANCH', description: "destination branch (default: the repository's main branch)" },
    {
      name: 'head',
      short: 'H',
      type: 'string',
      valueName: 'BRANCH',
      description: 'source branch (default: the current branch); WORKSPACE/REPO:BRANCH for a branch of a fork',
    },
    { name: 'reviewer', short: 'r', type: 'list', valueName: 'USER', description: 'reviewer: nickname, uuid or account id (repeatable, or comma-separated)' },
    { name: 'no-default-reviewers', type: 'boolean', description: "don't add the repository's default reviewers" },
    { name: 'draft', short: 'd', type: 'boolean', description: 'create a draft pull request' },
    { name: 'delete-branch', type: 'boolean', description: 'delete the source branch when the pull request is merged (close_source_branch)' },
    { name: 'push', type: 'boolean', description: 'push the branch if Bitbucket does not have it, without asking' },
    { name: 'no-push', type: 'boolean', description: 'never push; fail if Bitbucket does not have the branch' },
    { name: 'web', short: 'w', type: 'boolean', description: "open Bitbucket's create pull request page instead; pushes and creates nothing" },
  ],
  operations: [OP.prCreate, OP.repoGet, OP.branchGet, OP.defaultReviewers, OP.user],
  dcOperations: [
    'POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests',
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/default-branch',
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/branches',
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}',
    'GET /default-reviewers/latest/projects/{projectKey}/repos/{repositorySlug}/reviewers',
    'GET /api/latest/users',
    'GET /api/latest/users/{userSlug}',
  ],
  conditional: [
    {
      flag: 'reviewer',
      pattern: USER_BY_NAME,
      patternLabel: 'NAME',
      operations: [OP.members],
      source:
        'a nickname or display name (not @me, a {uuid} or an account id) that is not among the default reviewers is looked up among the workspace members',
    },
  ],
  repo: true,
  write: true,
  json: PR_JSON_FIELDS,
  async run(ctx, input) {
    const f = input.flags as {
      title?: string;
      fill?: boolean;
      editor?: boolean;
      base?: string;
      head?: string;
      reviewer?: string[];
      defaultReviewers?: boolean;
      draft?: boolean;
      deleteBranch?: boolean;
      push?: boolean;
      dryRun?: boolean;
      repo?: string;
    };
    const p = await provider(ctx);
    if (input.flags.web) {
      // the page of this repository (a fork's page offers its parent as the destination)
      const head = parseHead(f.head).head ?? (await currentBranch(ctx));
      return openCreatePage(ctx, await ctx.repo(f.repo), head, f.base, Boolean(f.dryRun));
    }
    // what can be refused without a request, first
    if (f.title === undefined && !f.fill && !ctx.io.canPrompt) {
      throw new BbError('INVALID_ARGUMENT', 'no title: pass --title or --fill', { hints: ['bb pr create --fill, or bb pr create --title "…" --body "…"'] });
    }
    if (f.editor) checkEditorUsable(ctx);
    // The usual pull request — into the repository bb acts on, from a branch there — needs that repository, the
    // branch's tip, its default reviewers and who you are: all asked for at once, so creating it costs two round
    // trips (P7). A fork's pull request goes to its parent: the answers for this repository are then not used.
    const local = await ctx.repo(f.repo);
    const lookups: CreateLookups = { defaultReviewers: f.defaultReviewers !== false, reviewers: f.reviewer ?? [] };
    const parsedHead = parseHead(f.head);
    const early = parsedHead.headRepo ? undefined : await speculate(ctx, p, local, parsedHead.head, lookups);
    const { dest: repo, headRepo, head, mainBranch, isDefault } = await pullRequestEnds(ctx, p, f, early?.head);
    /** Where the branch must be: the fork, or the destination itself. */
    const branchRepo = headRepo ?? repo;
    const tip = early && sameRepo(branchRepo, local) ? early.tip : p.branchTip(branchRepo, head);
    // into another repository (a fork's parent, a default set elsewhere): its lookups go out beside its main branch's
    if (!early || !sameRepo(repo, local)) p.prefetchCreate(repo, lookups);
    const remote = await p.gitRemote(branchRepo, await ctx.remotes());
    const base = f.base ?? mainBranch ?? (await p.mainBranch(repo));
    if (base === head && !headRepo) {
      throw new BbError('INVALID_ARGUMENT', `the source and destination branch are both ${head}`, {
        hints: ['check out your feature branch, or pass --head / --base'],
      });
    }

    // Title and description
    let title = f.title;
    let body = await bodyFromFlags(ctx, input);
    if (f.fill) {
      const filled = await fill(ctx, remote.name, base, head);
      title ??= filled.title;
      body ??= filled.body;
    }
    if (title === undefined) {
      if (!ctx.io.canPrompt) {
        throw new BbError('INVALID_ARGUMENT', 'no title: pass --title or --fill', { hints: ['bb pr create --fill, or bb pr create --title "…" --body "…"'] });
      }
      title = (await ctx.prompter.input('Title:')).trim();
    }
    if (!title.trim()) throw new BbError('INVALID_ARGUMENT', 'the title cannot be empty');
    if (f.editor) body = await editText(ctx, body ?? '');

    // Reviewers (the ones asked for, plus the effective default reviewers, minus you) and whether the branch is on
    // Bitbucket: independent lookups, asked at the same time
    const [w, onRemote] = await Promise.all([
      p.createPullRequest(repo, {
        title,
        body: body ?? '',
        head,
        headRepo,
        base,
        reviewers: f.reviewer ?? [],
        defaultReviewers: f.defaultReviewers !== false,
        draft: Boolean(f.draft),
        closeSourceBranch: Boolean(f.deleteBranch),
      }),
      tip,
    ]);
    const where = `${branchRepo.workspace}/${branchRepo.repo}`;
    if (!onRemote) {
      if (f.push === false) {
        throw new BbError('INVALID_ARGUMENT', `branch ${head} is not on ${where}`, {
          hints: [`push it first: git push -u ${remote.name} ${head}`, 'or drop --no-push'],
        });
      }
      let push = f.push === true;
      if (!push && !f.dryRun) {
        if (!ctx.io.canPrompt) {
          throw new BbError('INVALID_ARGUMENT', `branch ${head} is not on ${where}, and bb cannot ask here`, {
            hints: ['pass --push to push it', `or push it yourself: git push -u ${remote.name} ${head}`],
          });
        }
        push = await ctx.prompter.confirm(`Branch ${head} is not on ${where}. Push it to ${remote.name}?`, { default: true });
        if (!push) throw new BbError('CANCELLED', 'cancelled: the branch was not pushed, no pull request was created');
      }
      if (f.dryRun) status(ctx, `would push: git push --set-upstream ${remote.name} HEAD:refs/heads/${head}`);
      else {
        status(ctx, `Pushing ${head} to ${remote.name}…`);
        const env = await pushEnv(ctx, remote);
        await ctx.git.run(['push', '--set-upstream', remote.name, `HEAD:refs/heads/${head}`], { inherit: ctx.io.stderrIsTTY, env });
      }
    } else if (!f.head && onRemote.hash) {
      const local = await ctx.git.run(['rev-parse', 'HEAD']).then(
        (s) => s.trim(),
        () => undefined,
      );
      if (local && local !== onRemote.hash) status(ctx, `! your local ${head} differs from the one on Bitbucket: push it to include your latest commits`);
    }

    if (await dryRunWrite(ctx, input, w)) return 0;
    // a lost answer is read back (an open pull request head → base with this title, made since it was sent) before
    // bb says anything: "run it again" could open a second pull request
    const pr = await sendWrite(ctx, () => w.send(), {
      what: `the new pull request ${head} → ${base}`,
      readBack: async (sentAt) => {
        const open = await p.listPullRequests(repo, { states: ['OPEN'], head, base, limit: 50 });
        // Cloud answers a create for a branch pair that already has an open pull request by updating that one: touched
        // since the write was sent, not necessarily made since
        const found = open.find((o) => o.title === title && madeSince(o.updatedAt ?? o.createdAt, sentAt));
        return found ? { item: found, id: `pull request #${found.id}` } : undefined;
      },
      check: `bb pr list --head ${head}`,
    });
    await printItem(ctx, input, pr, {
      toJson: domainPrJson,
      human: () => {
        const from = headRepo ? `${where}:${head}` : head;
        status(ctx, `✓ Created ${pr.isDraft ? 'draft ' : ''}pull request #${pr.id} in ${repo.workspace}/${repo.repo}: ${from} → ${base}`);
        if (w.reviewers) status(ctx, `  reviewers: ${pr.requested.map((r) => r.nickname ?? r.displayName ?? r.uuid).join(', ') || w.reviewers}`);
        // the other pr commands act on this clone's repository (the fork) unless told otherwise
        if (headRepo && !isDefault) {
          const full = `${repo.host ? `${repo.host}/` : ''}${repo.workspace}/${repo.repo}`;
          status(ctx, `  follow it with: bb pr view ${pr.id} -R ${full} (or once for this clone: bb repo set-default ${full})`);
        }
        ctx.io.out.write(`${pr.url ?? ''}\n`);
      },
    });
    return 0;
  },
});
