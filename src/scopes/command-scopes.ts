import type { CommandDef } from '../cmd/define.js';
import { granularForOperation, minimalGranular } from './engine.js';
import { OPERATIONS } from './generated/operations.js';
import { minimizeLegacy } from './legacy.js';

/** The scopes one command needs at most (every declared operation, every conditional rule). */
export function commandGranular(def: CommandDef): string[] {
  const ops = [...def.operations, ...(def.conditional ?? []).flatMap((c) => c.operations ?? [])];
  const extra = (def.conditional ?? []).flatMap((c) => c.granular ?? []);
  return minimalGranular(ops, extra);
}

export function commandLegacy(def: CommandDef): string[] {
  const ops = [...def.operations, ...(def.conditional ?? []).flatMap((c) => c.operations ?? [])];
  const scopes = ops.flatMap((op) => OPERATIONS[op]?.legacy ?? []);
  return minimizeLegacy([...scopes, ...(def.conditional ?? []).flatMap((c) => c.legacy ?? [])]);
}

export { granularForOperation };
