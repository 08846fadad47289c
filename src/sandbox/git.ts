import { execFile } from 'node:child_process';
import type { Dirent } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Git for the sandbox's bare repositories, always through execFile with argument arrays. Reads go
 * to git on every request, so a push shows in the API at once.
 */

export interface GitIdentity {
  name: string;
  email: string;
  /** ISO date; fixed dates make seeded hashes stable. */
  date: string;
}

export interface GitCommit {
  hash: string;
  parents: string[];
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
  message: string;
}

export interface GitRef {
  name: string;
  /** The commit the ref points to (peeled for annotated tags). */
  target: string;
}

export interface GitTag extends GitRef {
  /** Present for annotated tags. */
  message?: string;
  tagger?: { name: string; email: string; date: string };
}

export interface DiffStatEntry {
  status: 'added' | 'removed' | 'modified' | 'renamed';
  oldPath?: string;
  newPath?: string;
  linesAdded: number;
  linesRemoved: number;
  binary: boolean;
}

export class GitError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

const BASE_ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  GIT_TERMINAL_PROMPT: '0',
  GIT_CONFIG_NOSYSTEM: '1',
  LC_ALL: 'C',
};

let invocations = 0;

/** git processes the sandbox has started (runGit, runGitBytes and the merge-tree call): tests check a read starts none. */
export function gitInvocations(): number {
  return invocations;
}

/** Count a git process started outside runGit/runGitBytes. */
export function countGitInvocation(): void {
  invocations++;
}

export function runGit(args: string[], opts: { cwd?: string; gitDir?: string; input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  invocations++;
  const fullArgs = opts.gitDir ? ['--git-dir', opts.gitDir, ...args] : args;
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      fullArgs,
      { cwd: opts.cwd, env: { ...BASE_ENV, ...opts.env }, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) reject(new GitError(`git ${args[0]} failed: ${String(stderr).trim().split('\n').slice(-2).join('; ')}`, String(stderr)));
        else resolve(stdout);
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** git with its standard output as bytes (file contents: never decoded). */
export function runGitBytes(args: string[], opts: { gitDir: string }): Promise<Buffer> {
  invocations++;
  return new Promise((resolve, reject) => {
    execFile('git', ['--git-dir', opts.gitDir, ...args], { env: BASE_ENV, maxBuffer: 256 * 1024 * 1024, encoding: 'buffer' }, (error, stdout, stderr) => {
      if (error) reject(new GitError(`git ${args[0]} failed: ${stderr.toString('utf8').trim().split('\n').slice(-2).join('; ')}`, stderr.toString('utf8')));
      else resolve(stdout);
    });
  });
}

/** One change of `BareRepo.commitChanges`: a file's new bytes, or its removal. */
export type FileChange = { path: string; content: Buffer } | { path: string; remove: true };

const OBJECT_ID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** refs/heads from the files (see BareRepo.branches), or undefined when git must answer. */
async function readBranchFiles(gitDir: string): Promise<GitRef[] | undefined> {
  const heads = new Map<string, string>();
  let packed = '';
  try {
    packed = await readFile(join(gitDir, 'packed-refs'), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
  }
  for (const line of packed.split('\n')) {
    if (line === '' || line.startsWith('#') || line.startsWith('^')) continue;
    const [id = '', ref = ''] = line.split(' ');
    if (!OBJECT_ID.test(id)) return undefined;
    if (ref.startsWith('refs/heads/')) heads.set(ref.slice('refs/heads/'.length), id);
  }
  const walk = async (dir: string, prefix: string): Promise<boolean> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ENOENT';
    }
    for (const entry of entries) {
      if (entry.name.endsWith('.lock')) continue; // a ref being written: its old value is still the file beside it
      const name = `${prefix}${entry.name}`;
      if (entry.isDirectory()) {
        if (!(await walk(join(dir, entry.name), `${name}/`))) return false;
        continue;
      }
      let id: string;
      try {
        id = (await readFile(join(dir, entry.name), 'utf8')).trim();
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // deleted while listing
        return false;
      }
      if (!OBJECT_ID.test(id)) return false; // a symbolic ref, or something new: ask git
      heads.set(name, id);
    }
    return true;
  };
  if (
    await readdir(join(gitDir, 'reftable')).then(
      () => true,
      () => false,
    )
  )
    return undefined;
  if (!(await walk(join(gitDir, 'refs', 'heads'), ''))) return undefined;
  return [...heads].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b))).map(([name, target]) => ({ name, target }));
}

const COMMIT_FORMAT = '%H%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B%x1e';

function parseCommits(out: string): GitCommit[] {
  return out
    .split('\x1e')
    .map((s) => s.replace(/^\n/, ''))
    .filter((s) => s.length > 0)
    .map((rec) => {
      const [hash = '', parents = '', an = '', ae = '', ad = '', cn = '', ce = '', cd = '', message = ''] = rec.split('\x00');
      return {
        hash,
        parents: parents ? parents.split(' ') : [],
        author: { name: an, email: ae, date: ad },
        committer: { name: cn, email: ce, date: cd },
        message,
      };
    });
}

/** One bare repository. */
export class BareRepo {
  constructor(readonly gitDir: string) {}

  git(args: string[], input?: string | Buffer, env?: NodeJS.ProcessEnv): Promise<string> {
    return runGit(args, { gitDir: this.gitDir, input, env });
  }

  static async init(gitDir: string, mainbranch: string): Promise<BareRepo> {
    await runGit(['init', '--bare', '--quiet', `--initial-branch=${mainbranch}`, gitDir]);
    const repo = new BareRepo(gitDir);
    // Let pushes through git http-backend without a per-request config override.
    await repo.git(['config', 'http.receivepack', 'true']);
    return repo;
  }

  /**
   * Bytes the repository's objects take on disk: `git count-objects -v`'s `size` (loose) plus `size-pack` (packs), which
   * git counts in KiB.
   */
  async diskSize(): Promise<number> {
    const out = await this.git(['count-objects', '-v']);
    let kib = 0;
    for (const line of out.split('\n')) {
      const m = /^(size|size-pack): (\d+)$/.exec(line.trim());
      if (m) kib += Number(m[2]);
    }
    return kib * 1024;
  }

  async setHead(branch: string): Promise<void> {
    await this.git(['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
  }

  /** Full hash of a revision (branch, tag, hash prefix), or undefined. */
  async resolve(rev: string): Promise<string | undefined> {
    if (!rev || rev.startsWith('-')) return undefined;
    try {
      return (await this.git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])).trim() || undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The branches, sorted by name as `git for-each-ref` sorts them. Read from the ref files themselves
   * (loose refs over packed-refs) rather than by starting git: list requests read them on every page,
   * and a process per page was most of the sandbox's cost for a client fetching pages in parallel.
   * Anything the files can't answer simply (a symbolic ref, the reftable format) asks git.
   */
  async branches(): Promise<GitRef[]> {
    return (await readBranchFiles(this.gitDir)) ?? this.branchesFromGit();
  }

  private async branchesFromGit(): Promise<GitRef[]> {
    const out = await this.git(['for-each-ref', '--format=%(refname:strip=2)%00%(objectname)', 'refs/heads']);
    return out
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [name = '', target = ''] = l.split('\x00');
        return { name, target };
      });
  }

  async branch(name: string): Promise<GitRef | undefined> {
    return (await this.branches()).find((b) => b.name === name);
  }

  async tags(): Promise<GitTag[]> {
    const fmt = [
      '%(refname:strip=2)',
      '%(objecttype)',
      '%(objectname)',
      '%(*objectname)',
      '%(taggername)',
      '%(taggeremail:trim)',
      '%(taggerdate:iso-strict)',
      '%(contents)',
    ].join('%00');
    const out = await this.git(['for-each-ref', `--format=${fmt}%1e`, 'refs/tags']);
    return out
      .split('\x1e')
      .map((s) => s.replace(/^\n/, ''))
      .filter(Boolean)
      .map((rec) => {
        const [name = '', type = '', obj = '', peeled = '', tn = '', te = '', td = '', contents = ''] = rec.split('\x00');
        if (type === 'tag') return { name, target: peeled, message: contents, tagger: { name: tn, email: te, date: td } };
        return { name, target: obj };
      });
  }

  async commits(revs: string[]): Promise<GitCommit[]> {
    if (revs.length === 0) return [];
    return parseCommits(await this.git(['log', '--no-walk=unsorted', `--format=${COMMIT_FORMAT}`, ...revs, '--']));
  }

  async commit(rev: string): Promise<GitCommit | undefined> {
    const hash = await this.resolve(rev);
    if (!hash) return undefined;
    return (await this.commits([hash]))[0];
  }

  /** `git log` over include/exclude, newest first, with skip and count. */
  async log(include: string[], exclude: string[], skip: number, count: number, path?: string): Promise<GitCommit[]> {
    if (include.length === 0 || (path !== undefined && !safeTreePath(path))) return [];
    const args = ['log', `--format=${COMMIT_FORMAT}`, `--skip=${skip}`, `--max-count=${count}`, ...include, ...exclude.map((e) => `^${e}`), '--'];
    if (path) args.push(path);
    return parseCommits(await this.git(args));
  }

  async isEmpty(): Promise<boolean> {
    return (await this.git(['for-each-ref', '--count=1', 'refs/heads'])).trim() === '';
  }

  /** Unified diff `from` → `to` (from undefined: the empty tree). */
  async diff(from: string | undefined, to: string, opts: { context?: number; path?: string; ignoreWhitespace?: boolean } = {}): Promise<string> {
    if (opts.path !== undefined && !safeTreePath(opts.path)) return '';
    const args = ['diff', '--no-color', '--no-ext-diff', '-M', `-U${opts.context ?? 3}`];
    if (opts.ignoreWhitespace) args.push('-w');
    args.push(from ?? EMPTY_TREE, to, '--');
    if (opts.path) args.push(opts.path);
    return this.git(args);
  }

  async diffstat(from: string | undefined, to: string, path?: string): Promise<DiffStatEntry[]> {
    if (path !== undefined && !safeTreePath(path)) return [];
    const base = from ?? EMPTY_TREE;
    const tail = path ? ['--', path] : ['--'];
    const [status, numstat] = await Promise.all([
      this.git(['diff', '--no-color', '-M', '--name-status', '-z', base, to, ...tail]),
      this.git(['diff', '--no-color', '-M', '--numstat', '-z', base, to, ...tail]),
    ]);
    const counts = new Map<string, { added: number; removed: number; binary: boolean }>();
    const np = numstat.split('\x00');
    for (let i = 0; i < np.length; i++) {
      const field = np[i];
      if (!field) continue;
      const m = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(field);
      if (!m) continue;
      let key = m[3] as string;
      if (key === '') {
        // rename: the two paths follow as separate fields
        i += 2;
        key = np[i] ?? '';
      }
      counts.set(key, { added: m[1] === '-' ? 0 : Number(m[1]), removed: m[2] === '-' ? 0 : Number(m[2]), binary: m[1] === '-' });
    }
    const out: DiffStatEntry[] = [];
    const sp = status.split('\x00');
    for (let i = 0; i < sp.length; ) {
      const code = sp[i++];
      if (!code) continue;
      const letter = code[0];
      if (letter === 'R' || letter === 'C') {
        const oldPath = sp[i++] ?? '';
        const newPath = sp[i++] ?? '';
        const c = counts.get(newPath) ?? { added: 0, removed: 0, binary: false };
        out.push({ status: 'renamed', oldPath, newPath, linesAdded: c.added, linesRemoved: c.removed, binary: c.binary });
      } else {
        const p = sp[i++] ?? '';
        const c = counts.get(p) ?? { added: 0, removed: 0, binary: false };
        const st = letter === 'A' ? 'added' : letter === 'D' ? 'removed' : 'modified';
        out.push({
          status: st,
          oldPath: st === 'added' ? undefined : p,
          newPath: st === 'removed' ? undefined : p,
          linesAdded: c.added,
          linesRemoved: c.removed,
          binary: c.binary,
        });
      }
    }
    return out;
  }

  async mergeBase(a: string, b: string): Promise<string | undefined> {
    try {
      return (await this.git(['merge-base', a, b])).trim() || undefined;
    } catch {
      return undefined;
    }
  }

  async updateRef(ref: string, hash: string): Promise<void> {
    await this.git(['update-ref', ref, hash]);
  }

  async deleteRef(ref: string): Promise<void> {
    await this.git(['update-ref', '-d', ref]);
  }

  async createTag(name: string, target: string, message: string | undefined, tagger: GitIdentity): Promise<void> {
    if (!message) return this.updateRef(`refs/tags/${name}`, target);
    await this.git(['tag', '-a', '-m', message, '--end-of-options', name, target], undefined, identityEnv(tagger, tagger));
  }

  /**
   * Write a commit with plumbing (no work tree): `files` is the full tree (path → content), built on
   * nothing (a root commit) or on `parents`. Returns the commit's hash; moves no ref.
   */
  async writeCommit(files: Record<string, string>, message: string, parents: string[], author: GitIdentity, committer = author): Promise<string> {
    const tree = await this.writeTree(files);
    const args = ['commit-tree', tree];
    for (const p of parents) args.push('-p', p);
    return (await this.git(args, message, identityEnv(author, committer))).trim();
  }

  /** What `rev:path` is: a blob (file), a tree (directory), or undefined when absent. Never a path outside the tree. */
  async pathType(rev: string, path: string): Promise<'blob' | 'tree' | undefined> {
    if (!safeTreePath(path) || rev.startsWith('-')) return undefined;
    const out = await this.git(['cat-file', '-t', `${rev}:${path}`]).catch(() => '');
    const t = out.trim();
    return t === 'blob' || t === 'tree' ? t : undefined;
  }

  /** The entries of the directory `path` ('' for the root) at `rev`: name, type, size (blobs), hash. */
  async listDir(rev: string, path: string): Promise<Array<{ name: string; type: 'blob' | 'tree' | 'commit'; size?: number; hash: string; mode: string }>> {
    if (!safeTreePath(path) || rev.startsWith('-')) return [];
    const out = await this.git(['ls-tree', '-z', '-l', path ? `${rev}:${path}` : `${rev}^{tree}`]);
    return out
      .split('\x00')
      .filter(Boolean)
      .map((entry) => {
        const tab = entry.indexOf('\t');
        const [mode = '', type = 'blob', hash = '', size = '-'] = entry.slice(0, tab).split(/\s+/);
        return { name: entry.slice(tab + 1), type: type as 'blob' | 'tree' | 'commit', hash, mode, ...(size === '-' ? {} : { size: Number(size) }) };
      });
  }

  /** Every file at `rev` (blobs, recursively): its path and size in bytes. */
  async files(rev: string): Promise<Array<{ path: string; size: number }>> {
    if (rev.startsWith('-')) return [];
    const out = await this.git(['ls-tree', '-r', '-z', '-l', '--full-tree', rev]);
    return out
      .split('\x00')
      .filter(Boolean)
      .flatMap((entry) => {
        const tab = entry.indexOf('\t');
        const [, type = '', , size = '-'] = entry.slice(0, tab).split(/\s+/);
        return type === 'blob' ? [{ path: entry.slice(tab + 1), size: size === '-' ? 0 : Number(size) }] : [];
      });
  }

  /** The text files at `rev` whose content contains `text`, ignoring case (`git grep -l -I -i -F`). */
  async filesContaining(rev: string, text: string): Promise<Set<string>> {
    if (rev.startsWith('-') || text === '') return new Set();
    let out: string;
    try {
      out = await this.git(['grep', '-l', '-z', '-I', '-i', '-F', '-e', text, rev, '--']);
    } catch (e) {
      // git grep exits 1, saying nothing, when no file matches
      if (e instanceof GitError && e.stderr.trim() === '') return new Set();
      throw e;
    }
    const prefix = `${rev}:`;
    return new Set(
      out
        .split('\x00')
        .filter(Boolean)
        .map((p) => (p.startsWith(prefix) ? p.slice(prefix.length) : p)),
    );
  }

  /** The content of the file `path` at `rev` (utf-8 text). */
  async readFile(rev: string, path: string): Promise<string> {
    return this.git(['cat-file', 'blob', `${rev}:${path}`]);
  }

  /** The bytes of the file `path` at `rev`, exactly (binary files too). */
  async readBlob(rev: string, path: string): Promise<Buffer> {
    return runGitBytes(['cat-file', 'blob', `${rev}:${path}`], { gitDir: this.gitDir });
  }

  /**
   * A commit of `changes` on `parent` (nothing: a root commit), through a temporary index, so every other file
   * keeps its bytes and mode and a new file's bytes go in exactly. Paths must be safeTreePath. Moves no ref.
   */
  async commitChanges(parent: string | undefined, changes: FileChange[], message: string, author: GitIdentity): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'bb-sandbox-index-'));
    const env = { GIT_INDEX_FILE: join(dir, 'index') };
    try {
      await this.git(parent ? ['read-tree', parent] : ['read-tree', '--empty'], undefined, env);
      for (const ch of changes) {
        if ('remove' in ch) {
          await this.git(['update-index', '--force-remove', '--', ch.path], undefined, env);
          continue;
        }
        const blob = (await this.git(['hash-object', '-w', '--stdin'], ch.content)).trim();
        const old = parent ? (await this.git(['ls-tree', '-z', parent, '--', ch.path]).catch(() => '')).split(' ')[0] : '';
        const mode = old === '100755' ? '100755' : '100644';
        await this.git(['update-index', '--add', '--replace', '--cacheinfo', `${mode},${blob},${ch.path}`], undefined, env);
      }
      const tree = (await this.git(['write-tree'], undefined, env)).trim();
      const args = ['commit-tree', tree];
      if (parent) args.push('-p', parent);
      return (await this.git(args, message, identityEnv(author, author))).trim();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** The tree of a commit as path → content (text files only; for building on a commit). */
  async readFiles(rev: string): Promise<Record<string, string>> {
    const out = await this.git(['ls-tree', '-r', '-z', '--full-tree', rev]);
    const files: Record<string, string> = {};
    for (const entry of out.split('\x00').filter(Boolean)) {
      const tab = entry.indexOf('\t');
      const [, type, hash] = entry.slice(0, tab).split(' ');
      if (type !== 'blob' || !hash) continue;
      files[entry.slice(tab + 1)] = await this.git(['cat-file', 'blob', hash]);
    }
    return files;
  }

  private async writeTree(files: Record<string, string>): Promise<string> {
    interface Dir {
      files: Map<string, string>;
      dirs: Map<string, Dir>;
    }
    const root: Dir = { files: new Map(), dirs: new Map() };
    for (const [path, content] of Object.entries(files)) {
      const parts = path.split('/').filter(Boolean);
      let dir = root;
      for (const part of parts.slice(0, -1)) {
        let sub = dir.dirs.get(part);
        if (!sub) {
          sub = { files: new Map(), dirs: new Map() };
          dir.dirs.set(part, sub);
        }
        dir = sub;
      }
      dir.files.set(parts[parts.length - 1] as string, content);
    }
    const write = async (dir: Dir): Promise<string> => {
      const lines: string[] = [];
      for (const [name, content] of dir.files) {
        const blob = (await this.git(['hash-object', '-w', '--stdin'], content)).trim();
        lines.push(`100644 blob ${blob}\t${name}`);
      }
      for (const [name, sub] of dir.dirs) lines.push(`040000 tree ${await write(sub)}\t${name}`);
      return (await this.git(['mktree'], lines.length ? `${lines.join('\n')}\n` : '')).trim();
    };
    return write(root);
  }
}

/** A repository-relative path that stays inside the tree: no `..`, no absolute path, no NUL. */
export function safeTreePath(path: string): boolean {
  if (path.includes('\x00') || path.startsWith('/')) return false;
  return !path.split('/').some((part) => part === '..');
}

export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

function identityEnv(author: GitIdentity, committer: GitIdentity): NodeJS.ProcessEnv {
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_DATE: author.date,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
    GIT_COMMITTER_DATE: committer.date,
  };
}
