import {
  defineKernel,
  floatBitsToNumber,
  numberToFloatBits,
  ops,
  type DType,
  type FloatBitsDType,
  type NDArray,
} from '@tensorgraph/core';
import { inputArray } from '../../kernel-helpers.js';
import { allocate, invalidArgument, output, shapeString, type Nums } from './buffers.js';
import { formatG } from './printf.js';

/** Rounds a double to `dtype`, as each arithmetic step in T does. */
function rounder(dtype: DType): (x: number) => number {
  if (dtype === 'float32') return Math.fround;
  if (dtype === 'float16' || dtype === 'bfloat16') {
    const t = dtype as FloatBitsDType;
    return (x) => floatBitsToNumber(t, numberToFloatBits(t, x));
  }
  return (x) => x;
}

function scalarOf(array: NDArray, name: string): number | bigint {
  // TF still accepts a length-1 vector here.
  if (!(array.rank === 0 || (array.rank === 1 && array.shape[0] === 1))) {
    throw invalidArgument(`${name} must be a scalar, not shape ${shapeString(array.shape)}`);
  }
  const v = (array.data as Nums | BigInt64Array)[0] as number | bigint;
  if (array.dtype === 'float16' || array.dtype === 'bfloat16') {
    return floatBitsToNumber(array.dtype, v as number);
  }
  return v;
}

export const rangeCpu = defineKernel(ops.Range, {
  deviceType: 'CPU',
  typeConstraints: { Tidx: ['bfloat16', 'float16', 'float32', 'float64', 'int32', 'int64'] },
  create: ({ attrs }) => {
    const dtype = attrs.Tidx;
    const integral = dtype === 'int32' || dtype === 'int64';
    const round = rounder(dtype);
    // Messages print T with StrCat: integers in full, floats to 6 significant digits.
    const show = (x: number | bigint) => (integral ? String(x) : formatG(Number(x)));
    return (ctx) => {
      const start = scalarOf(inputArray(ctx, 0), 'start');
      const limit = scalarOf(inputArray(ctx, 1), 'limit');
      const delta = scalarOf(inputArray(ctx, 2), 'delta');
      if (Number(delta) === 0) throw invalidArgument(`Requires delta != 0: ${show(delta)}`);
      if (delta > 0 && start > limit) {
        throw invalidArgument(
          `Requires start <= limit when delta > 0: ${show(start)}/${show(limit)}`,
        );
      }
      if (delta < 0 && start < limit) {
        throw invalidArgument(
          `Requires start >= limit when delta < 0: ${show(start)}/${show(limit)}`,
        );
      }
      if (dtype === 'int64') {
        const [s, l, d] = [start, limit, delta] as bigint[] as [bigint, bigint, bigint];
        const span = l > s ? l - s : s - l;
        const step = d < 0n ? -d : d;
        const size = Number((span + step - 1n) / step);
        const data = new BigInt64Array(size);
        for (let i = 0; i < size; i++) data[i] = s + BigInt(i) * d;
        output(ctx, 0, dtype, [size], data);
        return;
      }
      const [s, l, d] = [Number(start), Number(limit), Number(delta)];
      const size = integral
        ? Math.floor((Math.abs(l - s) + Math.abs(d) - 1) / Math.abs(d))
        : Math.ceil(Math.abs(round(round(l - s) / d)));
      const data = allocate(dtype, [size]) as Nums;
      const bits = dtype === 'float16' || dtype === 'bfloat16';
      for (let i = 0; i < size; i++) {
        // TF computes start + T(i) * delta, rounding to T at each step.
        const v = round(s + round(round(i) * d));
        data[i] = bits ? numberToFloatBits(dtype as FloatBitsDType, v) : v;
      }
      output(ctx, 0, dtype, [size], data);
    };
  },
});
