import { InvalidArgumentError } from '@tensorgraph/errors';
import type { NDArray } from '@tensorgraph/core';

/** `[2,3]`, as TF prints shapes in messages. */
export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major element strides. */
export function stridesOf(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    out[d] = s;
    s *= shape[d] as number;
  }
  return out;
}

export function invalidArgument(message: string): InvalidArgumentError {
  return new InvalidArgumentError(null, null, message);
}

/** TF's BCast of two shapes, or "Incompatible shapes: [2] vs. [3]". */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw invalidArgument(`Incompatible shapes: ${shapeString(a)} vs. ${shapeString(b)}`);
    }
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Strides that read `shape` as if broadcast to `out` (0 on broadcast dims). */
export function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] {
  const own = stridesOf(shape);
  const offset = out.length - shape.length;
  return out.map((_, d) => {
    const i = d - offset;
    if (i < 0) return 0;
    return shape[i] === 1 ? 0 : (own[i] as number);
  });
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
