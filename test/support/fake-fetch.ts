/**
 * A fetch registry for in-process command tests (gh's httpmock): each stub answers one request;
 * a request no stub matches fails the test, and `verify()` fails it when a stub was never used.
 */
import assert from 'node:assert/strict';

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

  verify(): void {
    const unused = this.stubs.filter((s) => !s.used).map((s) => `${s.method} ${String(s.path)}`);
    assert.deepEqual(this.unexpected, [], 'requests no stub matched');
    assert.deepEqual(unused, [], 'stubs never requested');
  }
}
