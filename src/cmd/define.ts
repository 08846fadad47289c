import type { Context } from '../context/context.js';
import type { CommandInput, CommandMeta } from '../core/command.js';

// The command data model (flags, arguments, scopes rules, input) lives in src/core/command.ts, below every
// layer that reads it (scopes, completion, the resolver); a command adds its run function here.
export type { FlagType, FlagDef, ArgDef, ConditionalScopes, CommandInput, CommandMeta } from '../core/command.js';
export { commandName, allFlags, camel } from '../core/command.js';

export interface CommandDef extends CommandMeta {
  run(ctx: Context, input: CommandInput): Promise<number | undefined>;
}

export function defineCommand(def: CommandDef): CommandDef {
  return def;
}
