import type { DeviceTensor, KernelContext } from '@tensorgraph/core';
import { sizeOf } from '../gpu-storage.js';
import { coords, runFlat, stridesOf } from './program.js';

/**
 * Encodes out[c] = x[begin + c * step] over a box of `shape` (one entry per dim of x; the
 * output holds the box's elements in order, under whatever shape it was allocated with).
 */
export function encodeStridedRead(
  ctx: KernelContext,
  x: DeviceTensor,
  begin: readonly number[],
  step: readonly number[],
  shape: readonly number[],
  out: DeviceTensor,
): void | Promise<void> {
  const n = sizeOf(shape);
  if (n === 0) return;
  const strides = stridesOf(x.shape);
  const base = begin.reduce((acc, b, k) => acc + b * (strides[k] as number), 0);
  const terms = shape.map((_, k) => {
    const s = (step[k] as number) * (strides[k] as number);
    return s === 0 ? '' : ` + i32(c${k}) * ${s}`;
  });
  const body = `${coords(shape, 'idx', 'c')}\n  out0[idx] = in0[u32(${base}${terms.join('')})];`;
  return runFlat(ctx, [x], [out], n, body);
}
