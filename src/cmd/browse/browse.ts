import { must } from '../../api/client.js';
import { BbError } from '../../core/errors.js';
import { defineCommand } from '../define.js';
import { openInBrowser, webUrl } from '../shared/web.js';

const OP = 'GET /repositories/{workspace}/{repo_slug}';

/** `src/app.ts:12` → path and line; a trailing `:N` only counts when N is a number. */
export function parseLocation(arg: string): { path: string; line?: number } {
  const m = /^(.*):(\d+)$/.exec(arg);
  if (m?.[1] && m[2]) return { path: m[1], line: Number(m[2]) };
  return { path: arg };
}

function encodePath(p: string): string {
  return p
    .replace(/^\.?\/+/, '')
    .split('/')
    .filter(Boolean)
    .map(encodeURIComponent)
    .join('/');
}

export default defineCommand({
  path: ['browse'],
  summary: 'Open the repository, a file or a line in the browser',
  description:
    "Opens the repository's web page (its links.html), or a file at a line (`path:line`) on the main branch, --branch or --commit, or the Pipelines or settings page. --no-browser prints the URL instead.",
  examples: [
    'bb browse',
    '# a file at line 12 on a branch',
    'bb browse src/app.ts:12 --branch develop',
    'bb browse --pipelines',
    'bb browse --commit 1a2b3c4d',
    'bb browse README.md --no-browser',
  ],
  args: [{ name: 'location', description: 'a file or directory, optionally with :LINE' }],
  flags: [
    { name: 'branch', short: 'b', type: 'string', valueName: 'BRANCH', description: 'the file on this branch (default: the main branch)' },
    { name: 'commit', short: 'c', type: 'string', valueName: 'SHA', description: 'the commit, or the file at this commit' },
    { name: 'pipelines', short: 'p', type: 'boolean', description: 'the Pipelines page' },
    { name: 'settings', short: 's', type: 'boolean', description: 'the repository settings' },
    { name: 'no-browser', short: 'n', type: 'boolean', description: 'print the URL instead of opening it' },
  ],
  repo: true,
  operations: [OP],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const { branch, commit, pipelines, settings } = input.flags as { branch?: string; commit?: string; pipelines?: boolean; settings?: boolean };
    const location = typeof input.args.location === 'string' && input.args.location !== '' ? parseLocation(input.args.location) : undefined;
    const pages = [pipelines, settings, location !== undefined || branch !== undefined || commit !== undefined].filter(Boolean).length;
    if (pages > 1) throw new BbError('INVALID_ARGUMENT', '--pipelines, --settings and a file/branch/commit are different pages: choose one');
    if (branch !== undefined && commit !== undefined) throw new BbError('INVALID_ARGUMENT', '--branch and --commit cannot be used together');
    if (commit !== undefined && !/^[0-9a-f]{4,40}$/i.test(commit)) throw new BbError('INVALID_ARGUMENT', `--commit ${commit}: not a commit hash`);
    const api = await ctx.api();
    const info = must(
      await api.GET('/repositories/{workspace}/{repo_slug}', { params: { path: { workspace: repo.workspace, repo_slug: repo.repo } } }),
    ) as unknown as {
      links?: { html?: { href?: string } };
      mainbranch?: { name?: string };
    };
    const base = webUrl(info.links, `${repo.workspace}/${repo.repo}`).replace(/\/+$/, '');
    let url = base;
    if (pipelines) url = `${base}/pipelines`;
    else if (settings) url = `${base}/admin`;
    else if (commit !== undefined && location === undefined) url = `${base}/commits/${encodeURIComponent(commit)}`;
    else if (location !== undefined || branch !== undefined) {
      const ref = commit ?? branch ?? info.mainbranch?.name ?? 'HEAD';
      const path = location ? encodePath(location.path) : '';
      url = `${base}/src/${encodeURIComponent(ref)}/${path}${location?.line ? `#lines-${location.line}` : ''}`;
    }
    if (input.flags.browser === false) {
      ctx.io.out.write(`${url}\n`);
      return 0;
    }
    await openInBrowser(ctx, url);
    return 0;
  },
});
