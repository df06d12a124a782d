import type { DeviceTensor, KernelContext, NDArray } from '@tensorgraph/core';
import type { CpuDevice } from './cpu-device.js';

/** Input `i` of a CPU kernel as a host value. */
export function inputArray(ctx: KernelContext, i: number): NDArray {
  return (ctx.input(i) as DeviceTensor<NDArray>).handle;
}

/** Sets output `i` of a CPU kernel to a host value. */
export function setOutputArray(ctx: KernelContext, i: number, value: NDArray): void {
  ctx.setOutput(i, (ctx.device as CpuDevice).wrap(value));
}
