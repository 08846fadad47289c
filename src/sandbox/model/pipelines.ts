import { Readable } from 'node:stream';
import type { PipelineRecord, PipelineStepRecord } from '../state.js';

/**
 * Pipelines advance with the sandbox clock, with no timers: a step's state, timestamps and log size
 * are computed on read from the pipeline's created_on, each step's queued_s/duration_s, and
 * stopped_on. Steps run one after another; a FAILED step leaves the rest NOT_RUN; stopping marks the
 * current step STOPPED and the rest NOT_RUN.
 *
 * A step's log is `log_head` + `log_generated_bytes` of deterministic fixed-width lines + `log_tail`.
 * The generated part is produced on demand for any byte range, in chunks, so a 200 MB log is served
 * with bounded memory. While a step runs, its log grows in proportion to its elapsed time (cut at a
 * line end).
 */

export type StepStateName = 'PENDING' | 'IN_PROGRESS' | 'COMPLETED';
export type StepResultName = 'SUCCESSFUL' | 'FAILED' | 'STOPPED' | 'NOT_RUN';

export interface StepView {
  step: PipelineStepRecord;
  state: StepStateName;
  result?: StepResultName;
  started?: number;
  completed?: number;
  /** Fraction of the log visible, 0..1. */
  progress: number;
}

export interface PipelineView {
  state: 'PENDING' | 'IN_PROGRESS' | 'COMPLETED';
  result?: 'SUCCESSFUL' | 'FAILED' | 'STOPPED';
  completed?: number;
  steps: StepView[];
}

export function pipelineView(p: PipelineRecord, now: number): PipelineView {
  const created = Date.parse(p.created_on);
  const stopAt = p.stopped_on ? Date.parse(p.stopped_on) : Number.POSITIVE_INFINITY;
  const steps: StepView[] = [];
  let cursor = created;
  let haltedAt: number | undefined;
  let stopped = false;
  for (const step of p.steps) {
    if (haltedAt !== undefined) {
      steps.push(now >= haltedAt ? { step, state: 'COMPLETED', result: 'NOT_RUN', progress: 0 } : { step, state: 'PENDING', progress: 0 });
      continue;
    }
    const start = cursor + step.queued_s * 1000;
    const end = start + step.duration_s * 1000;
    if (stopAt < end && now >= stopAt) {
      haltedAt = stopAt;
      stopped = true;
      const began = stopAt >= start;
      steps.push({
        step,
        state: 'COMPLETED',
        result: began ? 'STOPPED' : 'NOT_RUN',
        ...(began ? { started: start, completed: stopAt } : {}),
        progress: began ? fraction(stopAt - start, end - start) : 0,
      });
      continue;
    }
    if (now < start) steps.push({ step, state: 'PENDING', progress: 0 });
    else if (now < end) steps.push({ step, state: 'IN_PROGRESS', started: start, progress: fraction(now - start, end - start) });
    else {
      steps.push({ step, state: 'COMPLETED', result: step.result, started: start, completed: end, progress: 1 });
      if (step.result === 'FAILED') haltedAt = end;
    }
    cursor = end;
  }
  const done = steps.every((s) => s.state === 'COMPLETED');
  if (done) {
    const last = Math.max(created, ...steps.map((s) => s.completed ?? 0));
    const result = stopped ? 'STOPPED' : steps.some((s) => s.result === 'FAILED') ? 'FAILED' : 'SUCCESSFUL';
    return { state: 'COMPLETED', result, completed: stopped ? stopAt : last, steps };
  }
  if (steps.every((s) => s.state === 'PENDING')) return { state: 'PENDING', steps };
  return { state: 'IN_PROGRESS', steps };
}

function fraction(part: number, whole: number): number {
  if (whole <= 0) return 1;
  return Math.max(0, Math.min(1, part / whole));
}

// ---------------- logs ----------------

/** Every generated line is exactly this many bytes (ASCII), newline included: O(1) random access. */
export const LOG_LINE_BYTES = 100;
const WORDS = [
  'compiling',
  'module',
  'resolving',
  'dependency',
  'cache',
  'hit',
  'miss',
  'test',
  'passed',
  'linking',
  'artifact',
  'upload',
  'layer',
  'checksum',
  'ok',
  'worker',
  'chunk',
  'bundle',
  'asset',
  'build',
];
/** 256 precomputed line bodies; line k uses body (k * 2654435761) >>> 24. */
const BODIES: Buffer[] = Array.from({ length: 256 }, (_, i) => {
  let x = (i + 1) * 7919;
  let s = '';
  const width = LOG_LINE_BYTES - 16; // "line 000000001: " is 16 bytes
  while (s.length < width - 1) {
    x = (x * 1103515245 + 12345) >>> 0;
    s += `${WORDS[(x >>> 16) % WORDS.length]} `;
  }
  return Buffer.from(`${s.slice(0, width - 1)}\n`, 'ascii');
});

/** The generated line k (0-based): `line 000000001: …\n`, LOG_LINE_BYTES long. */
export function generatedLine(k: number): Buffer {
  const out = Buffer.allocUnsafe(LOG_LINE_BYTES);
  writeLine(out, 0, k);
  return out;
}

function writeLine(buf: Buffer, at: number, k: number): void {
  buf.write(`line ${String(k + 1).padStart(9, '0')}: `, at, 'ascii');
  (BODIES[Math.imul(k + 1, 2654435761) >>> 24] as Buffer).copy(buf, at + 16);
}

export interface StepLog {
  head: Buffer;
  tail: Buffer;
  generatedBytes: number;
  /** Bytes visible now (the whole log once the step is done). */
  size: number;
}

/** The log of a step as seen at `progress` (0..1), cut at a line end while the step runs. */
export function stepLog(step: PipelineStepRecord, progress: number): StepLog {
  const head = Buffer.from(step.log_head, 'utf8');
  const tail = Buffer.from(step.log_tail, 'utf8');
  const generatedBytes = Math.floor(step.log_generated_bytes / LOG_LINE_BYTES) * LOG_LINE_BYTES;
  const total = head.length + generatedBytes + tail.length;
  if (progress >= 1) return { head, tail, generatedBytes, size: total };
  const want = Math.floor(total * progress);
  let size: number;
  if (want <= 0) size = 0;
  else if (want <= head.length) size = head.lastIndexOf(10, want - 1) + 1;
  else if (want <= head.length + generatedBytes) size = head.length + Math.floor((want - head.length) / LOG_LINE_BYTES) * LOG_LINE_BYTES;
  else size = head.length + generatedBytes + (tail.lastIndexOf(10, want - head.length - generatedBytes - 1) + 1);
  return { head, tail, generatedBytes, size: Math.max(0, size) };
}

const CHUNK_LINES = 640; // 64 000 bytes per generated chunk

/** A stream of bytes [start, end) of a log, generated chunk by chunk as the reader pulls. */
export function logStream(log: StepLog, start: number, end: number): Readable {
  let pos = start;
  const genStart = log.head.length;
  const genEnd = genStart + log.generatedBytes;
  return new Readable({
    highWaterMark: 64 * 1024,
    read() {
      if (pos >= end) {
        this.push(null);
        return;
      }
      let chunk: Buffer;
      if (pos < genStart) {
        chunk = log.head.subarray(pos, Math.min(end, genStart));
      } else if (pos < genEnd) {
        const first = Math.floor((pos - genStart) / LOG_LINE_BYTES);
        const lastExclusive = Math.min(first + CHUNK_LINES, Math.ceil((Math.min(end, genEnd) - genStart) / LOG_LINE_BYTES));
        const buf = Buffer.allocUnsafe((lastExclusive - first) * LOG_LINE_BYTES);
        for (let k = first; k < lastExclusive; k++) writeLine(buf, (k - first) * LOG_LINE_BYTES, k);
        const offset = genStart + first * LOG_LINE_BYTES;
        chunk = buf.subarray(pos - offset, Math.min(end, genEnd) - offset);
      } else {
        chunk = log.tail.subarray(pos - genEnd, end - genEnd);
      }
      pos += chunk.length;
      this.push(chunk);
    },
  });
}

export interface ByteRange {
  start: number;
  /** Exclusive. */
  end: number;
}

/**
 * A `Range: bytes=…` header against a body of `size` bytes: undefined for none (or one we ignore,
 * like multiple ranges), 'unsatisfiable' for a range past the end.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size };
  }
  const start = Number(m[1]);
  const last = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || last < start) return 'unsatisfiable';
  return { start, end: last + 1 };
}

export interface LogReply {
  status: number;
  headers: Record<string, string>;
  stream?: Readable;
}

/** The answer to a log request, honouring Range (206 + Content-Range, 416 past the end). */
export function logReply(log: StepLog, rangeHeader: string | undefined): LogReply {
  const base = { 'Content-Type': 'application/octet-stream', 'Accept-Ranges': 'bytes' };
  const range = parseRange(rangeHeader, log.size);
  if (range === 'unsatisfiable') return { status: 416, headers: { ...base, 'Content-Range': `bytes */${log.size}`, 'Content-Length': '0' } };
  if (!range) return { status: 200, headers: { ...base, 'Content-Length': String(log.size) }, stream: logStream(log, 0, log.size) };
  return {
    status: 206,
    headers: { ...base, 'Content-Length': String(range.end - range.start), 'Content-Range': `bytes ${range.start}-${range.end - 1}/${log.size}` },
    stream: logStream(log, range.start, range.end),
  };
}
