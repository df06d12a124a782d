import { InvalidArgumentError } from '@tensorgraph/errors';
import type { NDArray } from '@tensorgraph/core';

// Shape facts and TF's BCast at run time, shared with the other backends.
export {
  broadcastShape,
  broadcastStrides,
  shapeString,
  sizeOf,
  stridesOf,
} from '@tensorgraph/core';

export function invalidArgument(message: string): InvalidArgumentError {
  return new InvalidArgumentError(null, null, message);
}

/**
 * Merges adjacent dims that are contiguous for every operand, so kernels see the lowest
 * rank (and at most 8 dims). `strides[k]` are operand k's strides over `shape`.
 */
export function coalesce(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d] as number;
    if (size === 1) continue;
    const last = outShape.length - 1;
    const mergeable =
      last >= 0 &&
      strides.every((s, k) => (outStrides[k] as number[])[last] === (s[d] as number) * size);
    if (mergeable) {
      outShape[last] = (outShape[last] as number) * size;
      strides.forEach((s, k) => ((outStrides[k] as number[])[last] = s[d] as number));
    } else {
      outShape.push(size);
      strides.forEach((s, k) => (outStrides[k] as number[]).push(s[d] as number));
    }
  }
  if (shape.some((d) => d === 0)) {
    return { shape: [0], strides: strides.map(() => [0]) };
  }
  return { shape: outShape, strides: outStrides };
}

/** The integer values of a host-memory shape/axis argument. */
export function intValues(value: NDArray): number[] {
  return Array.from(value.data as ArrayLike<number | bigint>, (v) => Number(v));
}
