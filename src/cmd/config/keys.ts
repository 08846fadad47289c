import { CONFIG_KEYS, type ConfigKey } from '../../context/config.js';

/** The configuration keys, for help text and completion. */
export const KEY_NAMES = Object.keys(CONFIG_KEYS) as ConfigKey[];

export function keyHelp(): string {
  return KEY_NAMES.map((k) => {
    const info = CONFIG_KEYS[k] as { description: string; values?: readonly string[]; default?: string };
    const values = info.values ? ` (${info.values.join(', ')}${info.default ? `; default ${info.default}` : ''})` : '';
    return `${k}: ${info.description}${values}`;
  }).join('\n');
}

export function defaultFor(key: ConfigKey): string | undefined {
  return (CONFIG_KEYS[key] as { default?: string }).default;
}
