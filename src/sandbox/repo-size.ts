import type { BareRepo } from './git.js';

/**
 * Repository sizes (the `size` of a Cloud repository, in bytes) computed from the bare repository's objects
 * (`BareRepo.diskSize`: one `git count-objects -v`) and kept until something may have written to git: the server
 * calls `changed()` after every successful write request and every push. Listing a workspace's repositories starts git
 * once per repository after a change, and not at all between changes.
 */
export class RepoSizes {
  private generation = 0;
  private readonly known = new Map<string, { generation: number; size: number }>();
  private readonly running = new Map<string, { generation: number; size: Promise<number> }>();

  /** Something may have written objects: every size is recomputed on its next read. */
  changed(): void {
    this.generation++;
    this.known.clear();
  }

  /** The size of one repository, in bytes (0 when git cannot tell: a repository being deleted). */
  of(repo: BareRepo): Promise<number> {
    const generation = this.generation;
    const hit = this.known.get(repo.gitDir);
    if (hit && hit.generation === generation) return Promise.resolve(hit.size);
    const pending = this.running.get(repo.gitDir);
    if (pending && pending.generation === generation) return pending.size;
    const size = repo
      .diskSize()
      .catch(() => 0)
      .then((n) => {
        if (this.running.get(repo.gitDir)?.size === size) this.running.delete(repo.gitDir);
        if (generation === this.generation) this.known.set(repo.gitDir, { generation, size: n });
        return n;
      });
    this.running.set(repo.gitDir, { generation, size });
    return size;
  }

  /** Sizes of many repositories, in their order, a few git processes at a time. */
  async all(repos: BareRepo[], concurrency = 4): Promise<number[]> {
    const out = new Array<number>(repos.length).fill(0);
    let next = 0;
    const worker = async () => {
      while (next < repos.length) {
        const i = next++;
        out[i] = await this.of(repos[i] as BareRepo);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, repos.length) }, worker));
    return out;
  }
}
