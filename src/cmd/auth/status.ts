import { type Credential, credentialFromEnv, describeKind, redact } from '../../auth/credentials.js';
import { sanitize } from '../../output/sanitize.js';
import { CredentialStore } from '../../auth/store.js';
import type { Context } from '../../context.js';
import { BbError } from '../../errors.js';
import { colorize } from '../../output/iostreams.js';
import { jsonRequest } from '../../output/command-output.js';
import { pickFields, printJson } from '../../output/json.js';
import { dcHostsIn, hostKeyOf, isCloudHostname, normalizeBaseUrl } from '../../provider/host.js';
import { defineCommand } from '../define.js';
import { verifyCredential } from './shared.js';

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

/**
 * A host whose logins are shown: Cloud (the API host), every Data Center host in hosts.json, and Cloud logins made
 * against another API (`other`: the sandbox while BB_API_URL is unset, or Cloud while it points at the sandbox).
 */
interface HostGroup {
  kind: 'cloud' | 'dc';
  key: string;
  baseUrl: string;
  other?: boolean;
}

/** A Cloud login stored for another API than the current one: its API URL (kept since logins record it). */
function otherCloudApi(key: string, baseUrl: string | undefined): string {
  if (baseUrl) return baseUrl;
  const loopback = /^(127\.|localhost|\[::1\])/.test(key);
  return key === 'api.bitbucket.org' ? 'https://api.bitbucket.org/2.0' : `${loopback ? 'http' : 'https'}://${key}/2.0`;
}

function describeDcKind(kind: Credential['kind']): string {
  return kind === 'api-token' ? 'username and password or personal access token (Basic)' : 'HTTP access token (Bearer)';
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
    const groups: HostGroup[] = [{ kind: 'cloud', key: ctx.apiHost, baseUrl: ctx.apiUrl }];
    for (const h of dcHostsIn(file)) groups.push(h);
    for (const [key, entry] of Object.entries(file.hosts)) {
      if (entry.kind !== 'dc' && key !== ctx.apiHost) groups.push({ kind: 'cloud', key, baseUrl: otherCloudApi(key, entry.baseUrl), other: true });
    }
    if (envHost?.kind === 'dc' && !groups.some((g) => g.key === envHost.key)) groups.push(envHost);
    const shown =
      onlyHost === undefined
        ? groups
        : groups.filter((g) => g.key.toLowerCase() === onlyHost.toLowerCase() || (g.kind === 'cloud' && isCloudHostname(onlyHost)));

    type Candidate = {
      group: HostGroup;
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
      const envHere = fromEnv && envHost && !group.other && (envHost.kind === 'dc' ? envHost.key === group.key : group.kind === 'cloud');
      if (envHere && only === undefined) {
        candidates.push({ group, account: fromEnv.email ?? 'BB_TOKEN', credential: fromEnv, active: true, oauth: false, storage: 'env' });
      }
      const stored = file.hosts[group.key];
      if (group.kind === 'cloud' && stored?.kind === 'dc') continue;
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
      if (c.group.kind === 'dc') {
        try {
          const { verifyDc } = await import('./dc-login.js');
          const user = await verifyDc(ctx, c.group.baseUrl, c.credential, c.credential.kind === 'api-token' ? c.credential.email : undefined);
          entry.user = user?.displayName ?? user?.slug;
          entry.valid = true;
        } catch (e) {
          if (!(e instanceof BbError)) throw e;
          entry.problem = e.message;
        }
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
      const out: string[] = [];
      for (const e of entries) {
        const group = `${e.host}${e.hostKind === 'dc' ? ' (Bitbucket Data Center)' : ''}`;
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
        out.push(`    - Token kind: ${e.hostKind === 'dc' ? describeDcKind(e.kind) : describeKind(e.kind, e.method === 'oauth')}`);
        out.push(`    - Stored in: ${e.source}`);
        if (e.expiresAt) out.push(`    - Access token expires: ${e.expiresAt}`);
        out.push(`    - Token: ${e.token}`);
        if (e.hostKind === 'dc') {
          out.push(
            '    - Token permissions: not reported by Data Center (`bb scopes --dc` lists what each command needs; a token never exceeds your own permission)',
          );
          continue;
        }
        out.push(
          e.scopes
            ? `    - Token scopes: ${e.scopes.join(', ') || '(none)'}`
            : '    - Token scopes: unknown (Bitbucket did not report them; `bb scopes` lists what each command needs)',
        );
        if (e.allows) out.push(`    - Allows: ${e.allows.join('; ')}`);
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
    `Commands here use ${host.key}${host.kind === 'dc' ? ' (Bitbucket Data Center)' : ''}, from ${why[source] ?? source}.`,
    'To use another host: -R HOST/PROJECT/REPO, BB_HOST=URL (Data Center), BB_API_URL=URL (Cloud API), or run inside a clone of one of its repositories.',
  ].join('\n');
}
