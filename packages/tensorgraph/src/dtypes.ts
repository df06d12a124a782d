import type { DType } from '@tensorgraph/core';

// TF Python's dtype objects, as the dtype strings this library uses (`tf.float32 === 'float32'`).
export const float16 = 'float16' satisfies DType;
export const half = 'float16' satisfies DType;
export const bfloat16 = 'bfloat16' satisfies DType;
export const float32 = 'float32' satisfies DType;
export const float64 = 'float64' satisfies DType;
export const double = 'float64' satisfies DType;
export const int8 = 'int8' satisfies DType;
export const int16 = 'int16' satisfies DType;
export const int32 = 'int32' satisfies DType;
export const int64 = 'int64' satisfies DType;
export const uint8 = 'uint8' satisfies DType;
export const uint16 = 'uint16' satisfies DType;
export const uint32 = 'uint32' satisfies DType;
export const uint64 = 'uint64' satisfies DType;
export const bool = 'bool' satisfies DType;
export const string = 'string' satisfies DType;
export const complex64 = 'complex64' satisfies DType;
export const complex128 = 'complex128' satisfies DType;
export const qint8 = 'qint8' satisfies DType;
export const quint8 = 'quint8' satisfies DType;
export const qint16 = 'qint16' satisfies DType;
export const quint16 = 'quint16' satisfies DType;
export const qint32 = 'qint32' satisfies DType;
export const resource = 'resource' satisfies DType;
export const variant = 'variant' satisfies DType;
