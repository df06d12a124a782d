import type { DType } from '../dtype/dtype.js';
import { floatBitsToNumber } from '../dtype/float-formats.js';
import { allocateStorage, storageOf, type DataFor } from '../dtype/storage.js';
import type { Element } from './element-convert.js';
import type { AnyTypedArray } from './nested.js';
import type { Complex, PyScalar } from './py-scalar.js';

type NumericStorage = { [i: number]: number; length: number };
type BigStorage = { [i: number]: bigint; length: number };

/** Flat storage of `dtype` holding `elements` (each already converted to `dtype`). */
export function storageFromElements<D extends DType>(
  dtype: D,
  elements: readonly Element[],
): DataFor<D> {
  const data = allocateStorage(dtype, elements.length);
  const { kind } = storageOf(dtype);
  const n = elements.length;
  if (kind === 'string' || kind === 'opaque') {
    const out = data as unknown[];
    for (let i = 0; i < n; i++) out[i] = elements[i];
  } else if (kind === 'complex') {
    const out = data as NumericStorage;
    for (let i = 0; i < n; i++) {
      const [re, im] = elements[i] as readonly [number, number];
      out[2 * i] = re;
      out[2 * i + 1] = im;
    }
  } else if (kind === 'bigint') {
    const out = data as unknown as BigStorage;
    for (let i = 0; i < n; i++) out[i] = elements[i] as bigint;
  } else if (kind === 'bool') {
    const out = data as NumericStorage;
    for (let i = 0; i < n; i++) out[i] = elements[i] === true ? 1 : 0;
  } else {
    const out = data as NumericStorage;
    for (let i = 0; i < n; i++) out[i] = elements[i] as number;
  }
  return data;
}

/** Element `i` of flat storage as a JS value: what `toArray()` and `item()` give. */
export function readElement(dtype: DType, data: unknown, i: number): unknown {
  const { kind } = storageOf(dtype);
  switch (kind) {
    case 'string':
    case 'opaque':
      return (data as unknown[])[i];
    case 'complex': {
      const d = data as NumericStorage;
      const c: Complex = { re: d[2 * i] as number, im: d[2 * i + 1] as number };
      return c;
    }
    case 'bool':
      return (data as NumericStorage)[i] !== 0;
    case 'float-bits':
      return floatBitsToNumber(dtype as never, (data as NumericStorage)[i] as number);
    default:
      return (data as NumericStorage | BigStorage)[i];
  }
}

/** Element `i` as the Python scalar numpy would give (`arr[i]`), for conversions. */
export function readScalar(dtype: DType, data: unknown, i: number): PyScalar {
  const { kind } = storageOf(dtype);
  switch (kind) {
    case 'float':
      return { kind: 'float', value: (data as NumericStorage)[i] as number };
    case 'float-bits':
      return { kind: 'float', value: readElement(dtype, data, i) as number };
    case 'int':
    case 'quantized':
      return { kind: 'int', value: BigInt((data as NumericStorage)[i] as number) };
    case 'bigint':
      return { kind: 'int', value: (data as BigStorage)[i] as bigint };
    case 'bool':
      return { kind: 'bool', value: (data as NumericStorage)[i] !== 0 };
    case 'complex': {
      const c = readElement(dtype, data, i) as Complex;
      return { kind: 'complex', re: c.re, im: c.im };
    }
    case 'string':
      return { kind: 'bytes', value: (data as Uint8Array[])[i] as Uint8Array };
    case 'opaque':
      return { kind: 'object', value: (data as unknown[])[i], typeName: dtype };
  }
}

/** The dtype a TypedArray holds (Uint8ClampedArray counts as uint8). */
export function typedArrayDType(array: AnyTypedArray): DType {
  if (array instanceof Float32Array) return 'float32';
  if (array instanceof Float64Array) return 'float64';
  if (array instanceof Int8Array) return 'int8';
  if (array instanceof Int16Array) return 'int16';
  if (array instanceof Int32Array) return 'int32';
  if (array instanceof Uint8Array || array instanceof Uint8ClampedArray) return 'uint8';
  if (array instanceof Uint16Array) return 'uint16';
  if (array instanceof Uint32Array) return 'uint32';
  if (array instanceof BigInt64Array) return 'int64';
  return 'uint64';
}

/** A copy of a TypedArray as the storage of its dtype. */
export function typedArrayStorage(array: AnyTypedArray): DataFor<DType> {
  if (array instanceof Uint8ClampedArray) return new Uint8Array(array);
  return array.slice() as DataFor<DType>;
}
