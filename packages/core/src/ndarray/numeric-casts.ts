import type { DType } from '../dtype/dtype.js';
import { intRange } from '../dtype/dtype-facts.js';

/** Bit width and signedness of the integer storage behind each integer-like dtype. */
const INT_LAYOUT: Readonly<Partial<Record<DType, readonly [number, boolean]>>> = {
  int8: [8, true],
  int16: [16, true],
  int32: [32, true],
  int64: [64, true],
  uint8: [8, false],
  uint16: [16, false],
  uint32: [32, false],
  uint64: [64, false],
  int4: [4, true],
  uint4: [4, false],
  int2: [2, true],
  uint2: [2, false],
  qint8: [8, true],
  quint8: [8, false],
  qint16: [16, true],
  quint16: [16, false],
  qint32: [32, true],
};

/** The numpy integer type a quantized dtype is stored as (`qint8` is `int8`). */
export function quantizedBase(dtype: DType): DType {
  return (
    (
      {
        qint8: 'int8',
        quint8: 'uint8',
        qint16: 'int16',
        quint16: 'uint16',
        qint32: 'int32',
      } as const
    )[dtype as 'qint8'] ?? dtype
  );
}

function layout(dtype: DType): readonly [number, boolean] {
  const l = INT_LAYOUT[dtype];
  if (l === undefined) throw new TypeError(`${dtype} is not an integer dtype`);
  return l;
}

/** Two's-complement wrap of `v` into `dtype` (numpy's integer casts): bigint for 64-bit. */
export function wrapInt(v: bigint, dtype: DType): number | bigint {
  const [bits, signed] = layout(dtype);
  const w = signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
  return bits === 64 ? w : Number(w);
}

type NumberCast = (x: number) => number | bigint;

const WRAPPERS = new Map<DType, NumberCast>();

/** {@link wrapInt} for integral numbers below 2^53 in magnitude, without bigint work. */
export function numberWrapper(dtype: DType): NumberCast {
  let f = WRAPPERS.get(dtype);
  if (f === undefined) {
    const [bits, signed] = layout(dtype);
    const span = 2 ** bits;
    const half = span / 2;
    if (bits === 64) f = signed ? (x) => BigInt(x) : (x) => BigInt.asUintN(64, BigInt(x));
    else if (signed) {
      f = (x) => {
        let m = x % span;
        if (m < 0) m += span;
        return (m >= half ? m - span : m) + 0; // +0 turns -0 into 0
      };
    } else {
      f = (x) => {
        const m = x % span;
        return (m < 0 ? m + span : m) + 0;
      };
    }
    WRAPPERS.set(dtype, f);
  }
  return f;
}

export function wrapNumber(x: number, dtype: DType): number | bigint {
  return numberWrapper(dtype)(x);
}

/** Whether `v` lies in the range of `dtype` (quantized dtypes: their base integer type). */
export function intFits(v: bigint, dtype: DType): boolean {
  const range = intRange(quantizedBase(dtype));
  if (range === undefined) throw new TypeError(`${dtype} is not an integer dtype`);
  return v >= range[0] && v <= range[1];
}

const TWO_31 = 2 ** 31;
const TWO_63 = 2 ** 63;
const INT64_MIN = -(2n ** 63n);

/** x86 `cvttsd2si` to int32: truncation, and INT32_MIN for NaN and out-of-range values. */
function cvtt32(x: number): number {
  return x > -TWO_31 - 1 && x < TWO_31 ? Math.trunc(x) : -TWO_31;
}

/** x86 `cvttsd2si` to int64: truncation, and INT64_MIN for NaN and out-of-range values. */
function cvtt64(x: number): bigint {
  return x >= -TWO_63 && x < TWO_63 ? BigInt(Math.trunc(x)) : INT64_MIN;
}

const FLOAT_CASTS = new Map<DType, NumberCast>();

/**
 * numpy's float → integer `astype` as compiled for x86-64 (what TF's reference machine
 * does): C casts whose out-of-range and NaN results are the CPU's, not an error. 8- and
 * 16-bit targets go through int32, uint32 through int64, uint64 through the compiler's
 * two-range sequence. int4/int2 (ml_dtypes) go through float32 and int32.
 */
export function floatToIntCaster(dtype: DType): NumberCast {
  let f = FLOAT_CASTS.get(dtype);
  if (f === undefined) {
    const [bits, signed] = layout(dtype);
    const wrap = numberWrapper(dtype);
    if (bits < 8) f = (x) => wrap(cvtt32(Math.fround(x)));
    else if (bits < 32 || (bits === 32 && signed)) f = (x) => wrap(cvtt32(x));
    else if (bits === 32) {
      // cvtt64 then the low 32 bits; an in-range truncated double is an exact integer.
      f = (x) => {
        const t = x >= -TWO_63 && x < TWO_63 ? Math.trunc(x) : 0;
        const m = t % 2 ** 32;
        return (m < 0 ? m + 2 ** 32 : m) + 0;
      };
    } else if (signed) f = cvtt64;
    else {
      f = (x) =>
        x >= TWO_63
          ? BigInt.asUintN(64, cvtt64(x - TWO_63) ^ INT64_MIN)
          : BigInt.asUintN(64, cvtt64(x));
    }
    FLOAT_CASTS.set(dtype, f);
  }
  return f;
}

export function floatToIntC(x: number, dtype: DType): number | bigint {
  return floatToIntCaster(dtype)(x);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float32 nearest to the integer `v`, ties to even (numpy's int64 → float32 cast). */
export function bigintToFloat32(v: bigint): number {
  const d = Number(v);
  const f = Math.fround(d);
  if (v > -(2n ** 53n) && v < 2n ** 53n) return f;
  if (!Number.isFinite(f)) return f;
  const fb = BigInt(f);
  if (fb === v) return f;
  // The other float32 neighbour on v's side of f.
  f32[0] = f;
  const towardZero = v < fb === f > 0;
  u32[0] = (u32[0] as number) + (towardZero ? -1 : 1);
  const g = f32[0] as number;
  if (!Number.isFinite(g)) return f;
  const df = v > fb ? v - fb : fb - v;
  const gb = BigInt(g);
  const dg = v > gb ? v - gb : gb - v;
  if (df !== dg) return df < dg ? f : g;
  f32[0] = f;
  return ((u32[0] as number) & 1) === 0 ? f : g;
}

/** `Number(v)` with Python's OverflowError for ints beyond the double range. */
export function bigintToFloat64(v: bigint): number {
  const d = Number(v);
  if (!Number.isFinite(d)) throw new RangeError('int too large to convert to float');
  return d;
}
