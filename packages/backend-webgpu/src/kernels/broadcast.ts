import type { DType, DeviceTensor, KernelContext } from '@tensorgraph/core';
import { MATH_PRELUDE } from './wgsl-math.js';
import { sizeOf } from '../gpu-storage.js';
import {
  bindings,
  coords,
  deviceOf,
  dot,
  flatGroups,
  flatMain,
  invalid,
  runProgram,
  shapeStr,
  stridesOf,
} from './program.js';

/** NumPy broadcasting of two shapes, or `null` when they are incompatible. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** TF's BCast message for shapes that do not broadcast. */
export function incompatible(a: readonly number[], b: readonly number[]): Error {
  return invalid(`Incompatible shapes: ${shapeStr(a)} vs. ${shapeStr(b)}`);
}

/** Strides that read `shape` broadcast to `out` (0 along broadcast dims). */
export function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] {
  const own = stridesOf(shape);
  const off = out.length - shape.length;
  return out.map((_, k) => (k < off || shape[k - off] === 1 ? 0 : (own[k - off] as number)));
}

/**
 * Runs an elementwise program over broadcast inputs: `expr` gets one WGSL expression per
 * input (its value at this output element) and returns the output's value.
 */
export function elementwise(
  ctx: KernelContext,
  inputs: readonly DeviceTensor[],
  outShape: readonly number[],
  outDType: DType,
  expr: (values: string[]) => string,
  flush = true,
): void | Promise<void> {
  const out = ctx.allocateOutput(0, outShape);
  const n = sizeOf(outShape);
  if (n === 0) return;
  const needCoords = inputs.some((t) => sizeOf(t.shape) !== n && sizeOf(t.shape) !== 1);
  const values = inputs.map((t, i) => {
    const size = sizeOf(t.shape);
    const at =
      size === n ? 'idx' : size === 1 ? '0u' : dot('c', broadcastStrides(t.shape, outShape));
    // TF's CPU kernels run with denormals flushed to zero (FTZ/DAZ): so do these.
    return flush && t.dtype === 'float32' ? `ftz(in${i}[${at}])` : `in${i}[${at}]`;
  });
  const value = expr(values);
  const code = `${bindings(
    inputs.map((t) => t.dtype),
    [outDType],
  )}
${MATH_PRELUDE}
${flatMain(n, `${needCoords ? coords(outShape, 'idx', 'c') : ''}\n  out0[idx] = ${flush && outDType === 'float32' ? `ftz(${value})` : value};`)}`;
  return runProgram(ctx, code, inputs, [out], flatGroups(n));
}

export { deviceOf };
