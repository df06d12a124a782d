import type { DType } from './dtype.js';
import { MiniFloatCodec } from './minifloat.js';

/** The dtypes stored as raw bits of a narrow float (see `DTypeKind` 'float-bits'). */
export type FloatBitsDType =
  | 'float16'
  | 'bfloat16'
  | 'float8_e5m2'
  | 'float8_e4m3fn'
  | 'float8_e4m3fnuz'
  | 'float8_e4m3b11fnuz'
  | 'float8_e5m2fnuz'
  | 'float4_e2m1fn';

const CODECS: Readonly<Record<FloatBitsDType, MiniFloatCodec>> = {
  float16: new MiniFloatCodec({
    name: 'float16',
    exponentBits: 5,
    mantissaBits: 10,
    bias: 15,
    specials: 'ieee',
    nanBits: 0x7e00,
  }),
  bfloat16: new MiniFloatCodec({
    name: 'bfloat16',
    exponentBits: 8,
    mantissaBits: 7,
    bias: 127,
    specials: 'ieee',
    nanBits: 0x7fc0,
  }),
  float8_e5m2: new MiniFloatCodec({
    name: 'float8_e5m2',
    exponentBits: 5,
    mantissaBits: 2,
    bias: 15,
    specials: 'ieee',
    nanBits: 0x7e,
  }),
  float8_e4m3fn: new MiniFloatCodec({
    name: 'float8_e4m3fn',
    exponentBits: 4,
    mantissaBits: 3,
    bias: 7,
    specials: 'fn',
    nanBits: 0x7f,
  }),
  float8_e4m3fnuz: new MiniFloatCodec({
    name: 'float8_e4m3fnuz',
    exponentBits: 4,
    mantissaBits: 3,
    bias: 8,
    specials: 'fnuz',
    nanBits: 0x80,
  }),
  float8_e4m3b11fnuz: new MiniFloatCodec({
    name: 'float8_e4m3b11fnuz',
    exponentBits: 4,
    mantissaBits: 3,
    bias: 11,
    specials: 'fnuz',
    nanBits: 0x80,
  }),
  float8_e5m2fnuz: new MiniFloatCodec({
    name: 'float8_e5m2fnuz',
    exponentBits: 5,
    mantissaBits: 2,
    bias: 16,
    specials: 'fnuz',
    nanBits: 0x80,
  }),
  // ml_dtypes maps NaN to the negative-zero pattern and saturates overflow.
  float4_e2m1fn: new MiniFloatCodec({
    name: 'float4_e2m1fn',
    exponentBits: 2,
    mantissaBits: 1,
    bias: 1,
    specials: 'finite',
    nanBits: 0x8,
  }),
};

export function isFloatBitsDType(dtype: DType): dtype is FloatBitsDType {
  return Object.prototype.hasOwnProperty.call(CODECS, dtype);
}

/** The codec of a narrow float dtype. */
export function floatCodec(dtype: FloatBitsDType): MiniFloatCodec {
  return CODECS[dtype];
}

/** The number a bit pattern of `dtype` stands for. */
export function floatBitsToNumber(dtype: FloatBitsDType, bits: number): number {
  return CODECS[dtype].decode(bits);
}

/**
 * The bits of `x` in `dtype`, converting a double the way TF/numpy/ml_dtypes convert a
 * Python float: float16 and the float8/float4 kinds round once from the double; bfloat16
 * rounds to float32 first (Eigen's and ml_dtypes' bfloat16(double) goes through float).
 */
export function numberToFloatBits(dtype: FloatBitsDType, x: number): number {
  return CODECS[dtype].encode(dtype === 'bfloat16' ? Math.fround(x) : x);
}

/**
 * The bits of `x` in `dtype` as numpy's `astype` from a float64 array does: ml_dtypes'
 * array casts go through float32 (double rounding), numpy's own float16 cast does not.
 */
export function float64ArrayToFloatBits(dtype: FloatBitsDType, x: number): number {
  return CODECS[dtype].encode(dtype === 'float16' ? x : Math.fround(x));
}

/** float16 bits → number (exact). */
export function float16BitsToNumber(bits: number): number {
  return CODECS.float16.decode(bits);
}

/** number → float16 bits, rounded once to nearest even (numpy's `np.float16(x)`). */
export function numberToFloat16Bits(x: number): number {
  return CODECS.float16.encode(x);
}

/** bfloat16 bits → number (exact). */
export function bfloat16BitsToNumber(bits: number): number {
  return CODECS.bfloat16.decode(bits);
}

/** number → bfloat16 bits as ml_dtypes/TF do: through float32, then nearest even. */
export function numberToBfloat16Bits(x: number): number {
  return CODECS.bfloat16.encode(Math.fround(x));
}

/** float32 value → bfloat16 bits, one rounding (the value must already be a float32). */
export function float32ToBfloat16Bits(x: number): number {
  return CODECS.bfloat16.encode(x);
}
