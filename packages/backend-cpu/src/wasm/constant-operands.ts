import type { WasmHeap } from './wasm-heap.js';

/** The blocks derived from one constant array, by what they hold (a packing's parameters). */
interface Entry {
  readonly blocks: Map<string, number>;
  released: boolean;
}

/** The device cache each constant array was last marked in. */
const OWNER = new WeakMap<Float32Array, ConstantOperands>();

/**
 * Work a kernel derives from a constant operand (a Const's value, a folded constant) kept
 * in WebAssembly memory across steps: a filter packed for the GEMM tiles, a plain copy. An
 * array is cached only after `mark` (the session said the input holds the same value every
 * step, `KernelContext.inputIsConstant`); a variable's value never is. Entries are keyed
 * weakly by the array: its blocks go back to the heap when it is collected, or when the
 * device that owns the cache is disposed.
 */
export class ConstantOperands {
  readonly #heap: WasmHeap;
  readonly #entries = new WeakMap<Float32Array, Entry>();
  readonly #live = new Set<Entry>();
  readonly #registry = new FinalizationRegistry<Entry>((e) => this.#release(e));
  #bytes = 0;
  #disposed = false;
  /** Lookups that found their block, and ones that had to fill a new one. */
  hits = 0;
  misses = 0;

  constructor(heap: WasmHeap) {
    this.#heap = heap;
  }

  /** Bytes of WebAssembly memory the cache holds. */
  get bytes(): number {
    return this.#bytes;
  }

  /** `values` hold the same numbers every step: work derived from them may be kept. */
  mark(values: Float32Array): void {
    if (!this.#disposed && OWNER.get(values) !== this) OWNER.set(values, this);
  }

  /**
   * The address of the block `key` derived from `values` (`bytes` long, written by `fill`
   * the first time), or -1 when `values` are not a marked constant of a live cache.
   */
  static lookup(
    values: Float32Array,
    key: string,
    bytes: number,
    fill: (at: number) => void,
  ): number {
    const cache = OWNER.get(values);
    return cache === undefined || cache.#disposed ? -1 : cache.#get(values, key, bytes, fill);
  }

  #get(values: Float32Array, key: string, bytes: number, fill: (at: number) => void): number {
    let entry = this.#entries.get(values);
    const found = entry?.blocks.get(key);
    if (found !== undefined) {
      this.hits++;
      return found;
    }
    if (entry === undefined) {
      entry = { blocks: new Map(), released: false };
      this.#entries.set(values, entry);
      this.#live.add(entry);
      this.#registry.register(values, entry, entry);
    }
    const at = this.#heap.alloc(bytes);
    try {
      fill(at);
    } catch (e) {
      this.#heap.free(at);
      throw e;
    }
    entry.blocks.set(key, at);
    this.#bytes += this.#heap.sizeOf(at);
    this.misses++;
    return at;
  }

  #release(entry: Entry): void {
    if (entry.released) return;
    entry.released = true;
    for (const at of entry.blocks.values()) {
      this.#bytes -= this.#heap.sizeOf(at);
      this.#heap.free(at);
    }
    entry.blocks.clear();
    this.#live.delete(entry);
  }

  /** Gives every block back; later lookups find nothing (the device is gone). */
  dispose(): void {
    this.#disposed = true;
    for (const entry of [...this.#live]) {
      this.#registry.unregister(entry);
      this.#release(entry);
    }
  }
}
