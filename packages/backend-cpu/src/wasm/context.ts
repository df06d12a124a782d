import type { KernelContext } from '@tensorgraph/core';
import type { CpuDevice } from '../cpu-device.js';
import type { WasmRuntime } from './runtime.js';

/** The WebAssembly kernels a CPU kernel may use, with its thread budget; null: use JS. */
export function wasmOf(ctx: KernelContext): { rt: WasmRuntime; threads: number } | null {
  const device = ctx.device as CpuDevice;
  const rt = device.wasm;
  return rt === null ? null : { rt, threads: device.intraOpThreads };
}
