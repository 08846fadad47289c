import { BbError } from '../../../core/errors.js';

/** The Cloud operations of `bb repo settings` (GET/PUT /repositories/{workspace}/{repo_slug}/override-settings). */
export const OP = {
  view: 'GET /repositories/{workspace}/{repo_slug}/override-settings',
  edit: 'PUT /repositories/{workspace}/{repo_slug}/override-settings',
} as const;

/** The project settings a repository inherits or overrides (the keys of `override_settings`, as Cloud sends them). */
export const SETTING_NAMES = ['default_merge_strategy', 'branching_model'] as const;

/** `repository_inheritance_state`: `override_settings` maps a setting to true (overridden here) or false (inherited). */
export interface InheritanceState {
  type?: string;
  override_settings?: Record<string, unknown>;
}

/** One row of `bb repo settings view`: `--json setting,overridden`. */
export interface SettingRow {
  setting: string;
  overridden: boolean;
}

export const SETTING_JSON_FIELDS = ['setting', 'overridden'] as const;

export function rowsOf(state: InheritanceState): SettingRow[] {
  return Object.entries(state.override_settings ?? {})
    .filter(([, v]) => typeof v === 'boolean')
    .map(([setting, v]) => ({ setting, overridden: v as boolean }))
    .sort((a, b) => a.setting.localeCompare(b.setting));
}

/** A setting name the user typed: one of SETTING_NAMES (`-` accepted for `_`). */
export function checkSetting(value: string): string {
  const name = value.trim().toLowerCase().replace(/-/g, '_');
  if (!(SETTING_NAMES as readonly string[]).includes(name)) {
    throw new BbError('INVALID_ARGUMENT', `"${value}" is not a repository setting that can be inherited`, {
      hints: [`use one of: ${SETTING_NAMES.join(', ')}`],
    });
  }
  return name;
}
