import type { KernelDef } from '@tensorgraph/core';
import { conv2dBackpropFilterCpu, conv2dBackpropInputCpu, conv2dCpu } from './conv2d.js';
import { conv3dCpu } from './conv3d.js';
import {
  depthwiseConv2dNativeBackpropFilterCpu,
  depthwiseConv2dNativeBackpropInputCpu,
  depthwiseConv2dNativeCpu,
} from './depthwise-conv2d.js';
import { crossCpu } from './cross.js';
import {
  fusedBatchNormCpu,
  fusedBatchNormGradCpu,
  fusedBatchNormGradV2Cpu,
  fusedBatchNormGradV3Cpu,
  fusedBatchNormV2Cpu,
  fusedBatchNormV3Cpu,
} from './fused-batch-norm.js';
import {
  fusedConv2dCpu,
  fusedDepthwiseConv2dNativeCpu,
  fusedMatMulCpu,
} from './fused-contraction.js';
import { linSpaceCpu } from './lin-space.js';
import { nonMaxSuppressionV3Cpu } from './non-max-suppression.js';
import { oneHotCpu } from './one-hot.js';
import {
  avgPoolCpu,
  avgPoolGradCpu,
  maxPoolCpu,
  maxPoolGradCpu,
  maxPoolGradV2Cpu,
  maxPoolV2Cpu,
} from './pooling.js';
import {
  multinomialCpu,
  randomStandardNormalCpu,
  randomUniformCpu,
  randomUniformIntCpu,
  statelessRandomUniformV2Cpu,
  truncatedNormalCpu,
} from './random.js';
import {
  batchToSpaceNdCpu,
  depthToSpaceCpu,
  spaceToBatchNdCpu,
  spaceToDepthCpu,
} from './space-shuffle.js';
import { topKV2Cpu } from './top-k.js';
import { resizeBilinearCpu, resizeBilinearGradCpu, resizeNearestNeighborCpu } from './resize.js';

/** The nn/image family: convolutions, pooling, batch norm, resizing, shuffles, random ops. */
export const NN_KERNELS: readonly KernelDef[] = [
  conv2dCpu,
  conv2dBackpropInputCpu,
  conv2dBackpropFilterCpu,
  depthwiseConv2dNativeCpu,
  depthwiseConv2dNativeBackpropInputCpu,
  depthwiseConv2dNativeBackpropFilterCpu,
  conv3dCpu,
  maxPoolCpu,
  maxPoolV2Cpu,
  maxPoolGradCpu,
  maxPoolGradV2Cpu,
  avgPoolCpu,
  avgPoolGradCpu,
  fusedBatchNormCpu,
  fusedBatchNormV2Cpu,
  fusedBatchNormV3Cpu,
  fusedBatchNormGradCpu,
  fusedBatchNormGradV2Cpu,
  fusedBatchNormGradV3Cpu,
  fusedConv2dCpu,
  fusedDepthwiseConv2dNativeCpu,
  fusedMatMulCpu,
  resizeBilinearCpu,
  resizeNearestNeighborCpu,
  resizeBilinearGradCpu,
  spaceToBatchNdCpu,
  batchToSpaceNdCpu,
  spaceToDepthCpu,
  depthToSpaceCpu,
  topKV2Cpu,
  nonMaxSuppressionV3Cpu,
  oneHotCpu,
  linSpaceCpu,
  crossCpu,
  randomUniformCpu,
  randomStandardNormalCpu,
  truncatedNormalCpu,
  randomUniformIntCpu,
  multinomialCpu,
  statelessRandomUniformV2Cpu,
];
