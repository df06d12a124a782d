import { InternalError } from '@tensorgraph/errors';
import {
  allocateStorage,
  NDArray,
  storageOf,
  type DataFor,
  type DType,
  type Device,
  type DeviceAttributes,
  type DeviceTensor,
} from '@tensorgraph/core';
import { BufferPool, POOL_MIN_BYTES } from './buffer-pool.js';
import { readRef } from './kernels/state/ref-variables.js';
import { ResidentBlocks } from './resident-blocks.js';
import { ConstantOperands } from './wasm/constant-operands.js';
import { hardwareThreads } from './wasm/features.js';
import { WasmRuntime } from './wasm/runtime.js';

/** How a CPU device runs its hot kernels. */
export interface CpuDeviceOptions {
  /** Threads one kernel may use (ConfigProto.intraOpParallelismThreads); default: cores. */
  readonly intraOpThreads?: number;
  /** Use the WebAssembly SIMD kernels where the runtime has them (default true). */
  readonly wasm?: boolean;
  /** Most bytes of freed tensor buffers kept for reuse (default 64 MiB; 0: no reuse). */
  readonly poolBytes?: number;
}

/** Default cap of the freed-buffer pool. */
const POOL_BYTES = 64 * 1024 * 1024;
/** Most live tensors tracked over one buffer; a buffer shared more is never recycled. */
const MAX_SHARERS = 8;

/**
 * The CPU device: a tensor is an `NDArray` in host memory, so upload and download cost
 * nothing. Kernels never write into their inputs except through `forwardInputOrAllocate`,
 * which is what makes sharing safe.
 *
 * `free` recycles a buffer only when the device can prove nothing else holds it: the
 * buffer came from `allocate`, and every tensor made over it has been freed (every kernel
 * output passes through `wrap`, which is where views and pass-throughs show up; one the
 * session keeps is never freed, so its buffer is never recycled). A step's tensors are
 * freed by the session after their last reader; fetched values are copied out first.
 *
 * Where the WebAssembly memory is shared (threads available), float32 tensors of at least
 * POOL_MIN_BYTES live in it (`ResidentBlocks`), so the kernels read and write them in
 * place, with the same free rules plus a garbage-collection safety net for tensors nobody
 * frees; work derived from constant operands is cached there too (`ConstantOperands`).
 */
export class CpuDevice implements Device<NDArray> {
  readonly attributes: DeviceAttributes;
  /** Threads one kernel may split its work over. */
  readonly intraOpThreads: number;
  #disposed = false;
  #wasm: WasmRuntime | null | undefined;
  /** Freed buffers for `allocate`; null when reuse is off. */
  readonly #pool: BufferPool | null;
  /** Buffers `allocate` made, to the tensors over each that are not freed yet. */
  readonly #owners = new WeakMap<ArrayBufferLike, DeviceTensor<NDArray>[]>();
  /** Tensors in WebAssembly memory, and the constant-operand cache; made with the runtime. */
  #resident: ResidentBlocks | null = null;
  #constants: ConstantOperands | null = null;

  constructor(attributes: DeviceAttributes, options: CpuDeviceOptions = {}) {
    this.attributes = attributes;
    this.intraOpThreads = options.intraOpThreads ?? hardwareThreads();
    if (options.wasm === false) this.#wasm = null;
    const cap = options.poolBytes ?? POOL_BYTES;
    this.#pool = cap > 0 ? new BufferPool(cap) : null;
  }

  /** Bytes of freed buffers held for reuse. */
  get pooledBytes(): number {
    return this.#pool?.bytes ?? 0;
  }

  /** The WebAssembly kernels, or null (no SIMD, or turned off): typed-array kernels run. */
  get wasm(): WasmRuntime | null {
    if (this.#wasm === undefined) {
      const rt = WasmRuntime.get();
      this.#wasm = rt;
      if (rt !== null && !this.#disposed) {
        rt.retainPool();
        this.#constants = new ConstantOperands(rt.heap);
        // With reuse off (poolBytes 0) tensors stay plain arrays, as the cap asks.
        if (rt.resident && this.#pool !== null) this.#resident = new ResidentBlocks(rt);
      }
    }
    return this.#wasm;
  }

  /** Tensors in WebAssembly memory (null: none are, the kernels copy operands in and out). */
  get resident(): ResidentBlocks | null {
    if (this.#wasm === undefined) void this.wasm;
    return this.#resident;
  }

  /** The cache of work derived from constant operands (null without WebAssembly). */
  get constants(): ConstantOperands | null {
    if (this.#wasm === undefined) void this.wasm;
    return this.#constants;
  }

  /** An uninitialised tensor: a recycled buffer may hold an earlier tensor's values. */
  allocate(dtype: DType, shape: readonly number[]): DeviceTensor<NDArray> {
    const size = shape.reduce((a, b) => a * b, 1);
    const { arrayType, slotsPerElement } = storageOf(dtype);
    const pool = this.#pool;
    if (pool === null || arrayType === null) {
      return this.wrap(new NDArray(dtype, shape, allocateStorage(dtype, size)));
    }
    const length = size * slotsPerElement;
    const bytes = length * arrayType.BYTES_PER_ELEMENT;
    if (bytes < POOL_MIN_BYTES) {
      return this.wrap(new NDArray(dtype, shape, new arrayType(length) as DataFor<DType>));
    }
    const resident = dtype === 'float32' ? this.resident : null;
    const at = resident?.allocate(bytes) ?? -1;
    if (at >= 0) {
      const data = new Float32Array((this.#wasm as WasmRuntime).buffer, at, length);
      return this.wrap(new NDArray(dtype, shape, data as DataFor<DType>));
    }
    const buffer = pool.take(bytes) ?? new ArrayBuffer(bytes);
    // A pooled buffer may be bigger than asked: the array views its first `length` slots.
    const data = new arrayType(buffer, 0, length) as DataFor<DType>;
    const t = this.wrap(new NDArray(dtype, shape, data));
    this.#owners.set(buffer, [t]);
    return t;
  }

  upload(value: NDArray): DeviceTensor<NDArray> {
    return this.wrap(value);
  }

  /**
   * The tensor's value; a copy when it lives in WebAssembly memory, so that nothing outside
   * the device (another device's upload, a caller's array) holds a view of that memory: some
   * consumers refuse SharedArrayBuffer views, and the block is reused once freed.
   */
  download(tensor: DeviceTensor<NDArray>): NDArray {
    const value = tensor.handle;
    const data = value.data;
    if (this.#resident === null || !ArrayBuffer.isView(data) || !this.#resident.resident(data)) {
      return value;
    }
    return new NDArray(value.dtype, value.shape, (data as Float32Array).slice() as DataFor<DType>);
  }

  /**
   * Gives the tensor's buffer to the pool once every tensor made over a buffer `allocate`
   * made is freed; a buffer other code holds otherwise (never freed) is never pooled.
   */
  free(tensor: DeviceTensor<NDArray>): void {
    const data = tensor.handle.data;
    if (this.#pool === null || !ArrayBuffer.isView(data)) return;
    if (this.#resident?.free(tensor) === true) return;
    const buffer = data.buffer;
    const live = this.#owners.get(buffer);
    // Removed on the first free: a second free of the same tensor changes nothing.
    const at = live?.indexOf(tensor) ?? -1;
    if (live === undefined || at < 0) return;
    live.splice(at, 1);
    if (live.length > 0) return;
    this.#owners.delete(buffer);
    if (!this.#disposed) this.#pool.put(buffer as ArrayBuffer);
  }

  async synchronize(): Promise<void> {}

  async dispose(): Promise<void> {
    if (!this.#disposed) this.#wasm?.releasePool();
    this.#disposed = true;
    this.#pool?.clear();
    this.#resident?.releaseAll();
    this.#constants?.dispose();
  }

  readRef(tensor: DeviceTensor<NDArray>): DeviceTensor<NDArray> {
    const current = readRef(tensor.handle);
    return current === tensor.handle ? tensor : this.wrap(current);
  }

  /** A host value as a tensor of this device (what kernels return as outputs). */
  wrap(value: NDArray): DeviceTensor<NDArray> {
    if (this.#disposed) {
      throw new InternalError(null, null, `Device ${this.attributes.name} has been disposed`);
    }
    const t = {
      dtype: value.dtype,
      shape: value.shape,
      device: this.attributes.name,
      handle: value,
    };
    // Another tensor over an allocated buffer (a view, a pass-through): the buffer waits
    // for its free too. A value re-wrapped every step without being freed (a variable's,
    // read run after run) would grow the list: past a few it is never recycled at all.
    const data = value.data;
    if (this.#resident?.track(t) === true) return t;
    if (ArrayBuffer.isView(data)) {
      const live = this.#owners.get(data.buffer);
      if (live !== undefined && live.length < MAX_SHARERS) live.push(t);
      else if (live !== undefined) this.#owners.delete(data.buffer);
    }
    return t;
  }
}
