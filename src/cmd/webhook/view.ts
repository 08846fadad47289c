import { BbError } from '../../core/errors.js';
import { printFields } from '../../output/table.js';
import { provider } from '../../provider/index.js';
import { printItem } from '../shared/print.js';
import { defineCommand } from '../define.js';
import { WEBHOOK_JSON_FIELDS, webhookJson } from './present.js';
import { subjectOf, WORKSPACE_FLAG } from './subject.js';

export default defineCommand({
  path: ['webhook', 'view'],
  summary: 'Show a webhook',
  description:
    'Shows the webhook given by its UUID (by its number on Data Center; see `bb webhook list`) of the repository (-R, or the current one) or, with --workspace, of the workspace (Cloud): URL, events, whether it is active and whether a secret is set. The secret itself is never shown.',
  examples: [
    'bb webhook view {4f1c2d3e-0000-4000-8000-000000000001}',
    'bb webhook view 4f1c2d3e-0000-4000-8000-000000000001 -R myteam/website --json url,events',
    'bb webhook view {4f1c…} --workspace myteam',
    '# Data Center: the webhook number',
    'bb webhook view 12 -R bitbucket.example.com/PROJ/api',
  ],
  args: [{ name: 'uuid', description: 'the webhook UUID (Data Center: its number)', required: true }],
  flags: [WORKSPACE_FLAG],
  repo: true,
  json: WEBHOOK_JSON_FIELDS,
  operations: ['GET /repositories/{workspace}/{repo_slug}/hooks/{uid}'],
  conditional: [
    { flag: 'workspace', operations: ['GET /workspaces/{workspace}/hooks/{uid}'], source: "a webhook of the workspace, instead of the repository's" },
  ],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/webhooks/{webhookId}'],
  async run(ctx, input) {
    const subject = await subjectOf(ctx, input);
    const id = typeof input.args.uuid === 'string' ? input.args.uuid : '';
    const h = await (await provider(ctx)).viewWebhook(subject.target, id).catch((e: unknown) => {
      if (e instanceof BbError && e.errorName === 'API_NOT_FOUND') {
        throw new BbError('API_NOT_FOUND', `no webhook ${id.trim()} on ${subject.label}`, {
          operation: e.operation,
          status: 404,
          hints: ['list them with `bb webhook list`'],
        });
      }
      throw e;
    });
    await printItem(ctx, input, h, {
      toJson: webhookJson,
      human: () => {
        printFields(ctx.io, [
          ['id', h.uuid ? undefined : h.id],
          ['uuid', h.uuid ?? undefined],
          ['url', h.url ?? undefined],
          ['description', h.description],
          ['events', h.events.join(', ')],
          ['active', h.active ? 'yes' : 'no'],
          ['secret', h.secretSet ? 'set' : 'not set'],
          ['subject', h.subjectType ?? undefined],
          ['created', h.createdAt ?? undefined],
        ]);
      },
    });
    return 0;
  },
});
