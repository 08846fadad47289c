import { repoParams, templateOf } from '../../api/path.js';
import { paginate } from '../../api/paginate.js';
import { BbError } from '../../core/errors.js';
import { printList } from '../shared/print.js';
import { timeAgo } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { openInBrowser, query, repoPage, webFlag } from '../shared/web.js';
import { CLOSED_STATES, checkChoice, KINDS, PRIORITIES, STATES } from './fields.js';
import { ISSUE_JSON_FIELDS, issueJson, stateStyle, userName } from './present.js';
import { ASSIGNEE_ME_RULE, assigneeRef, type Issue, OP, trackerError, TRACKER_GONE } from './tracker.js';

/** A string literal in a Bitbucket `q` filter. */
function lit(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const ACCOUNT = ['nickname', 'display_name', 'uuid', 'account_id'];
/** The item fields the table and the --json fields read (present.ts issueJson): `fields=` trims the rest. */
const FIELDS = [
  'id',
  'title',
  'content.raw',
  'state',
  'kind',
  'priority',
  ...ACCOUNT.map((f) => `reporter.${f}`),
  ...ACCOUNT.map((f) => `assignee.${f}`),
  'votes',
  'created_on',
  'updated_on',
  'links.html.href',
];

export default defineCommand({
  path: ['issue', 'list'],
  summary: "List the issues of a repository's issue tracker",
  description: [
    'Lists open issues (states new and open) by default, most recently updated first. --state takes one or more states, `open` (new and open), `closed` (resolved, invalid, duplicate, wontfix, closed) or `all`. Filters combine into one Bitbucket query. --web opens the issues page instead, filtered on the states, --kind and --priority.',
    TRACKER_GONE,
  ].join('\n\n'),
  examples: [
    'bb issue list',
    '# open bugs assigned to you',
    'bb issue list --kind bug --assignee @me',
    'bb issue list --state all --search "login" --json id,title,state',
    'bb issue list --state resolved,closed --priority critical -L 50',
    '# the open bugs, on Bitbucket',
    'bb issue list --kind bug --web',
  ],
  flags: [
    { name: 'state', short: 's', type: 'list', valueName: 'STATE', description: `open (default), closed, all, or states: ${STATES.join(', ')}` },
    { name: 'assignee', short: 'a', type: 'string', valueName: 'USER', description: 'assigned to this user: {uuid}, account id or @me' },
    { name: 'kind', short: 'k', type: 'string', valueName: 'KIND', description: `only this kind: ${KINDS.join(', ')}` },
    { name: 'priority', short: 'p', type: 'string', valueName: 'PRIORITY', description: `only this priority: ${PRIORITIES.join(', ')}` },
    { name: 'search', short: 'S', type: 'string', valueName: 'TEXT', description: 'text in the title or the body' },
    webFlag("the repository's issues page"),
  ],
  repo: true,
  list: true,
  json: ISSUE_JSON_FIELDS,
  operations: [OP.list],
  conditional: [ASSIGNEE_ME_RULE],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const clauses: string[] = [];
    const wanted = ((input.flags.state as string[] | undefined) ?? ['open']).map((s) => s.toLowerCase());
    const states = new Set<string>();
    if (!wanted.includes('all')) {
      for (const s of wanted) {
        if (s === 'open') for (const x of ['new', 'open']) states.add(x);
        else if (s === 'closed') for (const x of CLOSED_STATES) states.add(x);
        else if ((STATES as readonly string[]).includes(s)) states.add(s);
        else throw new BbError('INVALID_ARGUMENT', `--state ${s}: not an issue state`, { hints: [`one of: open, closed, all, ${STATES.join(', ')}`] });
      }
      clauses.push(`(${[...states].map((s) => `state = ${lit(s)}`).join(' OR ')})`);
    }
    const kind = checkChoice('kind', input.flags.kind, KINDS);
    if (kind) clauses.push(`kind = ${lit(kind)}`);
    const priority = checkChoice('priority', input.flags.priority, PRIORITIES);
    if (priority) clauses.push(`priority = ${lit(priority)}`);
    if (input.flags.web) {
      const filter = query({ status: [...states], kind, priority });
      await openInBrowser(ctx, await repoPage(ctx, repo, { cloud: `/issues${filter}` }, 'issues'));
      return 0;
    }
    const assignee = await assigneeRef(ctx, input.flags.assignee);
    if (assignee === null) clauses.push('assignee = null');
    else if (assignee && 'uuid' in assignee) clauses.push(`assignee.uuid = ${lit(assignee.uuid)}`);
    else if (assignee) clauses.push(`assignee.account_id = ${lit(assignee.account_id)}`);
    const search = input.flags.search as string | undefined;
    if (search) clauses.push(`(title ~ ${lit(search)} OR content.raw ~ ${lit(search)})`);
    let items: Issue[];
    try {
      items = await paginate<Issue>(
        await ctx.http(),
        templateOf(OP.list),
        repoParams(repo),
        { q: clauses.join(' AND ') || undefined, sort: '-updated_on' },
        { limit: input.flags.limit as number | undefined, all: Boolean(input.flags.all), fields: FIELDS },
      );
    } catch (e) {
      throw trackerError(e, repo);
    }
    await printList(ctx, input, items, {
      columns: [
        { header: 'ID', value: (i) => `#${i.id}`, style: () => 'bold' },
        { header: 'Title', value: (i) => i.title ?? '', flexible: true },
        { header: 'State', value: (i) => i.state ?? '', style: (i) => stateStyle(i.state) },
        { header: 'Kind', value: (i) => i.kind ?? '' },
        { header: 'Priority', value: (i) => i.priority ?? '' },
        { header: 'Assignee', value: (i) => userName(i.assignee) },
        { header: 'Updated', value: (i) => (ctx.io.stdoutIsTTY ? timeAgo(i.updated_on, ctx.now()) : (i.updated_on ?? '')) },
      ],
      toJson: issueJson,
      empty: `No issues match in ${repo.workspace}/${repo.repo}`,
    });
    return 0;
  },
});
