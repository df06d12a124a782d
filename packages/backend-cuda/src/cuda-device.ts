import { InternalError, InvalidArgumentError, ResourceExhaustedError } from '@tensorgraph/errors';
import {
  NDArray,
  allocateStorage,
  type DType,
  type Device,
  type DeviceAttributes,
  type DeviceTensor,
} from '@tensorgraph/core';
import type { NativeAddon } from './addon.js';
import { CudaBuffer, type CudaHandle } from './cuda-buffer.js';
import { dtypeSize, inDeviceMemory } from './dtypes.js';
import { isHostHeld, type HostHeldHandle } from './host-held.js';
import { shapeString, sizeOf } from './shapes.js';

/** A GPU tensor's handle: a view of device memory, or a value kept in host memory. */
export type GpuHandle = CudaHandle | HostHeldHandle;
/** A tensor in the device's memory. */
export type CudaTensor = DeviceTensor<CudaHandle>;
/** Any tensor of the GPU device, in device or (for dtypes without kernels) host memory. */
export type GpuTensor = DeviceTensor<GpuHandle>;

/** What `createDevices` found out about one device. */
export interface CudaDeviceInit {
  readonly attributes: DeviceAttributes;
  readonly addon: NativeAddon;
  readonly ordinal: number;
  readonly memoryLimitBytes: number;
  readonly emulated: boolean;
  /** Whether MatMul may use cuBLAS when it loads (default true). */
  readonly allowCublas?: boolean;
}

/** An error thrown by the addon, with the CUDA error name it carries. */
interface NativeError extends Error {
  cudaError?: string;
  code?: string;
  bytes?: number;
}

/**
 * One CUDA device: a stream, a caching allocator and pinned staging memory on the native
 * side. Kernels enqueue on the stream and return; only `download` (a fetch) and
 * `synchronize` wait, off the JS thread.
 */
export class CudaDevice implements Device<GpuHandle> {
  readonly attributes: DeviceAttributes;
  readonly addon: NativeAddon;
  readonly ordinal: number;
  readonly emulated: boolean;
  /** Whether MatMul may use cuBLAS (when it can be loaded). */
  readonly allowCublas: boolean;
  /** The native device id, or 0 once disposed. */
  #id: number;
  readonly #registry: FinalizationRegistry<CudaBuffer>;
  readonly #buffers = new Set<CudaBuffer>();
  #cublas: boolean | undefined;

  constructor(init: CudaDeviceInit) {
    this.attributes = init.attributes;
    this.addon = init.addon;
    this.ordinal = init.ordinal;
    this.emulated = init.emulated;
    this.allowCublas = init.allowCublas !== false;
    this.#id = this.#native(() =>
      init.addon.open(init.emulated ? -1 : init.ordinal, init.memoryLimitBytes, init.emulated),
    );
    // The executor keeps no free list: views nobody references go back to the cache when
    // collected. Stream order makes reuse safe, as everything runs on the one stream.
    this.#registry = new FinalizationRegistry((buffer) => buffer.release());
  }

  /** The native id, checked open. */
  get id(): number {
    this.#checkOpen();
    return this.#id;
  }

  #checkOpen(): void {
    if (this.#id === 0) {
      throw new InternalError(null, null, `Device ${this.attributes.name} has been disposed`);
    }
  }

  get disposed(): boolean {
    return this.#id === 0;
  }

  /** Whether MatMul uses cuBLAS (found with dlopen at first use). */
  get hasCublas(): boolean {
    this.#cublas ??= this.#native(() => this.addon.hasCublas(this.id));
    return this.#cublas;
  }

  memoryStats(): { inUse: number; cached: number; limit: number; peak: number } {
    return this.addon.memoryStats(this.id);
  }

  allocate(dtype: DType, shape: readonly number[]): GpuTensor {
    if (!inDeviceMemory(dtype)) {
      return this.hostView(new NDArray(dtype, shape, allocateStorage(dtype, sizeOf(shape))));
    }
    const bytes = sizeOf(shape) * dtypeSize(dtype, this.attributes.name);
    const id = this.id;
    let address: bigint;
    try {
      address = this.addon.alloc(id, bytes);
    } catch (e) {
      const err = e as NativeError;
      if (err.code === 'RESOURCE_EXHAUSTED') {
        throw new ResourceExhaustedError(
          null,
          null,
          `OOM when allocating tensor with shape${shapeString(shape)} and type ${dtype} (${bytes} bytes) on ${this.attributes.name} by allocator GPU_${this.ordinal}_caching`,
        );
      }
      throw this.#internal(err);
    }
    const buffer = new CudaBuffer(address, bytes, (a) => {
      this.#buffers.delete(buffer);
      if (this.#id !== 0) this.addon.free(this.#id, a);
    });
    this.#buffers.add(buffer);
    return this.view(buffer, dtype, shape, false);
  }

  /** A tensor over `buffer` (retained when `share`), freed by `free` or by the collector. */
  view(buffer: CudaBuffer, dtype: DType, shape: readonly number[], share: boolean): CudaTensor {
    if (share) buffer.retain();
    const handle: CudaHandle = { buffer, freed: false };
    const tensor: CudaTensor = Object.freeze({
      dtype,
      shape: Object.freeze([...shape]),
      device: this.attributes.name,
      handle,
    });
    this.#registry.register(tensor, buffer, handle);
    return tensor;
  }

  /**
   * A tensor of this device over a host value (no copy: tensors are never written after
   * they are made, as on the CPU device), for dtypes GPU memory does not hold.
   */
  hostView(value: NDArray, shape: readonly number[] = value.shape): GpuTensor {
    this.#checkOpen();
    const host = shape === value.shape ? value : new NDArray(value.dtype, shape, value.data);
    const handle: HostHeldHandle = { host, freed: false };
    return Object.freeze({
      dtype: value.dtype,
      shape: Object.freeze([...shape]),
      device: this.attributes.name,
      handle,
    });
  }

  upload(value: NDArray): GpuTensor {
    if (!inDeviceMemory(value.dtype)) return this.hostView(value);
    const tensor = this.allocate(value.dtype, value.shape) as CudaTensor;
    const data = value.data as ArrayBufferView;
    if (data.byteLength > 0) {
      this.#native(() => this.addon.upload(this.id, tensor.handle.buffer.address, data));
    }
    return tensor;
  }

  async download(tensor: DeviceTensor<GpuHandle>): Promise<NDArray> {
    // A host-memory output of a GPU kernel routed on by control flow (a Switch predicate).
    if ((tensor as unknown) instanceof NDArray) return tensor as unknown as NDArray;
    this.#checkOwned(tensor, 'download');
    if (isHostHeld(tensor.handle)) return tensor.handle.host;
    const bytes = sizeOf(tensor.shape) * dtypeSize(tensor.dtype, this.attributes.name);
    const storage = allocateStorage(tensor.dtype, sizeOf(tensor.shape)) as ArrayBufferView;
    if (bytes > 0) {
      let raw: ArrayBuffer;
      try {
        raw = await this.addon.download(this.id, tensor.handle.buffer.address, bytes);
      } catch (e) {
        throw this.#internal(e as NativeError);
      }
      new Uint8Array(storage.buffer, storage.byteOffset, bytes).set(new Uint8Array(raw));
    }
    return new NDArray(tensor.dtype, tensor.shape, storage as never);
  }

  free(tensor: DeviceTensor<GpuHandle>): void {
    if (tensor.device !== this.attributes.name) {
      throw new InvalidArgumentError(
        null,
        null,
        `Cannot free a tensor of ${tensor.device} on ${this.attributes.name}`,
      );
    }
    const handle = tensor.handle;
    if (handle.freed) return;
    handle.freed = true;
    if (isHostHeld(handle)) return;
    this.#registry.unregister(handle);
    handle.buffer.release();
  }

  async synchronize(): Promise<void> {
    if (this.#id === 0) return;
    try {
      await this.addon.synchronize(this.#id);
    } catch (e) {
      throw this.#internal(e as NativeError);
    }
  }

  async dispose(): Promise<void> {
    if (this.#id === 0) return;
    const id = this.#id;
    // Let enqueued work finish (a lost device rejects here; closing still goes ahead).
    await this.addon.synchronize(id).catch(() => undefined);
    this.#id = 0;
    this.#buffers.clear();
    this.addon.close(id);
  }

  /** Runs an addon call, turning a CUDA failure into TF's InternalError with its name. */
  run(what: string, call: (id: number) => void): void {
    const id = this.id;
    try {
      call(id);
    } catch (e) {
      const err = e as NativeError;
      if (err instanceof TypeError || err instanceof RangeError) {
        throw new InternalError(null, null, `${what}: ${err.message}`);
      }
      throw this.#internal(err, what);
    }
  }

  #native<T>(call: () => T): T {
    try {
      return call();
    } catch (e) {
      throw this.#internal(e as NativeError);
    }
  }

  #internal(err: NativeError, what?: string): InternalError {
    const name = err.cudaError !== undefined ? `${err.cudaError}: ` : '';
    const prefix = what === undefined ? '' : `${what} on ${this.attributes.name}: `;
    return new InternalError(null, null, `${prefix}${name}${err.message}`);
  }

  #checkOwned(tensor: DeviceTensor<GpuHandle>, what: string): void {
    const handle = tensor.handle as GpuHandle | undefined;
    if (
      tensor.device !== this.attributes.name ||
      handle === undefined ||
      handle.freed ||
      (!isHostHeld(handle) && !handle.buffer.live)
    ) {
      throw new InternalError(
        null,
        null,
        `Cannot ${what} a tensor that ${this.attributes.name} does not hold (freed, or another device's)`,
      );
    }
  }
}
