import { printList } from '../shared/print.js';
import { provider } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { PROJECT_JSON_FIELDS, PROJECT_JSON_RENAMED } from './present.js';

export default defineCommand({
  path: ['project', 'list'],
  summary: 'List projects in a workspace',
  description: 'Lists the projects of WORKSPACE (default: the default_workspace setting, else the workspace of the current repository).',
  examples: ['bb project list myteam', 'bb project list --all', 'bb project list myteam --json key,name,isPrivate'],
  args: [{ name: 'workspace', description: 'workspace slug (default: the configured or current one)' }],
  list: true,
  json: PROJECT_JSON_FIELDS,
  jsonRenamed: PROJECT_JSON_RENAMED,
  operations: ['GET /workspaces/{workspace}/projects'],
  dcOperations: ['GET /api/latest/projects'],
  async run(ctx, input) {
    // Data Center: every project you can see on the instance (no workspaces there).
    const host = await provider(ctx);
    const workspace = await host.projectOwner(input.args.workspace);
    const projects = await host.listProjects(workspace, { limit: input.flags.limit as number | undefined, all: Boolean(input.flags.all) });
    await printList(ctx, input, projects, {
      columns: [
        { header: 'KEY', value: (p) => p.key ?? '', style: () => 'bold' },
        { header: 'NAME', value: (p) => p.name ?? '' },
        { header: 'DESCRIPTION', value: (p) => p.description ?? '', flexible: true },
        { header: 'VISIBILITY', value: (p) => (p.isPrivate ? 'private' : 'public'), style: (p) => (p.isPrivate ? 'yellow' : undefined) },
      ],
      toJson: (p) => ({ ...p }),
      empty: `No projects in ${workspace}`,
    });
    return 0;
  },
});
