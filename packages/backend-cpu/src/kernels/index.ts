import type { KernelDef } from '@tensorgraph/core';
import { ARRAY_KERNELS } from './array/index.js';
import { CONTROL_KERNELS } from './control/index.js';
import {
  constCpu,
  identityCpu,
  noOpCpu,
  placeholderCpu,
  placeholderV2Cpu,
  stopGradientCpu,
} from './basic.js';
import { LIST_KERNELS } from './list/index.js';
import { MATH_KERNELS } from './math/index.js';
import { NN_KERNELS } from './nn/index.js';
import { STATE_KERNELS } from './state/index.js';

/** Every CPU kernel, listed once. */
export const CPU_KERNELS: readonly KernelDef[] = [
  constCpu,
  identityCpu,
  stopGradientCpu,
  noOpCpu,
  placeholderCpu,
  placeholderV2Cpu,
  ...MATH_KERNELS,
  ...NN_KERNELS,
  ...ARRAY_KERNELS,
  ...STATE_KERNELS,
  ...LIST_KERNELS,
  ...CONTROL_KERNELS,
];
