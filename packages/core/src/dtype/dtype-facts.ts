import type { DType } from './dtype.js';
import { floatCodec, isFloatBitsDType } from './float-formats.js';
import { storageOf } from './storage.js';

const FLOATING: ReadonlySet<DType> = new Set<DType>([
  'float16',
  'float32',
  'float64',
  'bfloat16',
  'float8_e5m2',
  'float8_e4m3fn',
  'float8_e4m3fnuz',
  'float8_e4m3b11fnuz',
  'float8_e5m2fnuz',
  'float4_e2m1fn',
]);

/** Integer range of each integer dtype (bigint so int64/uint64 are exact). */
const INT_RANGE: Readonly<Partial<Record<DType, readonly [bigint, bigint]>>> = {
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  int32: [-2147483648n, 2147483647n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint8: [0n, 255n],
  uint16: [0n, 65535n],
  uint32: [0n, 4294967295n],
  uint64: [0n, 2n ** 64n - 1n],
  int4: [-8n, 7n],
  uint4: [0n, 15n],
  int2: [-2n, 1n],
  uint2: [0n, 3n],
};

const QUANTIZED: ReadonlySet<DType> = new Set<DType>([
  'qint8',
  'quint8',
  'qint16',
  'quint16',
  'qint32',
]);

/** TF's `DType.is_floating`: IEEE and narrow floats (not complex). */
export function isFloating(dtype: DType): boolean {
  return FLOATING.has(dtype);
}

/** TF's `DType.is_integer`: signed/unsigned ints incl. int4/int2 (not bool, not quantized). */
export function isInteger(dtype: DType): boolean {
  return INT_RANGE[dtype] !== undefined;
}

/** TF's `DType.is_unsigned`: unsigned integer dtypes (quantized ones are not, as in TF). */
export function isUnsigned(dtype: DType): boolean {
  return INT_RANGE[dtype]?.[0] === 0n;
}

export function isComplex(dtype: DType): boolean {
  return dtype === 'complex64' || dtype === 'complex128';
}

export function isQuantized(dtype: DType): boolean {
  return QUANTIZED.has(dtype);
}

export function isBool(dtype: DType): boolean {
  return dtype === 'bool';
}

/** The inclusive integer range of an integer dtype, or undefined for any other dtype. */
export function intRange(dtype: DType): readonly [bigint, bigint] | undefined {
  return INT_RANGE[dtype];
}

/** TF's `DType.real_dtype`: float32/float64 for complex64/complex128, else the dtype itself. */
export function realDType(dtype: DType): DType {
  if (dtype === 'complex64') return 'float32';
  if (dtype === 'complex128') return 'float64';
  return dtype;
}

/** TF's `DType.size`: bytes per element, 0 for string, resource and variant. */
export function byteSize(dtype: DType): number {
  return storageOf(dtype).byteSize;
}

/** `<dtype: 'float32'>`, as TF prints a DType in messages. */
export function dtypeRepr(dtype: DType): string {
  return `<dtype: '${dtype}'>`;
}

/**
 * TF's `DType.min`: the lowest finite value. int64/uint64 give a bigint, other dtypes a
 * number. Dtypes without one (bool, string, complex, quantized, resource, variant) throw
 * TF's `TypeError`.
 */
export function dtypeMin(dtype: DType): number | bigint {
  return limit(dtype, 'minimum');
}

/** TF's `DType.max`: the highest finite value (see {@link dtypeMin}). */
export function dtypeMax(dtype: DType): number | bigint {
  return limit(dtype, 'maximum');
}

function limit(dtype: DType, which: 'minimum' | 'maximum'): number | bigint {
  const range = INT_RANGE[dtype];
  if (range !== undefined) {
    const v = which === 'minimum' ? range[0] : range[1];
    return dtype === 'int64' || dtype === 'uint64' ? v : Number(v);
  }
  let max: number | undefined;
  if (dtype === 'float32') max = 3.4028234663852886e38;
  else if (dtype === 'float64') max = Number.MAX_VALUE;
  else if (isFloatBitsDType(dtype)) max = floatCodec(dtype).max;
  if (max !== undefined) return which === 'minimum' ? -max : max;
  const d = dtypeRepr(dtype);
  if (dtype === 'resource' || dtype === 'variant') {
    throw new TypeError(`Cannot find ${which} value of ${d}.`);
  }
  const kind = isQuantized(dtype) ? 'quantized type' : 'type';
  throw new TypeError(`Cannot find ${which} value of ${d} with ${kind} ${d}.`);
}
