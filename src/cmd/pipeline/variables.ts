import { BbError } from '../../core/errors.js';

/** `KEY=VALUE` variables for `bb pipeline run` (secured ones never shown). */
export interface RunVariable {
  key: string;
  value: string;
  secured: boolean;
}

export const MASK = '••••••••';

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `--var KEY=VALUE` (plain) and `--secure-var KEY=VALUE` (secured); `--secure-var KEY` alone takes the
 * value from the environment variable KEY, so a secret need not appear in argv.
 */
export function parseVariables(plain: string[], secure: string[], env: NodeJS.ProcessEnv): RunVariable[] {
  const out: RunVariable[] = [];
  const one = (raw: string, secured: boolean) => {
    const eq = raw.indexOf('=');
    const key = eq < 0 ? raw : raw.slice(0, eq);
    if (!KEY.test(key)) {
      throw new BbError('INVALID_ARGUMENT', `"${secured ? key : raw}" is not KEY=VALUE with a variable name (letters, digits, _)`, {
        hints: ['for example: --var DEPLOY_ENV=staging --secure-var API_KEY'],
      });
    }
    let value: string;
    if (eq >= 0) value = raw.slice(eq + 1);
    else if (secured && env[key] !== undefined) value = env[key] as string;
    else if (secured)
      throw new BbError('INVALID_ARGUMENT', `--secure-var ${key}: no value, and $${key} is not set`, {
        hints: [`export ${key}=… first, or pass ${key}=VALUE`],
      });
    else throw new BbError('INVALID_ARGUMENT', `--var ${raw}: expected KEY=VALUE`);
    const existing = out.findIndex((v) => v.key === key);
    if (existing >= 0) out.splice(existing, 1);
    out.push({ key, value, secured });
  };
  for (const raw of plain) one(raw, false);
  for (const raw of secure) one(raw, true);
  return out;
}

/** Variables as shown (dry run, output): secured values masked. */
export function maskedVariables(vars: RunVariable[]): RunVariable[] {
  return vars.map((v) => (v.secured ? { ...v, value: MASK } : v));
}
