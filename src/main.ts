import { CommanderError } from 'commander';
import { buildProgram, checkCommandWords, fromCommanderError, helpArgv } from './cli.js';
import { COMMAND_META, helpSections, loadCommand } from './cmd/commands.js';
import type { CommandInput, CommandMeta } from './core/command.js';
import { type Context, type ContextOverrides, createContext } from './context/context.js';
import { BbError, formatError } from './core/errors.js';
import { type IOStreams, systemIO } from './output/iostreams.js';
import { parseJsonFields, renamedFields } from './output/json.js';
import { redactDeep, redactText } from './output/redact.js';
import { sanitize } from './output/sanitize.js';
import { checkHostKind } from './provider/host-check.js';
import type { ForbiddenContext } from './scopes/cli-hooks.js';

/**
 * Parse argv, run the command, and map any failure to one error line (or JSON object) and an exit
 * status. Nothing else lives here. Returns the exit status instead of exiting, so tests run bb
 * in-process.
 */
export async function main(givenArgv: string[], overrides: ContextOverrides & { jsonErrors?: boolean } = {}): Promise<number> {
  let argv = givenArgv;
  // `jsonErrors`: an in-process caller (`bb mcp`, through ctx.invoke) reads the error as JSON whatever the command
  const jsonErrors = overrides.jsonErrors ?? argv.some((a) => a === '--json' || a.startsWith('--json='));
  let ctx: Context;
  try {
    ctx = createContext(overrides);
  } catch (e) {
    // BB_API_URL that is no usable URL, before there is a context: reported like any other error
    const env = overrides.env ?? process.env;
    const io = overrides.io ?? systemIO(env);
    return reportError(io, asBbError(e, io, env), jsonErrors);
  }
  ctx.invoke ??= (argv2, o) => main(argv2, o);
  let exitCode = 0;
  let current: CommandMeta | undefined;
  let currentInput: CommandInput | undefined;

  const dispatch = async (meta: CommandMeta, input: CommandInput): Promise<void> => {
    current = meta;
    currentInput = input;
    for (const notice of prepareInput(meta, input)) ctx.io.err.write(`${sanitize(notice)}\n`);
    // a malformed --template is refused before anything is fetched (5008, exit 2)
    if (typeof input.flags.template === 'string') (await import('./output/template.js')).parseTemplate(input.flags.template);
    await ctx.bind(meta, input);
    await checkHostKind(ctx, meta);
    const def = await loadCommand(meta);
    exitCode = (await def.run(ctx, input)) ?? 0;
  };

  try {
    // a user alias (bb alias set) is read from the config only when the first word is no bb command
    const first = argv[0];
    if (first !== undefined && !first.startsWith('-') && !COMMAND_META.some((d) => d.path[0] === first)) {
      const { expandAlias } = await import('./context/alias.js');
      argv = expandAlias(await ctx.config.aliases(), argv);
    }
    argv = helpArgv(COMMAND_META, argv);
    checkCommandWords(COMMAND_META, argv);
    const program = buildProgram(
      COMMAND_META,
      ctx.version,
      ctx.io,
      dispatch,
      { sections: helpSections },
      argv.find((a) => !a.startsWith('-')),
    );
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    let err: BbError;
    if (e instanceof CommanderError) {
      const mapped = fromCommanderError(e);
      if (mapped === 'exit0') return 0;
      err = mapped;
    } else {
      err = asBbError(e, ctx.io, ctx.env);
    }
    if (current && err.errorName === 'API_FORBIDDEN' && !err.details?.dataCenter) {
      // name the scopes in the vocabulary of the credential that was refused (legacy for Bearer access tokens)
      const credentialKind = await ctx.credential().then(
        (c) => c.kind,
        () => undefined,
      );
      err = await enrichError(current, err, { input: currentInput, credentialKind });
    }
    if (ctx.env.BB_DEBUG && err.stack && !(e instanceof CommanderError)) writeDebug(ctx.io, `${err.stack}\n`);
    return reportError(ctx.io, err, jsonErrors);
  }
}

function asBbError(e: unknown, io: IOStreams, env: NodeJS.ProcessEnv): BbError {
  if (e instanceof BbError) return e;
  if (env.BB_DEBUG) writeDebug(io, `${(e as Error)?.stack ?? String(e)}\n`);
  return new BbError('INTERNAL', `unexpected failure: ${(e as Error)?.message ?? String(e)}`, {
    hints: ['this is a bug in bb; run again with BB_DEBUG=1 for details, and report it'],
  });
}

/**
 * The one place an error reaches the user. Text: the contract's lines, with secrets in URLs redacted and
 * every control character, escape sequence and bidi override made visible (server text and echoed input
 * alike, whatever stderr is: an error line is for people, never data). `--json`: the error object, exact
 * but for the same redaction.
 */
function reportError(io: IOStreams, err: BbError, json: boolean): number {
  io.err.write(json ? `${JSON.stringify(redactDeep(err.toJSON()))}\n` : sanitize(redactText(formatError(err))));
  return err.exitCode;
}

function writeDebug(io: IOStreams, text: string): void {
  io.err.write(sanitize(redactText(text)));
}

/** Checks that are the same for every command, done before it runs; returns notices for stderr. */
function prepareInput(def: CommandMeta, input: CommandInput): string[] {
  const f = input.flags;
  if (def.json) {
    if ((f.jq !== undefined || f.template !== undefined) && f.json === undefined) {
      throw new BbError('INVALID_ARGUMENT', `${f.jq !== undefined ? '--jq' : '--template'} needs --json with the fields to use`, {
        hints: [`for example: --json ${def.json.slice(0, 2).join(',')} --jq '.[]'`],
      });
    }
    if (f.jq !== undefined && f.template !== undefined) throw new BbError('INVALID_ARGUMENT', '--jq and --template cannot be used together');
    if (f.json !== undefined) {
      // an old field name (before the one camelCase vocabulary) still works for one release, with a notice
      const { fields, keys, notices } = renamedFields(parseJsonFields(f.json as string | true, def.json, def.jsonRenamed), def.jsonRenamed);
      f.json = fields;
      if (notices.length > 0) input.jsonKeys = keys;
      return notices;
    }
  }
  return [];
}

/** A 403 inside a command also names every scope the whole command needs. */
async function enrichError(def: CommandMeta, err: BbError, fctx: ForbiddenContext): Promise<BbError> {
  // `bb api` declares no operations (they depend on the path): the error already names the operation's scopes.
  if (err.errorName !== 'API_FORBIDDEN' || def.dynamicOperations) return err;
  const { forbiddenForCommand } = await import('./scopes/cli-hooks.js');
  return forbiddenForCommand(def, err, fctx);
}
