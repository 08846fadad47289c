import { BbError } from '../core/errors.js';
import type { RepoLocator } from '../core/host.js';

/**
 * Fill a spec path template (`/repositories/{workspace}/{repo_slug}`) with URL-encoded values.
 * Paths are always built from the spec's templates, never by concatenating segments by hand.
 */
export function expandPath(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    // an empty {path} is a repository's root directory (`src/{commit}/`, as Bitbucket's own links have it)
    if (name === 'path' && value === '') return '';
    if (value === undefined || value === '') throw new BbError('INVALID_ARGUMENT', `missing value for {${name}} in ${template}`);
    // `.` and `..` (even encoded) are dot-segments to URL parsers: they would climb out of the template
    if (String(value) === '.' || String(value) === '..') throw new BbError('INVALID_ARGUMENT', `"${value}" is not a valid {${name}}`);
    // {path} is a file path in both specs (a trailing parameter that spans slashes): each segment is encoded alone
    if (name === 'path') {
      const segments = String(value).split('/');
      if (segments.some((s) => s === '.' || s === '..' || s === ''))
        throw new BbError('INVALID_ARGUMENT', `"${value}" is not a valid {path}: empty, "." and ".." segments are not allowed`);
      return segments.map(encodeURIComponent).join('/');
    }
    return encodeURIComponent(String(value));
  });
}

/** The path template of a declared operation: `GET /repositories/{workspace}` → `/repositories/{workspace}`. */
export function templateOf(operation: string): string {
  return operation.slice(operation.indexOf(' ') + 1);
}

/** A repository's path parameters in Bitbucket Cloud's templates: `{workspace}` and `{repo_slug}`. */
export type RepoParams = { workspace: string; repo_slug: string };

export function repoParams(ref: RepoLocator): RepoParams {
  return { workspace: ref.workspace, repo_slug: ref.repo };
}
