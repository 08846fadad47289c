import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Smart HTTP through `git http-backend` (CGI): the request goes in on stdin with the CGI variables in
 * the environment; the answer comes back as CGI headers, a blank line, then the body.
 */
export interface GitHttpRequest {
  /** GIT_PROJECT_ROOT: the directory holding the bare repositories. */
  projectRoot: string;
  /** PATH_INFO below the root: `/<repo dir>.git/info/refs`. */
  pathInfo: string;
  query: string;
  remoteUser: string;
  body: Buffer;
}

export function serveGit(req: IncomingMessage, res: ServerResponse, g: GitHttpRequest): Promise<number> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_PROJECT_ROOT: g.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: g.pathInfo,
    REQUEST_METHOD: req.method ?? 'GET',
    QUERY_STRING: g.query,
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    CONTENT_LENGTH: String(g.body.length),
    REMOTE_USER: g.remoteUser,
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
    GATEWAY_INTERFACE: 'CGI/1.1',
  };
  const encoding = req.headers['content-encoding'];
  if (typeof encoding === 'string') env.HTTP_CONTENT_ENCODING = encoding;
  const protocol = req.headers['git-protocol'];
  if (typeof protocol === 'string') env.GIT_PROTOCOL = protocol;

  return new Promise((resolve) => {
    const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let headerBuf = Buffer.alloc(0);
    let headersDone = false;
    let status = 200;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      headerBuf = Buffer.concat([headerBuf, chunk]);
      let end = headerBuf.indexOf('\r\n\r\n');
      let sepLen = 4;
      if (end < 0) {
        end = headerBuf.indexOf('\n\n');
        sepLen = 2;
      }
      if (end < 0) return;
      headersDone = true;
      const head = headerBuf.subarray(0, end).toString('latin1');
      const rest = headerBuf.subarray(end + sepLen);
      for (const line of head.split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 200;
        else res.setHeader(name, value);
      }
      res.statusCode = status;
      if (rest.length) res.write(rest);
    });
    child.on('error', () => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('git http-backend could not be started\n');
      resolve(500);
    });
    child.on('close', (code) => {
      if (!headersDone) {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`git http-backend failed (exit ${code})${stderr ? `: ${stderr.trim().split('\n').slice(-1)[0]}` : ''}\n`);
        resolve(500);
        return;
      }
      res.end();
      resolve(status);
    });
    child.stdin.on('error', () => {
      // the backend may exit before reading everything (e.g. on an error); its answer still counts
    });
    child.stdin.end(g.body);
  });
}
