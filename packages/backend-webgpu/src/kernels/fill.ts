import type { DeviceTensor, KernelContext } from '@tensorgraph/core';
import { sizeOf } from '../gpu-storage.js';
import { runFlat } from './program.js';

/** Encodes `out[i] = value` (a WGSL expression of the output's type) for every element. */
export function fill(ctx: KernelContext, out: DeviceTensor, value: string): void | Promise<void> {
  const n = sizeOf(out.shape);
  if (n === 0) return;
  return runFlat(ctx, [], [out], n, `  out0[idx] = ${value};`);
}

/** Runs encoders in order, awaiting only those that return a Promise (a first compile). */
export function sequence(steps: readonly (() => void | Promise<void>)[]): void | Promise<void> {
  for (let i = 0; i < steps.length; i++) {
    const r = (steps[i] as () => void | Promise<void>)();
    if (r instanceof Promise) {
      return r.then(() => sequence(steps.slice(i + 1)));
    }
  }
}
