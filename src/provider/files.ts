/**
 * The files area: a file's bytes at a ref, a directory's listing, a file's history, and a commit of one file through
 * the API. Cloud: `src` (GET a file or directory, POST a commit) and `filehistory`; Data Center: `raw`, `browse` (GET
 * a listing, PUT a file edit) and `commits?path=`. Types only, and the path check both hosts share.
 */
import { BbError } from '../core/errors.js';
import type { Commit, ListOptions, RepoLocator, Write } from './types.js';

/** `bb file list --json` (FILE_JSON_FIELDS). */
export interface FileEntry {
  path: string;
  /** `file`, `directory`, or `submodule` (DC; Cloud leaves submodules out of listings). */
  type: 'file' | 'directory' | 'submodule';
  /** In bytes; null for directories. */
  size: number | null;
}

export interface CommitFileInput {
  path: string;
  content: Uint8Array;
  message: string;
  branch: string;
  /**
   * The commit the change was made from: Cloud refuses the commit unless it is still the branch's tip, Data Center
   * unless the file is unchanged since. Without it, Cloud commits on the tip and Data Center edits the file as it is.
   */
  parent?: string;
  /**
   * When `branch` does not exist yet: the branch it is created from (at that branch's latest commit). When `branch`
   * exists, the commit goes on it as without this. Cloud: the source POST with `parents` set to this branch's tip;
   * Data Center: the file edit's `sourceBranch`.
   */
  fromBranch?: string;
}

export interface FileMethods {
  /** The bytes of a file at `ref` (the main branch when left out), streamed; a directory is INVALID_ARGUMENT. */
  readFile(repo: RepoLocator, path: string, ref?: string): Promise<ReadableStream<Uint8Array>>;
  /** The entries of a directory ('' for the root) at `ref`. */
  listFiles(repo: RepoLocator, path: string, ref: string | undefined, opts: ListOptions): Promise<FileEntry[]>;
  /** The commits that changed a file, newest first, from `ref`. */
  fileHistory(repo: RepoLocator, path: string, ref: string | undefined, opts: ListOptions): Promise<Commit[]>;
  /** A commit of one file's new content on a branch; resolves to the new commit's hash. */
  commitFile(repo: RepoLocator, input: CommitFileInput): Promise<Write<{ hash: string | null }>>;
}

/**
 * A repository path as the user typed it, normalised: no leading or trailing slash. Refused: `..` and `.` segments,
 * empty segments, NUL and other control characters (a path that would climb out of the repository or that no tree
 * can hold). `allowRoot`: '' (the root directory) is accepted.
 */
export function checkRepoPath(raw: string, opts: { allowRoot?: boolean } = {}): string {
  const path = raw.replace(/^\/+|\/+$/g, '');
  const hint = 'give a path inside the repository, relative to its root: docs/guide.md';
  if (!path) {
    if (opts.allowRoot) return '';
    throw new BbError('INVALID_ARGUMENT', 'a file path is required', { hints: [hint] });
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(path)) throw new BbError('INVALID_ARGUMENT', 'the path has a control character', { hints: [hint] });
  if (path.split('/').some((s) => s === '' || s === '.' || s === '..'))
    throw new BbError('INVALID_ARGUMENT', `"${path}" is not a repository path: "..", "." and empty segments are not allowed`, { hints: [hint] });
  return path;
}
