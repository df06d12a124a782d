import type { DType } from '../dtype/dtype.js';
import {
  float64ArrayToFloatBits,
  numberToFloat16Bits,
  type FloatBitsDType,
} from '../dtype/float-formats.js';
import { allocateStorage, storageOf, type DataFor } from '../dtype/storage.js';
import { astypeElement, pyInt, strictInt, type Element } from './element-convert.js';
import { readScalar, storageFromElements } from './element-storage.js';
import type { NpKind } from './np-kind.js';
import { floatToIntC, floatToIntCaster, quantizedBase, wrapInt } from './numeric-casts.js';
import { pyStr, pyTruthy, pyTypeName, type PyScalar } from './py-scalar.js';
import { targetClass } from './target-class.js';

/** The kind numpy gives an array of `dtype` when it is cast (`arr.astype(...)`). */
export function sourceKind(dtype: DType): NpKind {
  switch (storageOf(dtype).kind) {
    case 'float':
    case 'float-bits':
      return 'float64';
    case 'int':
    case 'quantized':
      return 'int64';
    case 'bigint':
      return dtype === 'uint64' ? 'uint64' : 'int64';
    case 'bool':
      return 'bool';
    case 'complex':
      return 'complex128';
    default:
      return 'object';
  }
}

/**
 * One element of an array of `kind` cast to `dtype` as numpy's `astype` does (what TF
 * does to a numpy array given with another dtype, and to a fed array): C casts between
 * numbers, truth for bool, bytes only for strings.
 */
export function castElement(s: PyScalar, kind: NpKind, dtype: DType): Element {
  const cls = targetClass(dtype);
  switch (cls) {
    case 'np-int':
    case 'np-float':
    case 'np-complex':
      return astypeElement(s, kind, dtype);
    case 'bool':
      return pyTruthy(s);
    case 'string':
      if (s.kind === 'bytes') return s.value;
      throw new TypeError(`Expected binary or unicode string, got ${pyStr(s)}`);
    case 'opaque':
      throw new TypeError(`Cannot convert values to dtype ${dtype}: it holds no host values.`);
    default:
      break;
  }
  // ml_dtypes' narrow types and quantized types, from a numeric array.
  if (s.kind === 'bytes' || s.kind === 'object' || s.kind === 'str' || s.kind === 'none') {
    if (cls === 'quantized') return strictInt(pyInt(s), dtype);
    throw new TypeError(`expected number, got ${pyTypeName(s)}`);
  }
  const isFloatLike = kind === 'float64' || kind === 'complex128';
  const x = s.kind === 'complex' ? s.re : s.kind === 'float' ? s.value : Number(pyInt(s));
  if (cls === 'ml-float') return float64ArrayToFloatBits(dtype as FloatBitsDType, x);
  const intDType = cls === 'quantized' ? quantizedBase(dtype) : dtype;
  return isFloatLike ? floatToIntC(x, intDType) : wrapInt(pyInt(s), intDType);
}

type Numeric = { [i: number]: number; length: number };

/** `data` (of `from`, `size` elements) cast to `to` with numpy's `astype` semantics. */
export function castStorage<D extends DType>(
  from: DType,
  data: unknown,
  size: number,
  to: D,
): DataFor<D> {
  const src = storageOf(from);
  const dst = storageOf(to);
  // Fast paths for plain numbers: typed-array stores already round (float32) and wrap
  // (8/16/32-bit ints) exactly as numpy's casts do for these pairs.
  if (src.kind === 'float' && (to === 'float32' || to === 'float64')) {
    const out = allocateStorage(to, size) as unknown as Numeric;
    const d = data as Numeric;
    for (let i = 0; i < size; i++) out[i] = d[i] as number;
    return out as unknown as DataFor<D>;
  }
  if (
    (src.kind === 'int' || src.kind === 'bool') &&
    ((dst.kind === 'int' && dst.byteSize >= 1 && isStorageWide(to)) ||
      to === 'float32' ||
      to === 'float64')
  ) {
    const out = allocateStorage(to, size) as unknown as Numeric;
    const d = data as Numeric;
    for (let i = 0; i < size; i++) out[i] = d[i] as number;
    return out as unknown as DataFor<D>;
  }
  if (
    src.kind === 'float' &&
    (dst.kind === 'int' || dst.kind === 'quantized') &&
    dst.byteSize <= 4
  ) {
    const out = allocateStorage(to, size) as unknown as Numeric;
    const d = data as Numeric;
    const cast = floatToIntCaster(quantizedBase(to));
    for (let i = 0; i < size; i++) out[i] = cast(d[i] as number) as number;
    return out as unknown as DataFor<D>;
  }
  if (src.kind === 'float' && dst.kind === 'float-bits') {
    const out = allocateStorage(to, size) as unknown as Numeric;
    const d = data as Numeric;
    const bitsOf =
      to === 'float16'
        ? numberToFloat16Bits
        : (x: number) => float64ArrayToFloatBits(to as FloatBitsDType, x);
    for (let i = 0; i < size; i++) out[i] = bitsOf(d[i] as number);
    return out as unknown as DataFor<D>;
  }
  const kind = sourceKind(from);
  const elements: Element[] = new Array<Element>(size);
  for (let i = 0; i < size; i++) elements[i] = castElement(readScalar(from, data, i), kind, to);
  return storageFromElements(to, elements);
}

/** Storage whose typed-array store wraps like the dtype (not int4/int2, held in a byte). */
function isStorageWide(dtype: DType): boolean {
  return dtype !== 'int4' && dtype !== 'uint4' && dtype !== 'int2' && dtype !== 'uint2';
}
