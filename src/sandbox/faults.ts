/**
 * Fault injection: `--faults "429=0.1,500=0.05,reset=0.01"` answers a request with that status (or
 * destroys the socket, for `reset`) with that probability, drawn from a seeded RNG so runs repeat.
 * `reset-after` runs the request (a write is applied) and then destroys the socket instead of
 * answering: the client's view of a response lost on the way back. `truncate` and `stall` run the
 * request and send half of a JSON answer, then destroy the socket (`truncate`) or say nothing more
 * (`stall`): a connection that drops, or goes silent, while the client reads the body.
 * Used by both sandboxes (server.ts, dc/server.ts), which apply each kind to their API requests only.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';

export type FaultKind = number | 'reset' | 'reset-after' | 'truncate' | 'stall';
const NAMED: readonly string[] = ['reset-after', 'reset', 'truncate', 'stall'];

export interface FaultRule {
  kind: FaultKind;
  probability: number;
}

export const DEFAULT_FAULT_SEED = 42;

export function parseFaults(spec: string | undefined): FaultRule[] {
  if (!spec) return [];
  const rules: FaultRule[] = [];
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(reset-after|reset|truncate|stall|[1-5]\d\d)\s*=\s*(\d*\.?\d+)$/.exec(part);
    if (!m) throw new Error(`bad fault "${part}": expected STATUS=PROBABILITY or ${NAMED.join('|')}=PROBABILITY, e.g. 429=0.1,reset=0.01`);
    const probability = Number(m[2]);
    if (!(probability >= 0 && probability <= 1)) throw new Error(`bad fault "${part}": the probability must be between 0 and 1`);
    rules.push({ kind: NAMED.includes(m[1] as string) ? (m[1] as FaultKind) : Number(m[1]), probability });
  }
  const total = rules.reduce((s, r) => s + r.probability, 0);
  if (total > 1 + 1e-9) throw new Error(`the fault probabilities add up to ${total}, more than 1`);
  return rules;
}

export function formatFaults(rules: FaultRule[]): string {
  return rules.map((r) => `${r.kind}=${r.probability}`).join(',');
}

/** mulberry32: small, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  rules: FaultRule[] = [];
  latencyMs = 0;
  private random: () => number;
  seed: number;

  constructor(opts: { faults?: string; latencyMs?: number; seed?: number } = {}) {
    this.seed = opts.seed ?? DEFAULT_FAULT_SEED;
    this.random = seededRandom(this.seed);
    this.configure(opts);
  }

  configure(opts: { faults?: string; latencyMs?: number; seed?: number }): void {
    if (opts.faults !== undefined) this.rules = parseFaults(opts.faults);
    if (opts.latencyMs !== undefined) {
      if (!(Number.isFinite(opts.latencyMs) && opts.latencyMs >= 0)) throw new Error('latency must be a number of milliseconds ≥ 0');
      this.latencyMs = opts.latencyMs;
    }
    if (opts.seed !== undefined) {
      this.seed = opts.seed;
      this.random = seededRandom(opts.seed);
    }
  }

  /** The fault for this request, if any. One draw per request. */
  draw(): FaultKind | undefined {
    if (this.rules.length === 0) return undefined;
    const r = this.random();
    let acc = 0;
    for (const rule of this.rules) {
      acc += rule.probability;
      if (r < acc) return rule.kind;
    }
    return undefined;
  }

  describe(): { latency: number; faults: string; seed: number } {
    return { latency: this.latencyMs, faults: formatFaults(this.rules), seed: this.seed };
  }
}

/**
 * The `truncate` and `stall` faults: the headers and half of the JSON body, then a reset, or silence. `headers` may
 * override the Content-Type (Data Center spells it differently).
 */
export function sendHalf(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> | undefined,
  cut: 'truncate' | 'stall',
): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': bytes.length, ...headers });
  res.write(bytes.subarray(0, bytes.length >> 1), () => {
    if (cut === 'truncate') req.socket.destroy();
  });
  if (cut === 'stall') {
    // the client gives up and closes; should it not, the socket is freed after two minutes
    const timer = setTimeout(() => req.socket.destroy(), 120_000);
    timer.unref();
    req.socket.once('close', () => clearTimeout(timer));
  }
}
