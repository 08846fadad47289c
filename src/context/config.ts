import { homedir } from 'node:os';
import { join } from 'node:path';
import { BbError } from '../core/errors.js';
import { readJsonFile, writeFileAtomic } from '../util/fs.js';

/** Every setting `bb config` knows, with what it means and which values it takes. */
export const CONFIG_KEYS = {
  default_workspace: { description: 'workspace used when a command needs one and none is given', values: undefined },
  git_protocol: { description: 'protocol used by `bb repo clone`', values: ['https', 'ssh'], default: 'https' },
  editor: { description: 'editor for composing text (falls back to $VISUAL, $EDITOR)', values: undefined },
  pager: { description: 'pager for long output on a terminal (BB_PAGER overrides it)', values: undefined },
  browser: { description: 'browser command for --web (falls back to the system opener)', values: undefined },
  prompt: { description: 'whether bb may ask questions on a terminal', values: ['enabled', 'disabled'], default: 'enabled' },
} as const satisfies Record<string, { description: string; values: readonly string[] | undefined; default?: string }>;

export type ConfigKey = keyof typeof CONFIG_KEYS;
export type Settings = Partial<Record<ConfigKey, string>> & { aliases?: Record<string, string> };

export function configDir(env: NodeJS.ProcessEnv): string {
  if (env.BB_CONFIG_DIR) return env.BB_CONFIG_DIR;
  const xdg = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(xdg, 'bb');
}

export function isConfigKey(key: string): key is ConfigKey {
  return Object.hasOwn(CONFIG_KEYS, key);
}

export function checkConfigKey(key: string): ConfigKey {
  if (!isConfigKey(key)) {
    throw new BbError('CONFIG_UNKNOWN_KEY', `unknown configuration key "${key}"`, {
      hints: [`known keys: ${Object.keys(CONFIG_KEYS).join(', ')}`],
    });
  }
  return key;
}

export function checkConfigValue(key: ConfigKey, value: string): void {
  const allowed: readonly string[] | undefined = CONFIG_KEYS[key].values;
  if (allowed && !allowed.includes(value)) {
    throw new BbError('CONFIG_BAD_VALUE', `"${value}" is not a valid value for ${key}`, {
      hints: [`valid values: ${allowed.join(', ')}`],
    });
  }
}

/** Settings file: `<config dir>/config.json`. Credentials live apart, in hosts.json (auth/store.ts). */
export class ConfigStore {
  readonly path: string;
  private cache?: Settings;
  constructor(dir: string) {
    this.path = join(dir, 'config.json');
  }

  async load(): Promise<Settings> {
    if (this.cache) return this.cache;
    try {
      this.cache = (await readJsonFile<Settings>(this.path)) ?? {};
    } catch (e) {
      throw new BbError('CONFIG_INVALID', `cannot read ${this.path}: ${(e as Error).message}`, {
        hints: ['fix or delete the file; `bb config set` rewrites it'],
      });
    }
    return this.cache;
  }

  async get(key: ConfigKey): Promise<string | undefined> {
    return (await this.load())[key];
  }

  /** User aliases (`bb alias set`): name → the command line it stands for. */
  async aliases(): Promise<Record<string, string>> {
    const a = (await this.load()).aliases;
    return a && typeof a === 'object' ? { ...a } : {};
  }

  async setAlias(name: string, expansion: string | undefined): Promise<void> {
    const settings = { ...(await this.load()) };
    const aliases = { ...(settings.aliases ?? {}) };
    if (expansion === undefined) delete aliases[name];
    else aliases[name] = expansion;
    settings.aliases = aliases;
    await this.save(settings);
  }

  async set(key: ConfigKey, value: string | undefined): Promise<void> {
    const settings = { ...(await this.load()) };
    if (value === undefined) delete settings[key];
    else settings[key] = value;
    await this.save(settings);
  }

  private async save(settings: Settings): Promise<void> {
    try {
      await writeFileAtomic(this.path, `${JSON.stringify(settings, null, 2)}\n`);
    } catch (e) {
      throw new BbError('CONFIG_WRITE_FAILED', `cannot write ${this.path}: ${(e as Error).message}`);
    }
    this.cache = settings;
  }
}
