import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Geometry of a 2-D window op (conv, depthwise conv, pool), as the addon takes it. */
export interface WindowParams {
  n: number;
  h: number;
  w: number;
  c: number;
  kh: number;
  kw: number;
  /** Output channels (conv), channel multiplier (depthwise), unused (pool). */
  oc: number;
  /** Conv only: input channels are groups * c (grouped convolution). */
  groups?: number;
  oh: number;
  ow: number;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  padTop: number;
  padLeft: number;
  /** Element strides of the input for n, h, w, c. */
  inStrides: readonly number[];
  /** Element strides of the output for n, oh, ow, channel. */
  outStrides: readonly number[];
}

export interface MatMulParams {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  batchShape: readonly number[];
  aBatchStrides: readonly number[];
  bBatchStrides: readonly number[];
}

/** The functions of `tg_cuda.node` (native/addon.cc). Device ids are numbers, addresses bigints. */
export interface NativeAddon {
  deviceCount(): { count: number; code: number; error: string | null; message: string | null };
  deviceProps(ordinal: number): {
    name: string;
    totalBytes: number;
    freeBytes: number;
    major: number;
    minor: number;
  };
  open(ordinal: number, memoryLimit: number, emulated: boolean): number;
  close(device: number): void;
  alloc(device: number, bytes: number): bigint;
  free(device: number, address: bigint): void;
  upload(device: number, address: bigint, data: ArrayBufferView): void;
  download(device: number, address: bigint, bytes: number): Promise<ArrayBuffer>;
  synchronize(device: number): Promise<void>;
  memoryStats(device: number): { inUse: number; cached: number; limit: number; peak: number };
  emptyCache(device: number): void;
  hasCublas(device: number): boolean;
  unary(device: number, op: number, x: bigint, y: bigint, n: number): void;
  binary(
    device: number,
    op: number,
    a: bigint,
    b: bigint,
    out: bigint,
    shape: readonly number[],
    aStrides: readonly number[],
    bStrides: readonly number[],
  ): void;
  select(
    device: number,
    cond: bigint,
    t: bigint,
    e: bigint,
    out: bigint,
    shape: readonly number[],
    condStrides: readonly number[],
    thenStrides: readonly number[],
    elseStrides: readonly number[],
  ): void;
  cast(device: number, from: number, to: number, x: bigint, y: bigint, n: number): void;
  stridedCopy(
    device: number,
    elemSize: number,
    input: bigint,
    inBase: number,
    inStrides: readonly number[],
    out: bigint,
    outBase: number,
    outStrides: readonly number[],
    region: readonly number[],
  ): void;
  fill(device: number, elemSize: number, out: bigint, n: number, bits: bigint): void;
  gather(
    device: number,
    elemSize: number,
    params: bigint,
    indices: bigint,
    index64: boolean,
    out: bigint,
    batch: number,
    outer: number,
    axis: number,
    n: number,
    inner: number,
  ): void;
  matmul(
    device: number,
    a: bigint,
    b: bigint,
    c: bigint,
    p: MatMulParams,
    allowCublas: boolean,
  ): void;
  conv2d(device: number, x: bigint, f: bigint, y: bigint, p: WindowParams): void;
  depthwiseConv2d(device: number, x: bigint, f: bigint, y: bigint, p: WindowParams): void;
  pool2d(device: number, isMax: boolean, x: bigint, y: bigint, p: WindowParams): void;
  reduce(
    device: number,
    op: number,
    x: bigint,
    y: bigint,
    keptShape: readonly number[],
    keptStrides: readonly number[],
    reducedShape: readonly number[],
    reducedStrides: readonly number[],
  ): void;
  softmax(device: number, log: boolean, x: bigint, y: bigint, rows: number, cols: number): void;
  batchNorm(
    device: number,
    x: bigint,
    scale: bigint,
    offset: bigint,
    mean: bigint,
    variance: bigint,
    epsilon: number,
    y: bigint,
    n: number,
    channels: number,
    inner: number,
  ): void;
}

export type AddonLoad =
  | { readonly addon: NativeAddon; readonly path: string }
  | { readonly addon: null; readonly reason: string };

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the addon is: `TG_CUDA_ADDON` if set, else the package's node-gyp output. */
export function addonPath(): string {
  return process.env.TG_CUDA_ADDON ?? join(packageRoot, 'build', 'Release', 'tg_cuda.node');
}

let cached: AddonLoad | undefined;

/**
 * Loads `tg_cuda.node` once. A missing or unloadable addon is a reason, not an error: the
 * backend then reports itself unavailable with it.
 */
export function loadAddon(): AddonLoad {
  cached ??= loadAddonFrom(addonPath());
  return cached;
}

/** Loads the addon at `path` (uncached). */
export function loadAddonFrom(path: string): AddonLoad {
  if (!existsSync(path)) {
    return { addon: null, reason: `the CUDA addon was not built (${buildReason()})` };
  }
  try {
    return { addon: createRequire(import.meta.url)(path) as NativeAddon, path };
  } catch (e) {
    return {
      addon: null,
      reason: `the CUDA addon at ${path} failed to load: ${(e as Error).message}`,
    };
  }
}

/** Why the install script did not build the addon, from the status file it leaves. */
function buildReason(): string {
  try {
    const status = JSON.parse(
      readFileSync(join(packageRoot, 'build', 'addon-status.json'), 'utf8'),
    ) as { reason?: string };
    if (typeof status.reason === 'string') return status.reason;
  } catch {
    // No status file: the install script never ran.
  }
  return 'the install script did not run; run `npm run build:addon -w @tensorgraph/backend-cuda`';
}
