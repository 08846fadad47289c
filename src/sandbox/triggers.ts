import { dropRepositoryDownloads } from './handlers/downloads.js';
import { addPipeline, dropRepositoryPipelines, pipelinesEnabled } from './handlers/pipelines.js';
import type { Sandbox } from './handlers/types.js';
import type { RepositoryRecord } from './state.js';
import { startWebhookDeliveries } from './handlers/webhooks.js';

/**
 * What happens on its own when something happens in the sandbox, as in Bitbucket, started once per sandbox by the
 * server: webhook deliveries listen to `sb.events`; a push of a branch whose commit has a `bitbucket-pipelines.yml`
 * runs a pipeline (trigger PUSH), as Bitbucket does when pipelines are enabled; and a deleted repository's records
 * (pipelines, issues, webhooks, variables, deploy keys, downloads) go with it.
 */

const started = new WeakSet<Sandbox>();

export function startTriggers(sb: Sandbox): void {
  if (started.has(sb)) return;
  started.add(sb);
  startWebhookDeliveries(sb);
  sb.events.on((key, event) => {
    if (key === 'repo:push' && event.repository) void pipelinesOnPush(sb, event.repository, event.actor.uuid, event.data).catch(() => {});
  });
  sb.store.onRepositoryDeleted((repo) => {
    const d = sb.store.data;
    dropRepositoryPipelines(sb, repo);
    for (const [id, x] of Object.entries(d.issues)) if (x.repository === repo.uuid) delete d.issues[id];
    for (const [id, x] of Object.entries(d.issueComments)) if (x.repository === repo.uuid) delete d.issueComments[id];
    for (const [id, x] of Object.entries(d.webhooks)) if (x.subject_type === 'repository' && x.subject === repo.uuid) delete d.webhooks[id];
    for (const [id, x] of Object.entries(d.pipelineVariables)) if (x.scope === 'repository' && x.owner === repo.uuid) delete d.pipelineVariables[id];
    for (const [id, x] of Object.entries(d.deployKeys)) if (x.subject === repo.uuid) delete d.deployKeys[id];
    dropRepositoryDownloads(sb, repo);
    for (const [id, x] of Object.entries(d.branchRestrictions)) if (x.repository === repo.uuid) delete d.branchRestrictions[id];
    delete d.branchingModels[repo.uuid];
  });
}

interface PushChange {
  new?: { type?: string; name?: string; target?: { hash?: string } } | null;
}

async function pipelinesOnPush(sb: Sandbox, repo: RepositoryRecord, actor: string, data: Record<string, unknown>): Promise<void> {
  if (!pipelinesEnabled(sb, repo)) return;
  const changes = ((data.push as { changes?: PushChange[] } | undefined)?.changes ?? []).filter((c) => c.new?.type === 'branch');
  let created = false;
  for (const change of changes) {
    const name = change.new?.name;
    const hash = change.new?.target?.hash;
    if (!name || !hash) continue;
    const hasConfig = await sb
      .git(repo)
      .git(['cat-file', '-e', `${hash}:bitbucket-pipelines.yml`])
      .then(
        () => true,
        () => false,
      );
    if (!hasConfig) continue;
    addPipeline(sb, repo, {
      creator: actor,
      trigger: 'push',
      target: { ref_type: 'branch', ref_name: name, commit: hash, selector: { type: 'branches', pattern: name } },
    });
    created = true;
  }
  if (created) await sb.store.save();
}
