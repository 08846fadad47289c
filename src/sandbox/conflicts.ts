/**
 * The files a merge would leave conflicted, computed for real by a three-way merge in the bare repository
 * (`git merge-tree --write-tree -z`, git ≥ 2.38, which writes no ref and touches no work tree). Both sandboxes
 * answer from it: Cloud's `file-conflicts/{spec}` (a `file_conflict` per path, with Bitbucket's `scenario`
 * vocabulary) and Data Center's pull request changes (`conflict.ourChange` / `theirChange`) and merge status.
 *
 * "ours" is the destination (what the pull request merges into), "theirs" the source. A scenario names the
 * source's change first: `delete_modify` is a file the source deleted and the destination modified.
 */
import { execFile } from 'node:child_process';
import type { BareRepo } from './git.js';

/** Bitbucket Cloud's `file_conflict.scenario` values this merge can tell apart. */
export type ConflictScenario =
  | 'content'
  | 'binary'
  | 'delete_modify'
  | 'modify_delete'
  | 'rename_delete'
  | 'delete_rename'
  | 'rename'
  | 'rename_add'
  | 'add_rename'
  | 'file_directory'
  | 'directory_file'
  | 'type'
  | 'mode'
  | 'subrepo'
  | 'unknown';

/** A change type as Data Center names it (RestChange.type). */
export type ChangeKind = 'ADD' | 'DELETE' | 'MODIFY' | 'MOVE' | 'UNKNOWN';

export interface FileConflict {
  /** The conflicted path (after a rename, the new name). */
  path: string;
  /** The path before a rename, when the conflict is about one. */
  srcPath?: string;
  scenario: ConflictScenario;
  /** A sentence saying which side did what. */
  message: string;
  /** The destination's change (Data Center: ourChange) and the source's (theirChange). */
  ours: ChangeKind;
  theirs: ChangeKind;
}

interface RawMerge {
  clean: boolean;
  /** path → the index stages present (1 base, 2 ours, 3 theirs) */
  stages: Map<string, Set<number>>;
  /** the informational messages: the paths they name and their stable type (`CONFLICT (modify/delete)`) */
  messages: Array<{ paths: string[]; type: string }>;
}

/** Runs `git merge-tree --write-tree -z ours theirs` and parses its NUL-separated answer (git-merge-tree(1), OUTPUT). */
function mergeTreeZ(git: BareRepo, ours: string, theirs: string): Promise<RawMerge> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['--git-dir', git.gitDir, 'merge-tree', '--write-tree', '-z', '--end-of-options', ours, theirs],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (error as unknown as { code?: number | string }).code : 0;
        if (code !== 0 && code !== 1) {
          reject(new Error(`git merge-tree failed: ${String(stderr).trim()}`));
          return;
        }
        const fields = String(stdout).split('\0');
        // git also exits 1 for a side that is no commit ("not something we can merge"), with no tree written
        if (!/^[0-9a-f]{40,64}$/.test(fields[0] ?? '')) {
          reject(new Error(`git merge-tree failed: ${String(stderr).trim()}`));
          return;
        }
        let i = 1; // fields[0]: the merged tree
        const stages = new Map<string, Set<number>>();
        const messages: RawMerge['messages'] = [];
        if (code === 1) {
          // conflicted file info: "<mode> <object> <stage>\t<path>", ended by an empty field
          for (; i < fields.length && fields[i] !== ''; i++) {
            const f = fields[i] as string;
            const tab = f.indexOf('\t');
            const stage = Number(f.slice(0, tab).split(' ')[2]);
            const path = f.slice(tab + 1);
            const set = stages.get(path) ?? new Set<number>();
            set.add(stage);
            stages.set(path, set);
          }
          i++;
          // messages: "<count>\0<path>…\0<type>\0<text>\0"
          while (i < fields.length && fields[i] !== '') {
            const n = Number(fields[i]);
            if (!Number.isInteger(n) || n < 0) break;
            const paths = fields.slice(i + 1, i + 1 + n);
            const type = fields[i + 1 + n] ?? '';
            messages.push({ paths, type });
            i += n + 3;
          }
        }
        resolve({ clean: code === 0, stages, messages });
      },
    );
  });
}

const SIDE = 'source';
const OTHER = 'destination';

/** What one conflicted path is, from git's message types and the stages left in the index. */
function classify(path: string, stages: Set<number>, types: Array<{ type: string; paths: string[] }>): FileConflict {
  const has = (t: string) => types.find((m) => m.type === `CONFLICT (${t})`);
  const inSource = stages.has(3);
  const inDestination = stages.has(2);
  const make = (scenario: ConflictScenario, message: string, ours: ChangeKind, theirs: ChangeKind, srcPath?: string): FileConflict => ({
    path,
    ...(srcPath && srcPath !== path ? { srcPath } : {}),
    scenario,
    message,
    ours,
    theirs,
  });
  if (has('binary')) return make('binary', `Binary file modified in both ${SIDE} and ${OTHER}`, 'MODIFY', 'MODIFY');
  if (has('modify/delete'))
    return inSource
      ? make('modify_delete', `File modified in ${SIDE} and deleted in ${OTHER}`, 'DELETE', 'MODIFY')
      : make('delete_modify', `File deleted in ${SIDE} and modified in ${OTHER}`, 'MODIFY', 'DELETE');
  const rd = has('rename/delete');
  if (rd) {
    const old = rd.paths.find((p) => p !== path);
    return inSource
      ? make('rename_delete', `File renamed in ${SIDE} and deleted in ${OTHER}`, 'DELETE', 'MOVE', old)
      : make('delete_rename', `File deleted in ${SIDE} and renamed in ${OTHER}`, 'MOVE', 'DELETE', old);
  }
  if (has('rename/rename')) return make('rename', `File renamed differently in ${SIDE} and ${OTHER}`, 'MOVE', 'MOVE');
  if (has('rename/add') || has('add/rename'))
    return inSource && !stages.has(1)
      ? make('add_rename', `File added in ${SIDE} and renamed to the same path in ${OTHER}`, 'MOVE', 'ADD')
      : make('rename_add', `File renamed in ${SIDE} and added at the same path in ${OTHER}`, 'ADD', 'MOVE');
  if (has('file/directory') || has('directory/file'))
    return inSource
      ? make('file_directory', `File in ${SIDE} where ${OTHER} has a directory`, 'ADD', 'ADD')
      : make('directory_file', `Directory in ${SIDE} where ${OTHER} has a file`, 'ADD', 'ADD');
  if (has('distinct types')) return make('type', `File type changed differently in ${SIDE} and ${OTHER}`, 'MODIFY', 'MODIFY');
  if (has('distinct modes')) return make('mode', `File mode changed differently in ${SIDE} and ${OTHER}`, 'MODIFY', 'MODIFY');
  if (types.some((m) => m.type.startsWith('CONFLICT (submodule'))) return make('subrepo', `Submodule changed in both ${SIDE} and ${OTHER}`, 'MODIFY', 'MODIFY');
  if (has('contents') || (inSource && inDestination)) {
    return stages.has(1)
      ? make('content', `File modified in both ${SIDE} and ${OTHER}`, 'MODIFY', 'MODIFY')
      : make('content', `File added in both ${SIDE} and ${OTHER}`, 'ADD', 'ADD');
  }
  return make('unknown', `Conflicting changes in ${SIDE} and ${OTHER}`, 'UNKNOWN', 'UNKNOWN');
}

/**
 * The conflicts of merging `theirs` (the source) into `ours` (the destination), by path; none when the merge
 * is clean (or one side already contains the other).
 */
export async function mergeConflicts(git: BareRepo, ours: string, theirs: string): Promise<FileConflict[]> {
  const raw = await mergeTreeZ(git, ours, theirs);
  if (raw.clean) return [];
  const out: FileConflict[] = [];
  for (const [path, stages] of [...raw.stages].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const types = raw.messages.filter((m) => m.paths.includes(path) && m.type.startsWith('CONFLICT'));
    out.push(classify(path, stages, types));
  }
  return out;
}
