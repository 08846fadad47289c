import { BbError } from '../core/errors.js';

/**
 * User aliases (`bb alias set co "pr checkout"`), kept in config.json and expanded before parsing: `bb co 42` runs
 * `bb pr checkout 42`. `$1`, `$2`… in the expansion take the arguments in that place; the others are appended.
 * Expansions are bb command lines, never shell commands.
 */

/** Split a command line into words: whitespace separates, single and double quotes group, backslash escapes. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) current += line[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) throw new BbError('INVALID_ARGUMENT', `unterminated ${quote} quote in "${line}"`);
  if (inWord) words.push(current);
  return words;
}

/** argv with a leading alias replaced by its expansion (once: an alias does not expand to another alias). */
export function expandAlias(aliases: Record<string, string>, argv: readonly string[]): string[] {
  const [name, ...rest] = argv;
  const expansion = name === undefined ? undefined : aliases[name];
  if (expansion === undefined) return [...argv];
  const used = new Set<number>();
  const words = splitWords(expansion).map((w) =>
    w.replace(/\$(\d+)/g, (_, n: string) => {
      const i = Number(n) - 1;
      if (i < 0 || i >= rest.length)
        throw new BbError('USAGE', `the alias "${name}" needs an argument for $${n}`, { hints: [`it stands for: bb ${expansion}`] });
      used.add(i);
      return rest[i] as string;
    }),
  );
  return [...words, ...rest.filter((_, i) => !used.has(i))];
}
