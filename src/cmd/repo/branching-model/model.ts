/**
 * Bitbucket Cloud's branching model (repository and project): what `bb repo|project branching-model view` prints and
 * the body `… edit` sends to the settings endpoint. Data Center's REST API (the vendored spec) has no branching model
 * endpoint: these commands are Cloud's.
 */
import { BbError } from '../../../core/errors.js';
import { writeOut } from '../../../output/iostreams.js';
import type { Context } from '../../../context/context.js';
import type { CommandInput } from '../../define.js';

export const BRANCH_KINDS = ['feature', 'bugfix', 'release', 'hotfix'] as const;

export const MODEL_JSON_FIELDS = ['development', 'production', 'branchTypes'] as const;

interface WireBranchRef {
  name?: string | null;
  use_mainbranch?: boolean;
  enabled?: boolean;
  is_valid?: boolean;
  branch?: { name?: string };
}

export interface WireModel {
  development?: WireBranchRef;
  production?: WireBranchRef;
  branch_types?: Array<{ kind?: string; prefix?: string; enabled?: boolean }>;
}

/** `--json`: development and production (null: production disabled), and the branch types. */
export interface BranchingModel {
  development: { name: string | null; useMainBranch: boolean; exists: boolean | null };
  production: { name: string | null; useMainBranch: boolean; exists: boolean | null } | null;
  branchTypes: Array<{ kind: string; prefix: string | null; enabled: boolean }>;
}

function branchOf(b: WireBranchRef | undefined): BranchingModel['development'] {
  const exists = b?.is_valid !== undefined ? b.is_valid : b?.branch ? true : b?.name === undefined ? null : false;
  return { name: b?.name ?? b?.branch?.name ?? null, useMainBranch: Boolean(b?.use_mainbranch), exists };
}

/**
 * A model (GET …/branching-model, …/effective-branching-model: active types only, no production when disabled) or
 * settings (GET/PUT …/branching-model/settings: every type with `enabled`, production with `enabled`).
 */
export function modelOf(w: WireModel): BranchingModel {
  const production = w.production && w.production.enabled !== false ? branchOf(w.production) : null;
  return {
    development: branchOf(w.development),
    production,
    branchTypes: (w.branch_types ?? []).map((t) => ({ kind: t.kind ?? '', prefix: t.prefix ?? null, enabled: t.enabled !== false })),
  };
}

/** The model (branches resolved) with the settings' branch types, disabled ones included: `view --settings`. */
export function withSettings(model: WireModel, settings: WireModel): BranchingModel {
  return { ...modelOf(model), branchTypes: modelOf(settings).branchTypes };
}

export function modelText(m: BranchingModel): string {
  const branch = (b: BranchingModel['development']) =>
    `${b.name ?? '(the main branch)'}${b.useMainBranch ? ' (tracks the main branch)' : ''}${b.exists === false ? ' (does not exist)' : ''}`;
  const lines = [`development:  ${branch(m.development)}`, `production:   ${m.production ? branch(m.production) : '(disabled)'}`];
  for (const t of m.branchTypes) lines.push(`${`${t.kind}:`.padEnd(13)} ${t.prefix ?? ''}${t.enabled ? '' : ' (disabled)'}`);
  return `${lines.join('\n')}\n`;
}

export function printModel(ctx: Context, m: BranchingModel): void {
  writeOut(ctx.io, modelText(m));
}

export const EDIT_FLAGS = [
  { name: 'development', type: 'string', valueName: 'BRANCH', description: 'the development branch (it must exist)' },
  { name: 'development-main', type: 'boolean', description: 'development tracks the main branch' },
  { name: 'production', type: 'string', valueName: 'BRANCH', description: 'the production branch (it must exist); enables production' },
  { name: 'production-main', type: 'boolean', description: 'production tracks the main branch; enables production' },
  { name: 'disable-production', type: 'boolean', description: 'no production branch' },
  { name: 'prefix', type: 'multi', valueName: 'KIND=PREFIX', description: 'the prefix of a branch type, which is enabled (feature=feature/)' },
  { name: 'enable', type: 'list', valueName: 'KIND', description: 'enable branch types (feature, bugfix, release, hotfix)' },
  { name: 'disable', type: 'list', valueName: 'KIND', description: 'disable branch types' },
] as const;

function kindOf(v: string): string {
  const k = v.trim().toLowerCase();
  if (!(BRANCH_KINDS as readonly string[]).includes(k))
    throw new BbError('INVALID_ARGUMENT', `"${v}" is not a branch type`, { hints: [`one of: ${BRANCH_KINDS.join(', ')}`] });
  return k;
}

function branchName(v: unknown, flag: string): string {
  const name = String(v ?? '').trim();
  if (!name || /[\s\0~^:?*[\\]/.test(name) || name.startsWith('-')) throw new BbError('INVALID_ARGUMENT', `--${flag} "${name}" is not a branch name`);
  return name;
}

/** The settings body the edit flags ask for (only what they change); INVALID_ARGUMENT on contradictions or nothing to do. */
export function settingsBody(input: CommandInput): Record<string, unknown> {
  const f = input.flags;
  const body: Record<string, unknown> = {};
  if (f.development !== undefined && f.developmentMain) throw new BbError('INVALID_ARGUMENT', 'give --development BRANCH or --development-main, not both');
  if (f.development !== undefined) body.development = { use_mainbranch: false, name: branchName(f.development, 'development') };
  if (f.developmentMain) body.development = { use_mainbranch: true };
  const production = [f.production !== undefined, Boolean(f.productionMain), Boolean(f.disableProduction)].filter(Boolean).length;
  if (production > 1) throw new BbError('INVALID_ARGUMENT', 'give one of --production BRANCH, --production-main and --disable-production');
  if (f.production !== undefined) body.production = { enabled: true, use_mainbranch: false, name: branchName(f.production, 'production') };
  if (f.productionMain) body.production = { enabled: true, use_mainbranch: true };
  if (f.disableProduction) body.production = { enabled: false };
  const types = new Map<string, Record<string, unknown>>();
  const type = (k: string) => types.get(k) ?? types.set(k, { kind: k }).get(k) ?? {};
  for (const p of (f.prefix as string[] | undefined) ?? []) {
    const at = p.indexOf('=');
    if (at < 1) throw new BbError('INVALID_ARGUMENT', `--prefix "${p}" is not KIND=PREFIX`, { hints: ['for example: --prefix feature=feat/'] });
    const prefix = p.slice(at + 1).trim();
    if (!prefix || /[\s*?[\\~^:]/.test(prefix))
      throw new BbError('INVALID_ARGUMENT', `"${prefix}" is not a branch prefix`, { hints: ['for example: feature/'] });
    Object.assign(type(kindOf(p.slice(0, at))), { prefix, enabled: true });
  }
  for (const k of (f.enable as string[] | undefined) ?? []) Object.assign(type(kindOf(k)), { enabled: true });
  for (const k of (f.disable as string[] | undefined) ?? []) {
    const t = type(kindOf(k));
    if (t.enabled === true) throw new BbError('INVALID_ARGUMENT', `${k} is both enabled and disabled`);
    t.enabled = false;
  }
  if (types.size) body.branch_types = [...types.values()];
  if (Object.keys(body).length === 0)
    throw new BbError('INVALID_ARGUMENT', 'nothing to change', {
      hints: ['give --development, --development-main, --production, --production-main, --disable-production, --prefix, --enable or --disable'],
    });
  return body;
}
