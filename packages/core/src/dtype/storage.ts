import type { DType } from './dtype.js';

/** The flat host storage of each dtype (see {@link storageOf}). */
export interface DTypeStorageMap {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  uint8: Uint8Array;
  int16: Int16Array;
  int8: Int8Array;
  string: Uint8Array[];
  complex64: Float32Array;
  int64: BigInt64Array;
  bool: Uint8Array;
  qint8: Int8Array;
  quint8: Uint8Array;
  qint32: Int32Array;
  bfloat16: Uint16Array;
  qint16: Int16Array;
  quint16: Uint16Array;
  uint16: Uint16Array;
  complex128: Float64Array;
  float16: Uint16Array;
  resource: unknown[];
  variant: unknown[];
  uint32: Uint32Array;
  uint64: BigUint64Array;
  float8_e5m2: Uint8Array;
  float8_e4m3fn: Uint8Array;
  float8_e4m3fnuz: Uint8Array;
  float8_e4m3b11fnuz: Uint8Array;
  float8_e5m2fnuz: Uint8Array;
  int4: Int8Array;
  uint4: Uint8Array;
  int2: Int8Array;
  uint2: Uint8Array;
  float4_e2m1fn: Uint8Array;
}

/** The storage type of `D`: `DataFor<'int64'>` is `BigInt64Array`. */
export type DataFor<D extends DType> = DTypeStorageMap[D];

export type TypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

export type TypedArrayConstructor =
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | Int8ArrayConstructor
  | Int16ArrayConstructor
  | Int32ArrayConstructor
  | Uint8ArrayConstructor
  | Uint16ArrayConstructor
  | Uint32ArrayConstructor
  | BigInt64ArrayConstructor
  | BigUint64ArrayConstructor;

/** What kind of values a dtype holds, and how they are stored. */
export type DTypeKind =
  | 'float' // IEEE floats stored natively (float32, float64)
  | 'float-bits' // narrow floats stored as raw bit patterns (float16, bfloat16, float8*, float4)
  | 'int'
  | 'bigint' // int64, uint64
  | 'bool'
  | 'complex' // interleaved (re, im) pairs
  | 'quantized' // qint*/quint*: integers with quantization semantics
  | 'string' // bytes
  | 'opaque'; // resource, variant

export interface DTypeStorage {
  readonly kind: DTypeKind;
  /** The typed array holding elements; `null` for string, resource and variant (JS arrays). */
  readonly arrayType: TypedArrayConstructor | null;
  /** Storage slots per element: 2 for complex (re, im), else 1. */
  readonly slotsPerElement: 1 | 2;
  /** Bytes per element on the wire (`tensor_content`), 0 where TF has none (string, resource, variant). */
  readonly byteSize: number;
}

const s = (
  kind: DTypeKind,
  arrayType: TypedArrayConstructor | null,
  byteSize: number,
  slotsPerElement: 1 | 2 = 1,
): DTypeStorage => Object.freeze({ kind, arrayType, byteSize, slotsPerElement });

const STORAGE: Readonly<Record<DType, DTypeStorage>> = {
  float32: s('float', Float32Array, 4),
  float64: s('float', Float64Array, 8),
  int32: s('int', Int32Array, 4),
  uint8: s('int', Uint8Array, 1),
  int16: s('int', Int16Array, 2),
  int8: s('int', Int8Array, 1),
  string: s('string', null, 0),
  complex64: s('complex', Float32Array, 8, 2),
  int64: s('bigint', BigInt64Array, 8),
  bool: s('bool', Uint8Array, 1),
  qint8: s('quantized', Int8Array, 1),
  quint8: s('quantized', Uint8Array, 1),
  qint32: s('quantized', Int32Array, 4),
  bfloat16: s('float-bits', Uint16Array, 2),
  qint16: s('quantized', Int16Array, 2),
  quint16: s('quantized', Uint16Array, 2),
  uint16: s('int', Uint16Array, 2),
  complex128: s('complex', Float64Array, 16, 2),
  float16: s('float-bits', Uint16Array, 2),
  resource: s('opaque', null, 0),
  variant: s('opaque', null, 0),
  uint32: s('int', Uint32Array, 4),
  uint64: s('bigint', BigUint64Array, 8),
  float8_e5m2: s('float-bits', Uint8Array, 1),
  float8_e4m3fn: s('float-bits', Uint8Array, 1),
  float8_e4m3fnuz: s('float-bits', Uint8Array, 1),
  float8_e4m3b11fnuz: s('float-bits', Uint8Array, 1),
  float8_e5m2fnuz: s('float-bits', Uint8Array, 1),
  // Sub-byte integers are held one per byte on the host; TF packs them only on some paths.
  int4: s('int', Int8Array, 1),
  uint4: s('int', Uint8Array, 1),
  int2: s('int', Int8Array, 1),
  uint2: s('int', Uint8Array, 1),
  float4_e2m1fn: s('float-bits', Uint8Array, 1),
};

/** How `dtype`'s elements are stored on the host. */
export function storageOf(dtype: DType): DTypeStorage {
  return STORAGE[dtype];
}

/** A zero-filled storage buffer for `size` elements of `dtype`. */
export function allocateStorage<D extends DType>(dtype: D, size: number): DataFor<D> {
  const { arrayType, slotsPerElement, kind } = STORAGE[dtype];
  if (arrayType !== null) return new arrayType(size * slotsPerElement) as DataFor<D>;
  if (kind === 'string') {
    return Array.from({ length: size }, () => new Uint8Array(0)) as DataFor<D>;
  }
  return new Array<unknown>(size).fill(null) as DataFor<D>;
}
