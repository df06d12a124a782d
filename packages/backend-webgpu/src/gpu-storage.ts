/// <reference types="@webgpu/types" />
import { UnimplementedError } from '@tensorgraph/errors';
import type { DType, NDArray } from '@tensorgraph/core';

/**
 * A GPU buffer shared by the tensors that view it (a Reshape output is its input's
 * storage under another shape). Counted by reference: the buffer returns to the pool when
 * the last tensor viewing it is freed.
 */
export class GpuStorage {
  readonly buffer: GPUBuffer;
  /** Bytes the buffer has (its pool size class). */
  readonly capacity: number;
  refs = 1;

  constructor(buffer: GPUBuffer, capacity: number) {
    this.buffer = buffer;
    this.capacity = capacity;
  }
}

/**
 * A tensor of a dtype no WEBGPU kernel computes in (int64, string, ...), kept in host
 * memory so the executor can still route it through the device (control flow, forwarding),
 * as TF's GPU device keeps such tensors in host memory.
 */
export class HostStorage {
  readonly value: NDArray;
  refs = 1;

  constructor(value: NDArray) {
    this.value = value;
  }
}

/** The handle of a WEBGPU device tensor: its storage and element count. */
export interface GpuHandle {
  readonly storage: GpuStorage | HostStorage;
  readonly size: number;
}

/** How a dtype is laid out on the GPU: WGSL element type and bytes per element. */
export interface GpuLayout {
  readonly wgsl: 'f32' | 'i32' | 'u32';
  readonly bytes: 4;
}

const LAYOUTS: Partial<Record<DType, GpuLayout>> = {
  float32: { wgsl: 'f32', bytes: 4 },
  int32: { wgsl: 'i32', bytes: 4 },
  // TF bools are one byte on the host; WGSL has no 8-bit storage, so one u32 each.
  bool: { wgsl: 'u32', bytes: 4 },
};

/** The dtypes WEBGPU kernels compute in. */
export const GPU_DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

/** Whether WEBGPU holds `dtype` in GPU buffers (else in host memory). */
export function onGpu(dtype: DType): boolean {
  return LAYOUTS[dtype] !== undefined;
}

export function layoutOf(dtype: DType): GpuLayout {
  const layout = LAYOUTS[dtype];
  if (layout === undefined) {
    throw new UnimplementedError(null, null, `WEBGPU device does not hold ${dtype} tensors`);
  }
  return layout;
}

export function wgslType(dtype: DType): 'f32' | 'i32' | 'u32' {
  return layoutOf(dtype).wgsl;
}

export { sizeOf } from '@tensorgraph/core';
