import { printList } from '../shared/print.js';
import { provider } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { openInBrowser, repoPage, webFlag, workspacePage } from '../shared/web.js';
import { WEBHOOK_JSON_FIELDS, webhookJson } from './present.js';
import { subjectOf, WORKSPACE_FLAG } from './subject.js';

export default defineCommand({
  path: ['webhook', 'list'],
  summary: 'List the webhooks of a repository or a workspace',
  description:
    'Lists the webhooks of the repository (-R, or the current one) or, with --workspace, of the workspace (Cloud): URL, events, whether active and whether a secret is set. Secrets are never shown. On Data Center a webhook is named by its number (`id`), on Cloud by its UUID.',
  examples: ['bb webhook list', 'bb webhook list -R myteam/website --json uuid,url,events', 'bb webhook list --workspace myteam'],
  // -w is --workspace here
  flags: [WORKSPACE_FLAG, webFlag('the webhooks settings page', false)],
  repo: true,
  list: true,
  json: WEBHOOK_JSON_FIELDS,
  operations: ['GET /repositories/{workspace}/{repo_slug}/hooks'],
  conditional: [{ flag: 'workspace', operations: ['GET /workspaces/{workspace}/hooks'], source: "the workspace's webhooks, instead of the repository's" }],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/webhooks'],
  async run(ctx, input) {
    const subject = await subjectOf(ctx, input);
    if (input.flags.web) {
      const t = subject.target;
      const url =
        t.kind === 'workspace'
          ? workspacePage(ctx, t.workspace, '/workspace/settings/webhooks')
          : await repoPage(
              ctx,
              t.repo,
              { cloud: '/admin/webhooks', dcAbsolute: (owner, slug) => `/plugins/servlet/webhooks${owner}/repos/${slug}` },
              'webhooks',
            );
      await openInBrowser(ctx, url);
      return 0;
    }
    const p = await provider(ctx);
    const items = await p.listWebhooks(subject.target, { limit: input.flags.limit as number | undefined, all: Boolean(input.flags.all) });
    await printList(ctx, input, items, {
      columns: [
        { header: p.webhookTerms.id, value: (h) => h.id },
        { header: 'URL', value: (h) => h.url ?? '', flexible: true },
        { header: 'Events', value: (h) => h.events.join(','), flexible: true },
        { header: 'Active', value: (h) => (h.active ? 'yes' : 'no'), style: (h) => (h.active ? 'green' : 'gray') },
        { header: p.webhookTerms.description, value: (h) => h.description, flexible: true },
      ],
      toJson: webhookJson,
      empty: `No webhooks on ${subject.label}`,
    });
    return 0;
  },
});
