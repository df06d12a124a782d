import type { KernelDef } from '@tensorgraph/core';
import { BATCH_NORM_KERNELS } from './batch-norm.js';
import { CAST_SELECT_KERNELS } from './cast-select.js';
import { CONV_KERNELS } from './conv.js';
import { COPY_KERNELS } from './copies.js';
import { ELEMENTWISE_KERNELS } from './elementwise.js';
import { INT32_HOST_KERNELS } from './int32-host.js';
import { MATMUL_KERNELS } from './mat-mul.js';
import { REDUCE_KERNELS } from './reduce.js';
import { SOFTMAX_KERNELS } from './softmax.js';
import { VIEW_KERNELS } from './views.js';

/** Every GPU kernel; ops without one here are placed on CPU by the placer. */
export const CUDA_KERNELS: readonly KernelDef[] = [
  ...ELEMENTWISE_KERNELS,
  ...INT32_HOST_KERNELS,
  ...MATMUL_KERNELS,
  ...CONV_KERNELS,
  ...REDUCE_KERNELS,
  ...SOFTMAX_KERNELS,
  ...BATCH_NORM_KERNELS,
  ...VIEW_KERNELS,
  ...COPY_KERNELS,
  ...CAST_SELECT_KERNELS,
];
