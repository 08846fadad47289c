/**
 * The MCP protocol side of `bb mcp`, on the official SDK: list the tools it is given and hand each call to `call`.
 * Everything bb-specific (which tools, what a call runs, what is refused) is decided by mcp.ts and tools.ts.
 *
 * The build bundles this file and the SDK on their own, into dist/mcp.cjs (scripts/build.mjs), which only `bb mcp`
 * requires: every other command starts without them.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';

export interface ListedTool {
  name: string;
  description: string;
  inputSchema: { type: 'object'; properties?: object; required?: string[] };
  annotations?: object;
}

export interface ListedTemplate {
  name: string;
  title: string;
  uriTemplate: string;
  description: string;
  mimeType: string;
}

export interface ServeOptions {
  name: string;
  version: string;
  instructions: string;
  tools: readonly ListedTool[];
  call(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
  /**
   * Resource templates (a pull request's diff, a pipeline step's log); `read` answers a URI (one page, its `_meta`
   * naming the next) or throws with bb's error text.
   */
  templates: readonly ListedTemplate[];
  read(uri: string): Promise<{ mimeType: string; text: string; _meta?: Record<string, unknown> }>;
  stdin: Readable;
  stdout: Writable;
}

function mcpServer(opts: Omit<ServeOptions, 'stdin' | 'stdout'>): Server {
  const server = new Server(
    { name: opts.name, version: opts.version },
    { capabilities: { tools: {}, ...(opts.templates.length ? { resources: {} } : {}) }, instructions: opts.instructions },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: opts.tools.map((t) => ({ ...t })) }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => opts.call(req.params.name, (req.params.arguments ?? {}) as Record<string, unknown>));
  if (opts.templates.length) {
    server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: [] }));
    server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({ resourceTemplates: opts.templates.map((t) => ({ ...t })) }));
    server.setRequestHandler(ReadResourceRequestSchema, async (req) => {
      const r = await opts.read(req.params.uri);
      return { contents: [{ uri: req.params.uri, mimeType: r.mimeType, text: r.text, ...(r._meta ? { _meta: r._meta } : {}) }] };
    });
  }
  return server;
}

/** Serve MCP over stdio until the client closes stdin. */
export async function serveStdio(opts: ServeOptions): Promise<void> {
  const server = mcpServer(opts);
  const transport = new StdioServerTransport(opts.stdin, opts.stdout);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  await server.connect(transport);
  opts.stdin.once('end', () => void server.close());
  opts.stdin.once('close', () => void server.close());
  await closed;
}

/**
 * Serve MCP over Streamable HTTP on 127.0.0.1 only, stateless (a server per request), behind a random bearer secret
 * that `announce` prints once. A request without the secret gets 401; a Host header other than the loopback address
 * and port (DNS rebinding) gets 403. Runs until the process ends.
 */
export async function serveHttp(opts: Omit<ServeOptions, 'stdin' | 'stdout'> & { port: number; announce(url: string, secret: string): void }): Promise<void> {
  const secret = randomBytes(32).toString('base64url');
  const expected = Buffer.from(`Bearer ${secret}`);
  let port = opts.port;
  const http = createServer((req, res) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(401, { 'WWW-Authenticate': 'Bearer' }).end();
      return;
    }
    if (req.headers.host !== `127.0.0.1:${port}` && req.headers.host !== `localhost:${port}`) {
      res.writeHead(403).end();
      return;
    }
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    const server = mcpServer(opts);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    server
      .connect(transport)
      .then(() => transport.handleRequest(req, res))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port, '127.0.0.1', () => resolve());
  });
  port = (http.address() as AddressInfo).port;
  opts.announce(`http://127.0.0.1:${port}/mcp`, secret);
  await new Promise<void>((resolve) => http.once('close', () => resolve()));
}
