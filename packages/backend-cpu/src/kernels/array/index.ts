import type { KernelDef } from '@tensorgraph/core';
import { asStringCpu } from './as-string.js';
import { bitcastCpu } from './bitcast.js';
import { broadcastToCpu } from './broadcast-to.js';
import { concatCpu, concatV2Cpu, packCpu } from './concat.js';
import { fillCpu, onesLikeCpu, zerosLikeCpu } from './fill.js';
import { gatherNdCpu } from './gather-nd.js';
import { gatherCpu, gatherV2Cpu } from './gather.js';
import { diagCpu, matrixBandPartCpu, matrixDiagCpu, matrixDiagPartCpu } from './matrix.js';
import {
  checkNumericsCpu,
  ensureShapeCpu,
  identityNCpu,
  placeholderWithDefaultCpu,
  preventGradientCpu,
  snapshotCpu,
} from './pass-through.js';
import { mirrorPadCpu, padCpu, padV2Cpu } from './pad.js';
import { rangeCpu } from './range.js';
import { expandDimsCpu, reshapeCpu, squeezeCpu } from './reshape.js';
import { reverseV2Cpu } from './reverse.js';
import { scatterNdCpu } from './scatter-nd.js';
import {
  segmentSumCpu,
  unsortedSegmentMaxCpu,
  unsortedSegmentMinCpu,
  unsortedSegmentSumCpu,
} from './segment.js';
import {
  broadcastArgsCpu,
  broadcastGradientArgsCpu,
  concatOffsetCpu,
  invertPermutationCpu,
  rankCpu,
  shapeCpu,
  shapeNCpu,
  sizeCpu,
} from './shape-ops.js';
import { sliceCpu } from './slice.js';
import { sparseTensorDenseMatMulCpu, sparseToDenseCpu } from './sparse.js';
import { splitCpu, splitVCpu, unpackCpu } from './split.js';
import { stridedSliceCpu, stridedSliceGradCpu } from './strided-slice.js';
import { assertCpu, stringFormatCpu } from './string-format.js';
import { stringJoinCpu } from './string-join.js';
import { stringToNumberCpu } from './string-to-number.js';
import { tileCpu } from './tile.js';
import { conjugateTransposeCpu, transposeCpu } from './transpose.js';
import { uniqueCpu } from './unique.js';
import { whereCpu } from './where.js';

/** The array, shape, indexing and string kernels of the CPU backend. */
export const ARRAY_KERNELS: readonly KernelDef[] = [
  reshapeCpu,
  squeezeCpu,
  expandDimsCpu,
  shapeCpu,
  shapeNCpu,
  sizeCpu,
  rankCpu,
  broadcastArgsCpu,
  broadcastGradientArgsCpu,
  concatOffsetCpu,
  invertPermutationCpu,
  placeholderWithDefaultCpu,
  identityNCpu,
  snapshotCpu,
  preventGradientCpu,
  ensureShapeCpu,
  checkNumericsCpu,
  bitcastCpu,
  fillCpu,
  zerosLikeCpu,
  onesLikeCpu,
  rangeCpu,
  transposeCpu,
  conjugateTransposeCpu,
  concatCpu,
  concatV2Cpu,
  packCpu,
  splitCpu,
  splitVCpu,
  unpackCpu,
  tileCpu,
  padCpu,
  padV2Cpu,
  mirrorPadCpu,
  broadcastToCpu,
  reverseV2Cpu,
  sliceCpu,
  stridedSliceCpu,
  stridedSliceGradCpu,
  gatherCpu,
  gatherV2Cpu,
  gatherNdCpu,
  scatterNdCpu,
  whereCpu,
  uniqueCpu,
  unsortedSegmentSumCpu,
  unsortedSegmentMaxCpu,
  unsortedSegmentMinCpu,
  segmentSumCpu,
  matrixBandPartCpu,
  matrixDiagCpu,
  matrixDiagPartCpu,
  diagCpu,
  sparseToDenseCpu,
  sparseTensorDenseMatMulCpu,
  stringJoinCpu,
  asStringCpu,
  stringToNumberCpu,
  stringFormatCpu,
  assertCpu,
];
