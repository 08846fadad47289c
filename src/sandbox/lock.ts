/** Per-store queues: one merge at a time per repository (merges move its branches). */
const queues = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * Run `fn` alone for `key` (a repository) of `owner` (the store): concurrent merges of one pull request queue up, and the second
 * finds it merged — one merge commit, as on Bitbucket.
 */
export function exclusive<T>(owner: object, key: string, fn: () => Promise<T>): Promise<T> {
  let mine = queues.get(owner);
  if (!mine) {
    mine = new Map();
    queues.set(owner, mine);
  }
  const before = mine.get(key) ?? Promise.resolve();
  const run = before.then(fn, fn);
  const tail = run.catch(() => {});
  mine.set(key, tail);
  void tail.then(() => {
    if (mine.get(key) === tail) mine.delete(key);
  });
  return run;
}
