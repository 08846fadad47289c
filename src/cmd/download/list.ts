import { paginate } from '../../api/paginate.js';
import { printList } from '../shared/print.js';
import { defineCommand } from '../define.js';
import { openInBrowser, repoPage, webFlag } from '../shared/web.js';

export const OP = {
  list: 'GET /repositories/{workspace}/{repo_slug}/downloads',
  upload: 'POST /repositories/{workspace}/{repo_slug}/downloads',
  delete: 'DELETE /repositories/{workspace}/{repo_slug}/downloads/{filename}',
} as const;

interface Download {
  name: string;
  size?: number;
  downloads?: number;
  created_on?: string;
  user?: { display_name?: string; nickname?: string };
  links?: { self?: { href?: string } };
}

export function humanSize(n: number | undefined): string {
  if (n === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i]}`;
}

export default defineCommand({
  path: ['download', 'list'],
  summary: 'List the download artifacts of a repository',
  description: "Lists the files on the repository's Downloads page. --web opens that page instead.",
  examples: ['bb download list', 'bb download list -R myteam/website --json name,size,url', 'bb download list --web'],
  flags: [webFlag("the repository's Downloads page")],
  repo: true,
  list: true,
  json: ['name', 'size', 'downloads', 'createdAt', 'uploader', 'url'],
  operations: [OP.list],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    if (input.flags.web) {
      await openInBrowser(ctx, await repoPage(ctx, repo, { cloud: '/downloads/' }, 'Downloads'));
      return 0;
    }
    const items = await paginate<Download>(
      await ctx.http(),
      '/repositories/{workspace}/{repo_slug}/downloads',
      { workspace: repo.workspace, repo_slug: repo.repo },
      {},
      {
        limit: input.flags.limit as number | undefined,
        all: Boolean(input.flags.all),
        // what the table and the --json fields read
        fields: ['name', 'size', 'downloads', 'created_on', 'user.nickname', 'user.display_name', 'links.self.href'],
      },
    );
    await printList(ctx, input, items, {
      columns: [
        { header: 'Name', value: (d) => d.name, style: () => 'bold', flexible: true },
        { header: 'Size', value: (d) => (ctx.io.stdoutIsTTY ? humanSize(d.size) : String(d.size ?? '')) },
        { header: 'Downloads', value: (d) => String(d.downloads ?? 0) },
        { header: 'Uploaded', value: (d) => d.created_on ?? '' },
      ],
      toJson: (d) => ({
        name: d.name,
        size: d.size ?? null,
        downloads: d.downloads ?? 0,
        createdAt: d.created_on ?? null,
        uploader: d.user?.nickname ?? d.user?.display_name ?? null,
        url: d.links?.self?.href ?? null,
      }),
      empty: `No downloads in ${repo.workspace}/${repo.repo}`,
    });
    return 0;
  },
});
