import { InternalError } from '@tensorgraph/errors';
import type { DType } from '@tensorgraph/core';

/** The dtypes a GPU tensor may have, with the addon's codes (enum tg_dtype). */
export const DEVICE_DTYPES: Readonly<Record<string, number>> = {
  float32: 0,
  int32: 1,
  int64: 2,
  bool: 3,
};

const SIZES: Readonly<Record<string, number>> = { float32: 4, int32: 4, int64: 8, bool: 1 };

/**
 * Whether GPU memory holds `dtype`; tensors of other dtypes stay in host memory on the
 * device (see host-held.ts).
 */
export function inDeviceMemory(dtype: DType): boolean {
  return SIZES[dtype] !== undefined;
}

/** Bytes per element of a dtype GPU memory holds. */
export function dtypeSize(dtype: DType, device: string): number {
  const size = SIZES[dtype];
  if (size === undefined) {
    throw new InternalError(null, null, `${device} cannot hold ${dtype} tensors`);
  }
  return size;
}

export function dtypeCode(dtype: DType): number {
  const code = DEVICE_DTYPES[dtype];
  if (code === undefined) throw new InternalError(null, null, `No GPU dtype code for ${dtype}`);
  return code;
}

export const F32: readonly DType[] = ['float32'];
export const NUMERIC_32: readonly DType[] = ['float32', 'int32'];
export const ALL_DEVICE: readonly DType[] = ['float32', 'int32', 'int64', 'bool'];
export const INDEX_TYPES: readonly DType[] = ['int32', 'int64'];
