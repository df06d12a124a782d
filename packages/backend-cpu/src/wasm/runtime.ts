import {
  MAX_PAGES,
  PLAIN_LOCAL,
  PLAIN_SHARED,
  RELAXED_LOCAL,
  RELAXED_SHARED,
} from './generated/binary.js';
import { hardwareThreads, wasmBytes, wasmFeatures } from './features.js';
import { WorkerPool } from './pool.js';
import { PAGE_BYTES, WasmHeap } from './wasm-heap.js';

/** The kernels' exports (addresses and sizes are i32). */
interface KernelExports {
  pack_b(
    b: number,
    ldb: number,
    tr: number,
    k: number,
    n: number,
    chunk: number,
    kc: number,
    out: number,
  ): void;
  gemm_rows(p: number, m0: number, m1: number, scratch: number): void;
  gemm_cols(p: number, n0: number, n1: number, scratch: number): void;
  depthwise_rows(p: number, r0: number, r1: number): void;
  pool_rows(p: number, r0: number, r1: number): void;
  gemm_scratch_bytes(kc: number): number;
  pack_b_bytes(k: number, n: number): number;
  add_rows: BinaryRows;
  sub_rows: BinaryRows;
  mul_rows: BinaryRows;
  div_rows: BinaryRows;
  relu_inplace(p: number, n: number): void;
  relu6_inplace(p: number, n: number): void;
}

/** A float32 binary op over rows (wasm/src/kernels.ts binaryRows). */
type BinaryRows = (
  out: number,
  x: number,
  xr: number,
  xs: number,
  y: number,
  yr: number,
  ys: number,
  rows: number,
  c: number,
) => void;

/** Index of a sliceable function in the workers' table (worker-source.ts). */
export const GEMM_ROWS = 0;
export const DEPTHWISE_ROWS = 1;
export const POOL_ROWS = 2;
export const GEMM_COLS = 3;

/** The first page is left alone (address 0 stays invalid); allocations start here. */
const HEAP_START = PAGE_BYTES;
/**
 * Work (in flops) below which a kernel runs on the calling thread only (~15 us of GEMM):
 * a dispatch to polling workers costs a few us (MobileNetV2 at 2 threads measured 0.5-0.8 ms
 * faster with this than with 2 MFLOP, which dates from when every dispatch woke a worker).
 */
export const MIN_PARALLEL_FLOPS = 500_000;
/**
 * Chunks a parallel kernel is cut into per thread: more than one, so that a thread that
 * starts late or loses its core takes fewer; not many, since every chunk of a GEMM
 * streams its share of packed B again (and, split by columns, packs all of A again).
 */
const CHUNKS_PER_THREAD = 2;
/** Work (in flops) below which a kernel is not cut into more chunks than threads. */
const MIN_CHUNK_FLOPS = 500_000;
/** Most workers one process starts (a session asking for more threads gets this many). */
const MAX_WORKERS = 63;

/**
 * The WebAssembly kernels of this process: one module instance over one memory (shared
 * when threads are available) and a worker pool started on demand. Kernels run one at a
 * time on the calling thread. An operand that lives in the memory already (a tensor the
 * CPU device allocated there, see `resident`) is read at its address; any other is copied
 * in at an `alloc`ed address, and everything `alloc`ed is released by `reset`.
 */
export class WasmRuntime {
  readonly memory: WebAssembly.Memory;
  readonly exports: KernelExports;
  readonly relaxed: boolean;
  readonly #module: WebAssembly.Module;
  #pool: WorkerPool | null = null;
  #poolUsers = 0;
  /** Tensors, cached constants and per-call scratch, all in `memory`. */
  readonly heap: WasmHeap;
  /** Scratch blocks `alloc`ed since the last `reset`. */
  readonly #scratch: number[] = [];
  /** Every buffer object the memory has handed out: views over any of them are resident. */
  readonly #buffers = new WeakSet<ArrayBufferLike>();
  #buffer: ArrayBufferLike;
  /**
   * Whether tensors may live in the memory: only a shared memory keeps old views valid when
   * it grows (an unshared one detaches them).
   */
  readonly resident: boolean;
  /** Slices the last `parallel` call ran in (1: the calling thread alone). */
  lastParts = 1;

  private constructor(relaxed: boolean, shared: boolean) {
    const bytes = wasmBytes(
      shared ? (relaxed ? RELAXED_SHARED : PLAIN_SHARED) : relaxed ? RELAXED_LOCAL : PLAIN_LOCAL,
    );
    this.relaxed = relaxed;
    this.#module = new WebAssembly.Module(bytes);
    this.memory = new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES, shared });
    const instance = new WebAssembly.Instance(this.#module, { env: { memory: this.memory } });
    this.exports = instance.exports as unknown as KernelExports;
    this.resident = shared;
    this.#buffer = this.memory.buffer;
    this.#buffers.add(this.#buffer);
    this.heap = new WasmHeap(this.memory, HEAP_START, MAX_PAGES);
    this.heap.onGrow = () => {
      this.#buffer = this.memory.buffer;
      this.#buffers.add(this.#buffer);
    };
  }

  static #instance: WasmRuntime | null | undefined;

  /** The process's runtime, or null where WebAssembly SIMD is missing. */
  static get(): WasmRuntime | null {
    if (WasmRuntime.#instance === undefined) {
      const f = wasmFeatures();
      try {
        WasmRuntime.#instance = f.simd ? new WasmRuntime(f.relaxed, f.threads) : null;
      } catch {
        // No room for the memory (a 32-bit browser, say): the typed-array kernels run.
        WasmRuntime.#instance = null;
      }
    }
    return WasmRuntime.#instance;
  }

  /** Whether slices can go to worker threads at all. */
  get threaded(): boolean {
    return wasmFeatures().threads;
  }

  /** Registers a user of the pool (a CPU device); the pool stops when the last one leaves. */
  retainPool(): void {
    this.#poolUsers++;
  }

  releasePool(): void {
    this.#poolUsers = Math.max(0, this.#poolUsers - 1);
    if (this.#poolUsers === 0 && this.#pool !== null) {
      this.#pool.dispose();
      this.#pool = null;
    }
  }

  #poolFor(threads: number): WorkerPool | null {
    if (threads <= 1 || !this.threaded) return null;
    if (this.#pool === null) {
      this.#pool = new WorkerPool(this.#module, this.memory, MAX_WORKERS);
    }
    this.#pool.ensure(threads - 1);
    return this.#pool;
  }

  /** Starts the workers for `threads` and resolves once they can take work. */
  async warmUp(threads: number): Promise<boolean> {
    const pool = this.#poolFor(threads);
    return pool === null ? threads <= 1 : pool.whenReady(threads - 1);
  }

  /** `bytes` of memory (16-byte aligned) until the next reset; grows the memory. */
  alloc(bytes: number): number {
    const at = this.heap.alloc(bytes);
    this.#scratch.push(at);
    return at;
  }

  /** The current buffer of the memory (a new object after each grow). */
  get buffer(): ArrayBufferLike {
    return this.#buffer;
  }

  /** The address of `values` when they live in the memory (a resident tensor), else -1. */
  addressOf(values: ArrayBufferView): number {
    return this.#buffers.has(values.buffer) ? values.byteOffset : -1;
  }

  /** Bytes copied in by `put` and out by `result` copies (a profile's counter). */
  copiedBytes = 0;

  /** Copies `values` in; returns their address. */
  put(values: Float32Array): number {
    const at = this.alloc(values.length * 4);
    this.f32().set(values, at >> 2);
    this.copiedBytes += values.length * 4;
    return at;
  }

  /** The address of `values`: where they live when resident, else a copy's. */
  operand(values: Float32Array): number {
    const at = this.addressOf(values);
    return at >= 0 ? at : this.put(values);
  }

  /** A copy of `count` floats at `at`. */
  take(at: number, count: number): Float32Array {
    this.copiedBytes += count * 4;
    return this.f32().slice(at >> 2, (at >> 2) + count);
  }

  /** Writes i32 parameters into a fresh block; returns its address. */
  params(values: readonly number[]): number {
    const at = this.alloc(values.length * 4);
    new Int32Array(this.#buffer, at, values.length).set(values);
    return at;
  }

  /** A view of the whole memory (made fresh: the memory may have grown). */
  f32(): Float32Array {
    return new Float32Array(this.#buffer);
  }

  /** Releases everything allocated since the last reset. */
  reset(): void {
    const scratch = this.#scratch;
    for (let i = scratch.length - 1; i >= 0; i--) this.heap.free(scratch[i] as number);
    scratch.length = 0;
  }

  /**
   * Runs `fn(params, start, end, scratch)` over [0, total), split at multiples of `unit`
   * into chunks that up to `threads` threads take in turn when `flops` is worth it; each
   * thread gets its own `scratchBytes`. The split never changes what one output element
   * computes, so neither does which thread runs which chunk.
   */
  parallel(
    fn: number,
    params: number,
    total: number,
    unit: number,
    flops: number,
    threads: number,
    scratchBytes: number,
  ): void {
    const pool = flops >= MIN_PARALLEL_FLOPS ? this.#poolFor(threads) : null;
    const units = Math.ceil(total / unit);
    const parts = pool === null ? 1 : Math.max(1, Math.min(threads, pool.ready() + 1, units));
    this.lastParts = parts;
    const stride = (scratchBytes + 15) & ~15;
    const scratch = this.alloc(stride * parts);
    const call = (start: number, end: number, at: number) => {
      if (fn === GEMM_ROWS) this.exports.gemm_rows(params, start, end, at);
      else if (fn === GEMM_COLS) this.exports.gemm_cols(params, start, end, at);
      else if (fn === DEPTHWISE_ROWS) this.exports.depthwise_rows(params, start, end);
      else this.exports.pool_rows(params, start, end);
    };
    if (parts === 1 || pool === null) {
      call(0, total, scratch);
      return;
    }
    // Several chunks per thread, so that a thread that starts late or runs slow takes
    // fewer, but none too small to be worth its own pass.
    const chunks = Math.max(
      parts,
      Math.min(units, parts * CHUNKS_PER_THREAD, Math.floor(flops / MIN_CHUNK_FLOPS)),
    );
    const job = { fn, params, total, unit, chunks, scratch, scratchStride: stride };
    pool.run(job, parts - 1, call);
  }
}

/** The thread count a session asked for: ConfigProto.intraOpParallelismThreads, 0 = cores. */
export function intraOpThreads(config: Readonly<Record<string, unknown>> | undefined): number {
  const asked = Number(config?.intraOpParallelismThreads ?? 0);
  return Number.isFinite(asked) && asked > 0 ? Math.floor(asked) : hardwareThreads();
}
