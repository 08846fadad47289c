import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { unreadableAnswer } from './errors.js';
import type { HttpTransport } from './http.js';
import type { paths } from './patches.js';

/**
 * The typed API client: openapi-fetch over the generated `paths`, so every call names the spec's own
 * path template (`api.GET('/repositories/{workspace}', …)`) and its operation is known. The transport
 * does everything else (auth, retries, redirects, errors); a middleware hands it the operation.
 */
export type Api = Client<paths>;

export function createApi(transport: HttpTransport): Api {
  const operations = new WeakMap<Request, string>();
  const client = createClient<paths>({
    baseUrl: transport.baseUrl,
    fetch: (request: Request) => transport.send(request, { operation: operations.get(request) }),
  });
  const trace: Middleware = {
    onRequest({ request, schemaPath }) {
      operations.set(request, `${request.method.toUpperCase()} ${schemaPath}`);
      return undefined;
    },
    // openapi-fetch would call JSON.parse on whatever a 2xx carries: an answer that is not JSON (text/plain,
    // an HTML page from a proxy, JSON cut short) becomes API_BAD_RESPONSE here instead of a crash.
    async onResponse({ request, response, options }) {
      if (options.parseAs !== 'json' || !response.ok || response.status === 204 || request.method === 'HEAD') return undefined;
      const text = await response.text();
      if (text !== '') {
        try {
          JSON.parse(text);
        } catch {
          throw unreadableAnswer(response, operations.get(request), 'the answer is not readable JSON');
        }
      }
      const copy = new Response(text === '' ? null : text, { status: response.status, statusText: response.statusText, headers: response.headers });
      Object.defineProperty(copy, 'url', { value: response.url });
      return copy;
    },
  };
  client.use(trace);
  return client;
}

/**
 * openapi-fetch returns `{ data, error }`; with the transport throwing on non-2xx, `data` is set on
 * every result that reaches a command. This narrows it (204 answers have no data).
 */
export function must<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined && result.response.status !== 204) {
    throw unreadableAnswer(result.response, undefined, 'the answer is empty where JSON was expected');
  }
  return result.data as T;
}
