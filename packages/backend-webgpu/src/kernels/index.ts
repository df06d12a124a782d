import type { KernelDef } from '@tensorgraph/core';
import { BATCH_NORM_KERNELS } from './batch-norm.js';
import { BIAS_ADD_KERNELS } from './bias-add.js';
import { CAST_KERNELS } from './cast.js';
import { CONCAT_KERNELS } from './concat.js';
import { CONV_KERNELS } from './conv.js';
import { ELEMENTWISE_KERNELS } from './elementwise-kernels.js';
import { GATHER_KERNELS } from './gather.js';
import { MATMUL_KERNELS } from './matmul.js';
import { PAD_TILE_KERNELS } from './pad-tile.js';
import { POOL_KERNELS } from './pool.js';
import { REDUCE_KERNELS } from './reduce.js';
import { RESIZE_KERNELS } from './resize.js';
import { SELECT_KERNELS } from './select.js';
import { SHAPE_VIEW_KERNELS } from './shape-views.js';
import { SLICE_KERNELS } from './slice.js';
import { SOFTMAX_KERNELS } from './softmax.js';
import { TRANSPOSE_KERNELS } from './transpose.js';

/** Every WEBGPU kernel. int64 has none: such nodes are placed on CPU. */
export const WEBGPU_KERNELS: readonly KernelDef[] = [
  ...ELEMENTWISE_KERNELS,
  ...MATMUL_KERNELS,
  ...REDUCE_KERNELS,
  ...SOFTMAX_KERNELS,
  ...SHAPE_VIEW_KERNELS,
  ...TRANSPOSE_KERNELS,
  ...CONCAT_KERNELS,
  ...CAST_KERNELS,
  ...SELECT_KERNELS,
  ...BIAS_ADD_KERNELS,
  ...CONV_KERNELS,
  ...POOL_KERNELS,
  ...BATCH_NORM_KERNELS,
  ...SLICE_KERNELS,
  ...GATHER_KERNELS,
  ...PAD_TILE_KERNELS,
  ...RESIZE_KERNELS,
];
