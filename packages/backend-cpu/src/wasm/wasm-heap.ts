import { InternalError, ResourceExhaustedError } from '@tensorgraph/errors';

/** WebAssembly page size in bytes. */
export const PAGE_BYTES = 65536;
/** Every block starts and ends on this boundary (SIMD loads, any typed array). */
const ALIGN = 16;

const roundUp = (bytes: number) => (Math.max(bytes, 1) + ALIGN - 1) & ~(ALIGN - 1);

/** Index of the first entry of sorted `starts` that is >= `at`. */
function lowerBound(starts: readonly number[], at: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] as number) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Blocks of one WebAssembly memory, from `start` up: best fit over a free list kept in
 * address order, neighbours coalesced on free, the memory grown by whole pages when no free
 * block fits. The memory never shrinks, so freed space is only ever reused. Tensors and the
 * kernels' per-call scratch both come from here, so scratch never lands on a live tensor.
 */
export class WasmHeap {
  readonly #memory: WebAssembly.Memory;
  readonly #maxPages: number;
  /** End of the highest block ever handed out; above it the memory is untouched. */
  #top: number;
  /** Free blocks below `#top`, by address (parallel arrays). */
  readonly #freeStart: number[] = [];
  readonly #freeSize: number[] = [];
  /** Live blocks, by address, and their sizes. */
  readonly #liveStart: number[] = [];
  readonly #liveSize = new Map<number, number>();
  #liveBytes = 0;
  /** Called after every grow (the memory hands out a new buffer object). */
  onGrow: (() => void) | null = null;

  constructor(memory: WebAssembly.Memory, start: number, maxPages: number) {
    this.#memory = memory;
    this.#maxPages = maxPages;
    this.#top = roundUp(start);
  }

  /** Bytes of live blocks. */
  get liveBytes(): number {
    return this.#liveBytes;
  }

  /** Bytes of free blocks below the top (held for reuse). */
  get freeBytes(): number {
    return this.#freeSize.reduce((a, b) => a + b, 0);
  }

  /** Live blocks now. */
  get liveBlocks(): number {
    return this.#liveStart.length;
  }

  /** The address of a new block of at least `bytes` bytes (16-byte aligned). */
  alloc(bytes: number): number {
    const size = roundUp(bytes);
    let best = -1;
    const sizes = this.#freeSize;
    for (let i = 0; i < sizes.length; i++) {
      const s = sizes[i] as number;
      if (s >= size && (best < 0 || s < (sizes[best] as number))) {
        best = i;
        if (s === size) break;
      }
    }
    let at: number;
    if (best >= 0) {
      at = this.#freeStart[best] as number;
      const rest = (sizes[best] as number) - size;
      if (rest > 0) {
        this.#freeStart[best] = at + size;
        sizes[best] = rest;
      } else {
        this.#freeStart.splice(best, 1);
        sizes.splice(best, 1);
      }
    } else {
      // A free block ending at the top grows into the new space instead of being stranded.
      const last = this.#freeStart.length - 1;
      const tail =
        last >= 0 && (this.#freeStart[last] as number) + (sizes[last] as number) === this.#top
          ? last
          : -1;
      at = tail >= 0 ? (this.#freeStart[tail] as number) : this.#top;
      this.#ensure(at + size, bytes);
      if (tail >= 0) {
        this.#freeStart.pop();
        sizes.pop();
      }
      this.#top = at + size;
    }
    const li = lowerBound(this.#liveStart, at);
    this.#liveStart.splice(li, 0, at);
    this.#liveSize.set(at, size);
    this.#liveBytes += size;
    return at;
  }

  /** Returns a block `alloc` gave; anything else (or a second free) is an internal error. */
  free(at: number): void {
    const size = this.#liveSize.get(at);
    if (size === undefined) {
      throw new InternalError(null, null, `WebAssembly heap: ${at} is not a live block`);
    }
    this.#liveSize.delete(at);
    this.#liveStart.splice(lowerBound(this.#liveStart, at), 1);
    this.#liveBytes -= size;
    const starts = this.#freeStart;
    const sizes = this.#freeSize;
    const i = lowerBound(starts, at);
    let start = at;
    let end = at + size;
    let from = i;
    let to = i;
    const prev = i - 1;
    if (prev >= 0 && (starts[prev] as number) + (sizes[prev] as number) === start) {
      start = starts[prev] as number;
      from = prev;
    }
    if (i < starts.length && starts[i] === end) {
      end += sizes[i] as number;
      to = i + 1;
    }
    starts.splice(from, to - from, start);
    sizes.splice(from, to - from, end - start);
  }

  /** Size of the live block at `at` (as rounded up), or 0. */
  sizeOf(at: number): number {
    return this.#liveSize.get(at) ?? 0;
  }

  /** Start of the live block holding byte `address`, or -1. */
  blockAt(address: number): number {
    const starts = this.#liveStart;
    // The last block starting at or before the address.
    const i = lowerBound(starts, address + 1) - 1;
    if (i < 0) return -1;
    const at = starts[i] as number;
    return address < at + (this.#liveSize.get(at) as number) ? at : -1;
  }

  #ensure(end: number, asked: number): void {
    const have = this.#memory.buffer.byteLength;
    if (end <= have) return;
    const pages = Math.ceil((end - have) / PAGE_BYTES);
    if (have / PAGE_BYTES + pages > this.#maxPages) {
      throw new ResourceExhaustedError(
        null,
        null,
        `CPU kernel needs ${asked} bytes of WebAssembly memory, over its ${(this.#maxPages * PAGE_BYTES) / 2 ** 30} GiB limit (${this.#liveBytes} bytes live)`,
      );
    }
    this.#memory.grow(pages);
    this.onGrow?.();
  }
}
