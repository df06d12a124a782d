import type { DType } from '../dtype/dtype.js';
import type { NDArray } from '../ndarray/ndarray.js';

/**
 * A tensor held by a device. Only its own device looks inside `handle`; everyone else
 * sees a dtype, a shape and the device that owns it.
 */
export interface DeviceTensor<Handle = unknown> {
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** The full name of the owning device. */
  readonly device: string;
  readonly handle: Handle;
}

/** What `Session.listDevices()` reports per device (TF's `DeviceAttributes`). */
export interface DeviceAttributes {
  /** Full TF name: `/job:localhost/replica:0/task:0/device:CPU:0`. */
  readonly name: string;
  /** `CPU`, `GPU`, `WEBGPU`, ... */
  readonly deviceType: string;
  readonly memoryLimitBytes: number;
  /** A random number that changes when the device is re-created. */
  readonly incarnation: bigint;
  readonly physicalDeviceDesc?: string;
}

/**
 * A device owns memory and runs kernels. Methods that may wait on hardware are async;
 * `upload` and `download` may finish synchronously (a CPU device just wraps the array).
 */
export interface Device<Handle = unknown> {
  readonly attributes: DeviceAttributes;
  /** An uninitialised tensor of this shape, owned by this device. */
  allocate(dtype: DType, shape: readonly number[]): DeviceTensor<Handle>;
  /** A device copy of a host value. */
  upload(value: NDArray): DeviceTensor<Handle> | Promise<DeviceTensor<Handle>>;
  /**
   * A host copy of a device tensor, once all work writing it has finished. A device whose
   * memory is host memory may return it synchronously; callers must accept both.
   */
  download(tensor: DeviceTensor<Handle>): NDArray | Promise<NDArray>;
  /** Returns the tensor's memory; the tensor must not be used afterwards. */
  free(tensor: DeviceTensor<Handle>): void;
  /** Resolves when all work enqueued so far has finished. */
  synchronize(): Promise<void>;
  /**
   * For devices that hold TF1 reference variables: the current value behind a ref tensor
   * (a `VariableV2` output), read when a non-ref input consumes it, as TF dereferences refs;
   * TF's `FailedPreconditionError` if the variable is uninitialized. Absent: refs are values.
   */
  readRef?(tensor: DeviceTensor<Handle>): DeviceTensor<Handle>;
  /** Frees everything the device holds. Idempotent. */
  dispose(): Promise<void>;
}
