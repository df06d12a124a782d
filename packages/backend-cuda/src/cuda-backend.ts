import type { Backend, BackendAvailability, DeviceFactoryOptions } from '@tensorgraph/core';
import { loadAddon, type NativeAddon } from './addon.js';
import { CudaDevice } from './cuda-device.js';
import { readGpuOptions, memoryLimit } from './gpu-options.js';
import { CUDA_KERNELS } from './kernels/index.js';

/** TF's priority for GPU devices: above CPU (50). */
export const GPU_PRIORITY = 210;

export interface CudaBackendOptions {
  /**
   * Test only: one `GPU` device in host memory whose kernels run the CUDA kernels' element
   * functions on the CPU (slow). For checking the kernels' index math and the TypeScript side
   * on machines without a GPU; never chosen automatically.
   */
  readonly emulate?: boolean;
  /** Use cuBLAS for MatMul when it can be loaded (default true). */
  readonly cublas?: boolean;
}

/**
 * The CUDA backend: one `GPU` device per visible CUDA device, kernels in the native addon.
 * Unavailable (with the reason) when the addon was not built or no device/driver is present.
 */
export function cuda(options: CudaBackendOptions = {}): Backend {
  const emulate = options.emulate === true;
  return {
    name: 'cuda',
    deviceType: 'GPU',
    priority: GPU_PRIORITY,
    kernels: CUDA_KERNELS,
    isAvailable: (): BackendAvailability => availability(emulate),
    async createDevices(factory: DeviceFactoryOptions) {
      const state = availability(emulate);
      if (!state.available) return [];
      const addon = loadAddon().addon as NativeAddon;
      const devices: CudaDevice[] = [];
      if (emulate) {
        if (factory.maxDevices === 0) return [];
        devices.push(
          new CudaDevice({
            attributes: {
              name: `${factory.namePrefix}/device:GPU:0`,
              deviceType: 'GPU',
              memoryLimitBytes: 1 << 30,
              incarnation: randomIncarnation(),
              physicalDeviceDesc: 'device: 0, name: emulated CUDA device (host memory)',
            },
            addon,
            ordinal: 0,
            memoryLimitBytes: 1 << 30,
            emulated: true,
            allowCublas: false,
          }),
        );
      } else {
        const physical = addon.deviceCount().count;
        const gpu = readGpuOptions(factory.config, physical);
        const ordinals = gpu.visibleDeviceList ?? Array.from({ length: physical }, (_, i) => i);
        const count = Math.min(ordinals.length, factory.maxDevices ?? Infinity);
        for (let i = 0; i < count; i++) {
          const ordinal = ordinals[i] as number;
          const props = addon.deviceProps(ordinal);
          const limit = memoryLimit(gpu, props.totalBytes, props.freeBytes);
          devices.push(
            new CudaDevice({
              attributes: {
                name: `${factory.namePrefix}/device:GPU:${i}`,
                deviceType: 'GPU',
                memoryLimitBytes: limit,
                incarnation: randomIncarnation(),
                physicalDeviceDesc: `device: ${ordinal}, name: ${props.name}, compute capability: ${props.major}.${props.minor}`,
              },
              addon,
              ordinal,
              memoryLimitBytes: limit,
              emulated: false,
              allowCublas: options.cublas !== false,
            }),
          );
        }
      }
      return devices;
    },
  };
}

function availability(emulate: boolean): BackendAvailability {
  const load = loadAddon();
  if (load.addon === null) return { available: false, reason: load.reason };
  if (emulate) return { available: true, detail: 'emulated on the host (test only)' };
  const found = load.addon.deviceCount();
  if (found.error !== null) {
    return {
      available: false,
      reason: `CUDA is unavailable: cudaGetDeviceCount failed with ${found.error} (${found.code}): ${found.message}`,
    };
  }
  if (found.count === 0) return { available: false, reason: 'no CUDA devices are visible' };
  return { available: true, detail: `${found.count} CUDA device(s)` };
}

function randomIncarnation(): bigint {
  const words = new BigUint64Array(1);
  globalThis.crypto.getRandomValues(words);
  return BigInt.asIntN(64, words[0] as bigint);
}
