import { type Credential, credentialFromEnv, redact } from '../../core/credentials.js';
import { sanitize } from '../../output/sanitize.js';
import { CredentialStore } from '../../auth/store.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { colorize } from '../../output/iostreams.js';
import { jsonRequest } from '../shared/print.js';
import { pickFields, printJson } from '../../output/json.js';
import { hostKeyOf, normalizeBaseUrl } from '../../resolve/host.js';
import { envTokenServes, hostsNamed, type LoginHost, loginHosts, storedLogins } from '../../provider/host-logins.js';
import { hostTraits } from '../../provider/index.js';
import { defineCommand } from '../define.js';

interface Entry {
  host: string;
  /** `cloud` (Bitbucket Cloud) or `dc` (a Bitbucket Data Center instance). */
  hostKind: 'cloud' | 'dc';
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
  /** `BB_TOKEN` when the environment's token is used instead of this stored login. */
  overriddenBy?: string;
  /** Whether bb checked it: not for a Cloud login made against another API (BB_API_URL) than the current one. */
  checked: boolean;
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
    "Checks each credential against the API (Cloud: GET /user; Data Center: the user lookup `bb auth login --hostname` uses) and says where it lives: BB_TOKEN, the OS keychain, or the credentials file. Every stored host is shown: Bitbucket Cloud and each Data Center instance (`--hostname` shows one). Exit status 4 when not logged in or a host's active token fails. Shows a Cloud token's scopes when Bitbucket reports them (the X-OAuth-Scopes header of access and OAuth tokens, or a refusal that lists the granted scopes) and which command groups they allow; otherwise says they are unknown. Data Center does not report a token's permissions: `bb scopes --dc` lists what each command needs.",
  examples: [
    'bb auth status',
    'bb auth status --json host,hostKind,user,kind,storage,valid',
    'bb auth status --account ada',
    'bb auth status --hostname bitbucket.example.com',
  ],
  flags: [
    { name: 'account', type: 'string', valueName: 'NAME', description: 'only this stored account' },
    { name: 'hostname', type: 'string', valueName: 'HOST', description: 'only this host (a Data Center instance, or api.bitbucket.org)' },
  ],
  json: [
    'host',
    'hostKind',
    'account',
    'user',
    'kind',
    'method',
    'source',
    'storage',
    'expiresAt',
    'active',
    'overriddenBy',
    'checked',
    'valid',
    'problem',
    'scopes',
    'allows',
  ],
  operations: ['GET /user'],
  dcOperations: ['GET /api/latest/projects', 'GET /api/latest/users/{userSlug}'],
  async run(ctx, input) {
    const entries: Entry[] = [];
    const only = input.flags.account as string | undefined;
    const onlyHost = typeof input.flags.hostname === 'string' && input.flags.hostname !== '' ? hostKeyOf(normalizeBaseUrl(input.flags.hostname)) : undefined;
    const fromEnv = credentialFromEnv(ctx.env);
    const file = await ctx.credentials.read();
    // BB_TOKEN belongs to the host bb would use now (BB_HOST may name a Data Center instance)
    const envHost = fromEnv ? await ctx.host() : undefined;
    const groups = loginHosts(ctx, file, envHost);
    const shown = onlyHost === undefined ? groups : hostsNamed(groups, onlyHost);

    type Candidate = {
      group: LoginHost;
      account: string;
      credential?: Credential;
      problem?: string;
      active: boolean;
      overriddenBy?: string;
      oauth: boolean;
      storage: Entry['storage'];
    };
    const candidates: Candidate[] = [];
    for (const group of shown) {
      const envHere = fromEnv && envHost && envTokenServes(envHost, group);
      if (envHere && only === undefined) {
        candidates.push({ group, account: fromEnv.email ?? 'BB_TOKEN', credential: fromEnv, active: true, oauth: false, storage: 'env' });
      }
      const stored = storedLogins(file, group);
      const activeName = CredentialStore.activeName(stored);
      for (const [name, account] of Object.entries(stored?.accounts ?? {})) {
        if (only !== undefined && name !== only) continue;
        let credential: Credential | undefined;
        let problem: string | undefined;
        try {
          credential = await ctx.credentials.credentialOf(group.key, name, account);
        } catch (e) {
          if (!(e instanceof BbError)) throw e;
          problem = e.message;
        }
        candidates.push({
          group,
          account: name,
          credential,
          problem,
          active: !envHere && activeName === name,
          overriddenBy: envHere && activeName === name ? 'BB_TOKEN' : undefined,
          oauth: Boolean(account.oauth),
          storage: CredentialStore.storageOf(account),
        });
      }
    }
    if (only !== undefined && candidates.length === 0) {
      const known = shown.flatMap((g) => Object.keys(file.hosts[g.key]?.accounts ?? {}));
      throw new BbError('AUTH_REQUIRED', `no account "${only}" on ${onlyHost ?? ctx.apiHost}`, {
        hints: [`accounts: ${known.join(', ') || '(none)'}`],
      });
    }
    if (candidates.length === 0) {
      throw new BbError('AUTH_REQUIRED', `not logged in to ${onlyHost ?? ctx.apiHost}`, {
        hints: ['run `bb auth login` (Data Center: `bb auth login --hostname HOST`), or set BB_TOKEN (with BB_EMAIL for an API token)'],
      });
    }
    for (const c of candidates) {
      const stored = file.hosts[c.group.key];
      const kind = c.credential?.kind ?? stored?.accounts[c.account]?.kind ?? 'access-token';
      const entry: Entry = {
        host: c.group.key,
        hostKind: c.group.kind,
        account: c.account,
        kind,
        method: c.oauth ? 'oauth' : kind,
        source: c.storage === 'env' ? 'BB_TOKEN' : c.storage === 'keychain' ? 'OS keychain' : ctx.credentials.path,
        storage: c.storage,
        expiresAt: c.credential?.oauth?.expiresAt,
        active: c.active,
        overriddenBy: c.overriddenBy,
        checked: !c.group.other,
        token: c.credential ? redact(c.credential.token) : '(unavailable)',
        valid: false,
        problem: c.problem,
      };
      if (!c.credential || c.group.other) {
        entries.push(entry);
        continue;
      }
      const check = await hostTraits(c.group).checkLogin(ctx, c.group, c.credential);
      if (check.valid) {
        entry.user = check.user;
        entry.valid = true;
      } else {
        entry.problem = check.problem;
      }
      if (check.scopes) entry.scopes = check.scopes;
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
      const out: string[] = [];
      for (const e of entries) {
        const traits = hostTraits({ kind: e.hostKind });
        const group = traits.title(e.host);
        if (out.length === 0 || entries[entries.indexOf(e) - 1]?.host !== e.host) out.push(group);
        const state = e.overriddenBy ? ` (overridden by ${e.overriddenBy})` : e.active ? '' : ' (inactive)';
        if (!e.checked) {
          const api = shown.find((g) => g.key === e.host)?.baseUrl ?? '';
          out.push(`  - ${e.account}: not checked: bb talks to ${ctx.apiHost} now; to use this login: BB_API_URL=${api}${state}`);
          out.push(`    - Stored in: ${e.source}`);
          continue;
        }
        const mark = e.valid ? colorize(ctx.io, 'green', '✓') : colorize(ctx.io, 'red', 'X');
        out.push(`  ${mark} ${e.valid ? `Logged in as ${clean(e.user ?? e.account)}` : `Token for ${clean(e.account)} failed: ${clean(e.problem)}`}${state}`);
        out.push(`    - Token kind: ${traits.describeToken(e.kind, e.method === 'oauth')}`);
        out.push(`    - Stored in: ${e.source}`);
        if (e.expiresAt) out.push(`    - Access token expires: ${e.expiresAt}`);
        out.push(`    - Token: ${e.token}`);
        out.push(...traits.permissionLines(e.scopes, e.allows));
      }
      out.push(await inUse(ctx));
      ctx.io.err.write(`${out.join('\n')}\n`);
    }
    // every host shown and checked: its active login (or its first) must work
    const hosts = [...new Set(entries.filter((e) => e.checked).map((e) => e.host))];
    const ok = hosts.every((h) => {
      const here = entries.filter((e) => e.host === h);
      return (here.find((e) => e.active) ?? here[0])?.valid;
    });
    return ok ? 0 : 4;
  },
});

/** Server text (a display name, an error message) in a status line: control characters made visible. */
function clean(text: unknown): string {
  return sanitize(String(text ?? ''), { singleLine: true });
}

/** Which host commands run here would use, why, and how to pick another (src/resolve/target.ts has the order). */
async function inUse(ctx: Context): Promise<string> {
  const host = await ctx.host().catch(() => undefined);
  if (!host) return 'To pick a host: -R HOST/PROJECT/REPO, BB_HOST=URL, or run inside a clone of one of its repositories.';
  const why: Record<string, string> = {
    'repo-flag': '-R',
    BB_HOST: 'BB_HOST',
    BB_API_URL: 'BB_API_URL',
    BB_REPO: 'BB_REPO',
    default: "the clone's default repository",
    remote: "the clone's git remote",
    login: 'the only stored login',
    cloud: 'the default',
  };
  const source = await ctx.hostSource();
  return [
    `Commands here use ${hostTraits(host).title(host.key)}, from ${why[source] ?? source}.`,
    'To use another host: -R HOST/PROJECT/REPO, BB_HOST=URL (Data Center), BB_API_URL=URL (Cloud API), or run inside a clone of one of its repositories.',
  ].join('\n');
}
