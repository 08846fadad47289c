import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type IOStreams, writeOut } from './iostreams.js';
import { sanitize } from './sanitize.js';

/** Collect the young generation after this many bytes have streamed through (see `collectYoung`). */
const COLLECT_EVERY_BYTES = 4 * 1024 * 1024;

/**
 * Writes a response body to stdout as it arrives, never holding more than a chunk: the bytes as they
 * are when stdout is piped; on a terminal, text with control sequences made visible. Waits for
 * `drain`, so a slow reader slows the download instead of filling memory.
 */
export class BodyWriter {
  private readonly decoder = new TextDecoder();
  private sinceCollect = 0;

  constructor(private readonly io: IOStreams) {}

  async write(chunk: Uint8Array): Promise<void> {
    const io = this.io;
    const ok = io.stdoutIsTTY ? io.out.write(sanitize(this.decoder.decode(chunk, { stream: true }))) : io.out.write(chunk);
    this.sinceCollect += chunk.length;
    if (this.sinceCollect >= COLLECT_EVERY_BYTES) {
      this.sinceCollect = 0;
      collectYoung();
    }
    if (!ok) await once(io.out, 'drain');
  }

  /** The end of the body: on a terminal, whatever the decoder still holds (a split character). */
  flush(): void {
    if (this.io.stdoutIsTTY) writeOut(this.io, this.decoder.decode());
  }
}

let youngGc: ((options?: { type: 'minor' }) => void) | null | undefined;

/**
 * Every chunk a socket reads is a new ArrayBuffer, whose memory lives outside V8's heap; V8 only
 * collects it once about 64 MiB of such memory has piled up since the last collection, so a long
 * download's peak memory was the process's own plus ~40 MiB of dead chunks. A young-generation
 * collection every few MiB costs well under a millisecond and keeps the peak flat (measured in
 * bench/streaming.mjs: a 200 MB log went from ~103 to ~76 MiB, at the same throughput). V8's `gc`
 * function is reachable from a new context once `--expose-gc` is set; if that ever fails, nothing
 * is collected early and streaming still works.
 */
export function collectYoung(): void {
  gcFunction()?.({ type: 'minor' });
}

/** A full collection (old generation too); see printList's use. */
export function collectAll(): void {
  gcFunction()?.();
}

function gcFunction(): typeof youngGc {
  if (youngGc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      youngGc = runInNewContext('gc') as typeof youngGc;
    } catch {
      youngGc = null;
    }
  }
  return youngGc;
}
