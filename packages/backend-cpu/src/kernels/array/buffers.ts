import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  allocateStorage,
  NDArray,
  type DataFor,
  type DType,
  type KernelContext,
} from '@tensorgraph/core';
import { setOutputArray } from '../../kernel-helpers.js';

/**
 * Flat storage of any dtype, seen as indexable slots: typed arrays for numbers (two slots
 * per complex element), JS arrays for strings and opaque handles. Copy kernels move slots
 * without looking at them, which is why one loop serves every dtype.
 */
export type Slots = { [i: number]: unknown; length: number };

/** Numeric view of typed storage, for kernels that compute. */
export type Nums = { [i: number]: number; length: number };
export type BigNums = { [i: number]: bigint; length: number };

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major element strides of `shape`. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i] as number;
  }
  return strides;
}

/** Zeroed storage (empty strings for string) for `shape`. */
export function allocate<D extends DType>(dtype: D, shape: readonly number[]): DataFor<D> {
  return allocateStorage(dtype, sizeOf(shape));
}

/** Sets output `i` to a new host value built from `data`. */
export function output(
  ctx: KernelContext,
  i: number,
  dtype: DType,
  shape: readonly number[],
  data: unknown,
): void {
  setOutputArray(ctx, i, new NDArray(dtype, shape, data as DataFor<DType>));
}

/** The values of an integer tensor (int8..int64, any rank) as numbers. */
export function intValues(array: NDArray): number[] {
  const data = array.data as Nums | BigNums;
  const n = array.size;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = Number(data[i]);
  return out;
}

/** An int32 or int64 tensor of `shape` from numbers. */
export function intArray(
  dtype: DType,
  shape: readonly number[],
  values: ArrayLike<number>,
): NDArray {
  if (dtype === 'int64') {
    const data = new BigInt64Array(values.length);
    for (let i = 0; i < values.length; i++) data[i] = BigInt(values[i] as number);
    return new NDArray('int64', shape, data);
  }
  return new NDArray('int32', shape, Int32Array.from(values));
}

/** TF's `TensorShape::DebugString`: `[2,3]`, `[]`. */
export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** TF's `IsLegacyScalar`: a scalar, or any shape with one element in all (`[1]`, `[1,1]`). */
export function isLegacyScalar(shape: readonly number[]): boolean {
  return shape.every((d) => d === 1);
}

/** TF's `SliceDebugString`: the multi-index of flat element `i` of `shape`, as `[1,0]`. */
export function sliceDebugString(shape: readonly number[], i: number): string {
  if (shape.length === 0) return '';
  const index = new Array<number>(shape.length);
  let rest = i;
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d] as number;
    index[d] = rest % n;
    rest = Math.floor(rest / n);
  }
  return `[${index.join(',')}]`;
}

export function invalidArgument(message: string): InvalidArgumentError {
  return new InvalidArgumentError(null, null, message);
}
