import { timeAgo } from '../../output/table.js';
import { CLOUD_PR_CHANGE_OP as OP, DC_PR_CHANGE_OP as DC } from '../../provider/pr-changes.js';
import { CLOUD_PR_OP } from '../../provider/pullrequests.js';
import { COMMIT_JSON_FIELDS } from '../commit/present.js';
import { defineCommand } from '../define.js';
import { when } from '../shared/format.js';
import { printList } from '../shared/print.js';
import { PR_ARG, prContext } from './finder.js';

export default defineCommand({
  path: ['pr', 'commits'],
  summary: 'List the commits of a pull request',
  description: 'Lists the commits the pull request would merge into its destination, newest first.',
  examples: ['bb pr commits 42', 'bb pr commits', '# the hashes only, oldest first', `bb pr commits 42 --all --json hash --jq 'reverse | .[].hash'`],
  args: [PR_ARG],
  operations: [OP.commits, CLOUD_PR_OP.prList],
  dcOperations: [DC.commits],
  repo: true,
  list: true,
  json: COMMIT_JSON_FIELDS,
  async run(ctx, input) {
    const f = input.flags as { limit?: number; all?: boolean };
    const { repo, id, p } = await prContext(ctx, input);
    const commits = await p.listPullRequestCommits(repo, id, { limit: f.limit, all: f.all });
    await printList(ctx, input, commits, {
      empty: `No commits on pull request #${id}`,
      toJson: ({ authorName: _a, ...c }) => c,
      columns: [
        { header: 'Commit', value: (c) => (c.hash ?? '').slice(0, ctx.io.stdoutIsTTY ? 7 : 40), style: () => 'yellow' },
        { header: 'Subject', value: (c) => c.subject, flexible: true },
        { header: 'Author', value: (c) => c.authorName },
        { header: 'Date', value: (c) => when(ctx, c.date ?? undefined, timeAgo), style: () => 'gray' },
      ],
    });
    return 0;
  },
});
