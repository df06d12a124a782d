/** Buffers below this many bytes are left to the garbage collector: cheap to make anew. */
export const POOL_MIN_BYTES = 256;

/**
 * A held buffer serves a request of at least 1/SLACK of its size. Sizes of one network differ
 * a little (a padded 113x113 map after a 112x112 one): sharing between them keeps fewer
 * buffers, at most SLACK - 1 of a buffer unused.
 */
const SLACK = 1.5;

/**
 * Freed tensor buffers kept for reuse. `take` gives the smallest held buffer big enough
 * (best fit), so a cached plan, which asks for the same sizes every step, settles on a
 * fixed set of buffers. Holds at most `capBytes`; a buffer that would go over is left to
 * the garbage collector. Few buffers are held at once, so a scan of them is cheap.
 */
export class BufferPool {
  readonly capBytes: number;
  #bytes = 0;
  /** Held buffers, smallest first. */
  readonly #held: ArrayBuffer[] = [];

  constructor(capBytes: number) {
    this.capBytes = capBytes;
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * A held buffer of `bytes` to SLACK x `bytes` bytes (contents unspecified; the caller views
   * only the first `bytes`), or null.
   */
  take(bytes: number): ArrayBuffer | null {
    const held = this.#held;
    let lo = 0;
    let hi = held.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((held[mid] as ArrayBuffer).byteLength < bytes) lo = mid + 1;
      else hi = mid;
    }
    const buffer = held[lo];
    if (buffer === undefined || buffer.byteLength > bytes * SLACK) return null;
    held.splice(lo, 1);
    this.#bytes -= buffer.byteLength;
    return buffer;
  }

  /** Keeps `buffer` for a later `take`; nothing else may use it any more. */
  put(buffer: ArrayBuffer): void {
    const bytes = buffer.byteLength;
    if (bytes < POOL_MIN_BYTES || this.#bytes + bytes > this.capBytes) return;
    const held = this.#held;
    let lo = 0;
    let hi = held.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((held[mid] as ArrayBuffer).byteLength < bytes) lo = mid + 1;
      else hi = mid;
    }
    held.splice(lo, 0, buffer);
    this.#bytes += bytes;
  }

  clear(): void {
    this.#held.length = 0;
    this.#bytes = 0;
  }
}
