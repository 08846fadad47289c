import { join } from 'node:path';
import { BbError } from '../core/errors.js';
import { readJsonFile, writeFileAtomic } from '../util/fs.js';
import type { Credential, CredentialKind, OAuthCredential } from '../core/credentials.js';
import { isKeychainRef, KeychainUnavailable, keychainRef, type SecretStore, type SecretValue } from './secrets.js';

/**
 * Stored logins, shaped hosts → accounts so several accounts and Data Center hosts fit:
 *
 *   { "hosts": { "api.bitbucket.org": { "active": "me@example.com",
 *       "accounts": { "me@example.com": { "kind": "api-token", "email": "…", "token": {"keychain": "bb:api.bitbucket.org:me@example.com"}, … } } } } }
 *
 * Kept in `<config dir>/hosts.json`, mode 0600 in a 0700 directory. Secrets (tokens, OAuth refresh tokens and
 * client secrets) go to the OS keychain when one is reachable, and the file keeps a `{"keychain": "…"}` reference;
 * otherwise (headless Linux, CI, or `--insecure-storage`) the file holds them, with a one-line notice.
 */
export interface StoredOAuth {
  clientId: string;
  clientSecret: SecretValue;
  refreshToken: SecretValue;
  /** ISO time the access token expires. */
  expiresAt?: string;
  tokenUrl: string;
  authorizeUrl: string;
  /** Legacy scopes bb asked for at login (the consumer's checkboxes decide what is granted). */
  requested?: string[];
}

export interface StoredAccount {
  kind: CredentialKind;
  token: SecretValue;
  email?: string;
  /** Display name / nickname / uuid learnt when the login was verified. */
  user?: { display_name?: string; nickname?: string; uuid?: string; account_id?: string };
  /** Scopes reported by the API (or the OAuth token response) when the login was verified. */
  scopes?: string[];
  /** OAuth 2.0 consumer logins: what refreshing needs. */
  oauth?: StoredOAuth;
}

/** An account with its secrets in clear, as commands hand it to `save`. */
export interface PlainAccount extends Omit<StoredAccount, 'token' | 'oauth'> {
  token: string;
  oauth?: Omit<StoredOAuth, 'clientSecret' | 'refreshToken'> & { clientSecret: string; refreshToken: string };
}

export interface HostEntry {
  /** `dc`: a Bitbucket Data Center instance; absent (older files) or `cloud`: Bitbucket Cloud. */
  kind?: 'cloud' | 'dc';
  /** Data Center: the instance's base URL (`https://host[/context]`); the key is its host[:port]. */
  baseUrl?: string;
  active?: string;
  accounts: Record<string, StoredAccount>;
}

export interface HostsFile {
  hosts: Record<string, HostEntry>;
}

export interface CredentialStoreOptions {
  /** The keychain (or a fake); loaded lazily — only called when a secret goes to or comes from it. */
  secrets?: () => SecretStore;
  /** Where one-line notices go (the keychain fallback). */
  notice?: (line: string) => void;
}

export type Storage = 'keychain' | 'file';

export class CredentialStore {
  readonly path: string;
  private secretStore?: SecretStore;
  constructor(
    configDir: string,
    private readonly opts: CredentialStoreOptions = {},
  ) {
    this.path = join(configDir, 'hosts.json');
  }

  private secrets(): SecretStore | undefined {
    this.secretStore ??= this.opts.secrets?.();
    return this.secretStore;
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

  /** The active account's name for a host: `active`, else the first one. */
  static activeName(entry: HostEntry | undefined): string | undefined {
    if (!entry) return undefined;
    return entry.active && entry.accounts[entry.active] ? entry.active : Object.keys(entry.accounts)[0];
  }

  /** Where an account's secrets live. */
  static storageOf(account: StoredAccount): Storage {
    return isKeychainRef(account.token) ? 'keychain' : 'file';
  }

  /** One account (the active one without `name`), its secrets resolved, as a Credential. */
  async get(host: string, name?: string): Promise<{ name: string; account: StoredAccount; credential: Credential } | undefined> {
    const entry = (await this.read()).hosts[host];
    const target = name ?? CredentialStore.activeName(entry);
    if (!entry || !target) return undefined;
    const account = entry.accounts[target];
    if (!account) return undefined;
    return { name: target, account, credential: await this.credentialOf(host, target, account) };
  }

  /** The active account for a host, as a Credential. */
  active(host: string) {
    return this.get(host);
  }

  /** Resolve an account's secrets (keychain references) into a Credential. */
  async credentialOf(host: string, name: string, account: StoredAccount): Promise<Credential> {
    const source = CredentialStore.storageOf(account) === 'keychain' ? 'keychain' : this.path;
    const credential: Credential = { kind: account.kind, token: await this.reveal(account.token), email: account.email, source, host, account: name };
    if (account.oauth) {
      const o = account.oauth;
      const oauth: OAuthCredential = {
        clientId: o.clientId,
        clientSecret: await this.reveal(o.clientSecret),
        refreshToken: await this.reveal(o.refreshToken),
        expiresAt: o.expiresAt,
        tokenUrl: o.tokenUrl,
        authorizeUrl: o.authorizeUrl,
        requested: o.requested,
      };
      credential.oauth = oauth;
    }
    return credential;
  }

  private async reveal(value: SecretValue): Promise<string> {
    if (!isKeychainRef(value)) return value;
    const store = this.secrets();
    let secret: string | undefined;
    try {
      if (!store) throw new KeychainUnavailable('no keychain configured');
      secret = await store.get(value.keychain);
    } catch (e) {
      if (!(e instanceof KeychainUnavailable)) throw e;
      throw new BbError('AUTH_REQUIRED', `the stored login is in the OS keychain, which is not reachable: ${e.message}`, {
        hints: ['unlock the keychain, or log in again with `bb auth login --insecure-storage` to keep the token in the file'],
      });
    }
    if (secret === undefined) {
      throw new BbError('AUTH_REQUIRED', `the keychain has no secret under ${value.keychain}`, { hints: ['run `bb auth login` again'] });
    }
    return secret;
  }

  /**
   * Store a secret: in the keychain (returning the reference) unless `insecure` or the keychain is unreachable,
   * in which case the value itself is returned for the file, after a one-line notice.
   */
  private async stash(ref: string, secret: string, state: { insecure: boolean; fellBack: boolean }): Promise<SecretValue> {
    const store = state.insecure || state.fellBack ? undefined : this.secrets();
    if (!store) return secret;
    try {
      await store.set(ref, secret);
      return { keychain: ref };
    } catch (e) {
      if (!(e instanceof KeychainUnavailable)) throw e;
      state.fellBack = true;
      this.opts.notice?.(`! no OS keychain reachable (${e.message}): storing the credentials in ${this.path} (mode 0600)`);
      return secret;
    }
  }

  /** Save (and by default activate) an account; returns where its secrets went. */
  async save(
    host: string,
    name: string,
    plain: PlainAccount,
    opts: { insecure?: boolean; activate?: boolean; hostKind?: 'cloud' | 'dc'; baseUrl?: string } = {},
  ): Promise<Storage> {
    const state = { insecure: Boolean(opts.insecure), fellBack: false };
    const previous = (await this.read()).hosts[host]?.accounts[name];
    const token = await this.stash(keychainRef(host, name), plain.token, state);
    const account: StoredAccount = { ...plain, token, oauth: undefined };
    if (plain.oauth) {
      account.oauth = {
        ...plain.oauth,
        clientSecret: await this.stash(keychainRef(host, name, 'client-secret'), plain.oauth.clientSecret, state),
        refreshToken: await this.stash(keychainRef(host, name, 'refresh'), plain.oauth.refreshToken, state),
      };
    } else {
      delete account.oauth;
    }
    // Secrets now in the file must not linger in the keychain (and vice versa nothing is left behind).
    if (previous) await this.forget(previous, account);
    const data = await this.read();
    const entry = data.hosts[host] ?? { accounts: {} };
    if (opts.hostKind === 'dc') Object.assign(entry, { kind: 'dc', baseUrl: opts.baseUrl });
    // a Cloud login remembers the API it was made against (BB_API_URL), so `bb auth status` can say how to use it
    else if (opts.baseUrl) entry.baseUrl = opts.baseUrl;
    entry.accounts[name] = account;
    if (opts.activate !== false || !entry.active) entry.active = name;
    data.hosts[host] = entry;
    await this.write(data);
    return CredentialStore.storageOf(account);
  }

  /** New tokens after a refresh, kept where the old ones were. */
  async updateTokens(host: string, name: string, tokens: { token: string; refreshToken: string; expiresAt?: string; scopes?: string[] }): Promise<void> {
    const data = await this.read();
    const account = data.hosts[host]?.accounts[name];
    if (!account?.oauth) throw new BbError('AUTH_REQUIRED', `no OAuth login for ${name} on ${host}`);
    const state = { insecure: CredentialStore.storageOf(account) === 'file', fellBack: false };
    account.token = await this.stash(keychainRef(host, name), tokens.token, state);
    account.oauth.refreshToken = await this.stash(keychainRef(host, name, 'refresh'), tokens.refreshToken, state);
    if (state.fellBack && isKeychainRef(account.oauth.clientSecret)) account.oauth.clientSecret = await this.reveal(account.oauth.clientSecret);
    account.oauth.expiresAt = tokens.expiresAt;
    if (tokens.scopes) account.scopes = tokens.scopes;
    await this.write(data);
  }

  /** Make `name` the active account of `host`. */
  async setActive(host: string, name: string): Promise<boolean> {
    const data = await this.read();
    const entry = data.hosts[host];
    if (!entry?.accounts[name]) return false;
    entry.active = name;
    await this.write(data);
    return true;
  }

  /** Forget one account (or the active one); returns the account removed, if any. */
  async remove(host: string, name?: string): Promise<{ name: string; account: StoredAccount } | undefined> {
    const data = await this.read();
    const entry = data.hosts[host];
    if (!entry) return undefined;
    const target = name ?? CredentialStore.activeName(entry);
    const account = target ? entry.accounts[target] : undefined;
    if (!target || !account) return undefined;
    delete entry.accounts[target];
    const rest = Object.keys(entry.accounts);
    if (rest.length === 0) delete data.hosts[host];
    else if (entry.active === target || !entry.active) entry.active = rest[0];
    await this.write(data);
    await this.forget(account);
    return { name: target, account };
  }

  /** Delete an account's keychain entries, but those `kept` still uses (best effort: an unreachable keychain keeps them). */
  private async forget(account: StoredAccount, kept?: StoredAccount): Promise<void> {
    const refsOf = (a: StoredAccount | undefined) =>
      a ? [a.token, a.oauth?.clientSecret, a.oauth?.refreshToken].filter(isKeychainRef).map((r) => r.keychain) : [];
    const keep = new Set(refsOf(kept));
    const refs = refsOf(account).filter((r) => !keep.has(r));
    if (refs.length === 0) return;
    const store = this.secrets();
    for (const ref of refs) {
      try {
        await store?.delete(ref);
      } catch (e) {
        if (!(e instanceof KeychainUnavailable)) throw e;
        this.opts.notice?.(`! could not delete ${ref} from the keychain: ${e.message}`);
        return;
      }
    }
  }
}
