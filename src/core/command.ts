/**
 * A command is data plus a `run` function. The registry (cmd/registry.ts) lists every command; the
 * CLI parser, help, docs/commands.md, shell completion and `bb scopes` are all built from these
 * definitions, so a command's name, flags, examples and API operations are written exactly once.
 */

/**
 * `list`: repeatable, and each value is also split on commas (`--reviewer a,b --reviewer c`).
 * `multi`: repeatable, each value kept whole (`-f body=a,b -f title=x`).
 */
export type FlagType = 'boolean' | 'string' | 'number' | 'list' | 'multi';

export interface FlagDef {
  /** Long name without dashes, kebab-case: `body-file`. Read in `run` as camelCase: `bodyFile`. */
  name: string;
  short?: string;
  description: string;
  type?: FlagType;
  /** Shown in help: `--limit N`. */
  valueName?: string;
  /** The only values accepted (commander refuses others); shell completion offers them. */
  choices?: readonly string[];
  /** Values shell completion offers for a flag that checks its value itself (case-insensitive, lists). */
  suggest?: readonly string[];
  default?: string | number | boolean;
  hidden?: boolean;
}

export interface ArgDef {
  name: string;
  description: string;
  required?: boolean;
  variadic?: boolean;
  /** The values shell completion offers (the command still checks what it is given). */
  choices?: readonly string[];
  /**
   * The argument names a pull request, commit, pipeline, branch or repository, and also takes the web URL Bitbucket
   * shows for one: the resolver (src/resolve/target.ts) reads the URL's repository and host, and the command gets the
   * number, hash, branch name or WORKSPACE/REPO.
   */
  accepts?: 'pr' | 'commit' | 'pipeline' | 'branch' | 'repo';
}

export interface ConditionalScopes {
  /** When this flag is set (and, with `values` or `pattern`, has a matching value, any item for lists)… */
  flag?: string;
  /**
   * …or when this positional argument is given (and, with `values` or `pattern`, has a matching value, any item for
   * variadic ones): `pr reviewers add 42 @me` resolves `@me` with GET /user, `… 42 alex` looks alex up among the
   * workspace members. A query that leaves a required argument out (`bb scopes "pr reviewers add"`) is answered for
   * the command's first example, its usual form.
   */
  arg?: string;
  /** The values that switch the rule on; a value ending in `*` matches by prefix (`issue:*`). */
  values?: readonly string[];
  /** …or a regular expression (source; case-insensitive, the whole trimmed value) the value matches… */
  pattern?: string;
  /** …named for people in help and docs (`NAME`). Required with `pattern`. */
  patternLabel?: string;
  /**
   * …or when this positional argument is left out (`pr unapprove` without a number looks the pull request up by
   * branch, which `pr unapprove 42` does not need). Exactly one of `flag`, `arg` and `withoutArg`.
   */
  withoutArg?: string;
  /** …the command also calls these operations… */
  operations?: string[];
  /** …and/or needs these scopes that the spec does not encode (documented by Bitbucket: name the page in `source`). */
  granular?: string[];
  legacy?: string[];
  /** Where the rule comes from: the code path, or the page of Bitbucket's documentation for scopes the spec lacks. */
  source: string;
}

export interface CommandInput {
  args: Record<string, string | string[] | undefined>;
  flags: Record<string, unknown>;
  /** `--json` asked for a field by its old name (jsonRenamed): the field → the key it is printed under. */
  jsonKeys?: Record<string, string>;
}

/** Everything about a command except its behaviour: what the parser, help, docs and scopes need. */
export interface CommandMeta {
  /** Full path: `['repo', 'default-reviewers', 'add']`. */
  path: readonly string[];
  summary: string;
  description?: string;
  /** Each example is a command line, optionally preceded by `# comment` lines. */
  examples: readonly string[];
  args?: readonly ArgDef[];
  flags?: readonly FlagDef[];
  aliases?: readonly string[];
  /** API operations the command may call, `METHOD /path/template` exactly as in the official spec. */
  operations: readonly string[];
  /**
   * Bitbucket Data Center operations the command may call, `METHOD /path/template` exactly as in
   * `spec/bitbucket-dc.openapi.json` (paths below `/rest`). Used by `bb scopes --dc`; a test checks each exists.
   */
  dcOperations?: readonly string[];
  /**
   * Host kinds the command runs on. Default: both when it declares `dcOperations` (or calls no API), else Cloud
   * only. main.ts refuses it elsewhere with NOT_ON_DC / NOT_ON_CLOUD (src/provider/README.md).
   */
  hosts?: readonly ('cloud' | 'dc')[];
  /** Hint shown when the command is refused on the other kind of host (`use bb project list`). */
  otherHostHint?: string;
  /** The operations depend on the arguments (`bb api <path>`): `operations` cannot list them. */
  dynamicOperations?: boolean;
  /** Extra operations or scopes that depend on flags. */
  conditional?: readonly ConditionalScopes[];
  /** Adds `-R, --repo WORKSPACE/REPO`. */
  repo?: boolean;
  /** JSON fields: adds `--json [fields]`, `--jq`, `--template`. */
  json?: readonly string[];
  /**
   * Old `--json` names (before bb's one camelCase vocabulary) → today's field. For one release the old name
   * still works: the field is printed under the name asked for, with a notice on stderr naming the new one.
   */
  jsonRenamed?: Readonly<Record<string, string>>;
  /** A write: adds `--dry-run`. */
  write?: boolean;
  /** Adds `-L, --limit N` and `--all`. */
  list?: boolean;
}

export function commandName(def: Pick<CommandMeta, 'path'>): string {
  return def.path.join(' ');
}

/** Every flag a command accepts, including the ones its declaration switches on. */
export function allFlags(def: CommandMeta): FlagDef[] {
  const flags: FlagDef[] = [...(def.flags ?? [])];
  if (def.repo)
    flags.push({ name: 'repo', short: 'R', type: 'string', valueName: 'WORKSPACE/REPO', description: 'repository to use, instead of the git remote' });
  if (def.list) {
    flags.push({ name: 'limit', short: 'L', type: 'number', valueName: 'N', description: 'maximum number of items to fetch (default 30)' });
    flags.push({ name: 'all', type: 'boolean', description: 'fetch every item, following every page' });
  }
  if (def.json) {
    flags.push({ name: 'json', type: 'string', valueName: 'FIELDS', description: 'output JSON with the given comma-separated fields (alone: list them)' });
    flags.push({ name: 'jq', short: 'q', type: 'string', valueName: 'EXPR', description: 'filter the JSON output with a jq expression' });
    flags.push({ name: 'template', type: 'string', valueName: 'TEMPLATE', description: 'format the JSON output with a Go-style template' });
  }
  if (def.write) flags.push({ name: 'dry-run', type: 'boolean', description: 'print the request and the scopes it needs; send nothing' });
  return flags;
}

export function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
