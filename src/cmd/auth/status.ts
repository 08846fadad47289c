import { type Credential, credentialFromEnv, describeKind, redact } from '../../auth/credentials.js';
import { CredentialStore } from '../../auth/store.js';
import { BbError } from '../../errors.js';
import { colorize } from '../../output/iostreams.js';
import { jsonRequest } from '../../output/command-output.js';
import { pickFields, printJson } from '../../output/json.js';
import { defineCommand } from '../define.js';
import { verifyCredential } from './shared.js';

interface Entry {
  host: string;
  account: string;
  kind: Credential['kind'];
  /** `oauth` for OAuth 2.0 consumer logins. */
  method: 'api-token' | 'access-token' | 'oauth';
  source: string;
  /** Where the secret lives: `env`, `keychain` or `file`. */
  storage: 'env' | 'keychain' | 'file';
  /** OAuth: when the access token expires (it is refreshed automatically). */
  expiresAt?: string;
  active: boolean;
  user?: string;
  token: string;
  valid: boolean;
  problem?: string;
  /** Granted scopes when Bitbucket says (X-OAuth-Scopes, or a 403's detail.granted); undefined = unknown. */
  scopes?: string[];
  /** Command groups those scopes allow. */
  allows?: string[];
}

export default defineCommand({
  path: ['auth', 'status'],
  summary: 'Show who you are logged in as, with which kind of token, stored where',
  description:
    "Checks each credential against the API (GET /user) and says where it lives: BB_TOKEN, the OS keychain, or the credentials file. Exit status 4 when not logged in or the token fails. Shows the token's scopes when Bitbucket reports them (the X-OAuth-Scopes header of access and OAuth tokens, or a refusal that lists the granted scopes) and which command groups they allow; otherwise says they are unknown.",
  examples: ['bb auth status', 'bb auth status --json host,user,kind,storage,valid', 'bb auth status --account ada'],
  flags: [{ name: 'account', type: 'string', valueName: 'NAME', description: 'only this stored account' }],
  json: ['host', 'account', 'user', 'kind', 'method', 'source', 'storage', 'expiresAt', 'active', 'valid', 'problem', 'scopes', 'allows'],
  operations: ['GET /user'],
  async run(ctx, input) {
    const entries: Entry[] = [];
    const only = input.flags.account as string | undefined;
    const fromEnv = credentialFromEnv(ctx.env);
    const candidates: Array<{ account: string; credential?: Credential; problem?: string; active: boolean; oauth: boolean; storage: Entry['storage'] }> = [];
    if (fromEnv && only === undefined) {
      candidates.push({ account: fromEnv.email ?? 'BB_TOKEN', credential: fromEnv, active: true, oauth: false, storage: 'env' });
    }
    const stored = (await ctx.credentials.read()).hosts[ctx.apiHost];
    const activeName = CredentialStore.activeName(stored);
    for (const [name, account] of Object.entries(stored?.accounts ?? {})) {
      if (only !== undefined && name !== only) continue;
      let credential: Credential | undefined;
      let problem: string | undefined;
      try {
        credential = await ctx.credentials.credentialOf(ctx.apiHost, name, account);
      } catch (e) {
        if (!(e instanceof BbError)) throw e;
        problem = e.message;
      }
      candidates.push({
        account: name,
        credential,
        problem,
        active: !fromEnv && activeName === name,
        oauth: Boolean(account.oauth),
        storage: CredentialStore.storageOf(account),
      });
    }
    if (only !== undefined && candidates.length === 0) {
      throw new BbError('AUTH_REQUIRED', `no account "${only}" on ${ctx.apiHost}`, {
        hints: [`accounts: ${Object.keys(stored?.accounts ?? {}).join(', ') || '(none)'}`],
      });
    }
    if (candidates.length === 0) {
      throw new BbError('AUTH_REQUIRED', `not logged in to ${ctx.apiHost}`, {
        hints: ['run `bb auth login`, or set BB_TOKEN (with BB_EMAIL for an API token)'],
      });
    }
    for (const c of candidates) {
      const kind = c.credential?.kind ?? stored?.accounts[c.account]?.kind ?? 'access-token';
      const entry: Entry = {
        host: ctx.apiHost,
        account: c.account,
        kind,
        method: c.oauth ? 'oauth' : kind,
        source: c.storage === 'env' ? 'BB_TOKEN' : c.storage === 'keychain' ? 'OS keychain' : ctx.credentials.path,
        storage: c.storage,
        expiresAt: c.credential?.oauth?.expiresAt,
        active: c.active,
        token: c.credential ? redact(c.credential.token) : '(unavailable)',
        valid: false,
        problem: c.problem,
      };
      if (!c.credential) {
        entries.push(entry);
        continue;
      }
      try {
        // An OAuth login's transport refreshes an expired token on the 401 (src/context.ts).
        const user = await verifyCredential(ctx, c.credential);
        entry.user = user.display_name ?? user.nickname;
        entry.valid = true;
        entry.scopes = user.grantedScopes;
      } catch (e) {
        if (!(e instanceof BbError)) throw e;
        entry.problem = e.message;
        const granted = e.details?.grantedScopes;
        if (Array.isArray(granted)) entry.scopes = granted.map(String);
      }
      // OAuth logins: the token endpoint's `scopes` answer, kept at login, when the API did not say.
      if (!entry.scopes && c.oauth) entry.scopes = stored?.accounts[c.account]?.scopes;
      if (entry.scopes) {
        const { groupsAllowed, describeGroups } = await import('../../scopes/granted.js');
        const { COMMAND_META: COMMANDS } = await import('../commands.js');
        entry.allows = describeGroups(groupsAllowed(COMMANDS, entry.scopes));
      }
      entries.push(entry);
    }
    const json = jsonRequest(input);
    if (json) {
      await printJson(
        ctx.io,
        entries.map((e) => pickFields(e as unknown as Record<string, unknown>, json.fields)),
        json,
      );
    } else {
      const out: string[] = [ctx.apiHost];
      for (const e of entries) {
        const mark = e.valid ? colorize(ctx.io, 'green', '✓') : colorize(ctx.io, 'red', 'X');
        out.push(
          `  ${mark} ${e.valid ? `Logged in as ${e.user ?? e.account}` : `Token for ${e.account} failed: ${e.problem}`}${e.active ? '' : ' (inactive)'}`,
        );
        out.push(`    - Token kind: ${describeKind(e.kind, e.method === 'oauth')}`);
        out.push(`    - Stored in: ${e.source}`);
        if (e.expiresAt) out.push(`    - Access token expires: ${e.expiresAt}`);
        out.push(`    - Token: ${e.token}`);
        out.push(
          e.scopes
            ? `    - Token scopes: ${e.scopes.join(', ') || '(none)'}`
            : '    - Token scopes: unknown (Bitbucket did not report them; `bb scopes` lists what each command needs)',
        );
        if (e.allows) out.push(`    - Allows: ${e.allows.join('; ')}`);
      }
      ctx.io.err.write(`${out.join('\n')}\n`);
    }
    const active = entries.find((e) => e.active) ?? entries[0];
    return active?.valid ? 0 : 4;
  },
});
