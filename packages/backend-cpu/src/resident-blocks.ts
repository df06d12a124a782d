import { ResourceExhaustedError } from '@tensorgraph/errors';
import type { DeviceTensor, NDArray } from '@tensorgraph/core';
import type { WasmRuntime } from './wasm/runtime.js';

/** One heap block holding tensors of a device. */
interface Block {
  readonly at: number;
  /**
   * Tensors made over it and not freed yet (held weakly: a tensor nobody frees must not
   * keep its arrays from the garbage collector); null once too many to track.
   */
  sharers: WeakSet<DeviceTensor<NDArray>> | null;
  sharerCount: number;
  /** Arrays over it registered with the garbage-collection safety net and not collected. */
  arrays: number;
  released: boolean;
}

/** Most live tensors tracked over one block; a block shared more waits for the GC. */
const MAX_SHARERS = 8;

/**
 * A CPU device's tensors that live in WebAssembly memory (see `WasmRuntime.resident`), so
 * the kernels read and write them in place. A block goes back to the heap when every tensor
 * made over it is freed (the device's `free`, as for pooled buffers), or, as a safety net
 * for values the session keeps without freeing (variables, lists, folded constants), when
 * every array over it that the device saw has been garbage-collected. `releaseAll` (device
 * dispose) gives everything back.
 */
export class ResidentBlocks {
  readonly #rt: WasmRuntime;
  /** Live blocks by address. */
  readonly #blocks = new Map<number, Block>();
  /** Arrays already counted in their block's `arrays`. */
  readonly #registered = new WeakSet<object>();
  readonly #registry = new FinalizationRegistry<Block>((b) => this.#collected(b));
  #bytes = 0;
  /** Blocks given back by the garbage-collection safety net (a leak counter for tests). */
  collected = 0;

  constructor(rt: WasmRuntime) {
    this.#rt = rt;
  }

  /** Bytes of live blocks. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Live blocks. */
  get count(): number {
    return this.#blocks.size;
  }

  /**
   * A new block of `bytes`; returns its address (the caller views it, then calls `track`),
   * or -1 when the memory is at its limit (the tensor then lives in a plain buffer).
   */
  allocate(bytes: number): number {
    let at: number;
    try {
      at = this.#rt.heap.alloc(bytes);
    } catch (e) {
      if (e instanceof ResourceExhaustedError) return -1;
      throw e;
    }
    this.#blocks.set(at, {
      at,
      sharers: new WeakSet(),
      sharerCount: 0,
      arrays: 0,
      released: false,
    });
    this.#bytes += this.#rt.heap.sizeOf(at);
    return at;
  }

  /** Whether `data` lives in WebAssembly memory at all (any device's, or scratch). */
  resident(data: ArrayBufferView): boolean {
    return this.#rt.addressOf(data) >= 0;
  }

  /**
   * Records tensor `t` over a block of this device (a new tensor, a view, a pass-through);
   * false when its data is in no block of this device.
   */
  track(t: DeviceTensor<NDArray>): boolean {
    const data = t.handle.data as ArrayBufferView;
    const address = this.#rt.addressOf(data);
    if (address < 0) return false;
    const block = this.#blocks.get(this.#rt.heap.blockAt(address));
    if (block === undefined) return false;
    if (!this.#registered.has(data)) {
      this.#registered.add(data);
      block.arrays++;
      this.#registry.register(data, block, block);
    }
    // A value re-wrapped every step without being freed (a variable's) would grow the list:
    // past a few, only the garbage collector gives the block back.
    if (block.sharers !== null && block.sharerCount < MAX_SHARERS) {
      if (!block.sharers.has(t)) {
        block.sharers.add(t);
        block.sharerCount++;
      }
    } else {
      block.sharers = null;
    }
    return true;
  }

  /**
   * Forgets tensor `t`; its block goes back to the heap when it was the last tensor over it.
   * False when `t` is over no block of this device.
   */
  free(t: DeviceTensor<NDArray>): boolean {
    const address = this.#rt.addressOf(t.handle.data as ArrayBufferView);
    if (address < 0) return false;
    const block = this.#blocks.get(this.#rt.heap.blockAt(address));
    if (block === undefined) return false;
    // Removed on the first free: a second free of the same tensor changes nothing.
    if (block.sharers?.delete(t) !== true) return true;
    if (--block.sharerCount === 0) this.#release(block);
    return true;
  }

  #collected(block: Block): void {
    if (--block.arrays > 0 || block.released) return;
    this.collected++;
    this.#release(block);
  }

  #release(block: Block): void {
    if (block.released) return;
    block.released = true;
    this.#registry.unregister(block);
    this.#blocks.delete(block.at);
    this.#bytes -= this.#rt.heap.sizeOf(block.at);
    this.#rt.heap.free(block.at);
  }

  /** Gives every block back (the device is disposed: nothing may read them any more). */
  releaseAll(): void {
    for (const block of [...this.#blocks.values()]) this.#release(block);
  }
}
