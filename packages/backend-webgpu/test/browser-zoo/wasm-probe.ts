// Whether the CPU backend's WebAssembly SIMD kernels ran. backend-cpu exposes no counter,
// so this reaches into its sources (bundled once: the same module instance the backend
// uses) and counts calls into the runtime's exports on the calling thread, and how many
// slices `parallel` split a kernel into (over 1: the worker pool took part).
import { wasmFeatures, type WasmFeatures } from '../../../backend-cpu/src/wasm/features.js';
import { WasmRuntime } from '../../../backend-cpu/src/wasm/runtime.js';

export interface WasmUse {
  readonly features: WasmFeatures;
  /** Whether the process-wide runtime could be created (SIMD validated and instantiated). */
  readonly runtime: boolean;
  /** Relaxed-SIMD build in use. */
  readonly relaxed: boolean;
  /** Calls into WebAssembly kernels since the last `take` (size helpers not counted). */
  readonly kernelCalls: number;
  /** The same, by export name. */
  readonly byKernel: Record<string, number>;
  /** Most slices one `parallel` call was split into. */
  readonly maxParts: number;
}

let byKernel: Record<string, number> = {};
let maxParts = 0;
const runtime = WasmRuntime.get();
if (runtime !== null) {
  // The instance's exports object is frozen: count through a copy with wrapped functions.
  const counted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(runtime.exports as unknown as object)) {
    counted[key] =
      typeof value !== 'function' || key.endsWith('_bytes')
        ? value
        : (...args: unknown[]) => {
            byKernel[key] = (byKernel[key] ?? 0) + 1;
            return (value as (...a: unknown[]) => unknown)(...args);
          };
  }
  // `exports` is readonly to the backend's code only; the probe swaps in a counting view.
  (runtime as unknown as { exports: unknown }).exports = counted;
  const parallel = runtime.parallel.bind(runtime);
  runtime.parallel = (...args: Parameters<WasmRuntime['parallel']>) => {
    parallel(...args);
    maxParts = Math.max(maxParts, runtime.lastParts);
  };
}

/**
 * Starts the runtime's worker pool for `threads` and keeps it (a session's CPU device
 * stops the pool when it closes, so short sessions never see their workers boot).
 * Resolves to whether the workers are ready.
 */
export async function warmUpPool(threads: number): Promise<boolean> {
  if (runtime === null) return false;
  runtime.retainPool();
  return runtime.warmUp(threads);
}

/** What ran since the previous call, and resets the counters. */
export function takeWasmUse(): WasmUse {
  const use = {
    features: wasmFeatures(),
    runtime: runtime !== null,
    relaxed: runtime?.relaxed ?? false,
    kernelCalls: Object.values(byKernel).reduce((a, b) => a + b, 0),
    byKernel,
    maxParts,
  };
  byKernel = {};
  maxParts = 0;
  return use;
}
