import { must } from '../../api/client.js';
import { printItem } from '../../output/command-output.js';
import { printFields } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { openInBrowser, webUrl } from '../workspace/shared.js';
import { PROJECT_JSON_FIELDS, type Project, projectJson, resolveProject } from './shared.js';

export default defineCommand({
  path: ['project', 'view'],
  summary: 'Show a project',
  description: 'Shows the project with key KEY in the workspace (from WORKSPACE/KEY, --workspace, the default_workspace setting or the current repository).',
  examples: [
    'bb project view WEB --workspace myteam',
    'bb project view myteam/WEB',
    'bb project view myteam/WEB --web',
    'bb project view WEB --json key,name,is_private',
  ],
  args: [{ name: 'key', description: 'project key, or WORKSPACE/KEY', required: true }],
  flags: [
    { name: 'workspace', type: 'string', valueName: 'WORKSPACE', description: 'workspace of the project' },
    { name: 'web', short: 'w', type: 'boolean', description: 'open the project in the browser' },
  ],
  json: PROJECT_JSON_FIELDS,
  operations: ['GET /workspaces/{workspace}/projects/{project_key}'],
  dcOperations: ['GET /api/latest/projects/{projectKey}'],
  async run(ctx, input) {
    const { workspace, key } = await resolveProject(ctx, input.args.key, input.flags.workspace);
    const api = await ctx.api();
    const project = must(await api.GET('/workspaces/{workspace}/projects/{project_key}', { params: { path: { workspace, project_key: key } } })) as Project;
    if (input.flags.web) {
      await openInBrowser(ctx, webUrl(project.links, `project ${key}`));
      return 0;
    }
    await printItem(ctx, input, project, {
      toJson: projectJson,
      human: () =>
        printFields(ctx.io, [
          ['key', project.key],
          ['name', project.name],
          ['description', project.description],
          ['visibility', project.is_private ? 'private' : 'public'],
          ['workspace', workspace],
          ['created', project.created_on],
          ['updated', project.updated_on],
          ['web', project.links?.html?.href],
        ]),
    });
    return 0;
  },
});
