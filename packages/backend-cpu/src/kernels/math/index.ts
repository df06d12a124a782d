import type { KernelDef } from '@tensorgraph/core';
import { ACTIVATION_KERNELS } from './activations.js';
import { addNCpu } from './add-n.js';
import { ARG_KERNELS } from './arg-min-max.js';
import { BIAS_KERNELS } from './bias-add.js';
import { BINARY_KERNELS } from './binary-ops.js';
import { castCpu } from './cast.js';
import { COMPARE_KERNELS } from './compare-ops.js';
import { SCAN_KERNELS } from './cumulative.js';
import { einsumCpu } from './einsum.js';
import { MATMUL_KERNELS } from './mat-mul.js';
import { REDUCE_KERNELS } from './reduce.js';
import { SELECT_KERNELS } from './select.js';
import { SOFTMAX_KERNELS } from './softmax.js';
import { UNARY_KERNELS } from './unary-ops.js';

/** Every math-family CPU kernel. */
export const MATH_KERNELS: readonly KernelDef[] = [
  ...UNARY_KERNELS,
  ...BINARY_KERNELS,
  ...COMPARE_KERNELS,
  addNCpu,
  castCpu,
  ...SELECT_KERNELS,
  ...REDUCE_KERNELS,
  ...ARG_KERNELS,
  ...SCAN_KERNELS,
  ...MATMUL_KERNELS,
  einsumCpu,
  ...BIAS_KERNELS,
  ...ACTIVATION_KERNELS,
  ...SOFTMAX_KERNELS,
];
