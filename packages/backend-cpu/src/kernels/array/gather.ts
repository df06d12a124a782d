import { defineKernel, ops, storageOf, type KernelContext } from '@tensorgraph/core';
import { inputArray } from '../../kernel-helpers.js';
import {
  allocate,
  intValues,
  invalidArgument,
  output,
  shapeString,
  sizeOf,
  sliceDebugString,
  type Slots,
} from './buffers.js';
import { GATHER_TYPES, INDEX_16_32_64 } from './dtype-sets.js';
import { copyRun } from './strided-copy.js';

/**
 * Gather and GatherV2: params seen as [batch, outer, gather, inner] and the output as
 * [batch, outer, N/batch, inner]; each index copies one contiguous run of `inner` elements.
 */
function gatherCompute(ctx: KernelContext, hasAxis: boolean, batchDimsAttr: number): void {
  const params = inputArray(ctx, 0);
  const indices = inputArray(ctx, 1);
  if (params.rank < 1) throw invalidArgument('params must be at least 1 dimensional');
  if (params.rank < batchDimsAttr) {
    throw invalidArgument(
      `params must have at least ${batchDimsAttr} (batch_dims) dimensions but it has shape ${shapeString(params.shape)}`,
    );
  }
  let axis = 0;
  if (hasAxis) {
    const axisArg = inputArray(ctx, 2);
    if (axisArg.rank !== 0) throw invalidArgument('axis must be scalar');
    axis = intValues(axisArg)[0] as number;
  }
  const minRank = axis < 0 ? -axis : axis + 1;
  if (params.rank < minRank) {
    throw invalidArgument(`Shape must be at least rank ${minRank} but is rank ${params.rank}`);
  }
  if (axis < 0) axis += params.rank;
  let batchDims = batchDimsAttr;
  if (batchDims !== 0) {
    const r = indices.rank;
    if (batchDims < -r || batchDims > r) {
      throw invalidArgument(`Expected batch_dims in the range [${-r}, ${r}], but got ${batchDims}`);
    }
    if (batchDims < 0) batchDims += r;
    if (!hasAxis) axis = batchDims;
    if (batchDims >= params.rank) {
      throw invalidArgument(
        `batch_dims (${batchDims}) must be less than rank(params) (${params.rank}).`,
      );
    }
    if (axis < batchDims) {
      throw invalidArgument(
        `batch_dims (${batchDims}) must be less than or equal to axis (${axis}).`,
      );
    }
    for (let i = 0; i < batchDims; i++) {
      if (params.shape[i] !== indices.shape[i]) {
        throw invalidArgument(
          `params.shape[${i}]: ${params.shape[i]} should be equal to indices.shape[${i}]: ${indices.shape[i]}`,
        );
      }
    }
  }
  const gatherSize = params.shape[axis] as number;
  const batch = sizeOf(params.shape.slice(0, batchDims));
  const outer = sizeOf(params.shape.slice(batchDims, axis));
  const inner = sizeOf(params.shape.slice(axis + 1));
  const shape = [
    ...params.shape.slice(0, axis),
    ...indices.shape.slice(batchDims),
    ...params.shape.slice(axis + 1),
  ];
  const data = allocate(params.dtype, shape);
  const n = indices.size;
  // TF neither copies nor checks indices when there is nothing to copy.
  if (n > 0 && inner > 0) {
    const idx = intValues(indices);
    const bad = idx.findIndex((v) => v < 0 || v >= gatherSize);
    if (bad >= 0) {
      throw invalidArgument(
        `indices${sliceDebugString(indices.shape, bad)} = ${idx[bad]} is not in [0, ${gatherSize})`,
      );
    }
    const slots = storageOf(params.dtype).slotsPerElement;
    const perBatch = n / batch;
    const run = inner * slots;
    const src = params.data as Slots;
    const dst = data as Slots;
    let d = 0;
    for (let b = 0; b < batch; b++) {
      for (let o = 0; o < outer; o++) {
        const base = (b * outer + o) * gatherSize;
        for (let i = 0; i < perBatch; i++) {
          copyRun(dst, d, src, (base + (idx[b * perBatch + i] as number)) * run, run);
          d += run;
        }
      }
    }
  }
  output(ctx, 0, params.dtype, shape, data);
}

export const gatherCpu = defineKernel(ops.Gather, {
  deviceType: 'CPU',
  typeConstraints: { Tparams: GATHER_TYPES, Tindices: INDEX_16_32_64 },
  create: () => (ctx) => gatherCompute(ctx, false, 0),
});

export const gatherV2Cpu = defineKernel(ops.GatherV2, {
  deviceType: 'CPU',
  typeConstraints: { Tparams: GATHER_TYPES, Tindices: INDEX_16_32_64 },
  create:
    ({ attrs }) =>
    (ctx) =>
      gatherCompute(ctx, true, attrs.batch_dims),
});
