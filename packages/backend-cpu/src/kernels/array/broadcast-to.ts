import { defineKernel, ops, storageOf } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { broadcastShapes, broadcastStrides } from './bcast.js';
import {
  allocate,
  intValues,
  invalidArgument,
  output,
  shapeString,
  sizeOf,
  type Slots,
} from './buffers.js';
import { INDEX_32_64, MOVABLE } from './dtype-sets.js';
import { checkDims } from './fill.js';
import { copyFrom } from './strided-copy.js';

export const broadcastToCpu = defineKernel(ops.BroadcastTo, {
  deviceType: 'CPU',
  typeConstraints: { T: MOVABLE, Tidx: INDEX_32_64 },
  create: () => (ctx) => {
    const input = inputArray(ctx, 0);
    const shape = intValues(inputArray(ctx, 1));
    checkDims(shape);
    const same = shape.length === input.rank && shape.every((d, i) => d === input.shape[i]);
    if (same) {
      setOutputArray(ctx, 0, input);
      return;
    }
    if (input.rank > shape.length) {
      throw invalidArgument(
        `Rank of input (${input.rank}) must be no greater than rank of output shape (${shape.length}).`,
      );
    }
    const data = allocate(input.dtype, shape);
    // TF returns an empty result before checking compatibility.
    if (sizeOf(shape) > 0) {
      const joint = broadcastShapes(input.shape, shape);
      if (joint === null) {
        throw invalidArgument(
          `Incompatible shapes: ${shapeString(input.shape)} vs. ${shapeString(shape)}`,
        );
      }
      if (joint.some((d, i) => d !== shape[i])) {
        throw invalidArgument(
          `Unable to broadcast tensor of shape ${shapeString(input.shape)} to tensor of shape ${shapeString(shape)}`,
        );
      }
      copyFrom(
        data as Slots,
        input.data as Slots,
        0,
        broadcastStrides(input.shape, shape),
        shape,
        storageOf(input.dtype).slotsPerElement,
      );
    }
    output(ctx, 0, input.dtype, shape, data);
  },
});
