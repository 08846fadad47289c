/**
 * Where secrets (tokens, refresh tokens, OAuth client secrets) live. `SecretStore` is the seam: the OS keychain
 * in real use, an in-memory fake in tests. hosts.json then keeps a reference `{"keychain": "bb:<host>:<account>"}`
 * instead of the secret itself.
 *
 * The keychain module (@napi-rs/keyring, native) is imported only when a secret is actually read from or written
 * to the keychain, so commands that use BB_TOKEN or file-stored tokens never load it.
 */

export interface SecretStore {
  /** `keychain` for the OS keychain; anything else is a test double. */
  readonly name: string;
  /** The secret under `ref`, undefined when there is none. Throws KeychainUnavailable when the store is unreachable. */
  get(ref: string): Promise<string | undefined>;
  /** Throws KeychainUnavailable when the store is unreachable (the caller then falls back to the file). */
  set(ref: string, secret: string): Promise<void>;
  delete(ref: string): Promise<void>;
}

export class KeychainUnavailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'KeychainUnavailable';
  }
}

/** A secret as stored in hosts.json: the value itself (file storage) or a reference into the keychain. */
export type SecretValue = string | { keychain: string };

export function isKeychainRef(v: SecretValue | undefined): v is { keychain: string } {
  return typeof v === 'object' && v !== null && typeof v.keychain === 'string';
}

/** `bb:<host>:<account>` for the access token; `…:<field>` for the other secrets of the same login. */
export function keychainRef(host: string, account: string, field?: 'refresh' | 'client-secret'): string {
  return `bb:${host}:${account}${field ? `:${field}` : ''}`;
}

/** Keychain entries are (service, account) pairs: service `bb`, account the rest of the reference. */
function splitRef(ref: string): { service: string; account: string } {
  const i = ref.indexOf(':');
  return i < 0 ? { service: 'bb', account: ref } : { service: ref.slice(0, i), account: ref.slice(i + 1) };
}

/** Keychain calls never take longer than this: a locked or absent keychain must not hang bb (or CI). */
export const KEYCHAIN_TIMEOUT_MS = 3000;

type KeyringModule = typeof import('@napi-rs/keyring');

/**
 * The OS keychain: macOS Keychain, Windows Credential Manager, or the freedesktop Secret Service on Linux
 * (gnome-keyring, KWallet) reached over D-Bus.
 *
 * On Linux the store is pinned to `secret-service`: @napi-rs/keyring's default falls back to the kernel keyutils
 * keyring, which keeps keys in kernel memory only (its README: "use secret-service for credentials that must
 * survive a restart") — a login that vanishes on reboot is worse than the 0600 file. Without a D-Bus session bus
 * (headless Linux, containers, CI) bb says so at once instead of trying: the check is an environment lookup.
 */
export class KeychainStore implements SecretStore {
  readonly name = 'keychain';
  private mod?: Promise<KeyringModule>;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly timeoutMs = KEYCHAIN_TIMEOUT_MS,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** Why the keychain cannot be used here, decided without loading it; undefined when it may work. */
  static unreachableReason(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | undefined {
    if (platform === 'linux' && !env.DBUS_SESSION_BUS_ADDRESS) return 'no D-Bus session bus for the Secret Service';
    return undefined;
  }

  private async entry(ref: string) {
    const reason = KeychainStore.unreachableReason(this.env, this.platform);
    if (reason) throw new KeychainUnavailable(reason);
    this.mod ??= import('@napi-rs/keyring');
    let m: KeyringModule;
    try {
      m = await this.mod;
    } catch (e) {
      throw new KeychainUnavailable(`the keychain module did not load: ${(e as Error).message}`);
    }
    const { service, account } = splitRef(ref);
    try {
      return new m.AsyncEntry(service, account, this.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined);
    } catch (e) {
      throw new KeychainUnavailable(oneLine(e));
    }
  }

  private async call<T>(ref: string, op: (entry: InstanceType<KeyringModule['AsyncEntry']>, signal: AbortSignal) => Promise<T>): Promise<T> {
    const entry = await this.entry(ref);
    const signal = AbortSignal.timeout(this.timeoutMs);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new KeychainUnavailable(`the keychain did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([op(entry, signal), timeout]);
    } catch (e) {
      if (e instanceof KeychainUnavailable) throw e;
      throw new KeychainUnavailable(oneLine(e));
    } finally {
      clearTimeout(timer);
    }
  }

  async get(ref: string): Promise<string | undefined> {
    return (await this.call(ref, (e, signal) => e.getPassword(signal))) ?? undefined;
  }

  async set(ref: string, secret: string): Promise<void> {
    await this.call(ref, (e, signal) => e.setPassword(secret, signal));
  }

  async delete(ref: string): Promise<void> {
    await this.call(ref, (e, signal) => e.deletePassword(signal));
  }
}

/** In-memory SecretStore for tests; `unavailable` makes it behave like a machine without a keychain. */
export class MemorySecretStore implements SecretStore {
  readonly name = 'keychain';
  readonly secrets = new Map<string, string>();
  calls = 0;
  constructor(public unavailable?: string) {}

  private check(): void {
    this.calls++;
    if (this.unavailable) throw new KeychainUnavailable(this.unavailable);
  }
  async get(ref: string): Promise<string | undefined> {
    this.check();
    return this.secrets.get(ref);
  }
  async set(ref: string, secret: string): Promise<void> {
    this.check();
    this.secrets.set(ref, secret);
  }
  async delete(ref: string): Promise<void> {
    this.check();
    this.secrets.delete(ref);
  }
}

/** The first line of an error's message, for one-line notices. */
function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return (msg.split('\n')[0] ?? msg).slice(0, 200);
}
