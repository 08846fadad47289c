import { paginate } from '../../api/paginate.js';
import { expandPath } from '../../api/path.js';
import { BbError } from '../../errors.js';
import { colorize, type IOStreams, withPager } from '../../output/iostreams.js';
import { sanitize } from '../../output/sanitize.js';
import { defineCommand } from '../define.js';
import { notFound, OP, PR_ARG, prTarget, template } from './shared.js';

interface DiffStat {
  status?: string;
  lines_added?: number;
  lines_removed?: number;
  old?: { path?: string } | null;
  new?: { path?: string } | null;
}

function statPath(d: DiffStat): string {
  const oldPath = d.old?.path;
  const newPath = d.new?.path;
  if (oldPath && newPath && oldPath !== newPath) return `${oldPath} → ${newPath}`;
  return newPath ?? oldPath ?? '';
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
  repo: true,
  async run(ctx, input) {
    const f = input.flags as { stat?: boolean; nameOnly?: boolean; color?: string };
    if (f.stat && f.nameOnly) throw new BbError('INVALID_ARGUMENT', '--stat and --name-only cannot be used together');
    const { repo, id, params } = await prTarget(ctx, input);
    const io: IOStreams = { ...ctx.io, color: f.color === 'always' ? true : f.color === 'never' ? false : ctx.io.color };
    const http = await ctx.http();
    const missing = (e: unknown) => notFound(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
    if (f.stat || f.nameOnly) {
      let stats: DiffStat[];
      try {
        stats = await paginate<DiffStat>(http, template(OP.prDiffstat), params, {}, { all: true });
      } catch (e) {
        throw missing(e);
      }
      if (f.nameOnly) {
        const names = stats.map((d) => d.new?.path ?? d.old?.path ?? '');
        io.out.write(names.map((n) => `${io.stdoutIsTTY ? sanitize(n) : n}\n`).join(''));
        return 0;
      }
      const width = Math.max(0, ...stats.map((d) => [...statPath(d)].length));
      let added = 0;
      let removed = 0;
      const lines = stats.map((d) => {
        added += d.lines_added ?? 0;
        removed += d.lines_removed ?? 0;
        const plus = colorize(io, 'green', `+${d.lines_added ?? 0}`);
        const minus = colorize(io, 'red', `-${d.lines_removed ?? 0}`);
        return ` ${sanitize(statPath(d)).padEnd(width)} | ${plus} ${minus}${d.status && d.status !== 'modified' ? ` (${d.status})` : ''}\n`;
      });
      await withPager(io, async (out) => {
        out.out.write(lines.join(''));
        out.out.write(
          ` ${stats.length} file${stats.length === 1 ? '' : 's'} changed, ${added} insertion${added === 1 ? '' : 's'}(+), ${removed} deletion${removed === 1 ? '' : 's'}(-)\n`,
        );
      });
      return 0;
    }
    let text: string;
    try {
      const response = await http.send(new Request(http.url(expandPath(template(OP.prDiff), params)), { headers: { Accept: 'text/plain' } }), {
        operation: OP.prDiff,
      });
      text = await response.text();
    } catch (e) {
      throw missing(e);
    }
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
