import { paginate } from '../../api/paginate.js';
import { printList } from '../shared/print.js';
import { defineCommand } from '../define.js';
import { CLOUD_KEY_FIELDS, keyJson, type CloudKey as SshKey } from '../../provider/ssh-keys.js';
import { KEY_JSON_FIELDS, KEY_JSON_RENAMED, shortKey } from '../ssh-key/present.js';

const OP = 'GET /repositories/{workspace}/{repo_slug}/deploy-keys';

export default defineCommand({
  path: ['deploy-key', 'list'],
  summary: 'List the deploy keys of a repository',
  description: 'Lists the read-only SSH keys that can clone the repository (deploy keys).',
  examples: ['bb deploy-key list', 'bb deploy-key list -R myteam/website --json id,label'],
  repo: true,
  list: true,
  json: KEY_JSON_FIELDS,
  jsonRenamed: KEY_JSON_RENAMED,
  operations: [OP],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const items = await paginate<SshKey>(
      await ctx.http(),
      '/repositories/{workspace}/{repo_slug}/deploy-keys',
      { workspace: repo.workspace, repo_slug: repo.repo },
      {},
      {
        limit: input.flags.limit as number | undefined,
        all: Boolean(input.flags.all),
        fields: CLOUD_KEY_FIELDS,
      },
    );
    await printList(ctx, input, items, {
      columns: [
        { header: 'ID', value: (k) => String(k.id ?? '') },
        { header: 'Label', value: (k) => k.label ?? '', flexible: true },
        { header: 'Key', value: (k) => shortKey(k.key) },
        { header: 'Added', value: (k) => k.added_on ?? k.created_on ?? '' },
      ],
      toJson: keyJson,
      empty: `No deploy keys on ${repo.workspace}/${repo.repo}`,
    });
    return 0;
  },
});
