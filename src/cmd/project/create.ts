import { BbError } from '../../core/errors.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import { status } from '../shared/print.js';
import { defineCommand } from '../define.js';
import { checkProjectKey } from '../../provider/projects.js';

export default defineCommand({
  path: ['project', 'create'],
  summary: 'Create a project in a workspace',
  description:
    'Creates a project named NAME with key KEY in the workspace (from --workspace, the default_workspace setting or the current repository). Projects are public unless --private is given; a private project cannot hold public repositories.',
  examples: [
    'bb project create "Web site" --key WEB --workspace myteam',
    'bb project create Mobile --key MOB --private --description "iOS and Android apps"',
    'bb project create Tools --key TOOLS --dry-run',
  ],
  args: [{ name: 'name', description: 'project name', required: true }],
  flags: [
    { name: 'key', short: 'k', type: 'string', valueName: 'KEY', description: 'project key: a letter, then letters, digits, underscores (required)' },
    { name: 'workspace', type: 'string', valueName: 'WORKSPACE', description: 'workspace to create it in' },
    { name: 'description', short: 'd', type: 'string', valueName: 'TEXT', description: 'description of the project' },
    { name: 'private', type: 'boolean', description: 'make it private' },
  ],
  write: true,
  operations: ['POST /workspaces/{workspace}/projects'],
  dcOperations: ['POST /api/latest/projects'],
  async run(ctx, input) {
    const { flags } = input;
    const name = String(input.args.name ?? '').trim();
    if (!name) throw new BbError('INVALID_ARGUMENT', 'the project name is empty');
    if (flags.key === undefined) {
      throw new BbError('USAGE', 'a project needs a key: pass --key KEY', { hints: ['for example: bb project create "Web site" --key WEB'] });
    }
    const key = checkProjectKey(flags.key);
    const p = await provider(ctx);
    const workspace = await p.projectOwner(flags.workspace);
    const write = await p.createProject({
      owner: workspace,
      name,
      key,
      isPrivate: Boolean(flags.private),
      description: flags.description !== undefined ? String(flags.description) : undefined,
    });
    if (await dryRunWrite(ctx, input, write)) return 0;
    const project = await write.send();
    status(ctx, `✓ Created project ${project.key ?? key} (${project.name ?? name}) in ${workspace}`);
    if (!ctx.io.stdoutIsTTY) ctx.io.out.write(`${project.url ?? project.key ?? key}\n`);
    return 0;
  },
});
