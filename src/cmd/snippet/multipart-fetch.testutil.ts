/** Test helper (not a test itself): used by the snippet and download tests. */
import { type FetchRegistry, sameRegistry } from '../../../test/support/fake-fetch.js';

/** The registry stores bodies as text: serialise FormData bodies (as fetch would) before it sees them. */
export function multipartAware(reg: FetchRegistry): typeof fetch {
  const wrapper = (async (input: string | URL | Request, init?: RequestInit) => {
    if (init?.body instanceof FormData) {
      const encoded = new Response(init.body);
      const headers = new Headers(init.headers);
      headers.set('content-type', encoded.headers.get('content-type') ?? '');
      return reg.fetch(input, { ...init, headers, body: await encoded.arrayBuffer() });
    }
    return reg.fetch(input, init);
  }) as typeof fetch;
  return sameRegistry(wrapper, reg);
}
