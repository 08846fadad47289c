import { paginate } from '../../api/paginate.js';
import { printList } from '../../output/command-output.js';
import { defineCommand } from '../define.js';
import { OP, subjectOf, template, WEBHOOK_JSON_FIELDS, type Webhook, WORKSPACE_FLAG, webhookJson } from './shared.js';

export default defineCommand({
  path: ['webhook', 'list'],
  summary: 'List the webhooks of a repository or a workspace',
  description:
    'Lists the webhooks of the repository (-R, or the current one) or, with --workspace, of the workspace: URL, events, whether active and whether a secret is set. Secrets are never shown.',
  examples: ['bb webhook list', 'bb webhook list -R myteam/website --json uuid,url,events', 'bb webhook list --workspace myteam'],
  flags: [WORKSPACE_FLAG],
  repo: true,
  list: true,
  json: WEBHOOK_JSON_FIELDS,
  operations: [OP.repoList],
  conditional: [{ flag: 'workspace', operations: [OP.wsList], source: "the workspace's webhooks, instead of the repository's" }],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/webhooks'],
  // Data Center needs are declared for `bb scopes --dc`; the command's DC adapter is not written yet.
  hosts: ['cloud'],
  async run(ctx, input) {
    const subject = await subjectOf(ctx, input);
    const items = await paginate<Webhook>(
      await ctx.http(),
      template(subject.kind === 'workspace' ? OP.wsList : OP.repoList),
      subject.params,
      {},
      { limit: input.flags.limit as number | undefined, all: Boolean(input.flags.all) },
    );
    await printList(ctx, input, items, {
      columns: [
        { header: 'UUID', value: (h) => h.uuid },
        { header: 'URL', value: (h) => h.url ?? '', flexible: true },
        { header: 'Events', value: (h) => [...(h.events ?? [])].sort().join(','), flexible: true },
        { header: 'Active', value: (h) => (h.active === false ? 'no' : 'yes'), style: (h) => (h.active === false ? 'gray' : 'green') },
        { header: 'Description', value: (h) => h.description ?? '', flexible: true },
      ],
      toJson: webhookJson,
      empty: `No webhooks on ${subject.label}`,
    });
    return 0;
  },
});
