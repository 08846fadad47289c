/**
 * The MCP protocol side of `bb mcp`, on the official SDK: list the tools it is given and hand each call to `call`.
 * Everything bb-specific (which tools, what a call runs, what is refused) is decided by mcp.ts and tools.ts.
 *
 * The build bundles this file and the SDK on their own, into dist/mcp.cjs (scripts/build.mjs), which only `bb mcp`
 * requires: every other command starts without them.
 */
import type { Readable, Writable } from 'node:stream';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
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
  /** Resource templates (a pull request's diff, a pipeline step's log); `read` answers a URI or throws with bb's error text. */
  templates: readonly ListedTemplate[];
  read(uri: string): Promise<{ mimeType: string; text: string }>;
  stdin: Readable;
  stdout: Writable;
}

/** Serve MCP over stdio until the client closes stdin. */
export async function serveStdio(opts: ServeOptions): Promise<void> {
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
      return { contents: [{ uri: req.params.uri, mimeType: r.mimeType, text: r.text }] };
    });
  }
  const transport = new StdioServerTransport(opts.stdin, opts.stdout);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  await server.connect(transport);
  opts.stdin.once('end', () => void server.close());
  opts.stdin.once('close', () => void server.close());
  await closed;
}
