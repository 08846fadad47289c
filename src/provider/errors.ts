/** Errors the provider's methods (and the commands) refine, the same on both hosts. */
import { BbError } from '../core/errors.js';

/** A 404 with a message naming what was missing (keeps code 2002, the operation and the hints). */
export function notFound(e: unknown, message: string): unknown {
  if (e instanceof BbError && e.errorName === 'API_NOT_FOUND') {
    return new BbError('API_NOT_FOUND', message, { operation: e.operation, status: 404, hints: e.hints });
  }
  return e;
}
