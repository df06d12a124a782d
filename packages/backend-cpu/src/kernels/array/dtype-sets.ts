import type { DType } from '@tensorgraph/core';

// The dtypes TF 2.21 registers CPU kernels for, per op family (read from TF's kernel
// registry with `kernels.get_registered_kernels_for_op`), so placement agrees with TF's.

/** TF_CALL_REAL_NUMBER_TYPES: every real integer and float dtype. */
export const REAL: readonly DType[] = [
  'float32',
  'float64',
  'float16',
  'bfloat16',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
];

export const COMPLEX: readonly DType[] = ['complex64', 'complex128'];

/** TF_CALL_NUMBER_TYPES. */
export const NUMBER: readonly DType[] = [...REAL, ...COMPLEX];

/** TF_CALL_POD_TYPES: numbers and bool. */
export const POD: readonly DType[] = [...NUMBER, 'bool'];

/** Numbers, bool and string (TF_CALL_ALL_TYPES without resource/variant). */
export const POD_STRING: readonly DType[] = [...POD, 'string'];

const FLOAT8: readonly DType[] = ['float8_e4m3fn', 'float8_e5m2'];
const HANDLES: readonly DType[] = ['resource', 'variant'];
const QUANTIZED_3: readonly DType[] = ['qint8', 'quint8', 'qint32'];
const QUANTIZED_ALL: readonly DType[] = ['qint8', 'quint8', 'qint16', 'quint16', 'qint32'];

/** What pure data-movement kernels (Transpose, Unpack, BroadcastTo) take. */
export const MOVABLE: readonly DType[] = [...POD_STRING, ...FLOAT8, ...HANDLES];

export const CONCAT_TYPES: readonly DType[] = [...POD_STRING, ...FLOAT8, ...QUANTIZED_ALL];
export const PACK_TYPES: readonly DType[] = [...MOVABLE, ...QUANTIZED_ALL];
export const SPLIT_TYPES: readonly DType[] = [...MOVABLE, 'int4', 'uint4', 'quint8'];
export const SLICE_TYPES: readonly DType[] = [...POD_STRING, ...FLOAT8, ...QUANTIZED_3];
export const STRIDED_SLICE_TYPES: readonly DType[] = [...MOVABLE, ...QUANTIZED_3];
export const PAD_TYPES: readonly DType[] = [...POD_STRING, ...QUANTIZED_3];
export const GATHER_TYPES: readonly DType[] = [...MOVABLE, ...QUANTIZED_ALL];
export const GATHER_ND_TYPES: readonly DType[] = [...MOVABLE, ...QUANTIZED_3];
export const FILL_TYPES: readonly DType[] = [
  ...POD_STRING,
  ...HANDLES,
  ...QUANTIZED_ALL,
  'int4',
  'uint4',
];
export const ZEROS_LIKE_TYPES: readonly DType[] = [...POD_STRING, 'variant'];
export const SPARSE_TO_DENSE_TYPES: readonly DType[] = [
  ...POD_STRING,
  'qint8',
  'quint8',
  'qint16',
  'quint16',
];
export const UNIQUE_TYPES: readonly DType[] = [...REAL, 'bool', 'string'];

export const INDEX_32_64: readonly DType[] = ['int32', 'int64'];
export const INDEX_16_32_64: readonly DType[] = ['int16', 'int32', 'int64'];
export const FLOATS: readonly DType[] = ['float16', 'bfloat16', 'float32', 'float64'];
