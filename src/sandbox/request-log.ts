/**
 * The sandbox's request log (`GET /_sandbox/requests`): a ring buffer of the last `capacity` entries, so a sandbox
 * left running (or a benchmark's hundreds of thousands of requests) keeps flat memory. `dropped` counts the entries
 * the buffer let go since the last clear; the admin endpoint reports it (`X-Sandbox-Requests-Dropped`).
 */
export const DEFAULT_REQUEST_LOG_SIZE = 10_000;

export class RequestLog<T> {
  private buf: T[] = [];
  /** Index of the oldest entry in `buf` once it is full. */
  private head = 0;
  private droppedCount = 0;
  readonly capacity: number;

  constructor(capacity: number = DEFAULT_REQUEST_LOG_SIZE) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`the request log size must be a whole number, not ${capacity}`);
    this.capacity = capacity;
  }

  push(entry: T): void {
    if (this.buf.length < this.capacity) {
      this.buf.push(entry);
      return;
    }
    this.droppedCount++;
    if (this.capacity === 0) return;
    this.buf[this.head] = entry;
    this.head = (this.head + 1) % this.capacity;
  }

  /** The entries kept, oldest first. */
  entries(): T[] {
    return this.head === 0 ? this.buf.slice() : [...this.buf.slice(this.head), ...this.buf.slice(0, this.head)];
  }

  get length(): number {
    return this.buf.length;
  }

  /** Entries let go since the last clear (the oldest, when the buffer was full). */
  get dropped(): number {
    return this.droppedCount;
  }

  clear(): void {
    this.buf = [];
    this.head = 0;
    this.droppedCount = 0;
  }
}
