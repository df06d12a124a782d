import { InvalidArgumentError } from '@tensorgraph/errors';
import { shapeString } from './dense-shape.js';

/**
 * Broadcasting of fully known shapes, as kernels see them at run time (TF's BCast); shape
 * inference over partly known shapes lives in `ops/shapes`.
 */

/** The broadcast shape of `a` and `b`, or `null` when they are incompatible. */
export function tryBroadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else return null;
  }
  return out;
}

/** TF's BCast: the broadcast shape, or InvalidArgument "Incompatible shapes: [2] vs. [3]". */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const out = tryBroadcastShape(a, b);
  if (out === null) {
    throw new InvalidArgumentError(
      null,
      null,
      `Incompatible shapes: ${shapeString(a)} vs. ${shapeString(b)}`,
    );
  }
  return out;
}

/** Row-major element strides that read `shape` as if broadcast to `out` (0 on broadcast dims). */
export function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] {
  const strides = new Array<number>(out.length).fill(0);
  let s = 1;
  for (let i = shape.length - 1, d = out.length - 1; i >= 0; i--, d--) {
    const dim = shape[i] as number;
    if (dim !== 1) strides[d] = s;
    s *= dim;
  }
  return strides;
}
