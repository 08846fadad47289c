import { Command, type CommanderError, Option } from 'commander';
import { allFlags, type CommandInput, type CommandMeta, type FlagDef } from './core/command.js';
import { BbError } from './core/errors.js';
import { similarWords } from './util/suggest.js';
import { GROUP_SUMMARIES } from './cmd/groups.js';

/**
 * Help is wrapped at 80 columns, or the terminal's width when it is narrower: lines stay readable on
 * a wide terminal, and the text is the same everywhere else, which lets bin/bb print help pre-rendered
 * at build time (scripts/prerender.mjs) without loading the CLI.
 */
export const HELP_WIDTH = 80;

export interface HelpExtras {
  /** Lines added to a command's help, e.g. "Required scopes: …" from the scope engine. */
  sections?: (def: CommandMeta) => Array<{ title: string; body: string }>;
}

/**
 * Build the commander program from the command definitions. Parsing only: each action hands the
 * parsed input to `dispatch`, which runs the command with the context.
 *
 * `focus` is the top-level word of the command line (`repo` in `bb repo list`): only the commands
 * under it are built in full; every other top-level command or group is a name and a summary, which
 * is all the root help and "unknown command" suggestions need. Startup pays for one group, not all.
 */
export function buildProgram(
  defs: readonly CommandMeta[],
  version: string,
  io: { out: { write(s: string): unknown }; err: { write(s: string): unknown }; width?: number },
  dispatch: (def: CommandMeta, input: CommandInput) => Promise<void>,
  extras: HelpExtras = {},
  focus?: string,
): Command {
  // bb prints its own errors (main.ts); commander only prints help and the version.
  const width = Math.min(io.width ?? HELP_WIDTH, HELP_WIDTH);
  const output = {
    writeOut: (s: string) => void io.out.write(s),
    writeErr: (s: string) => void io.err.write(s),
    outputError: () => {},
    getOutHelpWidth: () => width,
    getErrHelpWidth: () => width,
  };
  const program = new Command('bb')
    .description('Bitbucket on the command line. Every command knows the minimum token scopes it needs.')
    .version(version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addHelpCommand(false)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput(output)
    // options belong to the command they follow (needed by `bb scopes`, a command with subcommands, below)
    .enablePositionalOptions()
    .configureHelp({ sortSubcommands: true, subcommandTerm: (c) => c.name() })
    .addHelpText(
      'after',
      '\nExamples:\n  $ bb auth login\n  $ bb repo list myworkspace\n  $ bb pr create --fill\n  $ bb scopes "pr create" "pr merge"\n\nLearn more: `bb help <command>` (or `bb <command> --help`), `bb help exit-codes`, docs/commands.md',
    );

  const groups = new Map<string, Command>();
  const groupFor = (path: readonly string[]): Command => {
    let parent = program;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path.slice(0, i + 1).join(' ');
      let g = groups.get(key);
      if (!g) {
        g = new Command(path[i] as string)
          .description(GROUP_SUMMARIES[key] ?? '')
          .helpOption('-h, --help', 'show help')
          .addHelpCommand(false)
          .exitOverride()
          .configureOutput(output)
          .showSuggestionAfterError(true)
          // commander ≥ 13 refuses excess arguments by default ("too many arguments for 'repo'"): let the
          // action below name the unknown subcommand instead
          .allowExcessArguments(true);
        g.action(function (this: Command) {
          if (this.args.length > 0)
            throw new BbError('USAGE', `unknown command "${this.args[0]}" for "bb ${key}"`, { hints: [`run \`bb ${key} --help\` for the list`] });
          this.outputHelp();
        });
        parent.addCommand(g);
        groups.set(key, g);
      }
      parent = g;
    }
    return parent;
  };

  for (const def of defs) {
    if (def.path[0] !== focus) {
      const top = def.path[0] as string;
      if (def.path.length > 1) groupFor(def.path.slice(0, 2));
      else if (!program.commands.some((c) => c.name() === top)) program.addCommand(new Command(top).description(def.summary));
      continue;
    }
    const parent = groupFor(def.path);
    const name = def.path[def.path.length - 1] as string;
    // A group and a command may share a name (`bb scopes` runs, `bb scopes explain` is below it).
    const existing = groups.get(def.path.join(' '));
    const cmd = existing ?? new Command(name);
    cmd
      .summary(def.summary)
      .description(def.description ? `${def.summary}\n\n${def.description}` : def.summary)
      .helpOption('-h, --help', 'show help')
      .exitOverride()
      .configureOutput(output)
      .showSuggestionAfterError(true);
    for (const alias of def.aliases ?? []) cmd.alias(alias);
    for (const arg of def.args ?? []) {
      const spec = `${arg.required ? '<' : '['}${arg.name}${arg.variadic ? '...' : ''}${arg.required ? '>' : ']'}`;
      cmd.argument(spec, arg.description);
    }
    for (const flag of allFlags(def)) cmd.addOption(toOption(flag));
    const sections = [
      ...(def.examples.length ? [{ title: 'Examples', body: def.examples.map((e) => (e.startsWith('#') ? e : `$ ${e}`)).join('\n') }] : []),
      ...(def.json ? [{ title: 'JSON fields', body: [...def.json].sort().join(', ') }] : []),
    ];
    // computed only when help is shown (the scope lines need the scope engine); examples stay whole, to copy
    cmd.addHelpText('after', () =>
      [...sections, ...(extras.sections?.(def) ?? [])]
        .map((s) => `\n${s.title}:\n${indent(s.title === 'Examples' ? s.body : wrapLines(s.body, width - 2, s.title === 'JSON fields' ? '' : '  '))}`)
        .join('\n'),
    );
    if (!existing) cmd.allowExcessArguments(false);
    // a command that is also a group: its own flags (`bb scopes --json`) must not swallow its subcommands' (`bb scopes explain X --json`)
    else cmd.enablePositionalOptions();
    cmd.action(async (...actionArgs: unknown[]) => {
      const command = actionArgs[actionArgs.length - 1] as Command;
      const values = command.processedArgs;
      const args: CommandInput['args'] = {};
      (def.args ?? []).forEach((a, i) => {
        args[a.name] = values[i] as string | string[] | undefined;
      });
      await dispatch(def, { args, flags: command.opts() });
    });
    if (!existing) parent.addCommand(cmd);
  }
  return program;
}

/** gh's words that bb spells differently: a one-line pointer to the bb equivalent. */
const GH_EQUIVALENTS: Record<string, string> = {
  run: 'bb pipeline',
  workflow: 'bb pipeline',
  secret: 'bb variable',
  gist: 'bb snippet',
  release: 'bb tag and bb download',
  'pr close': 'bb pr decline',
  'pr review': 'bb pr approve, or bb pr request-changes',
  'issue delete': 'bb issue close',
};

/** The command words of the tree: for each group (`''` the root, `pr`, `pr comments`), its children's names and aliases. */
function commandTree(defs: readonly CommandMeta[]): { children: Map<string, Set<string>>; commands: Set<string> } {
  const children = new Map<string, Set<string>>();
  const commands = new Set<string>();
  const add = (parent: string, name: string) => {
    const set = children.get(parent) ?? new Set<string>();
    set.add(name);
    children.set(parent, set);
  };
  for (const def of defs) {
    for (let i = 0; i < def.path.length; i++) add(def.path.slice(0, i).join(' '), def.path[i] as string);
    commands.add(def.path.join(' '));
    for (const alias of def.aliases ?? []) {
      add(def.path.slice(0, -1).join(' '), alias);
      commands.add([...def.path.slice(0, -1), alias].join(' '));
    }
  }
  return { children, commands };
}

/**
 * `bb help pr list` is `bb pr list --help` (the help topics, `bb help environment`…, are commands of their own).
 * Returns argv unchanged otherwise.
 */
export function helpArgv(defs: readonly CommandMeta[], argv: readonly string[]): string[] {
  if (argv[0] !== 'help' || argv.length < 2 || (argv[1] as string).startsWith('-')) return [...argv];
  if (
    commandTree(defs)
      .children.get('help')
      ?.has(argv[1] as string)
  )
    return [...argv];
  return [...argv.slice(1).filter((a) => a !== '--help' && a !== '-h'), '--help'];
}

/**
 * The leading words of argv must name a command, at every level: an unknown word below a group is a usage error
 * with the nearest names (`bb pr lst` → "Did you mean list?"), even with --help, which commander would otherwise
 * answer with the group's help. A word gh users type for something bb names otherwise gets the bb equivalent.
 */
export function checkCommandWords(defs: readonly CommandMeta[], argv: readonly string[]): void {
  const { children, commands } = commandTree(defs);
  const path: string[] = [];
  for (const word of argv) {
    if (word.startsWith('-')) return;
    const key = path.join(' ');
    // a command (also one that is a group, `bb scopes "pr create"`): the rest are its arguments
    if (key && commands.has(key)) return;
    const known = children.get(key);
    if (!known) return;
    if (!known.has(word)) {
      const where = key ? `"bb ${key}"` : 'bb';
      const gh = GH_EQUIVALENTS[[...path, word].join(' ')];
      const near = similarWords(word, known);
      const also = near.length ? ` (Did you mean ${near.join(' or ')}?)` : '';
      throw new BbError('USAGE', key ? `unknown command "${word}" for ${where}${also}` : `unknown command '${word}'${also}`, {
        hints: [...(gh ? [`bb's equivalent: ${gh}`] : []), `run \`bb ${key ? `${key} ` : ''}--help\` for the list`],
      });
    }
    path.push(word);
  }
}

/** Wrap each line at spaces to `width` columns; a continued line starts with `hang`. */
export function wrapLines(text: string, width: number, hang: string): string {
  return text
    .split('\n')
    .flatMap((line) => {
      const out: string[] = [];
      let current = '';
      for (const word of line.split(' ')) {
        const next = current ? `${current} ${word}` : word;
        if (current && next.length > width) {
          out.push(current);
          current = `${hang}${word}`;
        } else current = next;
      }
      out.push(current);
      return out;
    })
    .join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
}

function toOption(flag: FlagDef): Option {
  const type = flag.type ?? 'boolean';
  // Repeatable flags take one value per occurrence (no `...`: a variadic option would swallow the
  // positional arguments that follow it).
  const value = type === 'boolean' ? '' : ` <${flag.valueName ?? 'VALUE'}>`;
  // `--json` alone lists the fields, so its value is optional (a boolean `--json`, as in `bb scopes`, takes none).
  const spec = `${flag.short ? `-${flag.short}, ` : ''}--${flag.name}${flag.name === 'json' && type === 'string' ? ' [FIELDS]' : value}`;
  const opt = new Option(spec, flag.description);
  if (flag.hidden) opt.hideHelp();
  if (flag.choices) opt.choices(flag.choices as string[]);
  if (flag.default !== undefined) opt.default(flag.default);
  if (type === 'number') {
    opt.argParser((raw: string) => {
      const n = Number(raw);
      if (!Number.isSafeInteger(n) || n < 1) throw new BbError('INVALID_ARGUMENT', `--${flag.name} needs a positive whole number, not "${raw}"`);
      return n;
    });
  }
  if (type === 'multi') opt.argParser((raw: string, previous: string[] | undefined) => [...(previous ?? []), raw]);
  if (type === 'list') {
    opt.argParser((raw: string, previous: string[] | undefined) => [
      ...(previous ?? []),
      ...raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ]);
  }
  return opt;
}

/** Turn commander's own errors into BbErrors (usage, exit 2); help and version are not errors. */
export function fromCommanderError(e: CommanderError): BbError | 'exit0' {
  if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 'exit0';
  const message = e.message.replace(/^error: /, '');
  if (e.code === 'commander.invalidArgument' || e.code === 'commander.optionMissingArgument' || e.code === 'commander.missingMandatoryOptionValue') {
    return new BbError('INVALID_ARGUMENT', message, { hints: ['see `--help` for the accepted values'] });
  }
  return new BbError('USAGE', message, { hints: ['see `bb --help`, or `bb <command> --help`'] });
}
