import {
  broadcastStrides,
  type DType,
  type DeviceTensor,
  type KernelContext,
} from '@tensorgraph/core';
import { MATH_PRELUDE } from './wgsl-math.js';
import { sizeOf } from '../gpu-storage.js';
import { coords, deviceOf, dot, invalid, runFlat, shapeString } from './program.js';

/** TF's BCast message for shapes that do not broadcast. */
export function incompatible(a: readonly number[], b: readonly number[]): Error {
  return invalid(`Incompatible shapes: ${shapeString(a)} vs. ${shapeString(b)}`);
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
  const body = `${needCoords ? coords(outShape, 'idx', 'c') : ''}
  out0[idx] = ${flush && outDType === 'float32' ? `ftz(${value})` : value};`;
  return runFlat(ctx, inputs, [out], n, body, MATH_PRELUDE);
}

export { deviceOf };
