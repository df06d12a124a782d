/// <reference types="@webgpu/types" />

/** How to pick the adapter (the `GPURequestAdapterOptions` a user may care about). */
export interface AdapterOptions {
  /** `'high-performance'` or `'low-power'`; absent: the implementation's choice. */
  readonly powerPreference?: GPUPowerPreference;
  /**
   * `'core'` (full WebGPU) or `'compatibility'` (WebGPU compatibility mode, which runs on
   * OpenGL ES). Absent: core where the platform has it, else compatibility.
   */
  readonly featureLevel?: 'core' | 'compatibility';
  /**
   * Node only: Dawn's backend (`'opengles'`, `'vulkan'`, `'metal'`, `'d3d12'`). Absent:
   * Dawn's default, then OpenGL ES in compatibility mode if that gives no adapter.
   */
  readonly backend?: string;
  /** Accept a software (fallback) adapter. Default true in Node, false in browsers. */
  readonly allowFallbackAdapter?: boolean;
}

/** Where a `GPU` object came from: the page's `navigator.gpu`, or Dawn through `webgpu`. */
export interface GpuEntry {
  readonly gpu: GPU;
  readonly source: 'navigator' | 'dawn';
  /** Dawn's backend hint used, when the source is Dawn. */
  readonly backend?: string;
}

export interface AdapterFound {
  readonly adapter: GPUAdapter;
  readonly entry: GpuEntry;
  readonly featureLevel: 'core' | 'compatibility';
}

interface WebGpuModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

let dawnModule: Promise<WebGpuModule | string> | undefined;

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/** Loads Dawn lazily (only on the Node path), or says why it cannot. */
function loadDawn(): Promise<WebGpuModule | string> {
  dawnModule ??= (async () => {
    // A variable specifier keeps browser bundlers from following this import.
    const specifier = 'webgpu';
    try {
      const mod = (await import(/* @vite-ignore */ specifier)) as WebGpuModule;
      // GPUBufferUsage, GPUMapMode, ... are globals in browsers; Dawn hands them over.
      for (const [k, v] of Object.entries(mod.globals)) {
        if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
      }
      return mod;
    } catch (e) {
      return `the 'webgpu' package (Dawn) did not load: ${(e as Error).message}`;
    }
  })();
  return dawnModule;
}

function setEnvDefault(name: string, value: string): void {
  const p = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  if (p?.env !== undefined && p.env[name] === undefined) p.env[name] = value;
}

const dawnGpus = new Map<string, GPU>();

function dawnGpu(mod: WebGpuModule, backend: string | undefined): GPU {
  const key = backend ?? '';
  let gpu = dawnGpus.get(key);
  if (gpu === undefined) {
    // Without a display, Mesa's EGL must be told to run headless.
    if (backend === 'opengles' || backend === 'opengl')
      setEnvDefault('EGL_PLATFORM', 'surfaceless');
    gpu = mod.create(backend === undefined ? [] : [`backend=${backend}`]);
    dawnGpus.set(key, gpu);
  }
  return gpu;
}

/**
 * Finds an adapter: `navigator.gpu` in browsers, Dawn in Node. Returns the adapter, or a
 * sentence saying why there is none (shown by `isAvailable()`).
 */
export async function findAdapter(options: AdapterOptions = {}): Promise<AdapterFound | string> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  const request = (level: 'core' | 'compatibility'): GPURequestAdapterOptions => ({
    ...(options.powerPreference === undefined ? {} : { powerPreference: options.powerPreference }),
    featureLevel: level,
  });
  const levels: ('core' | 'compatibility')[] =
    options.featureLevel === undefined ? ['core', 'compatibility'] : [options.featureLevel];
  if (!isNode()) {
    if (nav?.gpu === undefined) return 'navigator.gpu is absent: this browser has no WebGPU';
    const entry: GpuEntry = { gpu: nav.gpu, source: 'navigator' };
    for (const level of levels) {
      const adapter = await nav.gpu.requestAdapter(request(level));
      if (adapter === null) continue;
      if (isFallback(adapter) && options.allowFallbackAdapter !== true) {
        return 'the browser offers only a software (fallback) WebGPU adapter';
      }
      return { adapter, entry, featureLevel: level };
    }
    return 'navigator.gpu.requestAdapter() returned null: no WebGPU adapter';
  }
  const mod = await loadDawn();
  if (typeof mod === 'string') return mod;
  // Dawn's default backend first, then OpenGL ES (Mesa), which needs compatibility mode.
  const attempts: [string | undefined, 'core' | 'compatibility'][] = [];
  const backends = options.backend === undefined ? [undefined, 'opengles'] : [options.backend];
  for (const b of backends) {
    for (const level of levels) {
      if (b === 'opengles' && level === 'core' && options.featureLevel === undefined) continue;
      attempts.push([b, level]);
    }
  }
  const tried: string[] = [];
  for (const [backend, level] of attempts) {
    let adapter: GPUAdapter | null;
    try {
      adapter = await dawnGpu(mod, backend).requestAdapter(request(level));
    } catch (e) {
      tried.push(`${backend ?? 'default'}/${level}: ${(e as Error).message}`);
      continue;
    }
    if (adapter === null) {
      tried.push(`${backend ?? 'default'}/${level}: no adapter`);
      continue;
    }
    const entry: GpuEntry =
      backend === undefined
        ? { gpu: dawnGpu(mod, backend), source: 'dawn' }
        : { gpu: dawnGpu(mod, backend), source: 'dawn', backend };
    return { adapter, entry, featureLevel: level };
  }
  return `Dawn found no WebGPU adapter (${tried.join('; ')}); on Linux without a GPU install Mesa (libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri)`;
}

function isFallback(adapter: GPUAdapter): boolean {
  const a = adapter as GPUAdapter & {
    isFallbackAdapter?: boolean;
    info?: { isFallbackAdapter?: boolean };
  };
  return a.info?.isFallbackAdapter === true || a.isFallbackAdapter === true;
}
