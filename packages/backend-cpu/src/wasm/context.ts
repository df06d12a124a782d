import type { KernelContext, NDArray } from '@tensorgraph/core';
import type { CpuDevice } from '../cpu-device.js';
import type { WasmRuntime } from './runtime.js';

/**
 * The WebAssembly kernels a CPU kernel may use, with its thread budget; null: use JS. The
 * node's constant float32 inputs are marked for the device's cache on the way (a constant
 * filter is then packed once, not every step).
 */
export function wasmOf(ctx: KernelContext): { rt: WasmRuntime; threads: number } | null {
  const device = ctx.device as CpuDevice;
  const rt = device.wasm;
  if (rt === null) return null;
  const constants = device.constants;
  if (constants !== null) {
    for (let i = 0; i < ctx.numInputs; i++) {
      if (!ctx.inputIsConstant(i)) continue;
      const data = (ctx.input(i).handle as NDArray).data;
      if (data instanceof Float32Array) constants.mark(data);
    }
  }
  return { rt, threads: device.intraOpThreads };
}
