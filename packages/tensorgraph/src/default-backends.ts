import type { Backend } from '@tensorgraph/core';
import { cpu } from '@tensorgraph/backend-cpu';
import { LazyBackend } from './lazy-backend.js';
import { importOptional } from './optional-import.js';
import { detectRuntime } from './runtime.js';

/** The packages the optional default backends come from. */
export const CUDA_PACKAGE = '@tensorgraph/backend-cuda';
export const WEBGPU_PACKAGE = '@tensorgraph/backend-webgpu';

async function factoryFrom(pkg: string, factory: string): Promise<Backend> {
  const mod = await importOptional(pkg);
  const make = mod[factory];
  if (typeof make !== 'function') throw new Error(`${pkg} has no ${factory}() export`);
  return (make as () => Backend)();
}

/** CUDA: only in Node (a Node-API addon); available when the addon loads and sees a GPU. */
export function defaultCuda(): LazyBackend {
  return new LazyBackend({
    name: 'cuda',
    deviceType: 'GPU',
    priority: 200,
    source: CUDA_PACKAGE,
    async load() {
      const runtime = detectRuntime();
      if (runtime !== 'node') return `CUDA runs only in Node.js (this runtime: ${runtime})`;
      return factoryFrom(CUDA_PACKAGE, 'cuda');
    },
  });
}

interface GpuAdapterLike {
  readonly isFallbackAdapter?: boolean;
  readonly info?: { readonly isFallbackAdapter?: boolean; readonly description?: string };
}
interface NavigatorGpu {
  requestAdapter(): Promise<GpuAdapterLike | null>;
}

/**
 * WebGPU: a default only in browsers with a real (non-fallback) adapter. Elsewhere (Node's
 * Dawn, software adapters) it is opt-in: `tf.registerBackend(webgpu())`.
 */
export function defaultWebGpu(): LazyBackend {
  return new LazyBackend({
    name: 'webgpu',
    deviceType: 'WEBGPU',
    priority: 100,
    source: WEBGPU_PACKAGE,
    async load() {
      const runtime = detectRuntime();
      if (runtime !== 'browser' && runtime !== 'worker') {
        return `WebGPU is a default only in browsers; here (${runtime}) opt in with tf.registerBackend(webgpu()) from ${WEBGPU_PACKAGE}`;
      }
      const gpu = (globalThis as { navigator?: { gpu?: NavigatorGpu } }).navigator?.gpu;
      if (gpu === undefined) return 'navigator.gpu is missing: this browser has WebGPU off';
      const adapter = await gpu.requestAdapter();
      if (adapter === null) return 'navigator.gpu.requestAdapter() found no adapter';
      if (adapter.info?.isFallbackAdapter === true || adapter.isFallbackAdapter === true) {
        return `only a fallback (software) adapter is present; opt in with tf.registerBackend(webgpu())`;
      }
      return factoryFrom(WEBGPU_PACKAGE, 'webgpu');
    },
  });
}

/** The product's defaults: CPU always, then CUDA and WebGPU where they apply. */
export function defaultBackends(): Backend[] {
  return [cpu(), defaultCuda(), defaultWebGpu()];
}
