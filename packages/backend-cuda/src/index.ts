export { cuda, GPU_PRIORITY, type CudaBackendOptions } from './cuda-backend.js';
export { CudaDevice, type CudaTensor, type GpuHandle, type GpuTensor } from './cuda-device.js';
export { isHostHeld, type HostHeldHandle } from './host-held.js';
export { CudaBuffer, type CudaHandle } from './cuda-buffer.js';
export { CUDA_KERNELS } from './kernels/index.js';
export { loadAddon, addonPath, type NativeAddon, type AddonLoad } from './addon.js';
export { readGpuOptions, memoryLimit, type GpuOptions } from './gpu-options.js';
