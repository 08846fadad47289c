/**
 * The proof that `bb scopes` is right, against the scope-enforcing sandbox: each command runs with a token
 * holding exactly the scopes `bb scopes` names (it must succeed), then once without each of those scopes (it
 * must fail with 2003 naming that scope — or 1003 for the login check — so no scope is superfluous). The same
 * for legacy scopes with Bearer tokens. The sandbox enforces the official spec's scopes (CONTRACT "Sandbox").
 * Needs `npm run build`.
 *
 * Only invocations that need no flags-dependent scopes are listed; add a case when a command lands
 * (commands that do not exist yet are skipped, so cases may be written ahead).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bb, type SandboxProcess, startSandbox } from '../support/sandbox.js';

const CASES: string[][] = [
  ['auth', 'status'],
  ['repo', 'view', 'acme/web'],
  ['repo', 'list', 'acme'],
  ['repo', 'default-reviewers', 'list', '-R', 'acme/web'],
  ['workspace', 'list'],
  ['workspace', 'view', 'acme'],
  ['project', 'list', 'acme'],
  ['project', 'view', 'PLAT', '--workspace', 'acme'],
  ['pr', 'list', '-R', 'acme/web'],
  // needs data the demo seed does not have yet: ['pr', 'view', '1', '-R', 'acme/web'] once it seeds a pull request
  ['pipeline', 'list', '-R', 'acme/web'],
];

let sb: SandboxProcess;
let known: Set<string>;
before(async () => {
  sb = await startSandbox({ seed: 'demo' });
  const all = JSON.parse((await bb(['scopes', '--all', '--json'])).stdout) as { commands: Array<{ command: string }> };
  known = new Set(all.commands.map((c) => c.command));
});
after(async () => {
  await sb?.stop();
});

function commandOf(argv: string[]): string | undefined {
  for (let n = Math.min(3, argv.length); n > 0; n--) {
    const name = argv.slice(0, n).join(' ');
    if (known.has(name)) return name;
  }
  return undefined;
}

for (const argv of CASES) {
  for (const vocabulary of ['granular', 'legacy'] as const) {
    test(`proof (${vocabulary}): bb ${argv.join(' ')}`, async (t) => {
      const name = commandOf(argv);
      if (!name) return t.skip(`bb ${argv.join(' ')}: no such command yet`);
      const q = JSON.parse((await bb(['scopes', '--json', name])).stdout) as { scopes: string[]; legacyScopes: string[] };
      const needed = vocabulary === 'granular' ? q.scopes : q.legacyScopes;
      const run = async (scopes: string[]) => {
        const minted = await sb.mintToken(vocabulary === 'granular' ? { scopes } : { legacyScopes: scopes });
        // granular: an API token (Basic, email + token); legacy: an access token (Bearer, BB_TOKEN alone)
        const env = sb.env({ BB_TOKEN: minted.token, BB_EMAIL: vocabulary === 'granular' ? minted.email : undefined });
        return bb(argv, { env });
      };
      const ok = await run(needed);
      assert.equal(ok.code, 0, `with exactly ${needed.join(', ')}:\n${ok.stderr}`);
      for (const drop of needed) {
        const without = needed.filter((s) => s !== drop);
        const r = await run(without);
        assert.equal(r.code, 4, `without ${drop} it should fail (else ${drop} is not needed):\n${r.stdout}${r.stderr}`);
        // a command fails with 2003 naming the scope; `auth status` reports the refused token on its own line
        assert.match(r.stderr, /^error 2003 API_FORBIDDEN|failed: .*needs/m);
        assert.ok(r.stderr.includes(drop), `the error names ${drop}:\n${r.stderr}`);
      }
    });
  }
}
