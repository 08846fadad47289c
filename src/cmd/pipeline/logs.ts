import { must } from '../../api/client.js';
import { apiErrorFromResponse } from '../../api/errors.js';
import type { HttpTransport } from '../../api/http.js';
import { expandPath, type RepoParams, repoParams, templateOf } from '../../api/path.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { BodyWriter } from '../../output/body-writer.js';
import { sanitize } from '../../output/sanitize.js';
import { defineCommand } from '../define.js';
import { listSteps, OP, type Pipeline, resolvePipeline, type Step } from './operations.js';
import { isCompleted, pipelineName, statusOf } from './present.js';

/** How many times a dropped connection is resumed (with Range) before giving up. */
const MAX_RESUMES = 5;

/**
 * Streams one step's log to stdout, chunk by chunk as it arrives (never the whole log in memory), from
 * `offset` on. The log endpoint supports Range requests: a resumed or followed read asks for
 * `bytes=<offset>-`; a completed step answers 307 to the log storage on another host, which the transport
 * follows without the credential.
 */
class LogStream {
  offset = 0;
  private readonly out: BodyWriter;

  /** `end`: stop before this byte (exclusive), asking only for the bytes before it (a page of `bb mcp`'s resource). */
  constructor(
    private readonly ctx: Context,
    private readonly http: HttpTransport,
    private readonly params: RepoParams & { pipeline_uuid: string; step_uuid: string },
    private readonly end = Number.POSITIVE_INFINITY,
  ) {
    this.out = new BodyWriter(ctx.io);
  }

  /** Read what the log has past `offset`; returns how many new bytes were written. */
  async readMore(opts: { missingOk: boolean }): Promise<number> {
    let written = 0;
    for (let resumes = 0; ; resumes++) {
      if (this.offset >= this.end) return written;
      const headers = new Headers({ Accept: 'text/plain, application/octet-stream, */*' });
      const last = Number.isFinite(this.end) ? String(this.end - 1) : '';
      if (this.offset > 0 || last) headers.set('Range', `bytes=${this.offset}-${last}`);
      const url = this.http.url(expandPath(templateOf(OP.log), this.params));
      const response = await this.http.send(new Request(url, { headers }), { operation: OP.log, raw: true });
      if (response.status === 416) {
        await response.body?.cancel();
        return written; // nothing past offset yet
      }
      if (response.status === 404 && opts.missingOk) {
        await response.body?.cancel();
        return written; // the step has not started logging yet
      }
      if (!response.ok) throw await apiErrorFromResponse(response, OP.log, 'GET');
      let skip = 0;
      if (response.status === 206) {
        const start = Number(/bytes\s+(\d+)-/.exec(response.headers.get('content-range') ?? '')?.[1] ?? this.offset);
        if (start > this.offset) throw new BbError('API_BAD_RESPONSE', `the log resumed at byte ${start}, past byte ${this.offset}`);
        skip = this.offset - start;
      } else {
        skip = this.offset; // 200: the whole log again; drop what was already written
      }
      if (!response.body) return written;
      const reader = response.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          let chunk = value;
          if (skip > 0) {
            const n = Math.min(skip, chunk.length);
            chunk = chunk.subarray(n);
            skip -= n;
          }
          if (chunk.length > this.end - this.offset) chunk = chunk.subarray(0, this.end - this.offset);
          if (chunk.length === 0) continue;
          await this.out.write(chunk);
          this.offset += chunk.length;
          written += chunk.length;
          if (this.offset >= this.end) {
            // a server that ignored the Range's end: the rest is not wanted
            await reader.cancel().catch(() => {});
            break;
          }
        }
        this.out.flush();
        return written;
      } catch (e) {
        // the connection dropped (or went silent) mid-log: ask again from the last byte written
        if (e instanceof BbError && e.errorName !== 'NETWORK_ERROR' && e.errorName !== 'TIMEOUT') throw e;
        if (resumes >= MAX_RESUMES) {
          throw new BbError('NETWORK_ERROR', `the log connection kept dropping (after ${this.offset} bytes)`, {
            hints: ['run the command again; it will start over'],
            cause: e,
          });
        }
        if (this.ctx.env.BB_DEBUG) this.ctx.io.err.write(`[bb debug] log connection dropped at byte ${this.offset}; resuming\n`);
      }
    }
  }
}

function pickSteps(steps: Step[], wanted: string | undefined, p: Pipeline): Step[] {
  if (wanted === undefined) return steps;
  const w = wanted.trim().toLowerCase();
  const uuid = w.replace(/^\{|\}$/g, '');
  const found = steps.filter((s) => s.uuid.toLowerCase().replace(/^\{|\}$/g, '') === uuid || (s.name ?? '').toLowerCase() === w);
  if (found.length === 0) {
    throw new BbError('API_NOT_FOUND', `pipeline ${pipelineName(p)} has no step "${wanted}"`, {
      hints: [`its steps: ${steps.map((s) => s.name ?? s.uuid).join(', ') || '(none)'}`],
    });
  }
  return found.slice(0, 1);
}

export default defineCommand({
  path: ['pipeline', 'logs'],
  summary: "Stream a pipeline step's log",
  description:
    'Writes the log of a step (--step NAME or UUID; default: every step in order) to stdout as it arrives, without holding the whole log in memory. --follow keeps reading a running step until it finishes, asking only for the bytes past those already shown (HTTP Range). A dropped connection is resumed from the last byte. Logs of finished steps are served from Atlassian storage on another host; bb follows that redirect without sending your credentials there.',
  examples: [
    'bb pipeline logs 42 --step build',
    '# follow the running step of the latest pipeline of this branch',
    'bb pipeline logs --step test --follow',
    '# every step, into a file',
    'bb pipeline logs 42 > pipeline-42.log',
  ],
  args: [{ name: 'pipeline', description: 'build number, UUID or URL (default: the latest of the current branch)', accepts: 'pipeline' }],
  flags: [
    { name: 'step', short: 's', type: 'string', valueName: 'NAME|UUID', description: 'the step whose log to show (default: all steps)' },
    { name: 'follow', short: 'f', type: 'boolean', description: 'keep reading while the step runs' },
    { name: 'interval', short: 'i', type: 'number', valueName: 'SECONDS', description: 'seconds between reads with --follow (default 2)' },
    // bb mcp's paged log resource: a window of each step's log, asked for with one Range request
    { name: 'byte-offset', type: 'number', valueName: 'BYTES', description: 'start at this byte of the log', hidden: true },
    { name: 'byte-limit', type: 'number', valueName: 'BYTES', description: 'write at most this many bytes', hidden: true },
  ],
  repo: true,
  operations: [OP.get, OP.list, OP.steps, OP.step, OP.log],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const p = await resolvePipeline(ctx, repo, input.args.pipeline);
    const steps = pickSteps(await listSteps(ctx, repo, p.uuid), input.flags.step as string | undefined, p);
    const http = await ctx.http();
    const api = await ctx.api();
    const follow = Boolean(input.flags.follow);
    const interval = ((input.flags.interval as number | undefined) ?? 2) * 1000;
    const from = (input.flags.byteOffset as number | undefined) ?? 0;
    if (!Number.isInteger(from) || from < 0) throw new BbError('INVALID_ARGUMENT', `--byte-offset must be a whole number of bytes, not ${from}`);
    const limit = input.flags.byteLimit as number | undefined;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
      throw new BbError('INVALID_ARGUMENT', `--byte-limit must be a positive whole number, not ${limit}`);
    for (const step of steps) {
      if (steps.length > 1) ctx.io.err.write(`==> step ${sanitize(step.name ?? step.uuid, { singleLine: true })} (${statusOf(step.state)}) <==\n`);
      const params = { ...repoParams(repo), pipeline_uuid: p.uuid, step_uuid: step.uuid };
      const log = new LogStream(ctx, http, params, from + ((input.flags.byteLimit as number | undefined) ?? Number.POSITIVE_INFINITY));
      log.offset = from;
      let state = step.state;
      if (!follow || isCompleted(state)) {
        if (state?.name === 'PENDING' && !follow) {
          ctx.io.err.write(`step ${sanitize(step.name ?? step.uuid, { singleLine: true })} has not started: no log yet\n`);
          continue;
        }
        await log.readMore({ missingOk: false });
        continue;
      }
      for (;;) {
        await log.readMore({ missingOk: true });
        const now = must(
          await api.GET('/repositories/{workspace}/{repo_slug}/pipelines/{pipeline_uuid}/steps/{step_uuid}', { params: { path: params } }),
        ) as unknown as Step;
        state = now.state;
        if (isCompleted(state)) {
          await log.readMore({ missingOk: true }); // the last lines written before it finished
          break;
        }
        await ctx.sleep(interval);
      }
    }
    return 0;
  },
});
