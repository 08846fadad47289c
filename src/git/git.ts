import { BbError } from '../core/errors.js';

/** Runs git with an argument array (never a shell string). Injected through the context for tests. */
export interface Git {
  run(args: string[], opts?: GitRunOptions): Promise<string>;
}

export interface GitRunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Inherit stdio (clone/push progress goes straight to the terminal). */
  inherit?: boolean;
}

export function systemGit(baseEnv: NodeJS.ProcessEnv, defaultCwd: string): Git {
  return {
    async run(args, opts = {}) {
      // child_process is loaded only when git actually runs: most commands never need it.
      const { execFile, spawn } = await import('node:child_process');
      const env = { ...baseEnv, ...opts.env, GIT_TERMINAL_PROMPT: '0' };
      const cwd = opts.cwd ?? defaultCwd;
      if (opts.inherit) {
        return new Promise<string>((resolve, reject) => {
          const child = spawn('git', args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
          child.once('error', (e) => reject(gitError(args, e)));
          child.once('close', (code) => (code === 0 ? resolve('') : reject(new BbError('GIT_FAILED', `git ${args[0]} failed (exit ${code})`))));
        });
      }
      return new Promise<string>((resolve, reject) => {
        execFile('git', args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
          if (error) reject(gitError(args, error as NodeJS.ErrnoException, stderr));
          else resolve(stdout);
        });
      });
    },
  };
}

function gitError(args: string[], error: NodeJS.ErrnoException, stderr = ''): BbError {
  if (error.code === 'ENOENT') {
    return new BbError('GIT_NOT_FOUND', 'git is not installed or not on PATH', { hints: ['install git: https://git-scm.com/downloads'] });
  }
  const detail = stderr.trim().split('\n').filter(Boolean).slice(-3).join('; ');
  return new BbError('GIT_FAILED', `git ${args[0]} failed${detail ? `: ${detail}` : ''}`);
}

export interface Remote {
  name: string;
  url: string;
}

/** Remotes of the repository in cwd; empty outside a git repository or without git. */
/** The git config key of the clone's default repository (`bb repo set-default`). */
export const DEFAULT_REPO_KEY = 'bb.repo';

/** The clone's default repository as set with `bb repo set-default`, or undefined (none set, or not a git clone). */
export async function defaultRepoSetting(git: Git): Promise<string | undefined> {
  try {
    return (await git.run(['config', '--local', '--get', DEFAULT_REPO_KEY])).trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function listRemotes(git: Git): Promise<Remote[]> {
  let out: string;
  try {
    out = await git.run(['remote', '-v']);
  } catch {
    return [];
  }
  const seen = new Map<string, string>();
  for (const line of out.split('\n')) {
    const m = /^(\S+)\s+(\S+)\s+\(fetch\)$/.exec(line.trim());
    if (m?.[1] && m[2] && !seen.has(m[1])) seen.set(m[1], m[2]);
  }
  return [...seen].map(([name, url]) => ({ name, url }));
}

/**
 * The branch checked out in the clone (`git rev-parse --abbrev-ref HEAD`): undefined outside a clone, on a
 * detached HEAD or in an empty repository. Callers decide what a missing branch means for them.
 */
export async function checkedOutBranch(git: Git): Promise<string | undefined> {
  let out: string;
  try {
    out = (await git.run(['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
  } catch {
    return undefined;
  }
  return out && out !== 'HEAD' ? out : undefined;
}
