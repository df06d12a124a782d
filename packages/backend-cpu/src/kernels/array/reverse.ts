import { defineKernel, ops, storageOf } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { allocate, intValues, invalidArgument, output, stridesOf, type Slots } from './buffers.js';
import { INDEX_32_64, POD_STRING } from './dtype-sets.js';
import { copyFrom } from './strided-copy.js';

export const reverseV2Cpu = defineKernel(ops.ReverseV2, {
  deviceType: 'CPU',
  typeConstraints: { T: POD_STRING, Tidx: INDEX_32_64 },
  create: () => (ctx) => {
    const input = inputArray(ctx, 0);
    const axisArg = inputArray(ctx, 1);
    if (axisArg.rank !== 1) {
      throw invalidArgument(`'dims' must be 1-dimension, not ${axisArg.rank}`);
    }
    const dims = input.rank;
    if (dims === 0) {
      setOutputArray(ctx, 0, input);
      return;
    }
    const reversed = new Array<boolean>(dims).fill(false);
    intValues(axisArg).forEach((axis, i) => {
      const canonical = axis < 0 ? axis + dims : axis;
      if (canonical < 0 || canonical >= dims) {
        throw invalidArgument(`'axis'[${i}] = ${axis} is out of valid range [0, ${dims - 1}`);
      }
      if (reversed[canonical]) {
        throw invalidArgument(`axis ${canonical} specified more than once.`);
      }
      reversed[canonical] = true;
    });
    // Reversed dims start at their last element and step backwards.
    const strides = stridesOf(input.shape);
    let start = 0;
    const srcStrides = strides.map((s, i) => {
      if (!reversed[i]) return s;
      start += s * ((input.shape[i] as number) - 1);
      return -s;
    });
    const data = allocate(input.dtype, input.shape);
    if (input.size > 0) {
      copyFrom(
        data as Slots,
        input.data as Slots,
        start,
        srcStrides,
        input.shape,
        storageOf(input.dtype).slotsPerElement,
      );
    }
    output(ctx, 0, input.dtype, input.shape, data);
  },
});
