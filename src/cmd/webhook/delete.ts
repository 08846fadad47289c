import { BbError } from '../../errors.js';
import { status } from '../../output/command-output.js';
import { YES_FLAG } from '../pr/shared.js';
import { confirmDestructive, dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { OP, parseUid, subjectOf, WORKSPACE_FLAG } from './shared.js';

export default defineCommand({
  path: ['webhook', 'delete'],
  summary: 'Delete a webhook',
  description:
    'Deletes the webhook (by UUID) from the repository or, with --workspace, the workspace. On a terminal bb asks you to type the UUID; elsewhere --yes is required.',
  examples: [
    'bb webhook delete {4f1c…}',
    'bb webhook delete 4f1c2d3e-0000-4000-8000-000000000001 -R myteam/website --yes',
    'bb webhook delete {4f1c…} --workspace myteam --dry-run',
  ],
  args: [{ name: 'uuid', description: 'the webhook UUID', required: true }],
  flags: [WORKSPACE_FLAG, YES_FLAG],
  repo: true,
  write: true,
  operations: [OP.repoDelete],
  conditional: [{ flag: 'workspace', operations: [OP.wsDelete], source: "the workspace's webhooks, instead of the repository's" }],
  dcOperations: ['DELETE /api/latest/projects/{projectKey}/repos/{repositorySlug}/webhooks/{webhookId}'],
  // Data Center needs are declared for `bb scopes --dc`; the command's DC adapter is not written yet.
  hosts: ['cloud'],
  async run(ctx, input) {
    const subject = await subjectOf(ctx, input);
    const uid = parseUid(input.args.uuid);
    const operation = subject.kind === 'workspace' ? OP.wsDelete : OP.repoDelete;
    if (dryRun(ctx, input, { operation, params: { ...subject.params, uid } })) return 0;
    await confirmDestructive(ctx, input, `delete webhook ${uid} from ${subject.label}`, uid);
    const api = await ctx.api();
    try {
      if (subject.kind === 'workspace') await api.DELETE('/workspaces/{workspace}/hooks/{uid}', { params: { path: { ...subject.params, uid } } });
      else await api.DELETE('/repositories/{workspace}/{repo_slug}/hooks/{uid}', { params: { path: { ...subject.params, uid } } });
    } catch (e) {
      if (e instanceof BbError && e.errorName === 'API_NOT_FOUND') {
        throw new BbError('API_NOT_FOUND', `no webhook ${uid} on ${subject.label}`, {
          operation: e.operation,
          status: 404,
          hints: ['list them with `bb webhook list`'],
        });
      }
      throw e;
    }
    status(ctx, `✓ Deleted webhook ${uid} from ${subject.label}`);
    return 0;
  },
});
