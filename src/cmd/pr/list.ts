import { provider } from '../../provider/index.js';
import { BbError } from '../../core/errors.js';
import { printList } from '../shared/print.js';
import { timeAgo } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { apiFieldsFor } from '../shared/fields.js';
import { openInBrowser, query, repoPage, webFlag } from '../shared/web.js';
import { accountName, domainBranchLabel, domainPrJson, domainState } from './present.js';
import { CLOUD_PR_OP as OP, PR_JSON_API_FIELDS, PR_JSON_FIELDS } from '../../provider/pullrequests.js';
import { when } from '../shared/format.js';

const STATES = ['open', 'closed', 'merged', 'declined', 'superseded', 'all'] as const;
/** gh's `closed`: every state but open (merged, declined, superseded). */
const CLOSED = ['MERGED', 'DECLINED', 'SUPERSEDED'];
/** The item fields the table (and the piped rows) read: `fields=` trims the rest. */
const TABLE_FIELDS = [
  'id',
  'title',
  'state',
  'draft',
  'updated_on',
  'author.nickname',
  'author.display_name',
  'author.uuid',
  'source.branch.name',
  'source.repository.full_name',
  'destination.branch.name',
  'destination.repository.full_name',
] as const;

export default defineCommand({
  path: ['pr', 'list'],
  summary: 'List pull requests in a repository',
  description:
    'Lists open pull requests, newest activity first. --state picks other states (repeat it, or use all; closed, as in gh, is merged, declined and superseded). --author, --reviewer, --base and --head filter on the server; --search adds a raw Bitbucket query (the `q` parameter). On Data Center, --search is a text filter on the title and description, users are user slugs, and superseded does not exist. --web opens the pull requests page instead, sending no request.',
  examples: [
    'bb pr list',
    '# merged pull requests into main',
    'bb pr list --state merged --base main',
    '# everything no longer open (merged, declined, superseded)',
    'bb pr list --state closed',
    '# open and declined, by one author',
    'bb pr list --state open --state declined --author alice',
    '# pull requests you opened, or that wait for your review',
    'bb pr list --mine',
    'bb pr list --reviewer @me',
    '# a raw Bitbucket query',
    `bb pr list --search 'title ~ "hotfix"' --json id,title,url`,
    '# the merged pull requests, on Bitbucket',
    'bb pr list --state merged --web',
  ],
  flags: [
    {
      name: 'state',
      short: 's',
      type: 'list',
      valueName: 'STATE',
      suggest: STATES,
      description: `open, closed, merged, declined, superseded or all (repeatable; default open)`,
    },
    { name: 'author', short: 'A', type: 'string', valueName: 'USER', description: 'only pull requests by this user (nickname, uuid or @me)' },
    { name: 'reviewer', short: 'r', type: 'string', valueName: 'USER', description: 'only pull requests with this reviewer (nickname, uuid or @me)' },
    { name: 'mine', type: 'boolean', description: 'only pull requests you opened (same as --author @me)' },
    { name: 'base', short: 'B', type: 'string', valueName: 'BRANCH', description: 'only pull requests into this branch' },
    { name: 'head', short: 'H', type: 'string', valueName: 'BRANCH', description: 'only pull requests from this branch' },
    { name: 'search', short: 'S', type: 'string', valueName: 'QUERY', description: 'a raw Bitbucket filter, ANDed with the others' },
    webFlag("the repository's pull requests page (filtered on --state when it names one state)"),
  ],
  operations: [OP.prList],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests'],
  conditional: [
    { flag: 'mine', operations: [OP.user], source: 'resolves you with GET /user' },
    { flag: 'author', values: ['@me'], operations: [OP.user], source: 'resolves @me with GET /user' },
    { flag: 'reviewer', values: ['@me'], operations: [OP.user], source: 'resolves @me with GET /user' },
  ],
  repo: true,
  list: true,
  json: PR_JSON_FIELDS,
  async run(ctx, input) {
    const f = input.flags as {
      state?: string[];
      author?: string;
      reviewer?: string;
      mine?: boolean;
      base?: string;
      head?: string;
      search?: string;
      limit?: number;
      all?: boolean;
      repo?: string;
    };
    const repo = await ctx.repo(f.repo);
    const wanted = (f.state ?? ['open']).map((s) => s.toLowerCase());
    for (const s of wanted) {
      if (!(STATES as readonly string[]).includes(s)) {
        throw new BbError('INVALID_ARGUMENT', `--state "${s}" is not one of ${STATES.join(', ')}`);
      }
    }
    const states = wanted.includes('all') ? ['OPEN', ...CLOSED] : [...new Set(wanted.flatMap((s) => (s === 'closed' ? CLOSED : [s.toUpperCase()])))];
    if (f.mine && f.author) throw new BbError('INVALID_ARGUMENT', '--mine and --author cannot be used together');
    if (input.flags.web) {
      // the page filters on one state; the other filters are the API's, not the page's
      const one = states.length === 1 ? states[0] : undefined;
      const url = await repoPage(
        ctx,
        repo,
        { cloud: `/pull-requests/${query({ state: one })}`, dc: `/pull-requests${query({ state: one })}` },
        'pull requests',
      );
      await openInBrowser(ctx, url);
      return 0;
    }
    const p = await provider(ctx);
    // pages as they arrive: with --all the output is written page by page (printList)
    const prs = p.pullRequestPages(repo, {
      states,
      author: f.mine ? '@me' : f.author,
      reviewer: f.reviewer,
      base: f.base,
      head: f.head,
      search: f.search,
      limit: f.limit,
      all: f.all,
      // ask only for what the table prints, or for what the --json fields are made of
      fields: Array.isArray(input.flags.json) ? apiFieldsFor(input.flags.json as string[], PR_JSON_API_FIELDS) : TABLE_FIELDS,
    });
    const which = states.length === 4 ? '' : `${states.join('/').toLowerCase()} `;
    await printList(ctx, input, prs, {
      empty: `No ${which}pull requests match in ${repo.workspace}/${repo.repo}`,
      heading: (n) => `\nShowing ${n} ${which}pull request${n === 1 ? '' : 's'} in ${repo.workspace}/${repo.repo}\n\n`,
      toJson: domainPrJson,
      columns: [
        { header: 'ID', value: (p) => (ctx.io.stdoutIsTTY ? `#${p.id}` : String(p.id)), style: () => 'green' },
        { header: 'Title', value: (p) => p.title ?? '', flexible: true },
        { header: 'Branch', value: domainBranchLabel, style: () => 'cyan', flexible: true },
        { header: 'Author', value: (p) => accountName(p.author) },
        { header: 'State', value: domainState, style: (p) => (p.state === 'MERGED' ? 'magenta' : p.state === 'OPEN' ? (p.isDraft ? 'gray' : 'green') : 'red') },
        { header: 'Updated', value: (p) => when(ctx, p.updatedAt ?? undefined, timeAgo), style: () => 'gray' },
      ],
    });
    return 0;
  },
});
