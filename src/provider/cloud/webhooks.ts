import { templateOf } from '../../api/path.js';
import { must } from '../../api/client.js';
import { paginate } from '../../api/paginate.js';
import { cloudParams, cloudWebhook, knownEvents, OP, parseUid, type Webhook as CloudWebhook } from '../../cmd/webhook/shared.js';
import type { Context } from '../../context.js';
import type { WebhookMethods } from '../webhooks.js';

/** Cloud webhooks: the requests `bb webhook …` sent before the provider boundary, unchanged. */
export function webhookMethods(ctx: Context): WebhookMethods {
  return {
    async listWebhooks(subject, opts) {
      const items = await paginate<CloudWebhook>(
        await ctx.http(),
        templateOf(subject.kind === 'workspace' ? OP.wsList : OP.repoList),
        cloudParams(subject),
        {},
        { limit: opts.limit, all: Boolean(opts.all) },
      );
      return items.map(cloudWebhook);
    },
    webhookEvents: (subject) => knownEvents(ctx, subject),
    async createWebhook(subject, input) {
      const params = cloudParams(subject);
      const body = {
        url: input.url,
        events: input.events,
        active: input.active,
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.secret !== undefined ? { secret: input.secret } : {}),
      };
      const operation = subject.kind === 'workspace' ? OP.wsCreate : OP.repoCreate;
      return {
        plan: [{ operation, params, body: input.secret !== undefined ? { ...body, secret: '••••••••' } : body }],
        async send() {
          const api = await ctx.api();
          const hook = (subject.kind === 'workspace'
            ? must(await api.POST('/workspaces/{workspace}/hooks', { params: { path: { workspace: subject.workspace } }, body }))
            : must(
                await api.POST('/repositories/{workspace}/{repo_slug}/hooks', {
                  params: { path: { workspace: subject.repo.workspace, repo_slug: subject.repo.repo } },
                  body,
                }),
              )) as unknown as CloudWebhook;
          return cloudWebhook(hook);
        },
      };
    },
    async deleteWebhook(subject, id) {
      const uid = parseUid(id);
      const params = { ...cloudParams(subject), uid };
      return {
        id: uid,
        plan: [{ operation: subject.kind === 'workspace' ? OP.wsDelete : OP.repoDelete, params }],
        async send() {
          const api = await ctx.api();
          if (subject.kind === 'workspace')
            await api.DELETE('/workspaces/{workspace}/hooks/{uid}', { params: { path: { workspace: subject.workspace, uid } } });
          else
            await api.DELETE('/repositories/{workspace}/{repo_slug}/hooks/{uid}', {
              params: { path: { workspace: subject.repo.workspace, repo_slug: subject.repo.repo, uid } },
            });
        },
      };
    },
  };
}
