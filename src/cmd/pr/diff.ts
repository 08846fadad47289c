import type { DiffStat } from '../../provider/pullrequests.js';
import { BbError } from '../../core/errors.js';
import { colorize, type IOStreams, withPager } from '../../output/iostreams.js';
import { sanitize } from '../../output/sanitize.js';
import { defineCommand } from '../define.js';
import { CLOUD_PR_OP as OP } from '../../provider/pullrequests.js';
import { PR_ARG, prContext } from './finder.js';

function statPath(d: DiffStat): string {
  if (d.oldPath && d.path && d.oldPath !== d.path) return `${d.oldPath} → ${d.path}`;
  return d.path || d.oldPath || '';
}

/** Colour a unified diff line by line (text sanitised first, so only bb's own escapes reach the terminal). */
export function colorDiff(io: IOStreams, text: string): string {
  return text
    .split('\n')
    .map((raw) => {
      const line = sanitize(raw);
      if (!io.color) return line;
      if (/^(diff --git|index |--- |\+\+\+ )/.test(raw)) return colorize(io, 'bold', line);
      if (raw.startsWith('@@')) return colorize(io, 'cyan', line);
      if (raw.startsWith('+')) return colorize(io, 'green', line);
      if (raw.startsWith('-')) return colorize(io, 'red', line);
      return line;
    })
    .join('\n');
}

export default defineCommand({
  path: ['pr', 'diff'],
  summary: 'Show the changes of a pull request',
  description:
    'Prints the unified diff of the pull request: coloured and through the pager on a terminal, raw when piped (so it can go to `git apply`). --stat prints a diffstat, --name-only the changed paths.',
  examples: ['bb pr diff 42', 'bb pr diff --stat', 'bb pr diff 42 --name-only', '# apply the changes locally', 'bb pr diff 42 | git apply'],
  args: [PR_ARG],
  flags: [
    { name: 'stat', type: 'boolean', description: 'show a diffstat (lines added and removed per file)' },
    { name: 'name-only', type: 'boolean', description: 'show only the paths of the changed files' },
    {
      name: 'color',
      type: 'string',
      valueName: 'WHEN',
      choices: ['auto', 'always', 'never'],
      description: 'colour the diff: auto (on a terminal), always or never',
    },
  ],
  operations: [OP.prDiff, OP.repoDiff, OP.prList],
  conditional: [
    { flag: 'stat', operations: [OP.prDiffstat, OP.repoDiffstat], source: 'reads the diffstat (a redirect to the repository diffstat)' },
    { flag: 'name-only', operations: [OP.prDiffstat, OP.repoDiffstat], source: 'reads the diffstat (a redirect to the repository diffstat)' },
  ],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}.diff'],
  repo: true,
  async run(ctx, input) {
    const f = input.flags as { stat?: boolean; nameOnly?: boolean; color?: string };
    if (f.stat && f.nameOnly) throw new BbError('INVALID_ARGUMENT', '--stat and --name-only cannot be used together');
    const { repo, id, p } = await prContext(ctx, input);
    const io: IOStreams = { ...ctx.io, color: f.color === 'always' ? true : f.color === 'never' ? false : ctx.io.color };
    if (f.stat || f.nameOnly) {
      const stats = await p.pullRequestDiffstat(repo, id);
      if (f.nameOnly) {
        const names = stats.map((d) => d.path);
        io.out.write(names.map((n) => `${io.stdoutIsTTY ? sanitize(n) : n}\n`).join(''));
        return 0;
      }
      const width = Math.max(0, ...stats.map((d) => [...statPath(d)].length));
      let added = 0;
      let removed = 0;
      const lines = stats.map((d) => {
        added += d.linesAdded ?? 0;
        removed += d.linesRemoved ?? 0;
        // Data Center's change list has no line counts
        const counts = d.linesAdded === null ? '' : `${colorize(io, 'green', `+${d.linesAdded}`)} ${colorize(io, 'red', `-${d.linesRemoved ?? 0}`)}`;
        return ` ${sanitize(statPath(d)).padEnd(width)} | ${counts}${d.status && d.status !== 'modified' ? ` (${d.status})` : ''}\n`;
      });
      await withPager(io, async (out) => {
        out.out.write(lines.join(''));
        out.out.write(
          ` ${stats.length} file${stats.length === 1 ? '' : 's'} changed, ${added} insertion${added === 1 ? '' : 's'}(+), ${removed} deletion${removed === 1 ? '' : 's'}(-)\n`,
        );
      });
      return 0;
    }
    const text = await p.pullRequestDiff(repo, id);
    if (!io.stdoutIsTTY) {
      io.out.write(io.color ? colorDiff(io, text) : text);
      return 0;
    }
    await withPager(io, async (out) => {
      out.out.write(colorDiff(io, text));
      if (!text.endsWith('\n') && text) out.out.write('\n');
    });
    return 0;
  },
});
