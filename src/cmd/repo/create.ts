import { BbError } from '../../core/errors.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import { printItem, status } from '../shared/print.js';
import { checkProjectKey } from '../../provider/projects.js';
import { defineCommand } from '../define.js';
import { cloneProviderRepository } from './git-clone.js';
import { REPO_JSON_FIELDS, REPO_JSON_RENAMED } from './present.js';

export default defineCommand({
  path: ['repo', 'create'],
  summary: 'Create a repository',
  description:
    'Creates a git repository named NAME in the workspace (from WORKSPACE/NAME, --workspace, the default_workspace setting or the current repository). Its slug is made from the name as Bitbucket does: lower case, other characters become "-".\n\n' +
    "Repositories are private unless --public is given. Without --project, Bitbucket puts the repository in the workspace's default project.",
  examples: [
    'bb repo create website --workspace myteam',
    'bb repo create myteam/website --project WEB --description "Our public site" --public',
    '# create it and clone it here',
    'bb repo create myteam/tools --clone',
    '# see the request without sending it',
    'bb repo create myteam/tools --dry-run',
    '# the new repository as JSON',
    'bb repo create myteam/tools --json fullName,httpsUrl',
  ],
  args: [{ name: 'name', description: 'repository name, or WORKSPACE/NAME', required: true }],
  flags: [
    { name: 'workspace', type: 'string', valueName: 'WORKSPACE', description: 'workspace to create it in' },
    { name: 'project', short: 'p', type: 'string', valueName: 'KEY', description: 'key of the project to put it in' },
    { name: 'description', short: 'd', type: 'string', valueName: 'TEXT', description: 'description of the repository' },
    { name: 'private', type: 'boolean', description: 'make it private (the default)' },
    { name: 'public', type: 'boolean', description: 'make it public' },
    { name: 'clone', short: 'c', type: 'boolean', description: 'clone it into a directory named after it' },
  ],
  write: true,
  json: REPO_JSON_FIELDS,
  jsonRenamed: REPO_JSON_RENAMED,
  operations: ['POST /repositories/{workspace}/{repo_slug}'],
  dcOperations: ['POST /api/latest/projects/{projectKey}/repos'],
  async run(ctx, input) {
    const { flags } = input;
    const raw = String(input.args.name ?? '').trim();
    let name = raw;
    let workspaceArg = flags.workspace as string | undefined;
    const slash = raw.indexOf('/');
    if (slash >= 0) {
      const ws = raw.slice(0, slash);
      name = raw.slice(slash + 1);
      if (!ws || !name || name.includes('/')) throw new BbError('INVALID_REPO', `"${raw}" is not a repository name: expected NAME or WORKSPACE/NAME`);
      if (workspaceArg && workspaceArg !== ws) throw new BbError('INVALID_ARGUMENT', `two workspaces given: ${ws} and --workspace ${workspaceArg}`);
      workspaceArg = ws;
    }
    if (flags.private && flags.public) throw new BbError('INVALID_ARGUMENT', '--private and --public cannot be used together');
    const slug = slugify(name);
    if (!slug) throw new BbError('INVALID_ARGUMENT', `"${name}" has no letters or digits to make a repository slug from`);
    const project = flags.project === undefined ? undefined : checkProjectKey(flags.project);
    const p = await provider(ctx);
    const workspace = await p.repositoryCreateOwner(workspaceArg, project);
    const write = await p.createRepository({
      owner: workspace,
      name,
      slug,
      isPrivate: !flags.public,
      description: flags.description !== undefined ? String(flags.description) : undefined,
      project,
    });
    if (await dryRunWrite(ctx, input, write)) return 0;
    const repo = await write.send();
    const full = repo.fullName ?? `${workspace}/${slug}`;
    status(ctx, `✓ Created repository ${full}${repo.url ? ` (${repo.url})` : ''}`);
    await printItem(ctx, input, repo, {
      toJson: (r) => ({ ...r }),
      human: () => {
        // scripts get the URL on stdout, like gh
        if (!ctx.io.stdoutIsTTY) ctx.io.out.write(`${repo.url ?? full}\n`);
      },
    });
    if (flags.clone) await cloneProviderRepository(ctx, repo, repo.slug || slug, []);
    return 0;
  },
});

/**
 * Bitbucket makes the slug from the name: lower case, anything but letters, digits, `-`, `_` and `.`
 * becomes `-`.
 */
function slugify(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
}
