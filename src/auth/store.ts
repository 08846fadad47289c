import { join } from 'node:path';
import { BbError } from '../errors.js';
import { readJsonFile, writeFileAtomic } from '../util/fs.js';
import type { Credential, CredentialKind } from './credentials.js';

/**
 * Stored logins, shaped hosts → accounts so several accounts and Data Center hosts fit:
 *
 *   { "hosts": { "api.bitbucket.org": { "active": "me@example.com",
 *       "accounts": { "me@example.com": { "kind": "api-token", "email": "…", "token": "…", … } } } } }
 *
 * Kept in `<config dir>/hosts.json`, mode 0600 in a 0700 directory. (The OS keychain is a later step.)
 */
export interface StoredAccount {
  kind: CredentialKind;
  token: string;
  email?: string;
  /** Display name / nickname / uuid learnt when the login was verified. */
  user?: { display_name?: string; nickname?: string; uuid?: string; account_id?: string };
  /** Scopes reported by the API when the login was verified, when it reports them. */
  scopes?: string[];
}

export interface HostEntry {
  active?: string;
  accounts: Record<string, StoredAccount>;
}

export interface HostsFile {
  hosts: Record<string, HostEntry>;
}

export class CredentialStore {
  readonly path: string;
  constructor(configDir: string) {
    this.path = join(configDir, 'hosts.json');
  }

  async read(): Promise<HostsFile> {
    try {
      const data = await readJsonFile<HostsFile>(this.path);
      return data && typeof data.hosts === 'object' ? data : { hosts: {} };
    } catch (e) {
      throw new BbError('CONFIG_INVALID', `cannot read ${this.path}: ${(e as Error).message}`, {
        hints: ['delete the file and run `bb auth login` again'],
      });
    }
  }

  private async write(data: HostsFile): Promise<void> {
    try {
      await writeFileAtomic(this.path, `${JSON.stringify(data, null, 2)}\n`, 0o600, 0o700);
    } catch (e) {
      throw new BbError('CONFIG_WRITE_FAILED', `cannot write ${this.path}: ${(e as Error).message}`);
    }
  }

  /** The active account for a host, as a Credential. */
  async active(host: string): Promise<{ name: string; account: StoredAccount; credential: Credential } | undefined> {
    const entry = (await this.read()).hosts[host];
    if (!entry) return undefined;
    const name = entry.active && entry.accounts[entry.active] ? entry.active : Object.keys(entry.accounts)[0];
    if (!name) return undefined;
    const account = entry.accounts[name] as StoredAccount;
    return { name, account, credential: { kind: account.kind, token: account.token, email: account.email, source: this.path } };
  }

  async save(host: string, name: string, account: StoredAccount): Promise<void> {
    const data = await this.read();
    const entry = data.hosts[host] ?? { accounts: {} };
    entry.accounts[name] = account;
    entry.active = name;
    data.hosts[host] = entry;
    await this.write(data);
  }

  /** Forget one account (or the active one); returns the name removed, if any. */
  async remove(host: string, name?: string): Promise<string | undefined> {
    const data = await this.read();
    const entry = data.hosts[host];
    if (!entry) return undefined;
    const target = name ?? entry.active ?? Object.keys(entry.accounts)[0];
    if (!target || !entry.accounts[target]) return undefined;
    delete entry.accounts[target];
    const rest = Object.keys(entry.accounts);
    if (rest.length === 0) delete data.hosts[host];
    else if (entry.active === target) entry.active = rest[0];
    await this.write(data);
    return target;
  }
}
