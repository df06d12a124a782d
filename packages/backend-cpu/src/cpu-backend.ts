import type { Backend, BackendAvailability, DeviceFactoryOptions } from '@tensorgraph/core';
import { CpuDevice } from './cpu-device.js';
import { CPU_KERNELS } from './kernels/index.js';
import { intraOpThreads } from './wasm/runtime.js';

export interface CpuBackendOptions {
  /** Memory limit reported by `listDevices()` (default: 256 MiB, as TF reports for CPU). */
  readonly memoryLimitBytes?: number;
  /** Use the WebAssembly SIMD kernels where the runtime has them (default true). */
  readonly wasm?: boolean;
  /** Most bytes of freed tensor buffers the device keeps for reuse (default 64 MiB; 0: off). */
  readonly poolBytes?: number;
}

/** TF's priority for CPU devices: below any accelerator. */
export const CPU_PRIORITY = 50;

/**
 * The CPU backend: always available, one `CPU` device, a kernel for every op. A plain
 * object; creating it registers nothing.
 */
export function cpu(options: CpuBackendOptions = {}): Backend {
  return {
    name: 'cpu',
    deviceType: 'CPU',
    priority: CPU_PRIORITY,
    kernels: CPU_KERNELS,
    isAvailable: (): BackendAvailability => ({ available: true }),
    async createDevices(factory: DeviceFactoryOptions) {
      if (factory.maxDevices === 0) return [];
      return [
        new CpuDevice(
          {
            name: `${factory.namePrefix}/device:CPU:0`,
            deviceType: 'CPU',
            memoryLimitBytes: options.memoryLimitBytes ?? 268435456,
            incarnation: randomIncarnation(),
          },
          {
            intraOpThreads: intraOpThreads(factory.config),
            wasm: options.wasm ?? true,
            ...(options.poolBytes !== undefined ? { poolBytes: options.poolBytes } : {}),
          },
        ),
      ];
    },
  };
}

function randomIncarnation(): bigint {
  const words = new BigUint64Array(1);
  globalThis.crypto.getRandomValues(words);
  return BigInt.asIntN(64, words[0] as bigint);
}
