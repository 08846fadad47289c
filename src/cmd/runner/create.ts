import { writeFile } from 'node:fs/promises';
import { BbError } from '../../core/errors.js';
import { sanitize } from '../../output/sanitize.js';
import { printItem, status } from '../shared/print.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { call, checkLabels, levelOf, OP, RUNNER_JSON_FIELDS, type Runner, runnerJson, WORKSPACE_FLAG } from './runners.js';

export default defineCommand({
  path: ['runner', 'create'],
  summary: 'Register a Pipelines runner',
  description:
    "Creates a self-hosted runner on the repository (default) or a workspace (--workspace) with a name and labels (steps pick a runner with `runs-on:` and its labels; Bitbucket expects `self.hosted` and an OS label such as linux). Prints the runner's UUID. Bitbucket returns the runner's OAuth client secret once, on creation: bb never prints it; --secret-file writes it to a new file (mode 600) for the runner's start command.",
  examples: [
    'bb runner create --name build-01 --label self.hosted,linux',
    'bb runner create --workspace myteam --name gpu-01 --label self.hosted --label linux --label gpu --secret-file runner.secret',
  ],
  flags: [
    WORKSPACE_FLAG,
    { name: 'name', short: 'n', type: 'string', valueName: 'NAME', description: 'the runner name (required)' },
    { name: 'label', short: 'l', type: 'list', valueName: 'LABEL', description: 'a label (repeatable or comma-separated)' },
    { name: 'secret-file', type: 'string', valueName: 'PATH', description: "write the runner's OAuth client secret to this new file" },
  ],
  repo: true,
  hosts: ['cloud'],
  write: true,
  json: RUNNER_JSON_FIELDS,
  operations: [OP.repoCreate],
  conditional: [{ flag: 'workspace', source: 'a runner of the workspace', operations: [OP.wsCreate] }],
  async run(ctx, input) {
    const name = String(input.flags.name ?? '').trim();
    if (!name) throw new BbError('USAGE', 'runner create needs --name', { hints: ['bb runner create --name build-01 --label self.hosted,linux'] });
    const labels = checkLabels(input.flags.label ?? []);
    const level = await levelOf(ctx, input);
    const body = { name, labels };
    if (dryRun(ctx, input, { operation: level.create, params: level.params, body })) return 0;
    const r = (await call<Runner>(ctx, level.create, level.params, body)) as Runner;
    const secret = r.oauth_client?.secret;
    const file = input.flags.secretFile as string | undefined;
    status(ctx, `✓ Created runner ${sanitize(r.name ?? name, { singleLine: true })} on ${level.label}`);
    if (file !== undefined && secret) {
      await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' }).catch((e: NodeJS.ErrnoException) => {
        throw new BbError('INVALID_ARGUMENT', `cannot write the secret to ${file}: ${e.code ?? e.message}`, {
          hints: ['--secret-file must name a new file; the runner exists, delete it with `bb runner delete` and create it again'],
        });
      });
      status(ctx, `  its OAuth client secret is in ${file}`);
    } else if (secret) {
      status(ctx, '  its OAuth client secret was not kept (bb never prints it): pass --secret-file next time');
    }
    await printItem(ctx, input, r, { toJson: runnerJson, human: () => void ctx.io.out.write(`${r.uuid}\n`) });
    return 0;
  },
});
