import { printList } from '../shared/print.js';
import { provider } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { apiFieldsFor } from '../shared/fields.js';
import { REPO_JSON_API_FIELDS } from './list.js';
import { REPO_JSON_FIELDS, REPO_JSON_RENAMED } from './present.js';
import { resolveRepoArg } from './target.js';

/** The item fields the table (and the piped rows) read. */
const FORK_TABLE_FIELDS = ['name', 'full_name', 'slug', 'description', 'is_private', 'created_on'] as const;

export default defineCommand({
  path: ['repo', 'forks'],
  summary: "List a repository's forks",
  description:
    'Lists the forks of the repository (default: the current one), oldest first. `bb repo fork` makes one.\n\n' +
    'On Data Center only the forks you can read are listed; their names are PROJECT/REPO (a personal fork lives in ~USER).',
  examples: ['bb repo forks', 'bb repo forks -R myteam/website --all', 'bb repo forks --json fullName,owner,createdAt'],
  repo: true,
  list: true,
  json: REPO_JSON_FIELDS,
  jsonRenamed: REPO_JSON_RENAMED,
  operations: ['GET /repositories/{workspace}/{repo_slug}/forks'],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/forks'],
  async run(ctx, input) {
    const ref = await resolveRepoArg(ctx, input, null);
    const forks = await (await provider(ctx)).listForks(ref, {
      limit: input.flags.limit as number | undefined,
      all: Boolean(input.flags.all),
      // ask only for what the table prints, or for what the --json fields are made of
      fields: Array.isArray(input.flags.json) ? apiFieldsFor(input.flags.json as string[], REPO_JSON_API_FIELDS) : FORK_TABLE_FIELDS,
    });
    await printList(ctx, input, forks, {
      columns: [
        { header: 'NAME', value: (r) => r.fullName ?? r.name ?? '', style: () => 'bold' },
        { header: 'DESCRIPTION', value: (r) => r.description ?? '', flexible: true },
        { header: 'VISIBILITY', value: (r) => r.visibility, style: (r) => (r.isPrivate ? 'yellow' : undefined) },
        { header: 'CREATED', value: (r) => r.createdAt ?? '', style: () => 'gray' },
      ],
      toJson: (r) => ({ ...r }),
      empty: `${ref.workspace}/${ref.repo} has no forks`,
    });
    return 0;
  },
});
