export { cpu, CPU_PRIORITY, type CpuBackendOptions } from './cpu-backend.js';
export { CpuDevice } from './cpu-device.js';
export { CPU_KERNELS } from './kernels/index.js';
export { inputArray, setOutputArray } from './kernel-helpers.js';
