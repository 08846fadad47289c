import { BbError } from '../core/errors.js';

/**
 * Run a jq program on a value with real jq semantics: jq itself, compiled to WebAssembly (jq-wasm).
 * Output is raw like `jq -r` (strings unquoted), one result per line, as gh's --jq does.
 */
export async function runJq(data: unknown, program: string): Promise<string> {
  const jq = await import('jq-wasm');
  const raw = (jq as { raw?: typeof jq.raw }).raw ?? (jq as unknown as { default: typeof jq }).default.raw;
  try {
    const out = await raw(JSON.stringify(data ?? null), program, ['-r']);
    return out === '' || out.endsWith('\n') ? out : `${out}\n`;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new BbError('JQ_ERROR', `jq: ${message.replace(/^jq: (error: )?/, '').trim()}`, {
      hints: ['check the expression with the jq manual: https://jqlang.org/manual/'],
    });
  }
}
