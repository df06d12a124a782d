/**
 * TF's `BCast` for two shapes: the broadcast shape, or `null` when a dim pair is neither
 * equal nor has a 1.
 */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let k = 0; k < rank; k++) {
    const x = a[a.length - rank + k] ?? 1;
    const y = b[b.length - rank + k] ?? 1;
    if (x === y || y === 1) out[k] = x;
    else if (x === 1) out[k] = y;
    else return null;
  }
  return out;
}

/**
 * `BroadcastGradientArgs`: for each input, the output dims its gradient is summed over,
 * which are the dims where it is 1 (or missing) once aligned to the output.
 */
export function gradientReductionDims(shape: readonly number[], rank: number): number[] {
  const dims: number[] = [];
  for (let k = 0; k < rank; k++) {
    if ((shape[shape.length - rank + k] ?? 1) === 1) dims.push(k);
  }
  return dims;
}

/** Element strides of `shape` read as broadcast to `outShape` (0 on broadcast dims). */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const rank = outShape.length;
  const strides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    const d = shape[k] as number;
    const o = rank - shape.length + k;
    strides[o] = d === 1 ? 0 : s;
    s *= d;
  }
  return strides;
}
