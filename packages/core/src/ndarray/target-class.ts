import type { DType } from '../dtype/dtype.js';
import { isFloatBitsDType } from '../dtype/float-formats.js';

/**
 * How numpy (and so TF) treats a dtype when host values are converted to it:
 * numpy's own numeric types (`np.number`) cast whole arrays with `astype`; bool,
 * ml_dtypes' types, strings (object arrays) and quantized (structured) types convert
 * element by element from the Python values.
 */
export type TargetClass =
  | 'np-int'
  | 'np-float'
  | 'np-complex'
  | 'bool'
  | 'ml-float'
  | 'ml-int'
  | 'string'
  | 'quantized'
  | 'opaque';

const CLASSES: Readonly<Partial<Record<DType, TargetClass>>> = {
  int8: 'np-int',
  int16: 'np-int',
  int32: 'np-int',
  int64: 'np-int',
  uint8: 'np-int',
  uint16: 'np-int',
  uint32: 'np-int',
  uint64: 'np-int',
  float16: 'np-float',
  float32: 'np-float',
  float64: 'np-float',
  complex64: 'np-complex',
  complex128: 'np-complex',
  bool: 'bool',
  int4: 'ml-int',
  uint4: 'ml-int',
  int2: 'ml-int',
  uint2: 'ml-int',
  string: 'string',
  qint8: 'quantized',
  quint8: 'quantized',
  qint16: 'quantized',
  quint16: 'quantized',
  qint32: 'quantized',
  resource: 'opaque',
  variant: 'opaque',
};

export function targetClass(dtype: DType): TargetClass {
  return CLASSES[dtype] ?? (isFloatBitsDType(dtype) ? 'ml-float' : 'opaque');
}

/** The Python type TF's feed check names (`<class 'numpy.int32'>`, `<class 'ml_dtypes.int4'>`). */
export function numpyClassName(dtype: DType): string {
  switch (targetClass(dtype)) {
    case 'string':
      return "<class 'object'>";
    case 'ml-float':
    case 'ml-int':
      return `<class 'ml_dtypes.${dtype}'>`;
    default:
      return `<class 'numpy.${dtype}'>`;
  }
}
