import { InternalError } from '@tensorgraph/errors';
import {
  allocateStorage,
  NDArray,
  type DType,
  type Device,
  type DeviceAttributes,
  type DeviceTensor,
} from '@tensorgraph/core';
import { readRef } from './kernels/state/ref-variables.js';
import { hardwareThreads } from './wasm/features.js';
import { WasmRuntime } from './wasm/runtime.js';

/** How a CPU device runs its hot kernels. */
export interface CpuDeviceOptions {
  /** Threads one kernel may use (ConfigProto.intraOpParallelismThreads); default: cores. */
  readonly intraOpThreads?: number;
  /** Use the WebAssembly SIMD kernels where the runtime has them (default true). */
  readonly wasm?: boolean;
}

/**
 * The CPU device: a tensor is an `NDArray` in host memory, so upload and download cost
 * nothing. Kernels never write into their inputs, which is what makes sharing safe.
 */
export class CpuDevice implements Device<NDArray> {
  readonly attributes: DeviceAttributes;
  /** Threads one kernel may split its work over. */
  readonly intraOpThreads: number;
  #disposed = false;
  #wasm: WasmRuntime | null | undefined;

  constructor(attributes: DeviceAttributes, options: CpuDeviceOptions = {}) {
    this.attributes = attributes;
    this.intraOpThreads = options.intraOpThreads ?? hardwareThreads();
    if (options.wasm === false) this.#wasm = null;
  }

  /** The WebAssembly kernels, or null (no SIMD, or turned off): typed-array kernels run. */
  get wasm(): WasmRuntime | null {
    if (this.#wasm === undefined) {
      this.#wasm = WasmRuntime.get();
      this.#wasm?.retainPool();
    }
    return this.#wasm;
  }

  allocate(dtype: DType, shape: readonly number[]): DeviceTensor<NDArray> {
    const size = shape.reduce((a, b) => a * b, 1);
    return this.wrap(new NDArray(dtype, shape, allocateStorage(dtype, size)));
  }

  upload(value: NDArray): DeviceTensor<NDArray> {
    return this.wrap(value);
  }

  download(tensor: DeviceTensor<NDArray>): NDArray {
    return tensor.handle;
  }

  /** Host memory is garbage collected: nothing to free. */
  free(_tensor: DeviceTensor<NDArray>): void {}

  async synchronize(): Promise<void> {}

  async dispose(): Promise<void> {
    if (!this.#disposed) this.#wasm?.releasePool();
    this.#disposed = true;
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
    return { dtype: value.dtype, shape: value.shape, device: this.attributes.name, handle: value };
  }
}
