import {
  allocateStorage,
  type DeviceTensor,
  type KernelContext,
  floatCodec,
  isFloatBitsDType,
  NDArray,
  storageOf,
  type DataFor,
  type DType,
} from '@tensorgraph/core';

export type FloatArray = Float32Array | Float64Array;
export type SmallIntArray =
  Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array;
export type BigIntArray = BigInt64Array | BigUint64Array;
/** Any typed array holding plain numbers (floats, small ints, bool, float bits). */
export type NumberArray = FloatArray | SmallIntArray;

/** A rounding to the working precision: `Math.fround` for float32 work, identity for float64. */
export type Round = (x: number) => number;
export const ROUND_F32: Round = Math.fround;
export const ROUND_F64: Round = (x) => x;

export const F32_MIN_NORMAL = 2 ** -126;
export const F64_MIN_NORMAL = 2 ** -1022;

/**
 * How a float dtype is computed: float64 natively, float32 natively, and the half types in
 * float32 (Eigen widens half/bfloat16 to float for every op and rounds the result back).
 * TF runs its kernels with the x86 FTZ and DAZ flags set, so subnormal operands read as
 * zero and subnormal results become zero; `tiny` is the least normal value to test against.
 */
export interface FloatWork {
  /** float64 work. */
  readonly wide: boolean;
  /** A half type (float16, bfloat16) computed in float32. */
  readonly half: boolean;
  readonly round: Round;
  readonly tiny: number;
}

export const WORK_F32: FloatWork = {
  wide: false,
  half: false,
  round: ROUND_F32,
  tiny: F32_MIN_NORMAL,
};
export const WORK_F64: FloatWork = {
  wide: true,
  half: false,
  round: ROUND_F64,
  tiny: F64_MIN_NORMAL,
};

const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

/**
 * float32 bits to float16 bits, rounding to nearest even (subnormals, overflow to inf);
 * NaN becomes the quiet NaN 0x7e00, as the core codec encodes it.
 */
export function float32BitsToFloat16(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  const mant = bits & 0x7fffff;
  if (exp === 0xff) return mant !== 0 ? 0x7e00 : sign | 0x7c00;
  const e = exp - 112;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const full = mant | 0x800000;
    const shift = 14 - e;
    const kept = full >>> shift;
    const rest = full & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    return sign | (kept + (rest > half || (rest === half && (kept & 1) === 1) ? 1 : 0));
  }
  let r = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (r & 1) === 1)) r++;
  return sign | r;
}

/** float32 bits to bfloat16 bits, rounding to nearest even; NaN becomes 0x7fc0. */
export function float32BitsToBfloat16(bits: number): number {
  if ((bits & 0x7fffffff) > 0x7f800000) return 0x7fc0;
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
}

const DECODE_TABLES = new Map<DType, Float32Array>();

/** Every 16-bit pattern's value, built once per half type. */
function decodeTable(dtype: 'float16' | 'bfloat16'): Float32Array {
  let table = DECODE_TABLES.get(dtype);
  if (table === undefined) {
    const codec = floatCodec(dtype);
    table = new Float32Array(65536);
    for (let b = 0; b < 65536; b++) table[b] = codec.decode(b);
    DECODE_TABLES.set(dtype, table);
  }
  return table;
}

/** Rounding to a half type through float32, as Eigen's half arithmetic rounds each step. */
function halfRound(dtype: 'float16' | 'bfloat16'): Round {
  const encode = dtype === 'float16' ? float32BitsToFloat16 : float32BitsToBfloat16;
  return (x) => {
    f32[0] = x;
    return decodeTable(dtype)[encode(f32Bits[0] as number)] as number;
  };
}

// Eigen::half and bfloat16 operators compute in float and round each result to the half
// type, so a formula of several ops rounds to the half type between them.
const WORK_F16: FloatWork = {
  wide: false,
  half: true,
  round: halfRound('float16'),
  tiny: F32_MIN_NORMAL,
};
const WORK_BF16: FloatWork = {
  wide: false,
  half: true,
  round: halfRound('bfloat16'),
  tiny: F32_MIN_NORMAL,
};

export function floatWork(dtype: DType): FloatWork {
  switch (dtype) {
    case 'float64':
    case 'complex128':
      return WORK_F64;
    case 'float16':
      return WORK_F16;
    case 'bfloat16':
      return WORK_BF16;
    default:
      return WORK_F32;
  }
}

export function isHalf(dtype: DType): boolean {
  return dtype === 'float16' || dtype === 'bfloat16';
}

/** The element kind a kernel dispatches on. */
export type ElementKind = 'float' | 'int' | 'bigint' | 'complex' | 'bool' | 'string' | 'other';

export function elementKind(dtype: DType): ElementKind {
  switch (storageOf(dtype).kind) {
    case 'float':
    case 'float-bits':
      return 'float';
    case 'int':
    case 'quantized':
      return 'int';
    case 'bigint':
      return 'bigint';
    case 'complex':
      return 'complex';
    case 'bool':
      return 'bool';
    case 'string':
      return 'string';
    default:
      return 'other';
  }
}

/** float32 / float64: the dtypes whose storage a kernel computes in directly. */
export function isDirectFloat(dtype: DType): dtype is 'float32' | 'float64' {
  return dtype === 'float32' || dtype === 'float64';
}

/**
 * Storage for output 0 of a same-shape elementwise op on `x` (input `inputIndex`): `x`'s own
 * buffer when the step lets this node overwrite it, else a new one. Only for float32 and
 * float64 work; the kernel reads element i of every input before it writes element i.
 */
export function floatOutputOver(ctx: KernelContext, inputIndex: number, x: NDArray): FloatArray {
  const t = ctx.forwardInputOrAllocate(inputIndex, 0, x.shape) as DeviceTensor<NDArray>;
  return t.handle.data as FloatArray;
}

/** A new zero-filled host array. */
export function newArray<D extends DType>(dtype: D, shape: readonly number[]): NDArray<D> {
  let size = 1;
  for (const d of shape) size *= d;
  return new NDArray(dtype, shape, allocateStorage(dtype, size));
}

/**
 * The values of a float (or complex) array as float32/float64 storage: float32, float64
 * and complex data as they are, half types decoded exactly into a new Float32Array.
 */
export function floatValues(a: NDArray): FloatArray {
  const dtype = a.dtype;
  if (!isFloatBitsDType(dtype)) return a.data as FloatArray;
  if (dtype === 'float16' || dtype === 'bfloat16') {
    const table = decodeTable(dtype);
    const bits = a.data as Uint16Array;
    const out = new Float32Array(bits.length);
    for (let i = 0; i < bits.length; i++) out[i] = table[bits[i] as number] as number;
    return out;
  }
  const codec = floatCodec(dtype);
  const bits = a.data as Uint16Array | Uint8Array;
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = codec.decode(bits[i] as number);
  return out;
}

/** Float storage for `size` elements computed for `dtype` (float32 for the half types). */
export function floatScratch(dtype: DType, size: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

/**
 * An array of `dtype` from computed values: float32/float64 storage is used as is, half
 * types are rounded (to nearest even) from their float32 values.
 */
export function fromFloatValues(
  dtype: DType,
  shape: readonly number[],
  values: FloatArray,
): NDArray {
  if (!isFloatBitsDType(dtype)) return new NDArray(dtype, shape, values as DataFor<typeof dtype>);
  if ((dtype === 'float16' || dtype === 'bfloat16') && values instanceof Float32Array) {
    const view = new Uint32Array(values.buffer, values.byteOffset, values.length);
    const half = new Uint16Array(values.length);
    // Two loops rather than one through a function variable: each call stays monomorphic.
    if (dtype === 'float16') {
      for (let i = 0; i < half.length; i++) half[i] = float32BitsToFloat16(view[i] as number);
    } else {
      for (let i = 0; i < half.length; i++) half[i] = float32BitsToBfloat16(view[i] as number);
    }
    return new NDArray(dtype, shape, half as DataFor<typeof dtype>);
  }
  const codec = floatCodec(dtype);
  const bits = allocateStorage(dtype, values.length) as Uint16Array | Uint8Array;
  for (let i = 0; i < values.length; i++) bits[i] = codec.encode(values[i] as number);
  return new NDArray(dtype, shape, bits as DataFor<typeof dtype>);
}

/** DAZ: a subnormal operand reads as a zero of its sign. */
export function daz(x: number, tiny: number): number {
  return x !== 0 && x < tiny && x > -tiny ? x * 0 : x;
}

/**
 * Whether some value is subnormal (0 < |v| < tiny). Branch-free, since zeros (common after
 * Relu) would make a test-and-branch per element mispredict: a read-only pass is then cheap
 * enough to run before every flush.
 */
export function hasSubnormal(values: FloatArray, tiny: number): boolean {
  let any = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i] as number);
    any |= ((a < tiny) as unknown as number) & ((a > 0) as unknown as number);
  }
  return any !== 0;
}

/** FTZ over computed float storage: subnormal results become zeros of their sign. */
export function flushSubnormals(values: FloatArray, tiny: number): void {
  if (!hasSubnormal(values, tiny)) return;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v !== 0 && v < tiny && v > -tiny) values[i] = v * 0;
  }
}

/** Reads operands with DAZ: a copy only when some value is subnormal. */
export function dazValues(values: FloatArray, tiny: number): FloatArray {
  if (!hasSubnormal(values, tiny)) return values;
  const copy = values.slice();
  flushSubnormals(copy, tiny);
  return copy;
}
