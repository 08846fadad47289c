import { BbError } from '../../core/errors.js';
import { parseRepoRef } from '../../git/remote.js';
import type { TokenScope } from '../../provider/types.js';
import type { CommandInput, FlagDef } from '../define.js';

export const SCOPE_FLAGS: FlagDef[] = [
  { name: 'project', type: 'string', valueName: 'KEY', description: "a project's tokens (default: your own personal tokens)" },
  { name: 'repository', type: 'string', valueName: 'PROJECT/REPO', description: "a repository's tokens" },
];

export const CLOUD_HINT =
  'Bitbucket Cloud access tokens are created in the web UI (Repository, Project or Workspace settings → Access tokens); use one with `bb auth login --with-token`';

/** --project KEY, --repository PROJECT/REPO, else the user's own tokens. */
export function tokenScope(input: CommandInput): TokenScope {
  const { project, repository } = input.flags as { project?: string; repository?: string };
  if (project && repository) throw new BbError('INVALID_ARGUMENT', '--project and --repository cannot be used together');
  if (repository) {
    const ref = parseRepoRef(repository);
    if (!ref) throw new BbError('INVALID_REPO', `"${repository}" is not a repository: expected PROJECT/REPO`);
    return { kind: 'repository', repo: ref };
  }
  if (project) {
    if (!/^~?[A-Za-z][A-Za-z0-9_]*$/.test(project)) throw new BbError('INVALID_ARGUMENT', `"${project}" is not a project key`);
    return { kind: 'project', project };
  }
  return { kind: 'user' };
}
