import { BbError } from '../../core/errors.js';
import { requireFields } from '../../api/errors.js';
import { printItem, status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { WEBHOOK_JSON_FIELDS, webhookJson } from './present.js';
import { readSecret } from './secret.js';
import { subjectOf, WORKSPACE_FLAG } from './subject.js';

export default defineCommand({
  path: ['webhook', 'create'],
  summary: 'Create a webhook on a repository or a workspace',
  description:
    "Subscribes a URL to events of the repository (-R, or the current one) or, with --workspace, of the workspace (Cloud). Events are checked against the ones the host accepts for that subject: Bitbucket Cloud's (repo:push, pullrequest:created…) or Data Center's (repo:refs_changed, pr:opened, pr:merged…); bb never translates one into the other. The secret, used to sign the payloads, is best read from a file or standard input (--secret-file) so it stays out of your shell history; it is never printed. On Data Center the description is the webhook's name. With an access token or OAuth consumer (legacy scopes), a webhook for issue events also needs the issue scope, as Bitbucket's scope documentation says; an API token needs only read:webhook and write:webhook. bb scopes counts both.",
  examples: [
    'bb webhook create --url https://ci.example.com/hook --events repo:push,pullrequest:created',
    '# the secret from a secret store, through standard input',
    'pass show ci/hook | bb webhook create --url https://ci.example.com/hook --events repo:push --secret-file -',
    'bb webhook create --workspace myteam --url https://chat.example.com/bb --events pullrequest:fulfilled --description "merged PRs"',
    'bb webhook create --url https://x.example.com/h --events issue:created --no-active --dry-run',
    '# Data Center: its own event keys',
    'bb webhook create -R bitbucket.example.com/PROJ/api --url https://ci.example.com/hook --events repo:refs_changed,pr:opened',
  ],
  flags: [
    WORKSPACE_FLAG,
    { name: 'url', short: 'u', type: 'string', valueName: 'URL', description: 'where Bitbucket sends the events (required)' },
    { name: 'events', short: 'e', type: 'list', valueName: 'EVENT,…', description: 'events to send, e.g. repo:push,pullrequest:created (required)' },
    { name: 'description', short: 'd', type: 'string', valueName: 'TEXT', description: 'a description' },
    { name: 'secret-file', type: 'string', valueName: 'FILE', description: 'read the signing secret from a file (- for standard input)' },
    { name: 'secret', type: 'string', valueName: 'SECRET', description: 'the signing secret (prefer --secret-file)' },
    { name: 'active', type: 'boolean', description: 'deliver events (the default)' },
    { name: 'no-active', type: 'boolean', description: 'create it disabled' },
  ],
  repo: true,
  write: true,
  json: WEBHOOK_JSON_FIELDS,
  operations: ['GET /hook_events/{subject_type}', 'POST /repositories/{workspace}/{repo_slug}/hooks'],
  dcOperations: ['POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/webhooks'],
  conditional: [
    {
      // legacy scopes only: for API tokens the spec's POST …/hooks needs read:webhook and write:webhook, and no page
      // states an issue-scope rule for granular scopes
      flag: 'events',
      values: ['issue:*'],
      legacy: ['issue'],
      source:
        'legacy scopes: "to create a webhook for issue:created, the client will need to have both the webhook as well as issue scope" (Scopes for the Bitbucket Cloud REST API, the webhook scope)',
    },
    { flag: 'workspace', operations: ['POST /workspaces/{workspace}/hooks'], source: "a webhook of the workspace, instead of the repository's" },
  ],
  async run(ctx, input) {
    const subject = await subjectOf(ctx, input);
    const url = (input.flags.url as string | undefined)?.trim();
    if (!url) throw new BbError('INVALID_ARGUMENT', 'a webhook needs a --url');
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new BbError('INVALID_ARGUMENT', `--url ${url}: not a URL`);
    }
    if (!/^https?:$/.test(parsed.protocol)) throw new BbError('INVALID_ARGUMENT', `--url ${url}: must be http:// or https://`);
    const events = [...new Set((input.flags.events as string[] | undefined) ?? [])];
    const p = await provider(ctx);
    // what can be checked offline (Cloud: the syntax; DC: its fixed set), before anything is planned
    await p.checkWebhookEvents(subject.target, events);
    const secret = await readSecret(ctx, input);
    const w = await p.createWebhook(subject.target, {
      url,
      events,
      active: input.flags.active !== false,
      ...(input.flags.description !== undefined ? { description: input.flags.description as string } : {}),
      ...(secret !== undefined ? { secret } : {}),
    });
    if (await dryRunWrite(ctx, input, w)) return 0;
    const hook = requireFields(await w.send(), 'the webhook', ['id']);
    status(ctx, `✓ Created webhook ${hook.id} on ${subject.label} (${events.join(', ')})`);
    await printItem(ctx, input, hook, { toJson: webhookJson, human: () => void ctx.io.out.write(`${hook.id}\n`) });
    return 0;
  },
});
