import type { GitRef } from './git.js';
import type { Sandbox } from './handlers/types.js';
import type { RepositoryRecord, UserRecord } from './state.js';

/**
 * Things that happen in the sandbox, for webhook deliveries (handlers/webhooks.ts listens).
 * Emit with the Bitbucket event key and the event's own payload fields; `actor` and `repository`
 * are added to the payload in their wire shapes by the listener:
 *
 *   c.sb.events.emit('pullrequest:created', { repository: repo, actor: c.user, data: { pullrequest: prJson } });
 *
 * Listeners run synchronously and must not throw; deliveries happen in the background.
 */

export interface SandboxEvent {
  /** The repository the event is about (repository and workspace hooks both see it). */
  repository?: RepositoryRecord;
  /** Workspace slug, for events without a repository (defaults to the repository's). */
  workspace?: string;
  actor: UserRecord;
  /** Payload fields besides `actor` and `repository` (`push`, `issue`, `pullrequest`, `comment`…). */
  data: Record<string, unknown>;
}

export type SandboxEventListener = (key: string, event: SandboxEvent) => void;

export class SandboxEvents {
  private readonly listeners: SandboxEventListener[] = [];

  on(fn: SandboxEventListener): () => void {
    this.listeners.push(fn);
    return () => {
      const i = this.listeners.indexOf(fn);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  emit(key: string, event: SandboxEvent): void {
    for (const fn of [...this.listeners]) {
      try {
        fn(key, event);
      } catch {
        // a listener's failure never fails the request that caused the event
      }
    }
  }
}

/** Branch and tag refs of a repository, before a push (to compute its changes afterwards). */
export async function refSnapshot(sb: Sandbox, repo: RepositoryRecord): Promise<{ branches: GitRef[]; tags: GitRef[] }> {
  const git = sb.git(repo);
  const [branches, tags] = await Promise.all([git.branches().catch(() => []), git.tags().catch(() => [])]);
  return { branches, tags };
}

/** After a git push: emit `repo:push` with Bitbucket's `push.changes` (one per changed ref). */
export async function emitPush(sb: Sandbox, repo: RepositoryRecord, actor: UserRecord, before: { branches: GitRef[]; tags: GitRef[] }): Promise<void> {
  const after = await refSnapshot(sb, repo);
  const base = `/repositories/${repo.workspace}/${repo.slug}`;
  const refJson = (type: 'branch' | 'tag', r: GitRef) => ({
    type,
    name: r.name,
    target: { type: 'commit', hash: r.target, links: { self: { href: sb.urls.api(`${base}/commit/${r.target}`) } } },
  });
  const changes: unknown[] = [];
  for (const type of ['branch', 'tag'] as const) {
    const old = new Map((type === 'branch' ? before.branches : before.tags).map((r) => [r.name, r]));
    const now = new Map((type === 'branch' ? after.branches : after.tags).map((r) => [r.name, r]));
    for (const name of new Set([...old.keys(), ...now.keys()])) {
      const o = old.get(name);
      const n = now.get(name);
      if (o && n && o.target === n.target) continue;
      changes.push({
        old: o ? refJson(type, o) : null,
        new: n ? refJson(type, n) : null,
        created: !o,
        closed: !n,
        forced: false,
        truncated: false,
        commits: n ? [{ type: 'commit', hash: n.target }] : [],
      });
    }
  }
  if (changes.length === 0) return;
  sb.events.emit('repo:push', { repository: repo, actor, data: { push: { changes } } });
}
