import type { NDArray } from '@tensorgraph/core';

/**
 * The handle of a GPU tensor whose dtype no GPU kernel computes in (variant, resource,
 * string, float64, ...). TF's GPU device keeps such tensors in host memory, so control flow
 * and function calls placed on the GPU can still route them (a While loop carrying
 * TensorLists); here the value stays a host `NDArray`, shared like the CPU device's.
 */
export interface HostHeldHandle {
  readonly host: NDArray;
  /** Set once this view was freed, so a second `free` is harmless. */
  freed: boolean;
}

export function isHostHeld(handle: unknown): handle is HostHeldHandle {
  return typeof handle === 'object' && handle !== null && 'host' in handle;
}
