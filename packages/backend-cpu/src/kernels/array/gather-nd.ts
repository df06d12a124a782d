import { defineKernel, ops, storageOf } from '@tensorgraph/core';
import { inputArray } from '../../kernel-helpers.js';
import {
  allocate,
  intValues,
  invalidArgument,
  output,
  shapeString,
  sizeOf,
  sliceDebugString,
  stridesOf,
  type Slots,
} from './buffers.js';
import { GATHER_ND_TYPES, INDEX_16_32_64 } from './dtype-sets.js';
import { copyRun } from './strided-copy.js';

/**
 * Each row of the last indices dim picks a slice of params (the trailing dims it leaves
 * unindexed); the output is indices.shape[:-1] + that slice shape.
 */
export const gatherNdCpu = defineKernel(ops.GatherNd, {
  deviceType: 'CPU',
  typeConstraints: { Tparams: GATHER_ND_TYPES, Tindices: INDEX_16_32_64 },
  create: ({ attrs, nodeName }) => {
    const ignoreBad = attrs.bad_indices_policy === 'IGNORE';
    return (ctx) => {
      const params = inputArray(ctx, 0);
      const indices = inputArray(ctx, 1);
      if (params.rank < 1) throw invalidArgument('params must be at least a vector');
      if (indices.rank < 1) throw invalidArgument('indices must be at least a vector');
      const nd = indices.shape[indices.rank - 1] as number;
      if (nd > params.rank) {
        throw invalidArgument(
          `index innermost dimension length must be <= params rank; saw: ${nd} vs. ${params.rank}`,
        );
      }
      const batchShape = indices.shape.slice(0, -1);
      const count = sizeOf(batchShape);
      const sliceShape = params.shape.slice(nd);
      const shape = [...batchShape, ...sliceShape];
      const data = allocate(params.dtype, shape);
      if (count > 0) {
        if (params.size === 0) {
          throw invalidArgument(
            `Requested more than 0 entries, but params is empty.  Params shape: ${shapeString(params.shape)}`,
          );
        }
        const slots = storageOf(params.dtype).slotsPerElement;
        const run = sizeOf(sliceShape) * slots;
        const strides = stridesOf(params.shape);
        const idx = intValues(indices);
        for (let i = 0; i < count; i++) {
          let offset = 0;
          let ok = true;
          for (let k = 0; k < nd; k++) {
            const v = idx[i * nd + k] as number;
            if (v < 0 || v >= (params.shape[k] as number)) ok = false;
            offset += v * (strides[k] as number);
          }
          if (!ok) {
            if (ignoreBad) continue;
            throw invalidArgument(
              `indices${sliceDebugString(batchShape, i)} = [${idx.slice(i * nd, (i + 1) * nd).join(', ')}] does not index into param shape ${shapeString(params.shape)}, node name: ${nodeName}`,
            );
          }
          copyRun(data as Slots, i * run, params.data as Slots, offset * slots, run);
        }
      }
      output(ctx, 0, params.dtype, shape, data);
    };
  },
});
