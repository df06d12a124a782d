import { checkDType, type DType } from '../dtype/dtype.js';
import { floatBitsToNumber, isFloatBitsDType, numberToFloatBits } from '../dtype/float-formats.js';
import { allocateStorage, storageOf } from '../dtype/storage.js';
import { NDArray } from '../ndarray/ndarray.js';

/**
 * An array as the oracle scripts write it (`tools/oracle/oracle_util.py`): flat row-major
 * values, with `"nan"`, `"inf"`, `"-inf"`, `"-0"` for special floats, decimal strings for
 * 64-bit integers, `[re, im]` for complex, `{utf8}` or `{b64}` for string bytes.
 */
export interface JsonArray {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly values: readonly JsonScalar[];
}

export type JsonScalar =
  | number
  | string
  | boolean
  | readonly [JsonScalar, JsonScalar]
  | { readonly utf8: string }
  | { readonly b64: string };

function toNumber(v: JsonScalar): number {
  if (typeof v === 'number') return v;
  if (v === 'nan') return Number.NaN;
  if (v === 'inf') return Number.POSITIVE_INFINITY;
  if (v === '-inf') return Number.NEGATIVE_INFINITY;
  if (v === '-0') return -0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return Number(v);
}

function toBytes(v: JsonScalar): Uint8Array {
  if (typeof v === 'object' && v !== null && 'utf8' in v) return new TextEncoder().encode(v.utf8);
  if (typeof v === 'object' && v !== null && 'b64' in v) {
    return Uint8Array.from(atob(v.b64), (c) => c.charCodeAt(0));
  }
  return new TextEncoder().encode(String(v));
}

/** The NDArray a fixture describes. */
export function arrayFromJson(spec: JsonArray): NDArray {
  const dtype = checkDType(spec.dtype);
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const { kind } = storageOf(dtype);
  const data = allocateStorage(dtype, size) as unknown as {
    [i: number]: number | bigint | Uint8Array;
  };
  spec.values.forEach((v, i) => {
    if (kind === 'string') data[i] = toBytes(v);
    else if (kind === 'complex') {
      const [re, im] = v as readonly [JsonScalar, JsonScalar];
      data[2 * i] = toNumber(re);
      data[2 * i + 1] = toNumber(im);
    } else if (kind === 'bigint') data[i] = BigInt(v as string | number);
    else if (isFloatBitsDType(dtype)) data[i] = numberToFloatBits(dtype, toNumber(v));
    else data[i] = toNumber(v);
  });
  return new NDArray(dtype, spec.shape, data as never);
}

/** A host value's elements as plain numbers/bigints/booleans/strings, for comparisons. */
export function elementsOf(array: NDArray): unknown[] {
  const { kind } = storageOf(array.dtype);
  const data = array.data as unknown as ArrayLike<unknown>;
  const out: unknown[] = [];
  for (let i = 0; i < array.size; i++) {
    if (kind === 'complex') out.push([data[2 * i], data[2 * i + 1]]);
    else if (kind === 'bool') out.push(data[i] !== 0);
    else if (kind === 'string') out.push(new TextDecoder().decode(data[i] as Uint8Array));
    else if (isFloatBitsDType(array.dtype)) {
      out.push(floatBitsToNumber(array.dtype, data[i] as number));
    } else out.push(data[i]);
  }
  return out;
}

export interface Tolerance {
  /** Relative tolerance (default 0: exact). */
  readonly rtol?: number;
  /** Absolute tolerance (default 0: exact). */
  readonly atol?: number;
}

/**
 * Why `actual` differs from the fixture's `expected` (dtype, shape, or the first values
 * out of tolerance), or `null` when they agree. NaN equals NaN; -0 equals 0 unless exact.
 */
export function compareToJson(
  actual: NDArray,
  expected: JsonArray,
  tolerance: Tolerance = {},
): string | null {
  if (actual.dtype !== expected.dtype) return `dtype ${actual.dtype}, expected ${expected.dtype}`;
  if (actual.shape.join(',') !== expected.shape.join(',')) {
    return `shape [${actual.shape}], expected [${expected.shape}]`;
  }
  const want = elementsOf(arrayFromJson(expected));
  const got = elementsOf(actual);
  const { rtol = 0, atol = 0 } = tolerance;
  const bad: string[] = [];
  const close = (a: unknown, b: unknown): boolean => {
    if (typeof a === 'number' && typeof b === 'number') {
      if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
      if (a === b) return rtol > 0 || atol > 0 || Object.is(a, b);
      return Math.abs(a - b) <= atol + rtol * Math.abs(b);
    }
    if (Array.isArray(a) && Array.isArray(b)) return close(a[0], b[0]) && close(a[1], b[1]);
    return a === b;
  };
  for (let i = 0; i < want.length && bad.length < 5; i++) {
    if (!close(got[i], want[i]))
      bad.push(`[${i}] got ${String(got[i])}, expected ${String(want[i])}`);
  }
  return bad.length === 0 ? null : `values differ: ${bad.join('; ')}`;
}

/** The dtype of a fixture array. */
export function jsonDType(spec: JsonArray): DType {
  return checkDType(spec.dtype);
}
