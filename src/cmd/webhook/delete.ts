import { BbError } from '../../core/errors.js';
import { status } from '../shared/print.js';
import { YES_FLAG } from '../shared/write.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import { confirmDestructive } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { subjectOf, WORKSPACE_FLAG } from './subject.js';

export default defineCommand({
  path: ['webhook', 'delete'],
  summary: 'Delete a webhook',
  description:
    'Deletes the webhook (by UUID on Cloud, by number on Data Center: see `bb webhook list`) from the repository or, with --workspace, the workspace (Cloud). On a terminal bb asks you to type the id; elsewhere --yes is required.',
  examples: [
    'bb webhook delete {4f1c…}',
    'bb webhook delete 4f1c2d3e-0000-4000-8000-000000000001 -R myteam/website --yes',
    'bb webhook delete {4f1c…} --workspace myteam --dry-run',
    '# Data Center: the webhook number',
    'bb webhook delete 12 -R bitbucket.example.com/PROJ/api --yes',
  ],
  args: [{ name: 'uuid', description: 'the webhook UUID (Data Center: its number)', required: true }],
  flags: [WORKSPACE_FLAG, YES_FLAG],
  repo: true,
  write: true,
  operations: ['DELETE /repositories/{workspace}/{repo_slug}/hooks/{uid}'],
  conditional: [
    { flag: 'workspace', operations: ['DELETE /workspaces/{workspace}/hooks/{uid}'], source: "the workspace's webhooks, instead of the repository's" },
  ],
  dcOperations: ['DELETE /api/latest/projects/{projectKey}/repos/{repositorySlug}/webhooks/{webhookId}'],
  async run(ctx, input) {
    const subject = await subjectOf(ctx, input);
    const p = await provider(ctx);
    const w = await p.deleteWebhook(subject.target, typeof input.args.uuid === 'string' ? input.args.uuid : '');
    const uid = w.id;
    if (await dryRunWrite(ctx, input, w)) return 0;
    await confirmDestructive(ctx, input, `delete webhook ${uid} from ${subject.label}`, uid);
    try {
      await w.send();
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
