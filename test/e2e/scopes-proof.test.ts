/**
 * The proof that `bb scopes` is right, against the scope-enforcing sandbox: each command runs with a token
 * holding exactly the scopes `bb scopes` names (it must succeed), then once without each of those scopes (it
 * must fail with 2003 naming that scope — or 1003 for the login check — so no scope is superfluous). The same
 * for legacy scopes with Bearer tokens. The sandbox enforces the official spec's scopes (CONTRACT "Sandbox").
 * Needs `npm run build`.
 *
 * These cases run the built CLI (./bin/bb, spawned) against a spawned `bb sandbox`, so the bundle is proven too.
 * Every other command is proven in-process, by group, in test/e2e/scopes-proof-{pr,repo,pipeline,account}.test.ts
 * (cases in test/support/proof-cases.ts); the last test here checks that every command `bb scopes --all` lists is
 * proven there or excluded below with a reason, so a new command without a proof case fails CI.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { COMMAND_META } from '../../src/cmd/commands.js';
import { resolveCommandArg } from '../../src/scopes/catalog.js';
import { applicableRules } from '../../src/scopes/command-scopes.js';
import { ACCOUNT_CASES, PERMISSION_CASES, PIPELINE_CASES, PR_CASES, REPO_CASES } from '../support/proof-cases.js';
import { runBb } from '../support/run.js';
import { bb, type SandboxProcess, startSandbox } from '../support/sandbox.js';

/**
 * Commands that call the API but cannot be proven against the sandbox, and why. (`bb scopes --all` already leaves
 * out the commands that call no API operation — config, completion, help, auth token/logout/setup-git/
 * git-credential, scopes, sandbox — and `bb api`, whose operation depends on its path: `bb scopes record` covers it.)
 */
const EXCLUDED: Record<string, string> = {
  'auth refresh':
    'an interactive OAuth 2.0 re-authorization (browser consent for an OAuth consumer, then a token exchange); its only API call, the GET /user check, is the one `auth login` and `auth status` prove',
};

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
  ['pr', 'view', '1', '-R', 'acme/web'],
  ['pipeline', 'list', '-R', 'acme/web'],
];

let sb: SandboxProcess;
let known: Set<string>;
before(async () => {
  sb = await startSandbox({ seed: 'demo', legacy: true });
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

test('every command that calls the API is proven (both vocabularies) or excluded with a reason', async () => {
  const r = await runBb(['scopes', '--all', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const all = JSON.parse(r.stdout) as { commands: Array<{ command: string; conditional?: Array<{ flag?: string; withoutArg?: string }> }> };
  const cases = [...PR_CASES, ...REPO_CASES, ...PIPELINE_CASES, ...ACCOUNT_CASES, ...PERMISSION_CASES];
  const proven = new Set(cases.map((c) => c.command));
  const listed = new Set(all.commands.map((c) => c.command));
  const missing = all.commands.map((c) => c.command).filter((name) => !proven.has(name) && !(name in EXCLUDED));
  assert.deepEqual(missing, [], 'commands without a proof case (add one to test/support/proof-cases.ts) or an exclusion with a reason');
  assert.deepEqual(
    [...proven].filter((name) => !listed.has(name)),
    [],
    'proof cases for commands bb scopes --all does not list',
  );
  assert.deepEqual(
    Object.keys(EXCLUDED).filter((name) => !listed.has(name) || proven.has(name)),
    [],
    'stale exclusions',
  );
  // a command whose scopes depend on flags: its base invocation and at least one invocation with such a flag
  for (const c of all.commands) {
    if (!c.conditional?.length || c.command in EXCLUDED) continue;
    const mine = cases.filter((k) => k.command === c.command);
    assert.ok(
      mine.some((k) => !k.query || k.query === c.command),
      `bb ${c.command}: no proof of the base invocation`,
    );
    const flags = c.conditional.filter((rule) => rule.flag !== undefined).map((rule) => `--${rule.flag}`);
    if (flags.length) {
      assert.ok(
        mine.some((k) => k.query?.split(/\s+/).some((w) => flags.includes(w))),
        `bb ${c.command}: no proof of an invocation with ${flags.join(' or ')}`,
      );
    }
    // an argument that, left out, needs more: proven with it given too
    for (const rule of c.conditional.filter((r) => r.withoutArg !== undefined)) {
      assert.ok(
        mine.some((k) => k.query !== undefined && /^[^-]/.test(k.query.slice(c.command.length).trim())),
        `bb ${c.command}: no proof of an invocation with its ${rule.withoutArg} argument`,
      );
    }
  }
});

/**
 * A command whose scopes depend on how it is called: every documented form is proven. The form of an invocation is
 * the set of conditional rules it switches on (flags, argument values, left-out arguments); each example in the
 * command's help must have the form of some proof case's query (so `bb pr reviewers add 42 @me`, `… alice bob` and
 * `… "{uuid}"` are three proofs). `--dry-run` is dropped (the form is the request it shows). Examples with `--web`
 * are left out: they open a page instead of making the command's calls, a form the rules do not model.
 */
test('every documented form of a command with conditional scopes is proven', () => {
  const cases = [...PR_CASES, ...REPO_CASES, ...PIPELINE_CASES, ...ACCOUNT_CASES, ...PERMISSION_CASES];
  const unproven: string[] = [];
  for (const def of COMMAND_META) {
    if (!def.conditional?.length) continue;
    const name = def.path.join(' ');
    if (name in EXCLUDED) continue;
    const form = (query: string) => {
      const r = resolveCommandArg(COMMAND_META, query);
      assert.equal(r.def, def, `${query} names bb ${name}`);
      return applicableRules(def, r.flags, r.args)
        .map((rule) => def.conditional?.indexOf(rule))
        .join(',');
    };
    const proven = new Set(cases.filter((k) => k.command === name).map((k) => form(k.query ?? k.command)));
    for (const line of def.examples) {
      const at = line.indexOf(`bb ${name}`);
      if (line.trim().startsWith('#') || at < 0) continue;
      const query = line
        .slice(at + 3)
        .split(/ (?:\||&&) /)[0]
        ?.replace(/ --dry-run\b/, '') as string;
      if (/ --web\b/.test(query)) continue;
      if (!proven.has(form(query))) unproven.push(`bb ${query} (rules ${form(query) || 'none'})`);
    }
  }
  assert.deepEqual(unproven, [], 'documented forms without a proof case of the same form (add one to test/support/proof-cases.ts)');
});
