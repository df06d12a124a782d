export {
  FakeDevice,
  fakeBackend,
  type FakeBackend,
  type FakeBackendOptions,
  type FakeDeviceStats,
} from './fake-backend.js';
export { runKernel, type RunKernelOptions } from './run-kernel.js';
export {
  arrayFromJson,
  compareToJson,
  elementsOf,
  jsonDType,
  type JsonArray,
  type JsonScalar,
  type Tolerance,
} from './json-array.js';
export { attrsFromJson } from './json-attrs.js';
export {
  checkKernelCase,
  diffKernelOutputs,
  kernelCaseArgs,
  type KernelCase,
} from './kernel-case.js';
