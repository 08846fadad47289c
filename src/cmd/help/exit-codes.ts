import { ERROR_CODES, exitCodeFor, type ErrorName } from '../../core/errors.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  path: ['help', 'exit-codes'],
  summary: 'Exit statuses and error codes',
  examples: ['bb help exit-codes'],
  operations: [],
  async run(ctx) {
    const lines = [
      'Exit status:',
      '  0    success',
      '  1    an error (see the error code); also, with their output and no error line, a failed check (bb pr checks)',
      '       and a pull request with conflicts (bb pr conflicts), for scripts',
      '  2    usage or invalid input (5xxx)',
      '  4    authentication or permission: not logged in, bad token, missing scope (1xxx, 2003)',
      '  8    pending: checks are still running',
      '  130  interrupted (Ctrl-C) or cancelled',
      '',
      'Every failure prints one line on stderr, `error <code> <NAME>: <message>`, then `hint:` lines.',
      'With --json the error is one JSON object on stderr: {"error":{"code":…,"name":…,"message":…}}.',
      '',
      'Error codes:',
    ];
    for (const [name, info] of Object.entries(ERROR_CODES)) {
      lines.push(`  ${info.code}  ${name.padEnd(22)} exit ${String(exitCodeFor(name as ErrorName)).padEnd(3)} ${info.summary}`);
    }
    ctx.io.out.write(`${lines.join('\n')}\n`);
    return 0;
  },
});
