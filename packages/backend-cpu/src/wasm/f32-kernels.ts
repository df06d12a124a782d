import { ConstantOperands } from './constant-operands.js';
import { DEPTHWISE_ROWS, GEMM_COLS, GEMM_ROWS, POOL_ROWS, type WasmRuntime } from './runtime.js';

/**
 * Reduction rows per packed block: a register tile's panel of KC x 8 floats (16 KiB) stays
 * in L1 and a row block's packed A (128 x KC floats, 256 KiB) in L2; 512 measured ~2%
 * faster than 256 on MatMul 1024 (fewer passes over C).
 */
const KC = 512;
/**
 * Input channels up to which a convolution gathers its receptive field across taps into
 * the packed blocks (gemm_rows mode 2): with few channels a per-tap block is too short a
 * reduction to pay for the tile's loads and stores of C.
 */
const GATHER_MAX_CHANNELS = 16;
/** Output rows are split between threads at multiples of the register tile's height. */
const MR = 4;
/** Rows per cache block of gemm_rows: long splits are cut at its multiples. */
const MC = 128;
/** Output columns are split at multiples of a packed panel's width. */
const NR = 8;

/**
 * Runs the GEMM of parameter block `p` (M x N outputs) on up to `threads` threads. Few rows
 * and many columns are split by columns: split by rows, every thread would stream all of
 * packed B for a thin slab of A (and M = 49 in tiles of 4 rows splits 28/21); split by
 * columns, each reads its share of B and packs all of the (small) A. Either way each output
 * is summed as on one thread.
 */
function gemmParallel(
  rt: WasmRuntime,
  p: number,
  m: number,
  n: number,
  flops: number,
  threads: number,
  scratch: number,
): void {
  if (n > m) rt.parallel(GEMM_COLS, p, n, NR, flops, threads, scratch);
  else rt.parallel(GEMM_ROWS, p, m, m >= 8 * MC ? MC : MR, flops, threads, scratch);
}

/** Runs `body` and releases the memory it allocated, also when it throws. */
function scoped<T>(rt: WasmRuntime, body: () => T): T {
  try {
    return body();
  } finally {
    rt.reset();
  }
}

/**
 * `count` floats at `at` copied into `into` (a kernel's allocated output) when given, else
 * into a new array. Nothing is copied when `into` lives at `at` (written in place).
 */
function result(rt: WasmRuntime, at: number, count: number, into?: Float32Array): Float32Array {
  if (into === undefined) return rt.take(at, count);
  if (rt.addressOf(into) === at) return into;
  into.set(rt.f32().subarray(at >> 2, (at >> 2) + count));
  rt.copiedBytes += count * 4;
  return into;
}

/** Where a kernel writes `count` floats: in `into` itself when resident, else scratch. */
function output(rt: WasmRuntime, count: number, into?: Float32Array): number {
  const at = into === undefined ? -1 : rt.addressOf(into);
  return at >= 0 ? at : rt.alloc(count * 4);
}

/**
 * The address of `values` for a kernel to read: resident values where they are, a constant
 * operand's cached copy, else a fresh copy.
 */
function input(rt: WasmRuntime, values: Float32Array): number {
  const at = rt.addressOf(values);
  if (at >= 0) return at;
  const cached = ConstantOperands.lookup(values, 'copy', values.length * 4, (to) => {
    rt.f32().set(values, to >> 2);
  });
  return cached >= 0 ? cached : rt.put(values);
}

/**
 * `b` packed for the GEMM tiles (`pack_b` with these parameters) at an address valid for
 * this call: cached across steps when `b` is a constant operand. `source` gives b's address
 * (read only on a cache miss).
 */
function packed(
  rt: WasmRuntime,
  b: Float32Array,
  source: () => number,
  offset: number,
  ld: number,
  tr: number,
  k: number,
  n: number,
  chunk: number,
  kc: number,
): number {
  const bytes = rt.exports.pack_b_bytes(Math.max(k, 1), n);
  const pack = (to: number) =>
    rt.exports.pack_b(source() + offset * 4, ld, tr, k, n, chunk, kc, to);
  const key = `pack ${offset} ${ld} ${tr} ${k} ${n} ${chunk} ${kc}`;
  const cached = ConstantOperands.lookup(b, key, bytes, pack);
  if (cached >= 0) return cached;
  const at = rt.alloc(bytes);
  pack(at);
  return at;
}

/**
 * What a fused contraction does to each result as its tile is stored: add a per-output-
 * channel bias, then an activation (LeakyRelu with `alpha`), with the unfused ops' DAZ/FTZ.
 */
export interface Epilogue {
  readonly bias?: Float32Array;
  readonly activation?: 'Relu' | 'Relu6' | 'LeakyRelu';
  readonly alpha?: number;
}

const ACTIVATION_CODES = { Relu: 1, Relu6: 2, LeakyRelu: 3 } as const;

/** The kernels' epilogue parameter words: bias address (0: none), activation, alpha bits. */
function epilogueWords(rt: WasmRuntime, e: Epilogue | undefined): number[] {
  if (e === undefined) return [0, 0, 0];
  const bias = e.bias === undefined ? 0 : input(rt, e.bias);
  const act = e.activation === undefined ? 0 : ACTIVATION_CODES[e.activation];
  const alphaBits = new Int32Array(Float32Array.of(e.alpha ?? 0).buffer)[0] as number;
  return [bias, act, alphaBits];
}

/** Zeros in `into` when given, else a new zero array. */
function zeros(count: number, into?: Float32Array): Float32Array {
  return into === undefined ? new Float32Array(count) : into.fill(0);
}

/**
 * float32 batched matmul in WebAssembly: batch t multiplies matrix aAt[t] of `a` ([m, k],
 * or [k, m] when `ta`) by matrix bAt[t] of `b` ([k, n], or [n, k] when `tb`).
 */
export function matMulF32(
  rt: WasmRuntime,
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  ta: boolean,
  tb: boolean,
  aAt: ArrayLike<number>,
  bAt: ArrayLike<number>,
  threads: number,
  into?: Float32Array,
  epilogue?: Epilogue,
): Float32Array {
  const batches = aAt.length;
  if (m * n * batches === 0) return zeros(0, into);
  return scoped(rt, () => {
    const ex = rt.exports;
    const kc = Math.min(Math.max(k, 1), KC);
    if (k === 0) return zeros(batches * m * n, into);
    // Row-major A rows are what the tile reads: a transposed or non-resident A is copied.
    const aResident = ta ? -1 : rt.addressOf(a);
    const aAddr = aResident >= 0 ? -1 : rt.alloc(m * k * 4);
    const cAddr = output(rt, batches * m * n, into);
    const scratch = ex.gemm_scratch_bytes(kc);
    // Words 11..23 are the convolution's (unused by a dense A).
    const tail = [...new Array<number>(13).fill(0), ...epilogueWords(rt, epilogue)];
    let packedFor = -1;
    let bPacked = 0;
    let bAddr = -1;
    const bSource = () => (bAddr >= 0 ? bAddr : (bAddr = rt.operand(b)));
    for (let t = 0; t < batches; t++) {
      const ai = aAt[t] as number;
      const bi = bAt[t] as number;
      const aBase = ai * m * k;
      let aAt0 = aResident + aBase * 4;
      if (aResident < 0) {
        aAt0 = aAddr;
        const f = rt.f32();
        if (ta) {
          const dst = aAddr >> 2;
          for (let i = 0; i < m; i++) {
            for (let p = 0; p < k; p++) f[dst + i * k + p] = a[aBase + p * m + i] as number;
          }
        } else {
          f.set(a.subarray(aBase, aBase + m * k), aAddr >> 2);
          rt.copiedBytes += m * k * 4;
        }
      }
      if (bi !== packedFor) {
        bPacked = packed(rt, b, bSource, bi * k * n, tb ? k : n, tb ? 1 : 0, k, n, k, kc);
        packedFor = bi;
      }
      const p = rt.params([m, n, k, aAt0, k, bPacked, cAddr + t * m * n * 4, n, 0, k, kc, ...tail]);
      gemmParallel(rt, p, m, n, 2 * m * n * k, threads, scratch);
    }
    return result(rt, cAddr, batches * m * n, into);
  });
}

/** An NHWC convolution's shape, in the terms of the WebAssembly kernels. */
export interface Conv2dShape {
  readonly batch: number;
  readonly inRows: number;
  readonly inCols: number;
  readonly inDepth: number;
  readonly fRows: number;
  readonly fCols: number;
  readonly outDepth: number;
  readonly outRows: number;
  readonly outCols: number;
  readonly strides: readonly [number, number];
  readonly dilations: readonly [number, number];
  readonly padBefore: readonly [number, number];
}

/**
 * float32 Conv2D (NHWC, filter HWIO, one group) as an implicit GEMM: rows are output
 * pixels, columns output channels, and the reduction runs tap by tap over the input
 * channels without materialising the im2col matrix (few channels: gathered over all taps
 * per block, in the same k order).
 */
export function conv2dF32(
  rt: WasmRuntime,
  x: Float32Array,
  filter: Float32Array,
  s: Conv2dShape,
  threads: number,
  into?: Float32Array,
  epilogue?: Epilogue,
): Float32Array {
  const M = s.batch * s.outRows * s.outCols;
  const N = s.outDepth;
  const K = s.fRows * s.fCols * s.inDepth;
  if (M * N === 0 || K === 0) return zeros(M * N, into);
  return scoped(rt, () => {
    const ex = rt.exports;
    // A 1x1 window with unit strides and no padding reads the input as a plain matrix.
    const pointwise =
      s.fRows === 1 &&
      s.fCols === 1 &&
      s.strides[0] === 1 &&
      s.strides[1] === 1 &&
      s.padBefore[0] === 0 &&
      s.padBefore[1] === 0 &&
      s.outRows === s.inRows &&
      s.outCols === s.inCols;
    const gather = !pointwise && s.inDepth <= GATHER_MAX_CHANNELS;
    const chunk = gather ? K : s.inDepth;
    const kc = Math.min(chunk, KC);
    const xAddr = input(rt, x);
    const filterPacked = packed(rt, filter, () => rt.operand(filter), 0, N, 0, K, N, chunk, kc);
    const cAddr = output(rt, M * N, into);
    const zero = rt.alloc(kc * 4);
    rt.f32().fill(0, zero >> 2, (zero >> 2) + kc);
    const p = rt.params([
      M,
      N,
      K,
      xAddr,
      s.inDepth,
      filterPacked,
      cAddr,
      N,
      pointwise ? 0 : gather ? 2 : 1,
      chunk,
      kc,
      s.inRows,
      s.inCols,
      s.inDepth,
      s.outRows,
      s.outCols,
      s.fCols,
      s.strides[0],
      s.strides[1],
      s.dilations[0],
      s.dilations[1],
      s.padBefore[0],
      s.padBefore[1],
      zero,
      ...epilogueWords(rt, epilogue),
    ]);
    gemmParallel(rt, p, M, N, 2 * M * N * K, threads, ex.gemm_scratch_bytes(kc));
    return result(rt, cAddr, M * N, into);
  });
}

/** float32 depthwise convolution, channel multiplier 1, NHWC, filter [KH, KW, C, 1]. */
export function depthwiseF32(
  rt: WasmRuntime,
  x: Float32Array,
  filter: Float32Array,
  s: Conv2dShape,
  threads: number,
  into?: Float32Array,
  epilogue?: Epilogue,
): Float32Array {
  const rows = s.batch * s.outRows;
  const count = rows * s.outCols * s.outDepth;
  if (count === 0) return zeros(0, into);
  return scoped(rt, () => {
    const xAddr = input(rt, x);
    const fAddr = input(rt, filter);
    const out = output(rt, count, into);
    const p = rt.params([
      xAddr,
      fAddr,
      out,
      s.inRows,
      s.inCols,
      s.inDepth,
      s.outRows,
      s.outCols,
      s.fRows,
      s.fCols,
      s.strides[0],
      s.strides[1],
      s.dilations[0],
      s.dilations[1],
      s.padBefore[0],
      s.padBefore[1],
      ...epilogueWords(rt, epilogue),
    ]);
    rt.parallel(DEPTHWISE_ROWS, p, rows, 1, 2 * count * s.fRows * s.fCols, threads, 0);
    return result(rt, out, count, into);
  });
}

/** A spatial pooling window over NHWC input. */
export interface Pool2dShape {
  readonly batch: number;
  readonly inRows: number;
  readonly inCols: number;
  readonly depth: number;
  readonly windowRows: number;
  readonly windowCols: number;
  readonly outRows: number;
  readonly outCols: number;
  readonly strides: readonly [number, number];
  readonly padBefore: readonly [number, number];
}

/** float32 MaxPool or AvgPool (padding excluded from the average), NHWC. */
export function poolF32(
  rt: WasmRuntime,
  x: Float32Array,
  s: Pool2dShape,
  average: boolean,
  threads: number,
  into?: Float32Array,
): Float32Array {
  const rows = s.batch * s.outRows;
  const count = rows * s.outCols * s.depth;
  if (count === 0) return zeros(0, into);
  return scoped(rt, () => {
    const xAddr = input(rt, x);
    const out = output(rt, count, into);
    const p = rt.params([
      xAddr,
      out,
      s.inRows,
      s.inCols,
      s.depth,
      s.outRows,
      s.outCols,
      s.windowRows,
      s.windowCols,
      s.strides[0],
      s.strides[1],
      s.padBefore[0],
      s.padBefore[1],
      average ? 1 : 0,
    ]);
    rt.parallel(POOL_ROWS, p, rows, 1, count * s.windowRows * s.windowCols, threads, 0);
    return result(rt, out, count, into);
  });
}

/** The float32 elementwise binary exports (TF's DAZ/FTZ, see wasm/src/kernels.ts). */
export type BinaryRowsOp = 'add_rows' | 'sub_rows' | 'mul_rows' | 'div_rows';

/**
 * `rows` rows of `c` outputs into `out`: out[r*c + j] = x[r*xr + j*xs] op y[r*yr + j*ys],
 * element steps 0 or 1 (not both 0). `out` may be `x` or `y` itself (a forwarded buffer).
 */
export function binaryRowsF32(
  rt: WasmRuntime,
  op: BinaryRowsOp,
  out: Float32Array,
  x: Float32Array,
  xr: number,
  xs: number,
  y: Float32Array,
  yr: number,
  ys: number,
  rows: number,
  c: number,
): void {
  const count = rows * c;
  if (count === 0) return;
  scoped(rt, () => {
    const xa = input(rt, x);
    const ya = input(rt, y);
    // A resident output may be an input's own buffer (forwarded): read before written.
    const o = output(rt, count, out);
    rt.exports[op](o, xa, xr, xs, ya, yr, ys, rows, c);
    result(rt, o, count, out);
  });
}

/** Relu (or Relu6 when `six`) of `x` into `out`, with TF's DAZ/FTZ. */
export function reluF32(rt: WasmRuntime, out: Float32Array, x: Float32Array, six: boolean): void {
  if (x.length === 0) return;
  scoped(rt, () => {
    // In place in a resident output (after a copy unless it is x's own buffer).
    let at = rt.addressOf(out);
    if (at >= 0 && rt.addressOf(x) !== at) out.set(x);
    else if (at < 0) at = rt.put(x);
    if (six) rt.exports.relu6_inplace(at, x.length);
    else rt.exports.relu_inplace(at, x.length);
    result(rt, at, x.length, out);
  });
}
