import {
  NDArray,
  allocateStorage,
  floatBitsToNumber,
  isFloatBitsDType,
  numberToFloatBits,
  storageOf,
  type DType,
} from '@tensorgraph/core';

/** The dtypes `AssignAdd`/`AssignSub` (and their resource forms) accept on CPU: TF's number types. */
export const NUMBER_TYPES: readonly DType[] = [
  'float32',
  'float64',
  'float16',
  'bfloat16',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'complex64',
  'complex128',
];

/**
 * `a + b` or `a - b` elementwise, same dtype and shape, into new storage. Integers wrap
 * (typed-array stores), half and bfloat16 compute in float32 and round back, as Eigen does.
 */
export function addOrSubtract(a: NDArray, b: NDArray, subtract: boolean): NDArray {
  const dtype = a.dtype;
  const out = allocateStorage(dtype, a.size);
  const { kind } = storageOf(dtype);
  if (kind === 'bigint') {
    const x = a.data as BigInt64Array | BigUint64Array;
    const y = b.data as BigInt64Array | BigUint64Array;
    const o = out as BigInt64Array | BigUint64Array;
    for (let i = 0; i < o.length; i++) {
      o[i] = subtract ? (x[i] as bigint) - (y[i] as bigint) : (x[i] as bigint) + (y[i] as bigint);
    }
  } else if (isFloatBitsDType(dtype)) {
    const x = a.data as Uint16Array | Uint8Array;
    const y = b.data as Uint16Array | Uint8Array;
    const o = out as Uint16Array | Uint8Array;
    for (let i = 0; i < o.length; i++) {
      const u = floatBitsToNumber(dtype, x[i] as number);
      const v = floatBitsToNumber(dtype, y[i] as number);
      o[i] = numberToFloatBits(dtype, Math.fround(subtract ? u - v : u + v));
    }
  } else {
    // float32/64, the integer types and complex (interleaved re, im: componentwise).
    const x = a.data as unknown as ArrayLike<number>;
    const y = b.data as unknown as ArrayLike<number>;
    const o = out as unknown as { [i: number]: number; length: number };
    for (let i = 0; i < o.length; i++) {
      o[i] = subtract ? (x[i] as number) - (y[i] as number) : (x[i] as number) + (y[i] as number);
    }
  }
  return new NDArray(dtype, a.shape, out);
}
