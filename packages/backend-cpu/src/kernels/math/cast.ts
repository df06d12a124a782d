import { UnimplementedError } from '@tensorgraph/errors';
import {
  defineKernel,
  floatCodec,
  ops,
  type DType,
  type FloatBitsDType,
  type NDArray,
} from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { COMPLEX, FLOATS, INTS, QUANTIZED } from './dtype-groups.js';
import {
  elementKind,
  F32_MIN_NORMAL,
  F64_MIN_NORMAL,
  floatValues,
  newArray,
  type BigIntArray,
  type FloatArray,
  type NumberArray,
} from './elementwise.js';

// Which pairs TF 2.21's CPU Cast supports: every pair among the "classic" numeric types;
// float8 e5m2/e4m3fn to and from the floats; int4/uint4 to and from the integer types;
// any type to itself. Everything else is TF's UnimplementedError.
const CLASSIC: ReadonlySet<DType> = new Set<DType>([
  'bool',
  ...INTS,
  ...FLOATS,
  ...COMPLEX,
  ...QUANTIZED,
]);
const FLOAT8: ReadonlySet<DType> = new Set<DType>(['float8_e5m2', 'float8_e4m3fn']);
const INT4: ReadonlySet<DType> = new Set<DType>(['int4', 'uint4']);
const INTEGRAL: ReadonlySet<DType> = new Set<DType>([...INTS, ...QUANTIZED]);

function castSupported(src: DType, dst: DType): boolean {
  if (src === dst) return true;
  if (CLASSIC.has(src) && CLASSIC.has(dst)) return true;
  const floatLike = (d: DType) => FLOATS.includes(d as (typeof FLOATS)[number]) || FLOAT8.has(d);
  if (FLOAT8.has(dst)) return floatLike(src);
  if (FLOAT8.has(src)) return CLASSIC.has(dst) || FLOAT8.has(dst);
  if (INT4.has(dst)) return INTEGRAL.has(src) || INT4.has(src);
  if (INT4.has(src)) return INTEGRAL.has(dst);
  return false;
}

/** TF's DataTypeString: 'half', 'float', 'double'; other dtypes by their names. */
function tfTypeName(dtype: DType): string {
  return dtype === 'float16'
    ? 'half'
    : dtype === 'float32'
      ? 'float'
      : dtype === 'float64'
        ? 'double'
        : dtype;
}

// x86 float -> integer conversion, as TF's compiled kernels do it: truncation, with the
// "integer indefinite" value (the most negative integer) for NaN and out-of-range inputs.
function floatToInt32(x: number): number {
  return x > -2147483649 && x < 2147483648 ? Math.trunc(x) : -2147483648;
}

/**
 * The range narrower integer destinations saturate to. For out-of-range values TF's result
 * depends on the element's position (its vectorized loop packs with saturation, its scalar
 * tail keeps the low bits of the int32 conversion) and on the source type; we saturate.
 */
const SATURATE: Readonly<Partial<Record<DType, readonly [number, number]>>> = {
  int8: [-128, 127],
  qint8: [-128, 127],
  uint8: [0, 255],
  quint8: [0, 255],
  int16: [-32768, 32767],
  qint16: [-32768, 32767],
  uint16: [0, 65535],
  quint16: [0, 65535],
};

const INT64_MIN = -(2n ** 63n);

function floatToInt64(x: number): bigint {
  return x >= -9223372036854775808 && x < 9223372036854775808 ? BigInt(Math.trunc(x)) : INT64_MIN;
}

/**
 * float -> uint64 as compilers emit it without AVX-512: t0 = int64(x); where t0 < 0,
 * or in t1 = int64(x - 2^63), so [2^63, 2^64) converts and the rest keeps t0's bits.
 */
function floatToUint64(x: number, round: (v: number) => number): bigint {
  const t0 = floatToInt64(x);
  if (t0 >= 0n) return t0;
  return BigInt.asUintN(64, t0 | floatToInt64(round(x - 9223372036854775808)));
}

/**
 * float -> uint32: exact truncation (mod 2^32) in (-2^31, 2^32). Outside that, TF's
 * vectorized and scalar paths disagree (the result depends on the element's position); we
 * take the scalar path's: through int64, keeping the low 32 bits.
 */
function floatToUint32(x: number): number {
  if (x > -2147483648 && x < 4294967296) return Math.trunc(x) >>> 0;
  return Number(BigInt.asUintN(32, floatToInt64(x)));
}

/** int64/uint64 -> float32 with a single rounding (a sticky bit stands for the dropped bits). */
function bigToFloat32(v: bigint): number {
  const mag = v < 0n ? -v : v;
  if (mag < 9007199254740992n) return Math.fround(Number(v));
  const shift = BigInt(mag.toString(2).length - 26);
  let hi = mag >> shift;
  if (mag & ((1n << shift) - 1n)) hi |= 1n;
  const r = Math.fround(Number(hi) * 2 ** Number(shift));
  return v < 0n ? -r : r;
}

const mantissaBits = (d: DType): number =>
  ({ float64: 52, float32: 23, float16: 10, bfloat16: 7, float8_e5m2: 2, float8_e4m3fn: 3 })[
    d as 'float32'
  ] ?? 52;

const f64 = new Float64Array(1);
const f64Bits = new BigUint64Array(f64.buffer);
const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

/**
 * Truncate=true: TF zeroes the mantissa bits the destination cannot hold, then converts as
 * usual, so the value is truncated toward zero instead of rounded.
 */
function zeroLowBits(x: number, src: DType, drop: number): number {
  if (drop <= 0 || !Number.isFinite(x)) return x;
  if (src === 'float64') {
    f64[0] = x;
    f64Bits[0] = (f64Bits[0] as bigint) & ~((1n << BigInt(drop)) - 1n);
    return f64[0] as number;
  }
  if (src === 'float32') {
    f32[0] = x;
    f32Bits[0] = (f32Bits[0] as number) & ~((1 << drop) - 1);
    return f32[0] as number;
  }
  const codec = floatCodec(src as FloatBitsDType);
  return codec.decode(codec.encode(x) & ~((1 << drop) - 1));
}

/** The source as plain numbers (real part for complex), or as bigints for int64/uint64. */
function realParts(x: NDArray): NumberArray | BigIntArray {
  const kind = elementKind(x.dtype);
  if (kind === 'complex') {
    const data = x.data as FloatArray;
    const out = x.dtype === 'complex64' ? new Float32Array(x.size) : new Float64Array(x.size);
    for (let i = 0; i < out.length; i++) out[i] = data[2 * i] as number;
    return out;
  }
  if (kind === 'float') return floatValues(x);
  return x.data as NumberArray | BigIntArray;
}

/** FTZ for values just rounded to float32. */
function ftz32(values: FloatArray): void {
  for (let i = 0; i < values.length; i++) {
    const r = values[i] as number;
    if (r !== 0 && r < F32_MIN_NORMAL && r > -F32_MIN_NORMAL) values[i] = r * 0;
  }
}

/** Reads subnormals of float32/float64 data as zero (what the x86 conversions see under DAZ). */
function daz(values: NumberArray, tiny: number): NumberArray {
  let copy: NumberArray | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v !== 0 && v < tiny && v > -tiny) {
      copy ??= values.slice();
      copy[i] = v * 0;
    }
  }
  return copy ?? values;
}

function castArray(x: NDArray, dst: DType, truncate: boolean): NDArray {
  const src = x.dtype;
  const out = newArray(dst, x.shape);
  const n = x.size;
  if (src === dst) {
    const from = x.data as ArrayLike<unknown>;
    const to = out.data as unknown[];
    for (let i = 0; i < from.length; i++) to[i] = from[i];
    return out;
  }
  const srcKind = elementKind(src);
  const dstKind = elementKind(dst);
  // Working values: float sources in float64/float32 storage, halves decoded exactly.
  let v = realParts(x);
  const big = v instanceof BigInt64Array || v instanceof BigUint64Array;
  const srcIsFloat = srcKind === 'float' || srcKind === 'complex';
  const tiny = src === 'float64' || src === 'complex128' ? F64_MIN_NORMAL : F32_MIN_NORMAL;
  const srcPrecision = src === 'float64' || src === 'complex128' ? 'float64' : 'float32';
  // DAZ touches the conversions done by float instructions: to float64 and to bool from
  // float32/bfloat16 (the half types' own bool test reads their bits), and to integers.
  // Copies into float32 or complex and the bit-level bfloat16 rounding keep subnormals.
  const dazHere =
    srcIsFloat &&
    (((dst === 'float64' || dst === 'complex128') && srcPrecision === 'float32') ||
      (dstKind === 'bool' && src !== 'float16' && src !== 'bfloat16') ||
      dstKind === 'int' ||
      dstKind === 'bigint');
  if (dazHere && !(src === 'complex128' && dst === 'complex128')) v = daz(v as NumberArray, tiny);
  // TF zeroes low mantissa bits for these pairs only (float64 -> bfloat16 rounds regardless).
  if (
    truncate &&
    srcIsFloat &&
    dstKind === 'float' &&
    !(srcPrecision === 'float64' && dst === 'bfloat16')
  ) {
    const drop = mantissaBits(src === 'complex64' ? 'float32' : src) - mantissaBits(dst);
    if (drop > 0) {
      const t = (v as NumberArray).slice();
      for (let i = 0; i < n; i++) t[i] = zeroLowBits(t[i] as number, src, drop);
      v = t;
    }
  }
  const num = v as NumberArray;
  const bigs = v as BigIntArray;
  const at = big ? (i: number) => bigToFloat32(bigs[i] as bigint) : (i: number) => num[i] as number;

  switch (dstKind) {
    case 'bool': {
      const o = out.data as Uint8Array;
      for (let i = 0; i < n; i++) o[i] = (big ? bigs[i] !== 0n : num[i] !== 0) ? 1 : 0;
      return out;
    }
    case 'complex': {
      const o = out.data as FloatArray;
      if (srcKind === 'complex') {
        let d = x.data as FloatArray;
        if (dst === 'complex128') d = daz(d, tiny) as FloatArray;
        for (let i = 0; i < 2 * n; i++) o[i] = d[i] as number;
        // complex128 -> complex64 rounds each part with FTZ.
        if (dst === 'complex64') ftz32(o);
        return out;
      }
      for (let i = 0; i < n; i++) o[2 * i] = big ? Number(bigs[i] as bigint) : (num[i] as number);
      if (big && dst === 'complex64') for (let i = 0; i < n; i++) o[2 * i] = at(i);
      if (dst === 'complex64' && srcPrecision === 'float64') ftz32(o);
      return out;
    }
    case 'float': {
      if (dst === 'float64') {
        const o = out.data as Float64Array;
        for (let i = 0; i < n; i++) o[i] = big ? Number(bigs[i] as bigint) : (num[i] as number);
        return out;
      }
      // Everything narrower goes through float32 (Eigen converts halves via float).
      const o32 = new Float32Array(n);
      for (let i = 0; i < n; i++) o32[i] = at(i);
      // FTZ: a float64 too small for a normal float32 becomes zero on the way.
      const fromDouble = srcPrecision === 'float64' && !big && srcIsFloat;
      if (fromDouble) ftz32(o32);
      if (dst === 'float32') {
        (out.data as Float32Array).set(o32);
        return out;
      }
      const codec = floatCodec(dst as FloatBitsDType);
      const o = out.data as Uint16Array | Uint8Array;
      // float64 -> float16 rounds once from the double; -> bfloat16 goes through float32.
      if (fromDouble && dst === 'float16') {
        for (let i = 0; i < n; i++) {
          const d = num[i] as number;
          o[i] = codec.encode(o32[i] === 0 ? (o32[i] as number) : d);
        }
      } else {
        for (let i = 0; i < n; i++) o[i] = codec.encode(o32[i] as number);
      }
      return out;
    }
    case 'bigint': {
      const o = out.data as BigIntArray;
      if (big) {
        for (let i = 0; i < n; i++) o[i] = bigs[i] as bigint;
      } else if (srcIsFloat) {
        const round = srcPrecision === 'float64' ? (t: number) => t : Math.fround;
        if (dst === 'uint64')
          for (let i = 0; i < n; i++) o[i] = floatToUint64(num[i] as number, round);
        else for (let i = 0; i < n; i++) o[i] = floatToInt64(num[i] as number);
      } else {
        for (let i = 0; i < n; i++) o[i] = BigInt(num[i] as number);
      }
      return out;
    }
    default: {
      // Integer destinations (incl. quantized and int4/uint4): typed-array stores wrap.
      const o = out.data as NumberArray;
      if (big) {
        for (let i = 0; i < n; i++) o[i] = Number(BigInt.asIntN(32, bigs[i] as bigint));
      } else if (srcIsFloat) {
        const range = SATURATE[dst];
        if (dst === 'uint32') for (let i = 0; i < n; i++) o[i] = floatToUint32(num[i] as number);
        else if (range !== undefined) {
          const [lo, hi] = range;
          for (let i = 0; i < n; i++) {
            const t = floatToInt32(num[i] as number);
            o[i] = t < lo ? lo : t > hi ? hi : t;
          }
        } else for (let i = 0; i < n; i++) o[i] = floatToInt32(num[i] as number);
      } else {
        for (let i = 0; i < n; i++) o[i] = num[i] as number;
      }
      if (dst === 'int4') for (let i = 0; i < n; i++) o[i] = ((o[i] as number) << 28) >> 28;
      else if (dst === 'uint4') for (let i = 0; i < n; i++) o[i] = (o[i] as number) & 15;
      return out;
    }
  }
}

/** Cast: every dtype pair TF's CPU kernel supports, with its rounding and x86 conversions. */
export const castCpu = defineKernel(ops.Cast, {
  deviceType: 'CPU',
  create: ({ attrs, inputDTypes }) => {
    const src = inputDTypes[0] as DType;
    const dst = attrs.DstT;
    if (!castSupported(src, dst)) {
      throw new UnimplementedError(
        null,
        null,
        `Cast ${tfTypeName(src)} to ${tfTypeName(dst)} is not supported`,
      );
    }
    const truncate = attrs.Truncate;
    return (ctx) => setOutputArray(ctx, 0, castArray(inputArray(ctx, 0), dst, truncate));
  },
});
