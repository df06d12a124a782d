import { defineKernel, ops } from '@tensorgraph/core';
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
import { INDEX_32_64, POD_STRING } from './dtype-sets.js';
import { sumReducer } from './element-math.js';
import { checkDims } from './fill.js';

/** ScatterNd: updates summed (TF's ADD; strings concatenate) into zeros of `shape`. */
export const scatterNdCpu = defineKernel(ops.ScatterNd, {
  deviceType: 'CPU',
  typeConstraints: { T: POD_STRING, Tindices: INDEX_32_64 },
  create: ({ attrs }) => {
    const { combine } = sumReducer(attrs.T);
    const ignoreBad = attrs.bad_indices_policy === 'IGNORE';
    return (ctx) => {
      const indices = inputArray(ctx, 0);
      const updates = inputArray(ctx, 1);
      const shapeArg = inputArray(ctx, 2);
      if (indices.rank < 1) {
        throw invalidArgument(
          `Indices shape must have rank at least one. Found:${shapeString(indices.shape)}`,
        );
      }
      if (updates.rank < 1) {
        throw invalidArgument(
          `Updates shape must have rank at least one. Found:${shapeString(updates.shape)}`,
        );
      }
      const shape = intValues(shapeArg);
      checkDims(shape);
      const noWork = indices.size === 0 && updates.size === 0;
      if (!noWork && !(shapeArg.size !== 0 && indices.size !== 0 && updates.size !== 0)) {
        throw invalidArgument('Indices and updates specified for empty output shape');
      }
      const outerDims = indices.rank - 1;
      const mismatchOuter = () =>
        invalidArgument(
          `Dimensions [0,${outerDims}) of indices[shape=${shapeString(indices.shape)}] must match dimensions [0,${outerDims}) of updates[shape=${shapeString(updates.shape)}]`,
        );
      for (let i = 0; i < outerDims; i++) {
        if (indices.shape[i] !== updates.shape[i]) throw mismatchOuter();
      }
      const ix = indices.shape[outerDims] as number;
      const mismatchInner = () =>
        invalidArgument(
          `Dimensions [${ix},${shape.length}) of input[shape=${shapeString(shape)}] must match dimensions [${outerDims},${updates.rank}) of updates[shape=${shapeString(updates.shape)}]`,
        );
      if (updates.rank - outerDims !== shape.length - ix) throw mismatchInner();
      for (let i = 0; i + outerDims < updates.rank; i++) {
        if (updates.shape[i + outerDims] !== shape[ix + i]) throw mismatchInner();
      }
      if (shapeArg.rank !== 1) {
        throw invalidArgument(`Shape must be a 1-D tensor. Found:${shapeString(shapeArg.shape)}`);
      }
      const data = allocate(updates.dtype, shape);
      const count = sizeOf(indices.shape.slice(0, -1));
      const slice = sizeOf(shape.slice(ix));
      const strides = stridesOf(shape);
      const idx = intValues(indices);
      const src = updates.data as Slots;
      const dst = data as Slots;
      for (let i = 0; i < count; i++) {
        let offset = 0;
        let ok = true;
        for (let k = 0; k < ix; k++) {
          const v = idx[i * ix + k] as number;
          if (v < 0 || v >= (shape[k] as number)) ok = false;
          offset += v * (strides[k] as number);
        }
        if (!ok) {
          if (ignoreBad) continue;
          throw invalidArgument(
            `indices${sliceDebugString(indices.shape.slice(0, -1), i)} = [${idx.slice(i * ix, (i + 1) * ix).join(', ')}] does not index into shape ${shapeString(shape)}`,
          );
        }
        for (let e = 0; e < slice; e++) combine(dst, offset + e, src, i * slice + e);
      }
      output(ctx, 0, updates.dtype, shape, data);
    };
  },
});
