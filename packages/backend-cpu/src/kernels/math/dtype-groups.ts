import type { DType } from '@tensorgraph/core';

// The dtype sets TF 2.21's CPU kernels register (`tf.raw_ops` kernel registry, intersected
// with each op's allowed types). Named once so every kernel's constraints read like TF's.

export const HALF_FLOATS = ['float16', 'bfloat16'] as const satisfies readonly DType[];
export const FLOATS = [
  'float16',
  'bfloat16',
  'float32',
  'float64',
] as const satisfies readonly DType[];
export const SIGNED_INTS = ['int8', 'int16', 'int32', 'int64'] as const satisfies readonly DType[];
export const UNSIGNED_INTS = [
  'uint8',
  'uint16',
  'uint32',
  'uint64',
] as const satisfies readonly DType[];
export const INTS = [...SIGNED_INTS, ...UNSIGNED_INTS] as const;
export const COMPLEX = ['complex64', 'complex128'] as const satisfies readonly DType[];
export const FLOAT_COMPLEX = [...FLOATS, ...COMPLEX] as const;
export const REAL_NUMBERS = [...FLOATS, ...INTS] as const;
export const NUMBERS = [...REAL_NUMBERS, ...COMPLEX] as const;
export const QUANTIZED = [
  'qint8',
  'quint8',
  'qint16',
  'quint16',
  'qint32',
] as const satisfies readonly DType[];
export const INDEX_TYPES = ['int32', 'int64'] as const satisfies readonly DType[];
