import { defineKernel, NDArray, ops, storageOf, type KernelContext } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import {
  allocate,
  intValues,
  invalidArgument,
  shapeString,
  sizeOf,
  type Slots,
} from './buffers.js';
import { MOVABLE, SPLIT_TYPES } from './dtype-sets.js';
import { copyFrom } from './strided-copy.js';

/** Cuts `value` along `axis` into pieces of `sizes`, output i taking piece i. */
function splitInto(ctx: KernelContext, value: NDArray, axis: number, sizes: readonly number[]) {
  const outer = sizeOf(value.shape.slice(0, axis));
  const inner = sizeOf(value.shape.slice(axis + 1));
  const dimSize = value.shape[axis] as number;
  const slots = storageOf(value.dtype).slotsPerElement;
  let start = 0;
  sizes.forEach((size, i) => {
    const shape = [...value.shape];
    shape[axis] = size;
    const data = allocate(value.dtype, shape);
    // Piece i is an [outer, size·inner] block of rows dimSize·inner apart.
    copyFrom(
      data as Slots,
      value.data as Slots,
      start * inner,
      [dimSize * inner, 1],
      [outer, size * inner],
      slots,
    );
    setOutputArray(ctx, i, new NDArray(value.dtype, shape, data));
    start += size;
  });
}

function splitAxis(value: NDArray, dimOrig: number): number {
  const dims = value.rank;
  const dim = dimOrig < 0 ? dimOrig + dims : dimOrig;
  if (dim < 0 || dim >= dims) {
    throw invalidArgument(
      `-input rank(-${dims}) <= split_dim < input rank (${dims}), but got ${dimOrig}`,
    );
  }
  return dim;
}

export const splitCpu = defineKernel(ops.Split, {
  deviceType: 'CPU',
  typeConstraints: { T: SPLIT_TYPES },
  create:
    ({ attrs }) =>
    (ctx) => {
      const dimArg = inputArray(ctx, 0);
      const value = inputArray(ctx, 1);
      if (dimArg.rank !== 0) {
        throw invalidArgument(`split_dim must be a scalar but has rank ${dimArg.rank}`);
      }
      const n = attrs.num_split;
      const axis = splitAxis(value, intValues(dimArg)[0] as number);
      const size = value.shape[axis] as number;
      if (size % n !== 0) {
        throw invalidArgument(
          `Number of ways to split should evenly divide the split dimension, but got split_dim ${axis} (size = ${size}) and num_split ${n}`,
        );
      }
      if (n === 1) {
        setOutputArray(ctx, 0, value);
        return;
      }
      splitInto(ctx, value, axis, new Array<number>(n).fill(size / n));
    },
});

export const splitVCpu = defineKernel(ops.SplitV, {
  deviceType: 'CPU',
  typeConstraints: { T: SPLIT_TYPES, Tlen: ['int8', 'int32', 'int64'] },
  create:
    ({ attrs }) =>
    (ctx) => {
      const value = inputArray(ctx, 0);
      const sizesArg = inputArray(ctx, 1);
      const dimArg = inputArray(ctx, 2);
      const n = attrs.num_split;
      if (dimArg.size !== 1)
        throw invalidArgument('split_dim_tensor must have exactly one element.');
      const dimOrig = intValues(dimArg)[0] as number;
      if (sizesArg.rank !== 1 || sizesArg.size !== n) {
        throw invalidArgument(
          `size of the split_tensor must be 1-D and have the same elements as outputs got ${sizesArg.rank} -D and ${sizesArg.size} elements`,
        );
      }
      const sizes = intValues(sizesArg);
      const axis = splitAxis(value, dimOrig);
      const dimSize = value.shape[axis] as number;
      if (n === 1) {
        if (sizes[0] !== dimSize) {
          throw invalidArgument(
            `If there is only one output, it must have the same size as the input. Input size: ${dimSize} output size: ${sizes[0]}`,
          );
        }
        setOutputArray(ctx, 0, value);
        return;
      }
      let unknown = -1;
      let determined = 0;
      sizes.forEach((s, d) => {
        if (s === -1) {
          if (unknown !== -1) throw invalidArgument('There can only be one -1 in the input.');
          unknown = d;
        } else determined += s;
      });
      if (!(
        (unknown === -1 && determined === dimSize) ||
        (unknown >= 0 && determined <= dimSize)
      )) {
        throw invalidArgument(
          `Determined shape must either match input shape along split_dim exactly if fully specified, or be less than the size of the input along split_dim if not fully specified.  Got: ${determined}`,
        );
      }
      if (unknown >= 0) sizes[unknown] = dimSize - determined;
      sizes.forEach((s, i) => {
        if (s < 0) throw invalidArgument(`Split size at index ${i} must be >= 0. Got: ${s}`);
      });
      splitInto(ctx, value, axis, sizes);
    },
});

export const unpackCpu = defineKernel(ops.Unpack, {
  deviceType: 'CPU',
  typeConstraints: { T: MOVABLE },
  create:
    ({ attrs }) =>
    (ctx) => {
      const value = inputArray(ctx, 0);
      const dims = value.rank;
      const axis = attrs.axis < 0 ? attrs.axis + dims : attrs.axis;
      if (axis < 0 || axis >= dims) {
        throw invalidArgument(`axis = ${attrs.axis} not in [${-dims}, ${dims})`);
      }
      if (value.shape[axis] !== attrs.num) {
        throw invalidArgument(
          `Input shape axis ${axis} must equal ${attrs.num}, got shape ${shapeString(value.shape)}`,
        );
      }
      // Piece i is the [outer, inner] block at offset i·inner, rows num·inner apart.
      const pieceShape = [...value.shape];
      pieceShape.splice(axis, 1);
      const outer = sizeOf(value.shape.slice(0, axis));
      const inner = sizeOf(value.shape.slice(axis + 1));
      const slots = storageOf(value.dtype).slotsPerElement;
      for (let i = 0; i < attrs.num; i++) {
        const data = allocate(value.dtype, pieceShape);
        copyFrom(
          data as Slots,
          value.data as Slots,
          i * inner,
          [attrs.num * inner, 1],
          [outer, inner],
          slots,
        );
        setOutputArray(ctx, i, new NDArray(value.dtype, pieceShape, data));
      }
    },
});
