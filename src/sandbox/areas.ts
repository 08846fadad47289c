import { dropRepositoryPipelines } from './handlers/pipelines.js';
import type { Sandbox } from './handlers/types.js';
import { startWebhookDeliveries } from './handlers/webhooks.js';

/**
 * Runtime wiring of the pipelines, issues, snippets, webhooks, keys and variables areas, done once
 * per sandbox by the server: webhook deliveries listen to `sb.events`, and a deleted repository's
 * per-repository records go with it.
 */

const attached = new WeakSet<Sandbox>();

export function attachAreas(sb: Sandbox): void {
  if (attached.has(sb)) return;
  attached.add(sb);
  startWebhookDeliveries(sb);
  sb.store.onRepositoryDeleted((repo) => {
    const d = sb.store.data;
    dropRepositoryPipelines(sb, repo);
    for (const [id, x] of Object.entries(d.issues)) if (x.repository === repo.uuid) delete d.issues[id];
    for (const [id, x] of Object.entries(d.issueComments)) if (x.repository === repo.uuid) delete d.issueComments[id];
    for (const [id, x] of Object.entries(d.webhooks)) if (x.subject_type === 'repository' && x.subject === repo.uuid) delete d.webhooks[id];
    for (const [id, x] of Object.entries(d.pipelineVariables)) if (x.scope === 'repository' && x.owner === repo.uuid) delete d.pipelineVariables[id];
    for (const [id, x] of Object.entries(d.deployKeys)) if (x.subject === repo.uuid) delete d.deployKeys[id];
  });
}
