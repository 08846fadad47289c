import { dropRepositoryDownloads } from './handlers/downloads.js';
import { addPipeline, dropRepositoryPipelines, pipelinesEnabled } from './handlers/pipelines.js';
import type { Sandbox } from './handlers/types.js';
import type { AreaData, RepositoryRecord } from './state.js';
import { startWebhookDeliveries } from './handlers/webhooks.js';

/**
 * Runtime wiring of the pipelines, issues, snippets, webhooks, keys and variables areas, done once
 * per sandbox by the server: webhook deliveries listen to `sb.events`; a push of a branch whose
 * commit has a `bitbucket-pipelines.yml` runs a pipeline (trigger PUSH), as Bitbucket does when
 * pipelines are enabled; and a deleted repository's per-repository records go with it.
 */

const attached = new WeakSet<Sandbox>();

export function attachAreas(sb: Sandbox): void {
  if (attached.has(sb)) return;
  attached.add(sb);
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

/** The model for GET /_sandbox/state: secured variable values and webhook secrets replaced by "<secured>". */
export function redactSecrets<T extends Partial<AreaData>>(data: T): T {
  const hidden = '<secured>';
  return {
    ...data,
    ...(data.pipelineVariables
      ? { pipelineVariables: Object.fromEntries(Object.entries(data.pipelineVariables).map(([k, v]) => [k, v.secured ? { ...v, value: hidden } : v])) }
      : {}),
    ...(data.pipelines
      ? {
          pipelines: Object.fromEntries(
            Object.entries(data.pipelines).map(([k, p]) => [k, { ...p, variables: p.variables.map((v) => (v.secured ? { ...v, value: hidden } : v)) }]),
          ),
        }
      : {}),
    ...(data.webhooks ? { webhooks: Object.fromEntries(Object.entries(data.webhooks).map(([k, h]) => [k, h.secret ? { ...h, secret: hidden } : h])) } : {}),
  };
}
