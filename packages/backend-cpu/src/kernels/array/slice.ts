import { defineKernel, ops, storageOf } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import {
  allocate,
  intValues,
  invalidArgument,
  output,
  shapeString,
  stridesOf,
  type Slots,
} from './buffers.js';
import { SLICE_TYPES } from './dtype-sets.js';
import { copyFrom } from './strided-copy.js';

export const sliceCpu = defineKernel(ops.Slice, {
  deviceType: 'CPU',
  typeConstraints: { T: SLICE_TYPES },
  create: () => (ctx) => {
    const input = inputArray(ctx, 0);
    const beginArg = inputArray(ctx, 1);
    const sizeArg = inputArray(ctx, 2);
    const dims = input.rank;
    if (
      beginArg.rank !== 1 ||
      sizeArg.rank !== 1 ||
      beginArg.size !== dims ||
      sizeArg.size !== dims
    ) {
      throw invalidArgument(
        `Expected begin and size arguments to be 1-D tensors of size ${dims}, but got shapes ${shapeString(beginArg.shape)} and ${shapeString(sizeArg.shape)} instead.`,
      );
    }
    const begin = intValues(beginArg);
    const size = intValues(sizeArg).map((s, i) =>
      s === -1 ? (input.shape[i] as number) - (begin[i] as number) : s,
    );
    for (let i = 0; i < dims; i++) {
      const b = begin[i] as number;
      const s = size[i] as number;
      const d = input.shape[i] as number;
      if (d === 0) {
        if (b !== 0 || s !== 0) {
          throw invalidArgument(
            `Expected begin[${i}] == 0 (got ${b}) and size[${i}] == 0 (got ${s}) when input.dim_size(${i}) == 0`,
          );
        }
      } else {
        if (b < 0 || b > d)
          throw invalidArgument(`Expected begin[${i}] in [0, ${d}], but got ${b}`);
        if (s < 0 || b + s > d) {
          throw invalidArgument(`Expected size[${i}] in [0, ${d - b}], but got ${s}`);
        }
      }
    }
    if (size.every((s, i) => s === input.shape[i])) {
      setOutputArray(ctx, 0, input);
      return;
    }
    const strides = stridesOf(input.shape);
    let start = 0;
    begin.forEach((b, i) => (start += b * (strides[i] as number)));
    const data = allocate(input.dtype, size);
    copyFrom(
      data as Slots,
      input.data as Slots,
      start,
      strides,
      size,
      storageOf(input.dtype).slotsPerElement,
    );
    output(ctx, 0, input.dtype, size, data);
  },
});
