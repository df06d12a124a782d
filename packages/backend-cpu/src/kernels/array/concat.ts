import { defineKernel, NDArray, ops, storageOf, type KernelContext } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import {
  allocate,
  intValues,
  invalidArgument,
  output,
  shapeString,
  sizeOf,
  type Slots,
} from './buffers.js';
import { CONCAT_TYPES, INDEX_32_64, PACK_TYPES } from './dtype-sets.js';
import { copyInto } from './strided-copy.js';

/**
 * Concatenates along `axis` by viewing every input as [outer, inner_i] and copying each
 * into its column band of the [outer, Σ inner_i] output.
 */
function concatArrays(values: readonly NDArray[], axis: number, shape: number[]): NDArray {
  const first = values[0] as NDArray;
  const { dtype } = first;
  const slots = storageOf(dtype).slotsPerElement;
  const data = allocate(dtype, shape);
  const outer = sizeOf(shape.slice(0, axis));
  const rowLength = outer === 0 ? 0 : sizeOf(shape) / outer;
  let column = 0;
  for (const v of values) {
    if (v.size === 0) continue;
    const inner = v.size / outer;
    copyInto(data as Slots, column, [rowLength, 1], v.data as Slots, [outer, inner], slots);
    column += inner;
  }
  return new NDArray(dtype, shape, data);
}

function concatCompute(ctx: KernelContext, axisIndex: number, axisName: string, values: NDArray[]) {
  const axisArg = inputArray(ctx, axisIndex);
  if (!(axisArg.rank === 0 || (axisArg.rank === 1 && axisArg.shape[0] === 1))) {
    throw invalidArgument(
      `${axisName} tensor should be a scalar integer, but got shape ${shapeString(axisArg.shape)}`,
    );
  }
  const concatDim = intValues(axisArg)[0] as number;
  const first = values[0] as NDArray;
  const dims = first.rank;
  if (dims === 0)
    throw invalidArgument("ConcatOp : Can't concatenate scalars (use tf.stack instead)");
  const axis = concatDim < 0 ? concatDim + dims : concatDim;
  if (axis < 0 || axis >= dims) {
    throw invalidArgument(
      `ConcatOp : Expected concatenating dimensions in the range [${-dims}, ${dims}), but got ${concatDim}`,
    );
  }
  let total = 0;
  values.forEach((v, i) => {
    if (v.rank !== dims) {
      throw invalidArgument(
        `ConcatOp : Ranks of all input tensors should match: shape[0] = ${shapeString(first.shape)} vs. shape[${i}] = ${shapeString(v.shape)}`,
      );
    }
    for (let j = 0; j < dims; j++) {
      if (j !== axis && v.shape[j] !== first.shape[j]) {
        throw invalidArgument(
          `ConcatOp : Dimension ${j} in both shapes must be equal: shape[0] = ${shapeString(first.shape)} vs. shape[${i}] = ${shapeString(v.shape)}`,
        );
      }
    }
    total += v.shape[axis] as number;
  });
  const shape = [...first.shape];
  shape[axis] = total;
  setOutputArray(ctx, 0, concatArrays(values, axis, shape));
}

function inputsFrom(ctx: KernelContext, start: number, count: number): NDArray[] {
  return Array.from({ length: count }, (_, i) => inputArray(ctx, start + i));
}

export const concatCpu = defineKernel(ops.Concat, {
  deviceType: 'CPU',
  typeConstraints: { T: CONCAT_TYPES },
  create:
    ({ attrs }) =>
    (ctx) =>
      concatCompute(ctx, 0, 'concat_dim', inputsFrom(ctx, 1, attrs.N)),
});

export const concatV2Cpu = defineKernel(ops.ConcatV2, {
  deviceType: 'CPU',
  typeConstraints: { T: CONCAT_TYPES, Tidx: INDEX_32_64 },
  create:
    ({ attrs }) =>
    (ctx) =>
      concatCompute(ctx, attrs.N, 'axis', inputsFrom(ctx, 0, attrs.N)),
});

export const packCpu = defineKernel(ops.Pack, {
  deviceType: 'CPU',
  typeConstraints: { T: PACK_TYPES },
  create:
    ({ attrs }) =>
    (ctx) => {
      const values = inputsFrom(ctx, 0, attrs.N);
      const first = values[0] as NDArray;
      const expanded = first.rank + 1;
      const axis = attrs.axis < 0 ? attrs.axis + expanded : attrs.axis;
      if (axis < 0 || axis >= expanded) {
        throw invalidArgument(`axis = ${attrs.axis} not in [${-expanded}, ${expanded})`);
      }
      values.forEach((v, i) => {
        if (v.rank !== first.rank || v.shape.some((d, k) => d !== first.shape[k])) {
          throw invalidArgument(
            `Shapes of all inputs must match: values[0].shape = ${shapeString(first.shape)} != values[${i}].shape = ${shapeString(v.shape)}`,
          );
        }
      });
      // Stacking is concatenation of the inputs each given a unit dim at `axis`.
      const unit = [...first.shape];
      unit.splice(axis, 0, 1);
      const shape = [...first.shape];
      shape.splice(axis, 0, values.length);
      const views = values.map((v) => new NDArray(v.dtype, unit, v.data));
      if (sizeOf(shape) === 0) {
        output(ctx, 0, first.dtype, shape, allocate(first.dtype, shape));
        return;
      }
      setOutputArray(ctx, 0, concatArrays(views, axis, shape));
    },
});
