import { CredentialStore } from '../../auth/store.js';
import { BbError } from '../../core/errors.js';
import { status } from '../shared/print.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  path: ['auth', 'switch'],
  summary: 'Choose the active account for the current host',
  description:
    'With several stored logins for one host, the active one is used by every command. Without --account: on a terminal bb asks which one; elsewhere, with exactly two accounts, it switches to the other. BB_TOKEN, when set, still takes precedence over any stored login.',
  examples: ['bb auth switch', 'bb auth switch --account ada'],
  flags: [{ name: 'account', type: 'string', valueName: 'NAME', description: 'the account to make active' }],
  operations: [],
  async run(ctx, { flags }) {
    const entry = (await ctx.credentials.read()).hosts[ctx.apiHost];
    const names = Object.keys(entry?.accounts ?? {});
    if (names.length === 0) throw new BbError('AUTH_REQUIRED', `not logged in to ${ctx.apiHost}`, { hints: ['run `bb auth login`'] });
    const current = CredentialStore.activeName(entry);
    let target = flags.account as string | undefined;
    if (target === undefined) {
      if (names.length === 1) {
        status(ctx, `only one account on ${ctx.apiHost}: ${names[0]} (active)`);
        return 0;
      }
      if (ctx.io.canPrompt) {
        const list = names.map((n, i) => `  ${i + 1}. ${n}${n === current ? ' (active)' : ''}`).join('\n');
        status(ctx, `Accounts on ${ctx.apiHost}:\n${list}`);
        const answer = (await ctx.prompter.input('Switch to (number or name):')).trim();
        target = /^\d+$/.test(answer) ? names[Number(answer) - 1] : answer;
      } else if (names.length === 2) {
        target = names.find((n) => n !== current);
      } else {
        throw new BbError('USAGE', `${names.length} accounts on ${ctx.apiHost}: say which with --account`, { hints: [`accounts: ${names.join(', ')}`] });
      }
    }
    if (!target || !(await ctx.credentials.setActive(ctx.apiHost, target))) {
      throw new BbError('INVALID_ARGUMENT', `no account "${target ?? ''}" on ${ctx.apiHost}`, { hints: [`accounts: ${names.join(', ')}`] });
    }
    status(ctx, `✓ Switched the active account on ${ctx.apiHost} to ${target}`);
    if (ctx.env.BB_TOKEN) status(ctx, '! BB_TOKEN is set: it takes precedence over the stored login');
    return 0;
  },
});
