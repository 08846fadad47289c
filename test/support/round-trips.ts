/**
 * Sequential round trips, counted rather than timed: a fetch that answers through a FetchRegistry, a little
 * later (a timer), and gives each request a depth: 1 for a request sent before any answer came back, else 1 +
 * the deepest answer received before it was sent. The deepest request is the number of round trips the command
 * waited for one after the other (what latency multiplies); `maxInFlight` tells how many overlapped.
 */
import { type FetchRegistry, sameRegistry } from './fake-fetch.js';

export interface RoundTripFetch {
  fetch: typeof globalThis.fetch;
  /** Each request in the order sent: `METHOD path?query` and its depth. */
  readonly requests: Array<{ request: string; depth: number }>;
  /** The longest chain of requests each sent after the previous one's answer. */
  sequential(): number;
  maxInFlight(): number;
}

export function roundTrips(registry: FetchRegistry, delayMs = 15): RoundTripFetch {
  const requests: Array<{ request: string; depth: number }> = [];
  let answeredDepth = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const fetch = sameRegistry(async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const depth = answeredDepth + 1;
    requests.push({ request: `${method} ${url.pathname}${url.search}`, depth });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await new Promise((r) => setTimeout(r, delayMs));
      return await registry.fetch(input, init);
    } finally {
      inFlight--;
      answeredDepth = Math.max(answeredDepth, depth);
    }
  }, registry);
  return {
    fetch,
    requests,
    sequential: () => Math.max(0, ...requests.map((r) => r.depth)),
    maxInFlight: () => maxInFlight,
  };
}
