import { BbError } from '../../core/errors.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import type { ProjectChange } from '../../provider/types.js';
import { defineCommand } from '../define.js';
import { printItem, status } from '../shared/print.js';
import { PROJECT_JSON_FIELDS, PROJECT_JSON_RENAMED } from './present.js';

export default defineCommand({
  path: ['project', 'edit'],
  summary: "Change a project's name, description or visibility",
  description:
    'Changes the project with key KEY in the workspace (from WORKSPACE/KEY, --workspace, the default_workspace setting or the current repository). Only the settings given change. On Cloud the project is read first (its update would create a project that does not exist, and it wants the name); a private project cannot hold public repositories.',
  examples: [
    'bb project edit PLAT --description "Services and the web front end" --workspace myteam',
    'bb project edit myteam/PLAT --name Platform --visibility private',
    'bb project edit PLAT --visibility public --dry-run',
  ],
  args: [{ name: 'key', description: 'project key, or WORKSPACE/KEY', required: true }],
  flags: [
    { name: 'workspace', type: 'string', valueName: 'WORKSPACE', description: 'workspace of the project' },
    { name: 'name', short: 'n', type: 'string', valueName: 'NAME', description: 'the new name' },
    { name: 'description', short: 'd', type: 'string', valueName: 'TEXT', description: 'the description' },
    { name: 'visibility', type: 'string', valueName: 'VISIBILITY', choices: ['public', 'private'], description: 'public or private' },
  ],
  write: true,
  json: PROJECT_JSON_FIELDS,
  jsonRenamed: PROJECT_JSON_RENAMED,
  operations: ['GET /workspaces/{workspace}/projects/{project_key}', 'PUT /workspaces/{workspace}/projects/{project_key}'],
  dcOperations: ['PUT /api/latest/projects/{projectKey}'],
  async run(ctx, input) {
    const f = input.flags as Record<string, string | undefined>;
    const name = f.name === undefined ? undefined : f.name.trim();
    if (name === '') throw new BbError('INVALID_ARGUMENT', 'the project name is empty');
    const change: ProjectChange = {
      name,
      description: f.description,
      isPrivate: f.visibility === undefined ? undefined : f.visibility === 'private',
    };
    if (Object.values(change).every((v) => v === undefined)) {
      throw new BbError('INVALID_ARGUMENT', 'nothing to change', { hints: ['pass --name, --description or --visibility'] });
    }
    const p = await provider(ctx);
    const { workspace, key } = await p.projectArg(input.args.key, input.flags.workspace);
    const write = await p.updateProject(workspace, key, change);
    if (await dryRunWrite(ctx, input, write)) return 0;
    const project = await write.send();
    await printItem(ctx, input, project, {
      toJson: (x) => ({ ...x }),
      human: () => status(ctx, `✓ Updated project ${project.key ?? key}`),
    });
    return 0;
  },
});
