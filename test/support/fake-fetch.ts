/**
 * A fetch registry for in-process command tests (gh's httpmock): each stub answers one request;
 * a request no stub matches fails the test, and so does a stub that was never used.
 *
 * Verification is automatic: `runBb({ fetch: registry.fetch })` hands the registry to `verifyAfterTest`,
 * and a root-level `afterEach` hook (registered when this module loads, so in every test file that uses
 * it) runs `verify()` on each registry handed over during the test that just finished, then forgets it.
 * The check runs once, after the test's last runBb, so one registry can serve several runs in a test
 * (stubs added between runs included). The hook runs after each test and each subtest (`t.test`): a
 * registry used by subtests belongs in the subtest that uses it. Calling `verify()` yourself mid-test
 * still works (to check a point before later runs); it is no longer needed at the end of a test.
 * A fetch that wraps a registry's (e.g. to encode FormData) is tied to it with `sameRegistry`.
 */
import assert from 'node:assert/strict';
import { afterEach } from 'node:test';

export interface Stub {
  method: string;
  /** Path after the API base, with query when it matters: `/repositories/ws` or a RegExp. */
  path: string | RegExp;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Check the request (body, headers); throw to fail. */
  check?: (req: { url: URL; headers: Headers; body: string }) => void;
}

export const TEST_API = 'https://api.bitbucket.test/2.0';

/** Which registry a fetch function answers for (a registry's own `fetch`, or a wrapper tied to it). */
const owners = new WeakMap<object, FetchRegistry>();

/** The registries in use by the running test: verified, then forgotten, when it ends. */
const pending = new Set<FetchRegistry>();

afterEach(() => {
  const registries = [...pending];
  pending.clear();
  const failures: Error[] = [];
  for (const r of registries) {
    try {
      r.verify();
    } catch (e) {
      failures.push(e as Error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, failures.map((f) => f.message).join('; '));
});

/** The registry behind a fetch, if any (runBb uses this to verify it after the test). */
export function registryOf(fetch: unknown): FetchRegistry | undefined {
  return typeof fetch === 'function' ? owners.get(fetch) : undefined;
}

/** Marks `wrapper` as answering through `registry`, so runBb verifies the registry when given the wrapper. */
export function sameRegistry<F extends typeof globalThis.fetch>(wrapper: F, registry: FetchRegistry): F {
  owners.set(wrapper, registry);
  return wrapper;
}

/** Verify the registry behind `fetch` (if it is one) when the current test ends. */
export function verifyAfterTest(fetch: unknown): void {
  const registry = registryOf(fetch);
  if (registry) pending.add(registry);
}

export class FetchRegistry {
  private stubs: Array<Stub & { used: boolean }> = [];
  readonly requests: Array<{ method: string; url: URL; headers: Headers; body: string }> = [];
  readonly unexpected: string[] = [];

  stub(s: Stub): this {
    this.stubs.push({ ...s, used: false });
    return this;
  }

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const body = init?.body ? Buffer.from(init.body as ArrayBuffer).toString('utf8') : '';
    this.requests.push({ method, url, headers, body });
    const path = url.href.startsWith(TEST_API) ? url.href.slice(TEST_API.length) : url.href;
    const pathOnly = path.split('?')[0] as string;
    const stub = this.stubs.find(
      (s) => !s.used && s.method === method && (typeof s.path === 'string' ? s.path === path || s.path === pathOnly : s.path.test(path)),
    );
    if (!stub) {
      // Answer rather than throw: a thrown error would be reported as a network failure (and retried).
      this.unexpected.push(`${method} ${path}`);
      return new Response(JSON.stringify({ type: 'error', error: { message: `test: unexpected request ${method} ${path} (no stub)` } }), { status: 599 });
    }
    stub.used = true;
    stub.check?.({ url, headers, body });
    const status = stub.status ?? 200;
    const payload = stub.body === undefined || status === 204 ? null : typeof stub.body === 'string' ? stub.body : JSON.stringify(stub.body);
    return new Response(payload, { status, headers: { 'content-type': 'application/json', ...stub.headers } });
  };

  constructor() {
    owners.set(this.fetch, this);
  }

  verify(): void {
    const unused = this.stubs.filter((s) => !s.used).map((s) => `${s.method} ${String(s.path)}`);
    assert.deepEqual(this.unexpected, [], `requests no stub matched: ${this.unexpected.join(', ')}`);
    assert.deepEqual(unused, [], `stubs never requested: ${unused.join(', ')}`);
  }
}
