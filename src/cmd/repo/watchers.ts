import { paginate } from '../../api/paginate.js';
import type { components } from '../../api/generated/schema.js';
import { printList } from '../shared/print.js';
import { defineCommand } from '../define.js';
import { apiFieldsFor } from '../shared/fields.js';
import { ACCOUNT_JSON_FIELDS, ACCOUNT_JSON_RENAMED } from './present.js';
import { resolveRepoArg } from './target.js';

/** A watcher as Cloud sends it (an account; users carry nickname and account_id). */
type CloudAccount = components['schemas']['account'] & { nickname?: string; account_id?: string; username?: string };

/** The API fields each `--json` field is made of. */
const WATCHER_JSON_API_FIELDS: Record<(typeof ACCOUNT_JSON_FIELDS)[number], readonly string[]> = {
  displayName: ['display_name'],
  nickname: ['nickname', 'username'],
  uuid: ['uuid'],
  accountId: ['account_id'],
  type: ['type'],
  url: ['links.html.href'],
};
const WATCHER_TABLE_FIELDS = ['display_name', 'nickname', 'username', 'uuid'] as const;

export default defineCommand({
  path: ['repo', 'watchers'],
  summary: 'List the users watching a repository',
  description:
    "Lists the users who watch the repository (default: the current one) and get its notifications. Bitbucket Cloud only: Data Center has no list of a repository's watchers.",
  examples: ['bb repo watchers', 'bb repo watchers -R myteam/website --all', 'bb repo watchers --json nickname,uuid'],
  hosts: ['cloud'],
  otherHostHint: "Data Center has no list of a repository's watchers: its repository page (bb browse) shows whether you watch it",
  repo: true,
  list: true,
  json: ACCOUNT_JSON_FIELDS,
  jsonRenamed: ACCOUNT_JSON_RENAMED,
  operations: ['GET /repositories/{workspace}/{repo_slug}/watchers'],
  async run(ctx, input) {
    const ref = await resolveRepoArg(ctx, input, null);
    const watchers = await paginate<CloudAccount>(
      await ctx.http(),
      '/repositories/{workspace}/{repo_slug}/watchers',
      { workspace: ref.workspace, repo_slug: ref.repo },
      {},
      {
        limit: input.flags.limit as number | undefined,
        all: Boolean(input.flags.all),
        fields: Array.isArray(input.flags.json) ? apiFieldsFor(input.flags.json as string[], WATCHER_JSON_API_FIELDS) : WATCHER_TABLE_FIELDS,
      },
    );
    await printList(ctx, input, watchers, {
      columns: [
        { header: 'NAME', value: (a) => a.display_name ?? '', flexible: true },
        { header: 'NICKNAME', value: (a) => a.nickname ?? a.username ?? '' },
        { header: 'UUID', value: (a) => a.uuid ?? '', style: () => 'gray' },
      ],
      toJson: (a) => ({
        displayName: a.display_name ?? null,
        nickname: a.nickname ?? a.username ?? null,
        uuid: a.uuid ?? null,
        accountId: a.account_id ?? null,
        type: a.type ?? null,
        url: (a.links?.html as { href?: string } | undefined)?.href ?? null,
      }),
      empty: `Nobody watches ${ref.workspace}/${ref.repo}`,
    });
    return 0;
  },
});
