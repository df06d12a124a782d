export {
  webgpu,
  openDevice,
  WEBGPU_PRIORITY,
  type WebGpuBackendOptions,
} from './webgpu-backend.js';
export {
  WebGpuDevice,
  type GpuProgram,
  type WebGpuDeviceOptions,
  type WebGpuDeviceStats,
} from './webgpu-device.js';
export {
  findAdapter,
  type AdapterOptions,
  type AdapterFound,
  type GpuEntry,
} from './gpu-provider.js';
export { WEBGPU_KERNELS } from './kernels/index.js';
export type { GpuHandle } from './gpu-storage.js';
