// The dense-shape and broadcast facts are core's; kernels import them from here.
import { broadcastShape, sizeOf, stridesOf } from '@tensorgraph/core';
export {
  broadcastShape,
  shapeString,
  sizeOf,
  stridesOf,
  tryBroadcastShape,
} from '@tensorgraph/core';

/**
 * Visits a broadcast output as rows: `row(outStart, aStart, bStart, length, aStep, bStep)`
 * covers `length` consecutive outputs whose inputs advance by `aStep`/`bStep` (0 or 1).
 * Same shapes and scalars are one row; otherwise the shapes are first collapsed (adjacent
 * dims broadcasting the same way are merged, as TF's BCast does) so rows stay long.
 */
export type RowVisitor = (
  out: number,
  a: number,
  b: number,
  length: number,
  aStep: number,
  bStep: number,
) => void;

export interface BroadcastPlan {
  readonly shape: readonly number[];
  readonly size: number;
  forEachRow(row: RowVisitor): void;
}

export function planBroadcast(a: readonly number[], b: readonly number[]): BroadcastPlan {
  const shape = broadcastShape(a, b);
  const size = sizeOf(shape);
  const aSize = sizeOf(a);
  const bSize = sizeOf(b);
  if (size === 0) return { shape, size, forEachRow: () => {} };
  if (aSize === size && bSize === size) {
    return { shape, size, forEachRow: (row) => row(0, 0, 0, size, 1, 1) };
  }
  if (aSize === 1 && bSize === size) {
    return { shape, size, forEachRow: (row) => row(0, 0, 0, size, 0, 1) };
  }
  if (bSize === 1 && aSize === size) {
    return { shape, size, forEachRow: (row) => row(0, 0, 0, size, 1, 0) };
  }
  // Collapse: drop dims of extent 1, merge neighbours where each input is either full
  // (its extent equals the output's) or broadcast in both.
  const rank = shape.length;
  const dims: number[] = [];
  const aFull: boolean[] = [];
  const bFull: boolean[] = [];
  for (let i = 0; i < rank; i++) {
    const d = shape[i] as number;
    if (d === 1) continue;
    const af = (a[a.length - rank + i] ?? 1) === d;
    const bf = (b[b.length - rank + i] ?? 1) === d;
    const last = dims.length - 1;
    if (last >= 0 && aFull[last] === af && bFull[last] === bf)
      dims[last] = (dims[last] as number) * d;
    else {
      dims.push(d);
      aFull.push(af);
      bFull.push(bf);
    }
  }
  const n = dims.length;
  const aStrides = new Array<number>(n);
  const bStrides = new Array<number>(n);
  let sa = 1;
  let sb = 1;
  for (let i = n - 1; i >= 0; i--) {
    aStrides[i] = aFull[i] ? sa : 0;
    bStrides[i] = bFull[i] ? sb : 0;
    if (aFull[i]) sa *= dims[i] as number;
    if (bFull[i]) sb *= dims[i] as number;
  }
  const inner = dims[n - 1] as number;
  const aStep = aFull[n - 1] ? 1 : 0;
  const bStep = bFull[n - 1] ? 1 : 0;
  return {
    shape,
    size,
    forEachRow: (row) => {
      const counter = new Array<number>(n).fill(0);
      let ai = 0;
      let bi = 0;
      for (let o = 0; o < size; o += inner) {
        row(o, ai, bi, inner, aStep, bStep);
        // Advance the odometer over the outer dims.
        for (let d = n - 2; d >= 0; d--) {
          const c = (counter[d] as number) + 1;
          ai += aStrides[d] as number;
          bi += bStrides[d] as number;
          if (c < (dims[d] as number)) {
            counter[d] = c;
            break;
          }
          counter[d] = 0;
          ai -= c * (aStrides[d] as number);
          bi -= c * (bStrides[d] as number);
        }
      }
    },
  };
}

/**
 * For each element of `outShape`, the flat index of the element of `inShape` broadcast to
 * it (`inShape` must broadcast to `outShape`). For ops with more than two operands.
 */
export function broadcastIndex(
  inShape: readonly number[],
  outShape: readonly number[],
): Int32Array {
  const size = sizeOf(outShape);
  const index = new Int32Array(size);
  const rank = outShape.length;
  const inStrides = stridesOf(inShape);
  const steps = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const j = inShape.length - rank + i;
    steps[i] = j >= 0 && (inShape[j] as number) !== 1 ? (inStrides[j] as number) : 0;
  }
  const counter = new Array<number>(rank).fill(0);
  let at = 0;
  for (let o = 0; o < size; o++) {
    index[o] = at;
    for (let d = rank - 1; d >= 0; d--) {
      const c = (counter[d] as number) + 1;
      at += steps[d] as number;
      if (c < (outShape[d] as number)) {
        counter[d] = c;
        break;
      }
      counter[d] = 0;
      at -= c * (steps[d] as number);
    }
  }
  return index;
}
