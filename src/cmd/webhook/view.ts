import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { expandPath } from '../../api/path.js';
import { printFields } from '../../output/table.js';
import type { Webhook } from '../../provider/webhooks.js';
import { printItem } from '../shared/print.js';
import { defineCommand } from '../define.js';
import { WEBHOOK_JSON_FIELDS, webhookJson } from './present.js';
import { subjectOf, WORKSPACE_FLAG } from './subject.js';

const OP = {
  repo: 'GET /repositories/{workspace}/{repo_slug}/hooks/{uid}',
  ws: 'GET /workspaces/{workspace}/hooks/{uid}',
} as const;

/** A webhook as Cloud sends it (Cloud-only command: read here, not through the provider). */
interface CloudWebhook {
  uuid: string;
  url?: string;
  description?: string;
  subject_type?: string;
  active?: boolean;
  events?: string[];
  secret_set?: boolean;
  created_at?: string;
}

/** The same domain shape as `bb webhook list` (src/provider/webhooks.ts): never the secret, only whether one is set. */
function toWebhook(h: CloudWebhook): Webhook {
  return {
    id: h.uuid,
    uuid: h.uuid,
    url: h.url ?? null,
    description: h.description ?? '',
    events: [...(h.events ?? [])].sort(),
    active: h.active !== false,
    secretSet: Boolean(h.secret_set),
    subjectType: h.subject_type ?? null,
    createdAt: h.created_at ?? null,
  };
}

/** `{uuid}` or a bare UUID → `{uuid}`. */
function parseUid(text: unknown): string {
  const t = typeof text === 'string' ? text.trim() : '';
  const m = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i.exec(t);
  if (!m?.[1]) throw new BbError('INVALID_ARGUMENT', `"${t}" is not a webhook id: expected its UUID`, { hints: ['list them with `bb webhook list`'] });
  return `{${m[1].toLowerCase()}}`;
}

async function getHook(ctx: Context, operation: string, params: Record<string, string>): Promise<CloudWebhook> {
  const http = await ctx.http();
  const tpl = operation.split(' ', 2)[1] as string;
  const response = await http.send(new Request(http.url(expandPath(tpl, params)), { method: 'GET' }), { operation });
  return (await response.json()) as CloudWebhook;
}

export default defineCommand({
  path: ['webhook', 'view'],
  summary: 'Show a webhook',
  description:
    'Shows the webhook given by its UUID (see `bb webhook list`) of the repository (-R, or the current one) or, with --workspace, of the workspace: URL, events, whether it is active and whether a secret is set. The secret itself is never shown.',
  examples: [
    'bb webhook view {4f1c2d3e-0000-4000-8000-000000000001}',
    'bb webhook view 4f1c2d3e-0000-4000-8000-000000000001 -R myteam/website --json url,events',
    'bb webhook view {4f1c…} --workspace myteam',
  ],
  args: [{ name: 'uuid', description: 'the webhook UUID (from `bb webhook list`)', required: true }],
  flags: [WORKSPACE_FLAG],
  repo: true,
  hosts: ['cloud'],
  json: WEBHOOK_JSON_FIELDS,
  operations: [OP.repo],
  conditional: [{ flag: 'workspace', operations: [OP.ws], source: "a webhook of the workspace, instead of the repository's" }],
  async run(ctx, input) {
    const uid = parseUid(input.args.uuid);
    const subject = await subjectOf(ctx, input);
    const operation = subject.target.kind === 'workspace' ? OP.ws : OP.repo;
    let raw: CloudWebhook;
    try {
      const t = subject.target;
      const params: Record<string, string> = t.kind === 'workspace' ? { workspace: t.workspace } : { workspace: t.repo.workspace, repo_slug: t.repo.repo };
      raw = await getHook(ctx, operation, { ...params, uid });
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
    const h = toWebhook(raw);
    await printItem(ctx, input, h, {
      toJson: webhookJson,
      human: () => {
        printFields(ctx.io, [
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
