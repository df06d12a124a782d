/** Facts of a fully known shape (a dims array), as kernels use them. */

/** `[2,3]`: a shape as TF's kernels print it in their messages. */
export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** The number of elements of `shape` (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major element strides of `shape`. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i] as number;
  }
  return strides;
}
