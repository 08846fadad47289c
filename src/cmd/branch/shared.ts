import { must } from '../../api/client.js';
import type { Context } from '../../context.js';
import type { RepoRef } from '../../git/remote.js';
import { printList } from '../../output/command-output.js';
import { timeAgo } from '../../output/table.js';
import { provider } from '../../provider/index.js';
import { type CommandDef, defineCommand } from '../define.js';
import { openInBrowser, repoPage, webFlag } from '../shared/web.js';
import { type Account, accountJson } from '../../provider/cloud/users.js';
import { mainBranch, repoParams } from '../../provider/cloud/request.js';
import { notFound } from '../../provider/errors.js';
import { shortHash, when } from '../shared/format.js';

export interface Ref {
  name?: string;
  type?: string;
  message?: string;
  date?: string;
  tagger?: { raw?: string; user?: Account };
  target?: { hash?: string; date?: string; message?: string; author?: { raw?: string; user?: Account } };
  links?: { html?: { href?: string } };
}

export const REF_JSON_FIELDS = ['name', 'commit', 'commitDate', 'commitSubject', 'author', 'message', 'url'] as const;

export function refToJson(r: Ref): Record<string, unknown> {
  return {
    name: r.name ?? null,
    commit: r.target?.hash ?? null,
    commitDate: r.target?.date ?? null,
    commitSubject: (r.target?.message ?? '').split('\n')[0],
    author: r.target?.author?.user ? accountJson(r.target.author.user) : (r.target?.author?.raw ?? null),
    message: r.message ?? null,
    url: r.links?.html?.href ?? null,
  };
}

export function refAuthor(r: Ref): string {
  const a = r.target?.author;
  return a?.user?.nickname ?? a?.user?.display_name ?? (a?.raw ?? '').replace(/\s*<[^>]*>\s*$/, '');
}

/**
 * The full commit hash a new branch or tag should point at: a full hash as is, any other ref (branch,
 * tag, short hash) through GET commit/{commit}; none → the head of the repository's main branch.
 */
export async function resolveTarget(ctx: Context, repo: RepoRef, ref: string | undefined): Promise<string> {
  if (ref && /^[0-9a-f]{40}$/i.test(ref)) return ref.toLowerCase();
  const rev = ref ?? (await mainBranch(ctx, repo));
  const api = await ctx.api();
  const c = await api
    .GET('/repositories/{workspace}/{repo_slug}/commit/{commit}', { params: { path: { ...repoParams(repo), commit: rev } } })
    .then((r) => must(r) as unknown as { hash?: string })
    .catch((e) => {
      throw notFound(e, `no branch, tag or commit "${rev}" in ${repo.workspace}/${repo.repo}`);
    });
  return c.hash ?? rev;
}

/**
 * `bb branch list` and `bb tag list` are the same command over two kinds of ref: one definition,
 * built for each.
 */
export function refListCommand(kind: 'branch' | 'tag'): CommandDef {
  const plural = kind === 'branch' ? 'branches' : 'tags';
  return defineCommand({
    path: [kind, 'list'],
    summary: `List the ${plural} of a repository`,
    description: `Lists ${plural} with the commit they point at, most recently updated first. --search keeps the names containing the text.${kind === 'branch' ? " --web opens the repository's branches page instead." : ''}`,
    examples: [
      `bb ${kind} list`,
      `bb ${kind} list --search release`,
      `bb ${kind} list --all --json name,commit`,
      ...(kind === 'branch' ? ['bb branch list --web'] : []),
    ],
    flags: [
      { name: 'search', short: 'S', type: 'string', valueName: 'TEXT', description: `only ${plural} whose name contains TEXT` },
      // Bitbucket has a branches page, and no page that lists tags
      ...(kind === 'branch' ? [webFlag("the repository's branches page")] : []),
    ],
    operations: [`GET /repositories/{workspace}/{repo_slug}/refs/${plural}`],
    dcOperations: [`GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/${plural}`],
    repo: true,
    list: true,
    json: REF_JSON_FIELDS,
    async run(ctx, input) {
      const f = input.flags as { search?: string; limit?: number; all?: boolean };
      const repo = await ctx.repo(input.flags.repo);
      if (input.flags.web) {
        await openInBrowser(ctx, await repoPage(ctx, repo, { cloud: '/branches/', dc: '/branches' }, 'branches'));
        return 0;
      }
      const p = await provider(ctx);
      const opts = { search: f.search, limit: f.limit, all: f.all };
      const refs = await (kind === 'branch' ? p.listBranches(repo, opts) : p.listTags(repo, opts)).catch((e) => {
        throw notFound(e, `repository ${repo.workspace}/${repo.repo} not found`);
      });
      await printList(ctx, input, refs, {
        empty: `No ${plural}${f.search ? ` matching "${f.search}"` : ''} in ${repo.workspace}/${repo.repo}`,
        toJson: ({ authorName: _a, ...r }) => r,
        columns: [
          { header: 'Name', value: (r) => r.name ?? '', style: () => 'cyan', flexible: true },
          { header: 'Commit', value: (r) => (ctx.io.stdoutIsTTY ? shortHash(r.commit ?? undefined) : (r.commit ?? '')), style: () => 'yellow' },
          { header: 'Author', value: (r) => r.authorName },
          { header: 'Updated', value: (r) => when(ctx, r.commitDate ?? undefined, timeAgo), style: () => 'gray' },
        ],
      });
      return 0;
    },
  });
}
