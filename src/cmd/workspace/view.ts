import { must } from '../../api/client.js';
import { printItem } from '../shared/print.js';
import { printFields } from '../../output/table.js';
import { defineCommand } from '../define.js';
import type { components } from '../../api/generated/schema.js';
import { resolveWorkspace } from '../../provider/workspace.js';
import { openInBrowser, webUrl } from '../shared/web.js';

type Workspace = components['schemas']['workspace'];

export default defineCommand({
  path: ['workspace', 'view'],
  summary: 'Show a workspace',
  description: 'Shows WORKSPACE (default: the default_workspace setting, else the workspace of the current repository).',
  examples: ['bb workspace view myteam', 'bb workspace view --web', 'bb workspace view myteam --json name,isPrivate'],
  args: [{ name: 'workspace', description: 'workspace slug (default: the configured or current one)' }],
  flags: [{ name: 'web', short: 'w', type: 'boolean', description: 'open the workspace in the browser' }],
  json: ['slug', 'name', 'uuid', 'isPrivate', 'createdAt', 'updatedAt', 'forkingMode', 'url'],
  jsonRenamed: { is_private: 'isPrivate', created_on: 'createdAt', updated_on: 'updatedAt', forking_mode: 'forkingMode' },
  otherHostHint: 'Bitbucket Data Center has projects, not workspaces: use `bb project list` (and `bb project view KEY`)',
  operations: ['GET /workspaces/{workspace}'],
  async run(ctx, input) {
    const workspace = await resolveWorkspace(ctx, input.args.workspace);
    const api = await ctx.api();
    const ws = must(await api.GET('/workspaces/{workspace}', { params: { path: { workspace } } })) as Workspace;
    if (input.flags.web) {
      await openInBrowser(ctx, webUrl(ws.links, workspace));
      return 0;
    }
    await printItem(ctx, input, ws, {
      toJson: (w) => ({
        slug: w.slug,
        name: w.name,
        uuid: w.uuid,
        isPrivate: w.is_private,
        createdAt: w.created_on,
        updatedAt: w.updated_on ?? null,
        forkingMode: w.forking_mode ?? null,
        url: w.links?.html?.href ?? null,
      }),
      human: () =>
        printFields(ctx.io, [
          ['name', ws.name],
          ['slug', ws.slug],
          ['visibility', ws.is_private === undefined ? undefined : ws.is_private ? 'private' : 'public'],
          ['uuid', ws.uuid],
          ['created', ws.created_on],
          ['web', ws.links?.html?.href],
        ]),
    });
    return 0;
  },
});
