import { PLAIN_LOCAL, RELAXED_LOCAL } from './generated/binary.js';

/** What this JavaScript runtime offers the WebAssembly kernels. */
export interface WasmFeatures {
  /** WebAssembly with SIMD128: without it the typed-array kernels run. */
  readonly simd: boolean;
  /** Relaxed SIMD (fused multiply-add): on in browsers, behind a flag in Node 20. */
  readonly relaxed: boolean;
  /** Shared memory, and a calling thread allowed to block on it (worker threads). */
  readonly threads: boolean;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = globalThis.atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The bytes of one built variant (kept decoded: they are a few KiB). */
const decoded = new Map<string, Uint8Array<ArrayBuffer>>();
export function wasmBytes(base64: string): Uint8Array<ArrayBuffer> {
  let bytes = decoded.get(base64);
  if (bytes === undefined) {
    bytes = decode(base64);
    decoded.set(base64, bytes);
  }
  return bytes;
}

/** Whether the calling thread may `Atomics.wait` (not a browser's main thread). */
function canBlock(): boolean {
  const g = globalThis as { document?: unknown; process?: { versions?: { node?: string } } };
  if (g.process?.versions?.node !== undefined) return true;
  return g.document === undefined;
}

let cached: WasmFeatures | undefined;

/** Detects the features once, by validating the built modules themselves. */
export function wasmFeatures(): WasmFeatures {
  if (cached !== undefined) return cached;
  const wasm = typeof WebAssembly === 'object' && typeof WebAssembly.validate === 'function';
  const simd = wasm && WebAssembly.validate(wasmBytes(PLAIN_LOCAL));
  const relaxed = simd && WebAssembly.validate(wasmBytes(RELAXED_LOCAL));
  const g = globalThis as { crossOriginIsolated?: boolean };
  const threads =
    simd &&
    typeof SharedArrayBuffer === 'function' &&
    typeof Atomics === 'object' &&
    g.crossOriginIsolated !== false &&
    canBlock();
  cached = { simd, relaxed, threads };
  return cached;
}

/** Logical cores of this machine (the default thread count). */
export function hardwareThreads(): number {
  const g = globalThis as {
    navigator?: { hardwareConcurrency?: number };
    process?: { getBuiltinModule?: (id: string) => unknown };
  };
  const os = g.process?.getBuiltinModule?.('node:os') as
    { availableParallelism?: () => number } | undefined;
  const n = os?.availableParallelism?.() ?? g.navigator?.hardwareConcurrency ?? 1;
  return Math.max(1, Math.floor(n));
}
