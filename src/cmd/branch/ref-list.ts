import { printList } from '../shared/print.js';
import { timeAgo } from '../../output/table.js';
import { provider } from '../../provider/index.js';
import { type CommandDef, defineCommand } from '../define.js';
import { notFound } from '../../provider/errors.js';
import { shortHash, when } from '../shared/format.js';
import { openInBrowser, repoPage, webFlag } from '../shared/web.js';

export const REF_JSON_FIELDS = ['name', 'commit', 'commitDate', 'commitSubject', 'author', 'message', 'url'] as const;

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
