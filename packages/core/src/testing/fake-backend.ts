import { InternalError } from '@tensorgraph/errors';
import type { DType } from '../dtype/dtype.js';
import { allocateStorage, type DataFor } from '../dtype/storage.js';
import { NDArray } from '../ndarray/ndarray.js';
import type { Backend, BackendAvailability, DeviceFactoryOptions } from '../plugin/backend.js';
import type { Device, DeviceAttributes, DeviceTensor } from '../plugin/device.js';
import type { KernelDef } from '../plugin/kernel.js';

/** Counters a test can assert on: what crossed the device boundary, what is still held. */
export interface FakeDeviceStats {
  allocations: number;
  uploads: number;
  downloads: number;
  frees: number;
  /** Tensors allocated or uploaded and not yet freed. */
  live: number;
}

export interface FakeBackendOptions {
  /** Device type, upper case (default `'FAKE'`). */
  readonly deviceType?: string;
  readonly name?: string;
  /** Placement priority (default 100, above CPU's 50). */
  readonly priority?: number;
  /** How many devices to create (default 1). */
  readonly deviceCount?: number;
  readonly kernels?: readonly KernelDef[];
  /** `false` or a reason string makes the backend unavailable. */
  readonly available?: boolean | string;
  /** Each device's memory limit in bytes (default 1 GiB). */
  readonly memoryLimitBytes?: number;
}

/**
 * A device with no hardware: tensors are host copies kept behind an opaque handle, so
 * placement, soft placement and transfers can be tested anywhere (tinygrad's null device).
 */
export class FakeDevice implements Device<NDArray> {
  readonly attributes: DeviceAttributes;
  readonly stats: FakeDeviceStats = { allocations: 0, uploads: 0, downloads: 0, frees: 0, live: 0 };
  readonly #live = new Set<DeviceTensor<NDArray>>();
  #disposed = false;

  constructor(attributes: DeviceAttributes) {
    this.attributes = attributes;
  }

  allocate(dtype: DType, shape: readonly number[]): DeviceTensor<NDArray> {
    this.#checkOpen();
    const size = shape.reduce((a, b) => a * b, 1);
    this.stats.allocations++;
    return this.#hold(new NDArray(dtype, shape, allocateStorage(dtype, size)));
  }

  upload(value: NDArray): DeviceTensor<NDArray> {
    this.#checkOpen();
    this.stats.uploads++;
    return this.#hold(copy(value));
  }

  async download(tensor: DeviceTensor<NDArray>): Promise<NDArray> {
    this.#checkOwned(tensor, 'download');
    this.stats.downloads++;
    return copy(tensor.handle);
  }

  free(tensor: DeviceTensor<NDArray>): void {
    this.#checkOwned(tensor, 'free');
    this.#live.delete(tensor);
    this.stats.frees++;
    this.stats.live = this.#live.size;
  }

  async synchronize(): Promise<void> {}

  async dispose(): Promise<void> {
    this.#live.clear();
    this.stats.live = 0;
    this.#disposed = true;
  }

  #hold(value: NDArray): DeviceTensor<NDArray> {
    const tensor: DeviceTensor<NDArray> = Object.freeze({
      dtype: value.dtype,
      shape: value.shape,
      device: this.attributes.name,
      handle: value,
    });
    this.#live.add(tensor);
    this.stats.live = this.#live.size;
    return tensor;
  }

  #checkOpen(): void {
    if (this.#disposed) {
      throw new InternalError(null, null, `Device ${this.attributes.name} has been disposed`);
    }
  }

  #checkOwned(tensor: DeviceTensor<NDArray>, what: string): void {
    this.#checkOpen();
    if (!this.#live.has(tensor)) {
      throw new InternalError(
        null,
        null,
        `Cannot ${what} a tensor that ${this.attributes.name} does not hold (freed, or another device's)`,
      );
    }
  }
}

function copy(value: NDArray): NDArray {
  const data = (value.data as { slice(): unknown }).slice() as DataFor<DType>;
  return new NDArray(value.dtype, value.shape, data);
}

/** A backend of {@link FakeDevice}s, for tests of placement, transfers and the executor. */
export interface FakeBackend extends Backend {
  /** The devices created by the last `createDevices` call. */
  readonly devices: readonly FakeDevice[];
  createDevices(options: DeviceFactoryOptions): Promise<readonly FakeDevice[]>;
}

export function fakeBackend(options: FakeBackendOptions = {}): FakeBackend {
  const deviceType = options.deviceType ?? 'FAKE';
  const available = options.available ?? true;
  let devices: FakeDevice[] = [];
  return {
    name: options.name ?? `fake-${deviceType.toLowerCase()}`,
    deviceType,
    priority: options.priority ?? 100,
    kernels: options.kernels ?? [],
    get devices() {
      return devices;
    },
    isAvailable(): BackendAvailability {
      if (available === true) return { available: true };
      return {
        available: false,
        reason: typeof available === 'string' ? available : 'disabled by the test',
      };
    },
    async createDevices(factory: DeviceFactoryOptions): Promise<readonly FakeDevice[]> {
      if (available !== true) return [];
      const count = Math.min(options.deviceCount ?? 1, factory.maxDevices ?? Infinity);
      devices = Array.from(
        { length: count },
        (_, i) =>
          new FakeDevice({
            name: `${factory.namePrefix}/device:${deviceType}:${i}`,
            deviceType,
            memoryLimitBytes: options.memoryLimitBytes ?? 1 << 30,
            incarnation: BigInt(0x5eed0000 + i),
            physicalDeviceDesc: `fake device ${i}`,
          }),
      );
      return devices;
    },
  };
}
