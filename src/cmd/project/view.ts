import { BbError } from '../../core/errors.js';
import { printItem } from '../shared/print.js';
import { provider } from '../../provider/index.js';
import { printFields } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { openInBrowser } from '../shared/web.js';
import { PROJECT_JSON_FIELDS, PROJECT_JSON_RENAMED } from './present.js';

export default defineCommand({
  path: ['project', 'view'],
  summary: 'Show a project',
  description: 'Shows the project with key KEY in the workspace (from WORKSPACE/KEY, --workspace, the default_workspace setting or the current repository).',
  examples: [
    'bb project view WEB --workspace myteam',
    'bb project view myteam/WEB',
    'bb project view myteam/WEB --web',
    'bb project view WEB --json key,name,isPrivate',
  ],
  args: [{ name: 'key', description: 'project key, or WORKSPACE/KEY', required: true }],
  flags: [
    { name: 'workspace', type: 'string', valueName: 'WORKSPACE', description: 'workspace of the project' },
    { name: 'web', short: 'w', type: 'boolean', description: 'open the project in the browser' },
  ],
  json: PROJECT_JSON_FIELDS,
  jsonRenamed: PROJECT_JSON_RENAMED,
  operations: ['GET /workspaces/{workspace}/projects/{project_key}'],
  dcOperations: ['GET /api/latest/projects/{projectKey}'],
  async run(ctx, input) {
    const host = await provider(ctx);
    const { workspace, key } = await host.projectArg(input.args.key, input.flags.workspace);
    const project = await host.getProject(workspace, key);
    if (input.flags.web) {
      if (!project.url) throw new BbError('API_BAD_RESPONSE', `the API gave no web link for project ${key}`);
      await openInBrowser(ctx, project.url);
      return 0;
    }
    await printItem(ctx, input, project, {
      toJson: (p) => ({ ...p }),
      human: () =>
        printFields(ctx.io, [
          ['key', project.key ?? undefined],
          ['name', project.name ?? undefined],
          ['description', project.description],
          ['visibility', project.isPrivate ? 'private' : 'public'],
          [host.projectOwnerTerm, workspace],
          ['created', project.createdAt ?? undefined],
          ['updated', project.updatedAt ?? undefined],
          ['web', project.url ?? undefined],
        ]),
    });
    return 0;
  },
});
