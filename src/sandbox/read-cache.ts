import type { Store } from './state.js';

/**
 * Reads cached for one store generation (Store.generation changes with every write, push and save): a list
 * fetched page by page computes what every page shares once (a repository's pull requests with their heads
 * refreshed, sorted and filtered) instead of once per page, so a page costs the same at 50 records as at
 * 5,000. Concurrent requests of one generation share one computation (the promise is cached); a failed one
 * is forgotten.
 */
const caches = new WeakMap<Store, { generation: number; entries: Map<string, unknown> }>();

let misses = 0;

/** How many reads were computed rather than served from the cache (tests: a page of a list computes nothing). */
export function readCacheMisses(): number {
  return misses;
}

export function cachedRead<T>(store: Store, key: string, compute: () => T): T {
  let cache = caches.get(store);
  if (!cache || cache.generation !== store.generation) {
    cache = { generation: store.generation, entries: new Map() };
    caches.set(store, cache);
  }
  if (cache.entries.has(key)) return cache.entries.get(key) as T;
  misses++;
  const value = compute();
  const entries = cache.entries;
  entries.set(key, value);
  if (value instanceof Promise) value.catch(() => entries.delete(key));
  return value;
}
