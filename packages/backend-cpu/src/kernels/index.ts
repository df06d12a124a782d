import type { KernelDef } from '@tensorgraph/core';
import { constCpu, identityCpu, noOpCpu, placeholderCpu, stopGradientCpu } from './basic.js';

/** Every CPU kernel, listed once. */
export const CPU_KERNELS: readonly KernelDef[] = [
  constCpu,
  identityCpu,
  stopGradientCpu,
  noOpCpu,
  placeholderCpu,
];
