import { InternalError, ValueError } from '@tensorgraph/errors';
import type { DType } from '../dtype/dtype.js';
import { intRange } from '../dtype/dtype-facts.js';
import {
  numberToFloat16Bits,
  numberToFloatBits,
  type FloatBitsDType,
} from '../dtype/float-formats.js';
import type { NpKind } from './np-kind.js';
import {
  bigintToFloat32,
  bigintToFloat64,
  floatToIntC,
  intFits,
  quantizedBase,
  wrapInt,
} from './numeric-casts.js';
import { parsePyComplex, parsePyFloat, parsePyInt } from './py-parse.js';
import { bytesRepr, strRepr } from './py-repr.js';
import { pyStr, pyTruthy, pyTypeName, type PyScalar } from './py-scalar.js';
import { targetClass } from './target-class.js';

/**
 * One element ready for storage: a number (floats, ≤32-bit ints, narrow-float bits), a
 * bigint (int64/uint64), a boolean, a [re, im] pair (complex) or bytes (string).
 */
export type Element = number | bigint | boolean | Uint8Array | readonly [number, number];

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const LONG_OVERFLOW = 'Python int too large to convert to C long';

const utf8 = new TextEncoder();

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** Python's `int(v)`. */
export function pyInt(s: PyScalar): bigint {
  switch (s.kind) {
    case 'bool':
      return s.value ? 1n : 0n;
    case 'int':
      return s.value;
    case 'float':
      if (Number.isNaN(s.value)) throw new ValueError('cannot convert float NaN to integer');
      if (!Number.isFinite(s.value))
        throw new RangeError('cannot convert float infinity to integer');
      return BigInt(Math.trunc(s.value));
    case 'str': {
      const v = parsePyInt(s.value);
      if (v === undefined) {
        throw new ValueError(`invalid literal for int() with base 10: ${strRepr(s.value)}`);
      }
      return v;
    }
    case 'bytes': {
      const v = parsePyInt(latin1(s.value));
      if (v === undefined) {
        throw new ValueError(`invalid literal for int() with base 10: ${bytesRepr(s.value)}`);
      }
      return v;
    }
    default:
      throw new TypeError(
        `int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(s)}'`,
      );
  }
}

/** Python's `float(v)`, and numpy's NaN for None. */
export function pyFloat(s: PyScalar): number {
  switch (s.kind) {
    case 'bool':
      return s.value ? 1 : 0;
    case 'int':
      return bigintToFloat64(s.value);
    case 'float':
      return s.value;
    case 'none':
      return NaN;
    case 'str': {
      const v = parsePyFloat(s.value);
      if (v === undefined)
        throw new ValueError(`could not convert string to float: ${strRepr(s.value)}`);
      return v;
    }
    case 'bytes': {
      const v = parsePyFloat(latin1(s.value));
      if (v === undefined) {
        throw new ValueError(`could not convert string to float: ${bytesRepr(s.value)}`);
      }
      return v;
    }
    default:
      throw new TypeError(
        `float() argument must be a string or a real number, not '${pyTypeName(s)}'`,
      );
  }
}

/** Python's `complex(v)`, and numpy's NaN+NaNj for None. */
function pyComplex(s: PyScalar): readonly [number, number] {
  switch (s.kind) {
    case 'complex':
      return [s.re, s.im];
    case 'none':
      return [NaN, NaN];
    case 'str':
      return parseComplexText(s.value);
    case 'bytes':
      return parseComplexText(decodeUtf8(s.value));
    case 'bool':
    case 'int':
    case 'float':
      return [pyFloat(s), 0];
    default:
      throw new TypeError(
        `complex() first argument must be a string or a number, not '${pyTypeName(s)}'`,
      );
  }
}

function parseComplexText(text: string): readonly [number, number] {
  const c = parsePyComplex(text);
  if (c === undefined) throw new ValueError('complex() arg is a malformed string');
  return [c.re, c.im];
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const pos = bytes.findIndex((b) => b >= 0x80);
    const byte = (bytes[pos] ?? 0).toString(16).padStart(2, '0');
    throw new ValueError(
      `'utf-8' codec can't decode byte 0x${byte} in position ${pos}: invalid start byte`,
    );
  }
}

/** numpy's checked store of a Python int (`np.asarray([300], np.int8)` overflows). */
export function strictInt(v: bigint, dtype: DType): number | bigint {
  const base = quantizedBase(dtype);
  if (base === 'uint64') {
    if (v < INT64_MIN || v >= 2n ** 64n) throw new RangeError(LONG_OVERFLOW);
    if (v < 0n) throw new RangeError(`Python integer ${v} out of bounds for uint64`);
  } else {
    if (v < INT64_MIN || v > INT64_MAX) throw new RangeError(LONG_OVERFLOW);
    if (!intFits(v, base)) throw new RangeError(`Python integer ${v} out of bounds for ${base}`);
  }
  return base === 'int64' || base === 'uint64' ? v : Number(v);
}

/** A double rounded into a numpy float dtype (float16 as bits). */
export function roundToFloat(x: number, dtype: DType): number {
  if (dtype === 'float32') return Math.fround(x);
  if (dtype === 'float16') return numberToFloat16Bits(x);
  return x;
}

function roundComplex(re: number, im: number, dtype: DType): readonly [number, number] {
  return dtype === 'complex64' ? [Math.fround(re), Math.fround(im)] : [re, im];
}

/** The value of a numeric Python scalar as numpy stores it in a float64 array. */
function asDouble(s: PyScalar): number {
  if (s.kind === 'complex') return s.re;
  if (s.kind === 'int') return Number(s.value);
  if (s.kind === 'bool') return s.value ? 1 : 0;
  if (s.kind === 'float') return s.value;
  return NaN;
}

/** The text of an element in a numpy `<U` array (`str()` of each Python value). */
function asText(s: PyScalar): string {
  if (s.kind === 'bytes') return latin1(s.value);
  return pyStr(s);
}

function asBytes(s: PyScalar): Uint8Array {
  return s.kind === 'bytes' ? s.value : utf8.encode(pyStr(s));
}

/**
 * `np.array(values).astype(dtype)` for one element: `kind` is the dtype numpy discovered
 * for the whole list, which decides how each Python value was stored before the cast.
 * For numpy's own numeric dtypes (ints, float16/32/64, complex).
 */
export function astypeElement(s: PyScalar, kind: NpKind, dtype: DType): Element {
  switch (targetClass(dtype)) {
    case 'np-int':
      return astypeInt(s, kind, dtype);
    case 'np-float':
      return astypeFloat(s, kind, dtype);
    case 'np-complex':
      return astypeComplex(s, kind, dtype);
    default:
      throw new TypeError(`astypeElement: ${dtype} is not a numpy numeric dtype`);
  }
}

function astypeInt(s: PyScalar, kind: NpKind, dtype: DType): number | bigint {
  switch (kind) {
    case 'bool':
    case 'int64':
    case 'uint64':
      return wrapInt(pyInt(s), dtype);
    case 'float64':
    case 'complex128':
      return floatToIntC(asDouble(s), dtype);
    case 'str': {
      const text = asText(s);
      const v = parsePyInt(text);
      if (v === undefined) {
        throw new ValueError(`invalid literal for int() with base 10: np.str_(${strRepr(text)})`);
      }
      return strictInt(v, dtype);
    }
    case 'bytes':
      return strictInt(pyInt({ kind: 'bytes', value: asBytes(s) }), dtype);
    case 'object':
      return strictInt(pyInt(s), dtype);
  }
}

function astypeFloat(s: PyScalar, kind: NpKind, dtype: DType): number {
  switch (kind) {
    case 'bool':
    case 'int64':
    case 'uint64': {
      const v = pyInt(s);
      return dtype === 'float32' ? bigintToFloat32(v) : roundToFloat(Number(v), dtype);
    }
    case 'float64':
    case 'complex128':
      return roundToFloat(asDouble(s), dtype);
    case 'str': {
      const text = asText(s);
      const v = parsePyFloat(text);
      if (v === undefined) {
        throw new ValueError(`could not convert string to float: np.str_(${strRepr(text)})`);
      }
      return roundToFloat(v, dtype);
    }
    case 'bytes': {
      const b = asBytes(s);
      const v = parsePyFloat(latin1(b));
      if (v === undefined) {
        throw new ValueError(`could not convert string to float: np.bytes_(${bytesRepr(b)})`);
      }
      return roundToFloat(v, dtype);
    }
    case 'object':
      return roundToFloat(pyFloat(s), dtype);
  }
}

function astypeComplex(s: PyScalar, kind: NpKind, dtype: DType): readonly [number, number] {
  let c: readonly [number, number];
  switch (kind) {
    case 'str':
      c = parseComplexText(asText(s));
      break;
    case 'bytes':
      c = parseComplexText(decodeUtf8(asBytes(s)));
      break;
    case 'object':
      c = pyComplex(s);
      break;
    default:
      c = s.kind === 'complex' ? [s.re, s.im] : [asDouble(s), 0];
  }
  return roundComplex(c[0], c[1], dtype);
}

/**
 * numpy storing one Python value into an array of `dtype` (`np.asarray(values, dtype)`
 * for dtypes outside `np.number`): bool by truth value, ml_dtypes' narrow types with their
 * own checks, strings kept as bytes, quantized types as checked ints.
 */
export function setitemElement(s: PyScalar, dtype: DType): Element {
  switch (targetClass(dtype)) {
    case 'bool':
      // A JS object has no truth value worth storing: refuse it rather than guess.
      if (s.kind === 'object') {
        throw new TypeError(`Cannot convert ${pyStr(s)} of type '${pyTypeName(s)}' to bool`);
      }
      return pyTruthy(s);
    case 'ml-float':
      return setNarrowFloat(s, dtype as FloatBitsDType);
    case 'ml-int':
      return setNarrowInt(s, dtype);
    case 'quantized':
      return strictInt(pyInt(s), dtype);
    case 'string':
      if (s.kind === 'str') return utf8.encode(s.value);
      if (s.kind === 'bytes') return s.value.slice();
      throw new InternalError(null, null, `Unsupported object type ${pyTypeName(s)}`);
    default:
      throw new TypeError(`setitemElement: ${dtype} takes no host values`);
  }
}

function setNarrowFloat(s: PyScalar, dtype: FloatBitsDType): number {
  switch (s.kind) {
    case 'bool':
      return numberToFloatBits(dtype, s.value ? 1 : 0);
    case 'int':
      if (s.value < INT64_MIN || s.value > INT64_MAX)
        throw new TypeError('expected number, got int');
      return numberToFloatBits(dtype, Number(s.value));
    case 'float':
      return numberToFloatBits(dtype, s.value);
    default:
      throw new TypeError(`expected number, got ${pyTypeName(s)}`);
  }
}

function setNarrowInt(s: PyScalar, dtype: DType): number {
  switch (s.kind) {
    case 'bool':
      return s.value ? 1 : 0;
    case 'int':
      if (s.value < INT64_MIN || s.value > INT64_MAX) throw new RangeError(LONG_OVERFLOW);
      return wrapInt(s.value, dtype) as number;
    case 'float': {
      const x = s.value;
      if (Number.isNaN(x)) throw new ValueError('cannot convert float NaN to integer');
      if (!Number.isFinite(x)) throw new RangeError('cannot convert float infinity to integer');
      const [lo, hi] = intRange(dtype) as readonly [bigint, bigint];
      // ml_dtypes checks the float itself and names int4 whatever the width.
      if (x < Number(lo) || x > Number(hi)) {
        throw new RangeError('out of range value cannot be converted to int4');
      }
      return Math.trunc(x) + 0;
    }
    default:
      throw new TypeError(`expected number, got ${pyTypeName(s)}`);
  }
}
