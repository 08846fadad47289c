import { type Credential, credentialFromEnv, describeKind, redact } from '../../auth/credentials.js';
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
  source: string;
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
    "Checks each credential against the API (GET /user). Exit status 4 when not logged in or the token fails. Shows the token's scopes when Bitbucket reports them (the X-OAuth-Scopes header of access and OAuth tokens, or a refusal that lists the granted scopes) and which command groups they allow; otherwise says they are unknown.",
  examples: ['bb auth status', 'bb auth status --json host,user,kind,valid'],
  json: ['host', 'account', 'user', 'kind', 'source', 'active', 'valid', 'problem', 'scopes', 'allows'],
  operations: ['GET /user'],
  async run(ctx, input) {
    const entries: Entry[] = [];
    const fromEnv = credentialFromEnv(ctx.env);
    const candidates: Array<{ account: string; credential: Credential; active: boolean }> = [];
    if (fromEnv) candidates.push({ account: fromEnv.email ?? 'BB_TOKEN', credential: fromEnv, active: true });
    const stored = (await ctx.credentials.read()).hosts[ctx.apiHost];
    for (const [name, account] of Object.entries(stored?.accounts ?? {})) {
      candidates.push({
        account: name,
        credential: { kind: account.kind, token: account.token, email: account.email, source: ctx.credentials.path },
        active: !fromEnv && (stored?.active === name || Object.keys(stored?.accounts ?? {}).length === 1),
      });
    }
    if (candidates.length === 0) {
      throw new BbError('AUTH_REQUIRED', `not logged in to ${ctx.apiHost}`, {
        hints: ['run `bb auth login`, or set BB_TOKEN (with BB_EMAIL for an API token)'],
      });
    }
    for (const c of candidates) {
      const entry: Entry = {
        host: ctx.apiHost,
        account: c.account,
        kind: c.credential.kind,
        source: c.credential.source === 'env' ? 'BB_TOKEN' : c.credential.source,
        active: c.active,
        token: redact(c.credential.token),
        valid: false,
      };
      try {
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
        out.push(`    - Token kind: ${describeKind(e.kind)}`);
        out.push(`    - Stored in: ${e.source}`);
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
