import {
  defineKernel,
  numberToFloatBits,
  ops,
  storageOf,
  type DType,
  type FloatBitsDType,
} from '@tensorgraph/core';
import { inputArray } from '../../kernel-helpers.js';
import {
  allocate,
  intValues,
  invalidArgument,
  isLegacyScalar,
  output,
  shapeString,
  type Slots,
} from './buffers.js';
import { FILL_TYPES, INDEX_32_64, POD, ZEROS_LIKE_TYPES } from './dtype-sets.js';

/** Repeats the element at `src[0..slots)` over all of `dst`. */
export function fillSlots(dst: Slots, src: Slots, slots: 1 | 2): void {
  if (slots === 1) {
    const v = src[0];
    if (ArrayBuffer.isView(dst)) (dst as unknown as { fill(v: unknown): void }).fill(v);
    else for (let i = 0; i < dst.length; i++) dst[i] = v;
    return;
  }
  for (let i = 0; i < dst.length; i += 2) {
    dst[i] = src[0];
    dst[i + 1] = src[1];
  }
}

/** TF's `TensorShapeUtils::MakeShape` check on requested dims. */
export function checkDims(dims: readonly number[]): void {
  for (const d of dims) if (d < 0) throw invalidArgument(`Dimension ${d} must be >= 0`);
}

export const fillCpu = defineKernel(ops.Fill, {
  deviceType: 'CPU',
  typeConstraints: { T: FILL_TYPES, index_type: INDEX_32_64 },
  create: () => (ctx) => {
    const dimsArg = inputArray(ctx, 0);
    const value = inputArray(ctx, 1);
    if (dimsArg.rank !== 1) {
      throw invalidArgument(
        `dims must represent a vector, got shape ${shapeString(dimsArg.shape)}`,
      );
    }
    // TF still takes a one-element value of any rank (a legacy scalar).
    if (!isLegacyScalar(value.shape)) {
      throw invalidArgument(`value must represent a scalar, got shape ${shapeString(value.shape)}`);
    }
    const dims = intValues(dimsArg);
    checkDims(dims);
    const data = allocate(value.dtype, dims);
    fillSlots(data as Slots, value.data as Slots, storageOf(value.dtype).slotsPerElement);
    output(ctx, 0, value.dtype, dims, data);
  },
});

export const zerosLikeCpu = defineKernel(ops.ZerosLike, {
  deviceType: 'CPU',
  typeConstraints: { T: ZEROS_LIKE_TYPES },
  create: () => (ctx) => {
    const x = inputArray(ctx, 0);
    output(ctx, 0, x.dtype, x.shape, allocate(x.dtype, x.shape));
  },
});

/** The storage slots of the value 1 in `dtype`. */
function oneOf(dtype: DType): unknown[] {
  const { kind } = storageOf(dtype);
  if (kind === 'bigint') return [1n];
  if (kind === 'complex') return [1, 0];
  if (kind === 'float-bits') return [numberToFloatBits(dtype as FloatBitsDType, 1)];
  return [1];
}

export const onesLikeCpu = defineKernel(ops.OnesLike, {
  deviceType: 'CPU',
  typeConstraints: { T: POD },
  create: ({ attrs }) => {
    const one = oneOf(attrs.T);
    return (ctx) => {
      const x = inputArray(ctx, 0);
      const data = allocate(x.dtype, x.shape);
      fillSlots(data as Slots, one, storageOf(x.dtype).slotsPerElement);
      output(ctx, 0, x.dtype, x.shape, data);
    };
  },
});
