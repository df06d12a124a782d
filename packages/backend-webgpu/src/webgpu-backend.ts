/// <reference types="@webgpu/types" />
import { UnavailableError } from '@tensorgraph/errors';
import type { Backend, BackendAvailability, DeviceFactoryOptions } from '@tensorgraph/core';
import { findAdapter, type AdapterFound, type AdapterOptions } from './gpu-provider.js';
import { WEBGPU_KERNELS } from './kernels/index.js';
import { WebGpuDevice } from './webgpu-device.js';

export interface WebGpuBackendOptions extends AdapterOptions {
  /** Bytes of tensors the device may hold at once (default: the adapter's max buffer size x 4, at most 2 GiB). */
  readonly memoryLimitBytes?: number;
  /** Bytes of freed buffers kept for reuse (default 256 MiB). */
  readonly maxPooledBytes?: number;
  /** Dispatches encoded before a submit that nobody waits for (default 64). */
  readonly maxDispatchesPerSubmit?: number;
}

/** Above CPU (50), below CUDA's GPU: ops nobody pinned prefer WEBGPU over CPU. */
export const WEBGPU_PRIORITY = 100;

/**
 * The WebGPU backend: one `WEBGPU` device on the adapter `navigator.gpu` (browsers) or
 * Dawn (Node, the `webgpu` package, loaded only there) gives. A plain object; creating it
 * registers nothing and touches no GPU until `isAvailable()` or `createDevices()`.
 */
export function webgpu(options: WebGpuBackendOptions = {}): Backend {
  let found: Promise<AdapterFound | string> | undefined;
  const adapter = () => (found ??= findAdapter(options));
  return {
    name: 'webgpu',
    deviceType: 'WEBGPU',
    priority: WEBGPU_PRIORITY,
    kernels: WEBGPU_KERNELS,
    async isAvailable(): Promise<BackendAvailability> {
      const a = await adapter();
      if (typeof a === 'string') return { available: false, reason: a };
      return { available: true, detail: describe(a) };
    },
    async createDevices(factory: DeviceFactoryOptions) {
      if (factory.maxDevices === 0) return [];
      const a = await adapter();
      if (typeof a === 'string') return [];
      // An adapter gives one device; ask again for later sessions.
      found = undefined;
      return [await openDevice(a, `${factory.namePrefix}/device:WEBGPU:0`, options)];
    },
  };
}

/** Opens a device on an adapter; a refusal is TF's `UnavailableError`. */
export async function openDevice(
  found: AdapterFound,
  name: string,
  options: WebGpuBackendOptions = {},
): Promise<WebGpuDevice> {
  const { adapter } = found;
  let gpuDevice: GPUDevice;
  try {
    // Ask for the adapter's own limits: the defaults are far below what GPUs offer.
    const want = ['maxBufferSize', 'maxStorageBufferBindingSize', 'maxComputeWorkgroupStorageSize'];
    const requiredLimits: Record<string, number> = {};
    for (const k of want) {
      const v = (adapter.limits as unknown as Record<string, number>)[k];
      if (typeof v === 'number') requiredLimits[k] = v;
    }
    gpuDevice = await adapter.requestDevice({ requiredLimits, label: name });
  } catch (e) {
    throw new UnavailableError(
      null,
      null,
      `WEBGPU adapter refused a device for ${name}: ${(e as Error).message}`,
    );
  }
  const limit = Math.min(2 ** 31, gpuDevice.limits.maxBufferSize * 4);
  return new WebGpuDevice(
    {
      name,
      deviceType: 'WEBGPU',
      memoryLimitBytes: options.memoryLimitBytes ?? limit,
      incarnation: randomIncarnation(),
      physicalDeviceDesc: describe(found),
    },
    gpuDevice,
    found.featureLevel,
    {
      memoryLimitBytes: options.memoryLimitBytes ?? limit,
      maxPooledBytes: options.maxPooledBytes ?? 256 * 2 ** 20,
      maxDispatchesPerSubmit: options.maxDispatchesPerSubmit ?? 64,
    },
  );
}

function describe(found: AdapterFound): string {
  const info = (found.adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
  const parts = [info?.vendor, info?.architecture, info?.device, info?.description].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
  const via =
    found.entry.source === 'dawn'
      ? `Dawn${found.entry.backend ? ` (${found.entry.backend})` : ''}`
      : 'navigator.gpu';
  return `${parts.join(' ') || 'WebGPU adapter'}, ${found.featureLevel} feature level, via ${via}`;
}

function randomIncarnation(): bigint {
  const words = new BigUint64Array(1);
  globalThis.crypto.getRandomValues(words);
  return BigInt.asIntN(64, words[0] as bigint);
}
