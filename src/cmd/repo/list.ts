import { BbError } from '../../core/errors.js';
import { printList } from '../shared/print.js';
import { timeAgo } from '../../output/table.js';
import { provider } from '../../provider/index.js';
import type { Repository } from '../../provider/types.js';
import { defineCommand } from '../define.js';
import { apiFieldsFor } from '../shared/fields.js';
import { REPO_JSON_FIELDS, REPO_JSON_RENAMED } from './present.js';

/** The item fields the table (and the piped rows) read: `fields=` trims the rest. */
export const REPO_TABLE_FIELDS = ['name', 'full_name', 'slug', 'description', 'is_private', 'updated_on'] as const;
/** The API fields each `--json` field is made of (src/provider/cloud/repositories.ts repoJson). */
export const REPO_JSON_API_FIELDS: Record<(typeof REPO_JSON_FIELDS)[number], readonly string[]> = {
  name: ['name'],
  fullName: ['full_name'],
  slug: ['slug', 'full_name', 'name'],
  description: ['description'],
  isPrivate: ['is_private'],
  visibility: ['is_private'],
  language: ['language'],
  mainBranch: ['mainbranch.name'],
  createdAt: ['created_on'],
  updatedAt: ['updated_on'],
  size: ['size'],
  uuid: ['uuid'],
  url: ['links.html.href'],
  project: ['project.key', 'project.name', 'project.uuid'],
  owner: ['owner.display_name', 'owner.uuid', 'owner.nickname', 'owner.username'],
  scm: ['scm'],
  forkPolicy: ['fork_policy'],
  hasIssues: ['has_issues'],
  hasWiki: ['has_wiki'],
  parent: ['parent.full_name'],
  httpsUrl: ['links.clone'],
  sshUrl: ['links.clone'],
};

export default defineCommand({
  path: ['repo', 'list'],
  summary: 'List repositories in a workspace',
  description:
    'Lists the repositories of WORKSPACE (default: the default_workspace setting, else the workspace of the current repository), most recently updated first.\n\n' +
    '--search takes a Bitbucket query language expression (the API\'s `q`), such as `name ~ "api"`; --visibility and --language are added to it.',
  examples: [
    'bb repo list myteam',
    '# private Go repositories, as JSON',
    'bb repo list myteam --visibility private --language go --json fullName,updatedAt',
    '# a Bitbucket query, oldest first',
    'bb repo list myteam --search \'name ~ "api"\' --sort created_on',
    '# every repository, not just the first 30',
    'bb repo list myteam --all',
  ],
  args: [{ name: 'workspace', description: 'workspace slug (default: the configured or current one)' }],
  flags: [
    { name: 'visibility', type: 'string', valueName: 'VISIBILITY', choices: ['public', 'private'], description: 'only public or only private repositories' },
    { name: 'language', short: 'l', type: 'string', valueName: 'LANGUAGE', description: 'only repositories in this language' },
    { name: 'search', short: 's', type: 'string', valueName: 'QUERY', description: "Bitbucket query filter (the API's q), e.g. 'name ~ \"api\"'" },
    {
      name: 'sort',
      type: 'string',
      valueName: 'FIELD',
      description: 'sort by a field, "-" first for descending',
      default: '-updated_on',
    },
  ],
  list: true,
  json: REPO_JSON_FIELDS,
  jsonRenamed: REPO_JSON_RENAMED,
  operations: ['GET /repositories/{workspace}'],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos', 'GET /api/latest/repos'],
  async run(ctx, input) {
    const { flags } = input;
    // Data Center: the argument is a project key; without one, every repository you can see.
    const p = await provider(ctx);
    const workspace = await p.repositoryListOwner(input.args.workspace);
    const sort = String(flags.sort ?? '-updated_on');
    if (!/^-?[A-Za-z_][A-Za-z0-9_.]*$/.test(sort)) {
      throw new BbError('INVALID_ARGUMENT', `--sort "${sort}" is not a field name`, { hints: ['for example: --sort updated_on, or --sort -created_on'] });
    }
    const repos = await p.listRepositories(workspace, {
      search: flags.search as string | undefined,
      visibility: flags.visibility as 'public' | 'private' | undefined,
      language: flags.language as string | undefined,
      sort,
      limit: flags.limit as number | undefined,
      all: Boolean(flags.all),
      // ask only for what the table prints, or for what the --json fields are made of
      fields: Array.isArray(flags.json) ? apiFieldsFor(flags.json as string[], REPO_JSON_API_FIELDS) : REPO_TABLE_FIELDS,
    });
    const now = ctx.now();
    await printList(ctx, input, repos, {
      columns: [
        { header: 'NAME', value: (r) => r.fullName ?? r.name ?? '', style: () => 'bold' },
        { header: 'DESCRIPTION', value: (r) => r.description ?? '', flexible: true },
        { header: 'VISIBILITY', value: (r: Repository) => r.visibility, style: (r) => (r.isPrivate ? 'yellow' : undefined) },
        // gh: relative on a terminal, the timestamp itself for scripts
        { header: 'UPDATED', value: (r) => (ctx.io.stdoutIsTTY ? timeAgo(r.updatedAt ?? undefined, now) : (r.updatedAt ?? '')), style: () => 'gray' },
      ],
      toJson: (r) => ({ ...r }),
      empty: `No repositories match in ${workspace ?? (await ctx.host()).key}`,
    });
    return 0;
  },
});
