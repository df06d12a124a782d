import type { KernelDef } from '@tensorgraph/core';
import { printCpu, printV2Cpu } from './print.js';
import { STACK_KERNELS } from './stack-kernels.js';
import { TENSOR_ARRAY_KERNELS } from './tensor-array-kernels.js';

/** Side-effect and TF1 control-flow kernels: Print, TensorArrays and the Stacks of TF1
 * while-loop gradients (the executor routes Switch/Merge/Enter/Exit itself). */
export const CONTROL_KERNELS: readonly KernelDef[] = [
  printCpu,
  printV2Cpu,
  ...TENSOR_ARRAY_KERNELS,
  ...STACK_KERNELS,
];
