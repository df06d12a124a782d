// tensorgraph's CPU hot kernels, compiled by AssemblyScript to WebAssembly SIMD128.
//
// Everything here works on raw addresses in one (optionally shared) linear memory that the
// JS side owns: the module keeps no globals and no data segments, so several instances
// (one per worker thread) can run over the same memory at once. A kernel's work is split
// by the caller into ranges of output rows; every output element is computed by exactly
// one call with the same sequence of float operations whatever the split, which is what
// makes results bit-identical between 1 and N threads.
//
// Built twice from this one source: plain SIMD128, and relaxed SIMD (fused multiply-add)
// where the runtime validates it. ASC_FEATURE_RELAXED_SIMD picks the multiply-add below.

/** acc + a * b, fused when the relaxed build allows it. */
// @ts-ignore: decorator
@inline
function madd(a: v128, b: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

/** The first `n` (1..4) lanes of the floats at `p`; the rest zero. */
// @ts-ignore: decorator
@inline
function loadPart(p: usize, n: i32): v128 {
  if (n >= 4) return v128.load(p);
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (n > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (n > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Stores the first `n` lanes of `v` at `p` (n <= 0 stores nothing). */
// @ts-ignore: decorator
@inline
function storePart(p: usize, v: v128, n: i32): void {
  if (n >= 4) {
    v128.store(p, v);
    return;
  }
  if (n > 0) store<f32>(p, f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (n > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** Least normal float32. */
const F32_TINY: f32 = 1.1754943508222875e-38;

/** v, with lanes below the least normal in magnitude made zeros of their sign. */
// @ts-ignore: decorator
@inline
function flush4(v: v128): v128 {
  const tiny = f32x4.lt(f32x4.abs(v), f32x4.splat(F32_TINY));
  return v128.bitselect(v128.and(v, f32x4.splat(-0.0)), v, tiny);
}

// Activations a contraction's epilogue applies while its tile is stored.
const ACT_NONE = 0;
const ACT_RELU = 1;
const ACT_RELU6 = 2;
const ACT_LEAKY_RELU = 3;

/**
 * A contraction's finished sums through the fused bias and activation, with the same float
 * operations (and TF's DAZ/FTZ) as the unfused Add and activation kernels below, so fusing
 * never changes a bit: bias lanes `b` come already flushed; `hasBias` false skips the add
 * (adding +0 would turn -0 into +0).
 */
// @ts-ignore: decorator
@inline
function epilogue(v: v128, hasBias: bool, b: v128, act: i32, alpha: f32): v128 {
  let r = v;
  if (hasBias) r = flush4(f32x4.add(flush4(r), b));
  if (act == ACT_RELU || act == ACT_RELU6) {
    const zero = f32x4.splat(0);
    r = f32x4.max(r, zero);
    if (act == ACT_RELU6) r = f32x4.min(r, f32x4.splat(6));
    return v128.bitselect(zero, r, f32x4.lt(r, f32x4.splat(F32_TINY)));
  }
  if (act == ACT_LEAKY_RELU) {
    const x = flush4(r);
    const neg = flush4(f32x4.mul(x, f32x4.splat(alpha)));
    return flush4(v128.bitselect(x, neg, f32x4.gt(x, f32x4.splat(0))));
  }
  return r;
}

/**
 * v with lanes below the least normal in magnitude made zeros of their sign: flush4's
 * result in four instructions (clears the magnitude bits of the tiny lanes).
 */
// @ts-ignore: decorator
@inline
function flushTiny4(v: v128): v128 {
  const magnitude = i32x4.splat(0x7fffffff);
  const tiny = f32x4.lt(v128.and(v, magnitude), f32x4.splat(F32_TINY));
  return v128.andnot(v, v128.and(tiny, magnitude));
}

/**
 * The GEMM tile's epilogue: the same bits as `epilogue` (NaN payloads aside) with cheaper
 * instructions, which matters where a short reduction leaves the epilogue half the tile's
 * work. Relu keeps x unless x < least normal (NaN compares false and stays), so the flush
 * after the bias is already part of it; Relu6 then clamps with pmin (NaN stays).
 */
// @ts-ignore: decorator
@inline
function tileEpilogue(v: v128, hasBias: bool, b: v128, act: i32, alpha: f32): v128 {
  if (act == ACT_LEAKY_RELU) return epilogue(v, hasBias, b, act, alpha);
  let r = v;
  if (hasBias) r = f32x4.add(flushTiny4(r), b);
  if (act == ACT_RELU || act == ACT_RELU6) {
    r = v128.andnot(r, f32x4.lt(r, f32x4.splat(F32_TINY)));
    if (act == ACT_RELU6) r = f32x4.pmin(r, f32x4.splat(6));
    return r;
  }
  return hasBias ? flushTiny4(r) : r;
}

/** Rows and columns of one register tile. */
const MR: i32 = 4;
const NR: i32 = 8;
/** Output rows per cache block (a multiple of MR). */
const MC: i32 = 128;

/**
 * The register tile: C[4, 8] (+)= A[4, kc] * P[kc, 8], where A is a packed strip (4
 * floats per k, see packA) and P a packed panel of 8 columns. `rows`/`cols` clip the tile
 * at the matrix edge (clipped rows are computed from copies and never stored). On the last
 * reduction block (`last`) the sums go through the epilogue: `bias` (the tile's first
 * column's bias, 0 for none) and activation `act` (ACT_*, LeakyRelu's `alpha`).
 */
// Inlined into gemm_rows: as a call it measured ~14% slower on every shape (V8).
// @ts-ignore: decorator
@inline
function tile(
  kc: i32,
  a: usize,
  b: usize,
  c: usize,
  ldc: usize,
  rows: i32,
  cols: i32,
  accumulate: bool,
  last: bool,
  bias: usize,
  act: i32,
  alpha: f32,
): void {
  let c00 = f32x4.splat(0);
  let c01 = c00;
  let c10 = c00;
  let c11 = c00;
  let c20 = c00;
  let c21 = c00;
  let c30 = c00;
  let c31 = c00;
  const n0 = cols;
  const n1 = cols - 4;
  if (accumulate) {
    c00 = loadPart(c, n0);
    if (n1 > 0) c01 = loadPart(c + 16, n1);
    if (rows > 1) {
      c10 = loadPart(c + ldc, n0);
      if (n1 > 0) c11 = loadPart(c + ldc + 16, n1);
    }
    if (rows > 2) {
      c20 = loadPart(c + 2 * ldc, n0);
      if (n1 > 0) c21 = loadPart(c + 2 * ldc + 16, n1);
    }
    if (rows > 3) {
      c30 = loadPart(c + 3 * ldc, n0);
      if (n1 > 0) c31 = loadPart(c + 3 * ldc + 16, n1);
    }
  }
  const end = a + <usize>kc * 16;
  while (a < end) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = v128.load32_splat(a);
    c00 = madd(x, b0, c00);
    c01 = madd(x, b1, c01);
    x = v128.load32_splat(a, 4);
    c10 = madd(x, b0, c10);
    c11 = madd(x, b1, c11);
    x = v128.load32_splat(a, 8);
    c20 = madd(x, b0, c20);
    c21 = madd(x, b1, c21);
    x = v128.load32_splat(a, 12);
    c30 = madd(x, b0, c30);
    c31 = madd(x, b1, c31);
    a += 16;
    b += 32;
  }
  if (last && (bias !== 0 || act !== ACT_NONE)) {
    const hasBias = bias !== 0;
    let b0 = f32x4.splat(0);
    let b1 = b0;
    if (hasBias) {
      b0 = flushTiny4(loadPart(bias, n0));
      if (n1 > 0) b1 = flushTiny4(loadPart(bias + 16, n1));
    }
    // One branch per tile, then straight code with the mode constant, so the epilogue's
    // constants are made once (per-vector branches made V8 rebuild them for every vector).
    if (hasBias && act === ACT_RELU6) {
      c00 = tileEpilogue(c00, true, b0, ACT_RELU6, alpha);
      c01 = tileEpilogue(c01, true, b1, ACT_RELU6, alpha);
      c10 = tileEpilogue(c10, true, b0, ACT_RELU6, alpha);
      c11 = tileEpilogue(c11, true, b1, ACT_RELU6, alpha);
      c20 = tileEpilogue(c20, true, b0, ACT_RELU6, alpha);
      c21 = tileEpilogue(c21, true, b1, ACT_RELU6, alpha);
      c30 = tileEpilogue(c30, true, b0, ACT_RELU6, alpha);
      c31 = tileEpilogue(c31, true, b1, ACT_RELU6, alpha);
    } else if (hasBias && act === ACT_RELU) {
      c00 = tileEpilogue(c00, true, b0, ACT_RELU, alpha);
      c01 = tileEpilogue(c01, true, b1, ACT_RELU, alpha);
      c10 = tileEpilogue(c10, true, b0, ACT_RELU, alpha);
      c11 = tileEpilogue(c11, true, b1, ACT_RELU, alpha);
      c20 = tileEpilogue(c20, true, b0, ACT_RELU, alpha);
      c21 = tileEpilogue(c21, true, b1, ACT_RELU, alpha);
      c30 = tileEpilogue(c30, true, b0, ACT_RELU, alpha);
      c31 = tileEpilogue(c31, true, b1, ACT_RELU, alpha);
    } else if (hasBias && act === ACT_NONE) {
      c00 = tileEpilogue(c00, true, b0, ACT_NONE, alpha);
      c01 = tileEpilogue(c01, true, b1, ACT_NONE, alpha);
      c10 = tileEpilogue(c10, true, b0, ACT_NONE, alpha);
      c11 = tileEpilogue(c11, true, b1, ACT_NONE, alpha);
      c20 = tileEpilogue(c20, true, b0, ACT_NONE, alpha);
      c21 = tileEpilogue(c21, true, b1, ACT_NONE, alpha);
      c30 = tileEpilogue(c30, true, b0, ACT_NONE, alpha);
      c31 = tileEpilogue(c31, true, b1, ACT_NONE, alpha);
    } else if (act === ACT_RELU6) {
      c00 = tileEpilogue(c00, false, b0, ACT_RELU6, alpha);
      c01 = tileEpilogue(c01, false, b1, ACT_RELU6, alpha);
      c10 = tileEpilogue(c10, false, b0, ACT_RELU6, alpha);
      c11 = tileEpilogue(c11, false, b1, ACT_RELU6, alpha);
      c20 = tileEpilogue(c20, false, b0, ACT_RELU6, alpha);
      c21 = tileEpilogue(c21, false, b1, ACT_RELU6, alpha);
      c30 = tileEpilogue(c30, false, b0, ACT_RELU6, alpha);
      c31 = tileEpilogue(c31, false, b1, ACT_RELU6, alpha);
    } else if (act === ACT_RELU) {
      c00 = tileEpilogue(c00, false, b0, ACT_RELU, alpha);
      c01 = tileEpilogue(c01, false, b1, ACT_RELU, alpha);
      c10 = tileEpilogue(c10, false, b0, ACT_RELU, alpha);
      c11 = tileEpilogue(c11, false, b1, ACT_RELU, alpha);
      c20 = tileEpilogue(c20, false, b0, ACT_RELU, alpha);
      c21 = tileEpilogue(c21, false, b1, ACT_RELU, alpha);
      c30 = tileEpilogue(c30, false, b0, ACT_RELU, alpha);
      c31 = tileEpilogue(c31, false, b1, ACT_RELU, alpha);
    } else {
      c00 = tileEpilogue(c00, hasBias, b0, act, alpha);
      c01 = tileEpilogue(c01, hasBias, b1, act, alpha);
      c10 = tileEpilogue(c10, hasBias, b0, act, alpha);
      c11 = tileEpilogue(c11, hasBias, b1, act, alpha);
      c20 = tileEpilogue(c20, hasBias, b0, act, alpha);
      c21 = tileEpilogue(c21, hasBias, b1, act, alpha);
      c30 = tileEpilogue(c30, hasBias, b0, act, alpha);
      c31 = tileEpilogue(c31, hasBias, b1, act, alpha);
    }
  }
  if (rows === MR && cols === NR) {
    v128.store(c, c00);
    v128.store(c, c01, 16);
    v128.store(c + ldc, c10);
    v128.store(c + ldc, c11, 16);
    v128.store(c + 2 * ldc, c20);
    v128.store(c + 2 * ldc, c21, 16);
    v128.store(c + 3 * ldc, c30);
    v128.store(c + 3 * ldc, c31, 16);
    return;
  }
  storePart(c, c00, n0);
  storePart(c + 16, c01, n1);
  if (rows > 1) {
    storePart(c + ldc, c10, n0);
    storePart(c + ldc + 16, c11, n1);
  }
  if (rows > 2) {
    storePart(c + 2 * ldc, c20, n0);
    storePart(c + 2 * ldc + 16, c21, n1);
  }
  if (rows > 3) {
    storePart(c + 3 * ldc, c30, n0);
    storePart(c + 3 * ldc + 16, c31, n1);
  }
}

/**
 * Packs rows [0, rows) of a block (their start addresses at `addr`) over kb floats into
 * strips of 4 rows interleaved by k: strip s holds A[4s + r][k] at (s * kb + k) * 4 + r.
 * A short last strip repeats its first row.
 */
function packA(addr: usize, rows: i32, kb: i32, out: usize): void {
  for (let s = 0; s < rows; s += MR) {
    const r0 = <usize>load<u32>(addr + <usize>s * 4);
    const r1 = s + 1 < rows ? <usize>load<u32>(addr + <usize>(s + 1) * 4) : r0;
    const r2 = s + 2 < rows ? <usize>load<u32>(addr + <usize>(s + 2) * 4) : r0;
    const r3 = s + 3 < rows ? <usize>load<u32>(addr + <usize>(s + 3) * 4) : r0;
    transposeRuns(r0, r1, r2, r3, kb, out + <usize>(s * kb) * 4);
  }
}

/**
 * Packs B [K, N] (or its transpose, stored [N, K]) into panels of NR columns, zero padded
 * on the right. The reduction is cut into blocks: `chunk` consecutive rows form one group
 * (a filter tap for convolutions, all of K for a matmul), cut again every `kc` rows; block
 * [k0, k0 + kb) lands at out + k0 * Npad floats as ceil(N / NR) panels of kb x NR.
 * `ldb` is the row stride of the stored matrix, in floats.
 */
export function pack_b(
  b: usize,
  ldb: i32,
  transposed: bool,
  K: i32,
  N: i32,
  chunk: i32,
  kc: i32,
  out: usize,
): void {
  const npad = ((N + NR - 1) / NR) * NR;
  for (let g = 0; g < K; g += chunk) {
    for (let c0 = 0; c0 < chunk; c0 += kc) {
      const k0 = g + c0;
      const kb = min(kc, chunk - c0);
      const block = out + <usize>(k0 * npad) * 4;
      for (let j0 = 0; j0 < N; j0 += NR) {
        const panel = block + <usize>(j0 * kb) * 4;
        const cols = min(NR, N - j0);
        for (let k = 0; k < kb; k++) {
          const dst = panel + <usize>(k * NR) * 4;
          if (!transposed && cols === NR) {
            const src = b + <usize>((k0 + k) * ldb + j0) * 4;
            v128.store(dst, v128.load(src));
            v128.store(dst, v128.load(src, 16), 16);
            continue;
          }
          for (let j = 0; j < NR; j++) {
            let v: f32 = 0;
            if (j < cols) {
              v = transposed
                ? load<f32>(b + <usize>((j0 + j) * ldb + k0 + k) * 4)
                : load<f32>(b + <usize>((k0 + k) * ldb + j0 + j) * 4);
            }
            store<f32>(dst + <usize>j * 4, v);
          }
        }
      }
    }
  }
}

// Parameter block of gemm_rows (i32 words).
const P_M = 0;
const P_N = 1;
const P_K = 2;
const P_A = 3; // A [M, K] row-major (dense) or the NHWC input (conv)
const P_LDA = 4; // floats between rows of A (dense)
const P_B = 5; // packed B (pack_b)
const P_C = 6;
const P_LDC = 7; // floats between rows of C
const P_CONV = 8; // 0: dense A; 1: A is the implicit im2col matrix of a convolution; 2: the same, gathered (gatherA)
const P_CHUNK = 9; // rows of K per group (input channels per tap for conv; K for dense)
const P_KC = 10;
const P_H = 11;
const P_W = 12;
const P_CIN = 13;
const P_OH = 14;
const P_OW = 15;
const P_KW = 16;
const P_SH = 17;
const P_SW = 18;
const P_DH = 19;
const P_DW = 20;
const P_PH = 21;
const P_PW = 22;
const P_ZERO = 23; // kc zero floats: the row of a padding tap
const P_BIAS = 24; // N bias floats added in the epilogue, or 0 for none
const P_ACT = 25; // the epilogue's activation (ACT_*)
const P_ALPHA = 26; // LeakyRelu's alpha (float32 bits)

// @ts-ignore: decorator
@inline
function param(p: usize, i: i32): i32 {
  return load<i32>(p + <usize>i * 4);
}

/**
 * Rows [m0, m1) of C = A * B with B packed by pack_b. For a convolution, row i of A is
 * output pixel i's receptive field: tap t's `chunk` channels start at the input pixel the
 * tap lands on, or at a zero row for padding, so no im2col copy is made. `scratch` holds
 * MC row addresses and the packed block of A: MC * (kc + 1) floats. The bias and
 * activation of P_BIAS/P_ACT are applied to each tile as the last reduction block stores it.
 */
export function gemm_rows(p: usize, m0: i32, m1: i32, scratch: usize): void {
  gemmBlock(p, m0, m1, 0, param(p, P_N), scratch);
}

/**
 * Columns [n0, n1) of C for all M rows, as gemm_rows computes them (n0 and n1 multiples of
 * the panel width NR, or n1 = N): a split by columns for threads when M is small, so each
 * reads only its share of packed B. Each output's sums are the same as gemm_rows'.
 */
export function gemm_cols(p: usize, n0: i32, n1: i32, scratch: usize): void {
  gemmBlock(p, 0, param(p, P_M), n0, n1, scratch);
}

/** Rows [m0, m1) and panel-aligned columns [n0, n1) of C (see gemm_rows). */
function gemmBlock(p: usize, m0: i32, m1: i32, n0: i32, n1: i32, scratch: usize): void {
  const N = param(p, P_N);
  const K = param(p, P_K);
  const A = <usize>param(p, P_A);
  const lda = param(p, P_LDA);
  const B = <usize>param(p, P_B);
  const C = <usize>param(p, P_C);
  const ldc = <usize>param(p, P_LDC) * 4;
  const mode = param(p, P_CONV);
  const conv = mode !== 0;
  const chunk = param(p, P_CHUNK);
  const kc = param(p, P_KC);
  const bias = <usize>param(p, P_BIAS);
  const act = param(p, P_ACT);
  const alpha = load<f32>(p + <usize>P_ALPHA * 4);
  const npad = ((N + NR - 1) / NR) * NR;
  for (let mb = m0; mb < m1; mb += MC) {
    const me = min(mb + MC, m1);
    for (let g = 0; g < K; g += chunk) {
      for (let c0 = 0; c0 < chunk; c0 += kc) {
        const k0 = g + c0;
        const kb = min(kc, chunk - c0);
        const packed = scratch + <usize>MC * 4;
        if (mode === 2) {
          gatherA(p, A, mb, me, k0, kb, packed);
        } else {
          rowAddresses(p, conv, A, lda, mb, me, g / chunk, k0, c0, scratch);
          packA(scratch, me - mb, kb, packed);
        }
        const block = B + <usize>(k0 * npad) * 4;
        const acc = k0 > 0;
        const last = k0 + kb >= K;
        for (let j0 = n0; j0 < n1; j0 += NR) {
          const panel = block + <usize>(j0 * kb) * 4;
          const cols = min(NR, n1 - j0);
          const b: usize = bias === 0 ? 0 : bias + <usize>j0 * 4;
          for (let i = mb; i < me; i += MR) {
            const a = packed + <usize>((i - mb) * kb) * 4;
            const c = C + <usize>i * ldc + <usize>j0 * 4;
            tile(kb, a, panel, c, ldc, min(MR, me - i), cols, acc, last, b, act, alpha);
          }
        }
      }
    }
  }
}

/**
 * Packs the reduction slice [k0, k0 + kb) of rows [mb, me) of a convolution's implicit
 * im2col matrix straight into packA's strip layout, across taps (zeros for padding taps).
 * For few input channels this lets one block (and so one tile pass) cover many taps where
 * rowAddresses gives one tap per block. The k order is the filter's (tap, channel), as in
 * the per-tap blocks, so each output's sums are the same. A short last strip's missing rows
 * are zeros (computed, never stored).
 */
function gatherA(p: usize, A: usize, mb: i32, me: i32, k0: i32, kb: i32, out: usize): void {
  const H = param(p, P_H);
  const W = param(p, P_W);
  const cin = param(p, P_CIN);
  const OH = param(p, P_OH);
  const OW = param(p, P_OW);
  const KW = param(p, P_KW);
  const sh = param(p, P_SH);
  const sw = param(p, P_SW);
  const dh = param(p, P_DH);
  const dw = param(p, P_DW);
  const ph = param(p, P_PH);
  const pw = param(p, P_PW);
  const tap0 = k0 / cin;
  const c00 = k0 - tap0 * cin;
  const kh0 = tap0 / KW;
  const kw0 = tap0 - kh0 * KW;
  // Whole filter rows in one block: a row of taps inside the input is one run of floats.
  const rowRuns = dw === 1 && k0 === 0 && kb % (KW * cin) === 0;
  const run = KW * cin;
  const KH = kb / run;
  const plane = OH * OW;
  let n = mb / plane;
  let oh = (mb - n * plane) / OW;
  let ow = mb - n * plane - oh * OW;
  const zero = <usize>param(p, P_ZERO);
  for (let i = mb; i < me; i++) {
    const image = A + <usize>(n * H * W * cin) * 4;
    let dst = out + <usize>((((i - mb) >> 2) * kb * 4 + ((i - mb) & 3)) * 4);
    const ihTop = oh * sh - ph;
    const iwLeft = ow * sw - pw;
    if (
      rowRuns &&
      ((i - mb) & 3) === 0 &&
      i + 4 <= me &&
      ow + 4 <= OW &&
      iwLeft >= 0 &&
      iwLeft + 3 * sw + KW <= W
    ) {
      // A whole strip in one output row, its windows inside the columns: per filter row,
      // four runs at a fixed step (or the zero row) transposed four floats at a time.
      const step = <usize>(sw * cin) * 4;
      for (let kh = 0; kh < KH; kh++) {
        const ih = ihTop + kh * dh;
        const inside = ih >= 0 && ih < H;
        const r0 = inside ? image + <usize>((ih * W + iwLeft) * cin) * 4 : zero;
        const r1 = inside ? r0 + step : zero;
        const r2 = inside ? r1 + step : zero;
        const r3 = inside ? r2 + step : zero;
        dst = transposeRuns(r0, r1, r2, r3, run, dst);
      }
      i += 3;
      ow += 4;
      if (ow === OW) {
        ow = 0;
        if (++oh === OH) {
          oh = 0;
          n++;
        }
      }
      continue;
    }
    if (rowRuns && iwLeft >= 0 && iwLeft + KW <= W) {
      for (let kh = 0; kh < KH; kh++) {
        const ih = ihTop + kh * dh;
        const stop = dst + <usize>run * 16;
        if (ih >= 0 && ih < H) {
          let src = image + <usize>((ih * W + iwLeft) * cin) * 4;
          while (dst < stop) {
            store<f32>(dst, load<f32>(src));
            src += 4;
            dst += 16;
          }
        } else {
          for (; dst < stop; dst += 16) store<f32>(dst, 0);
        }
      }
    } else {
      let kh = kh0;
      let kw = kw0;
      let c = c00;
      let k = 0;
      while (k < kb) {
        const count = min(cin - c, kb - k);
        const ih = ihTop + kh * dh;
        const iw = iwLeft + kw * dw;
        if (ih >= 0 && ih < H && iw >= 0 && iw < W) {
          let src = image + <usize>(((ih * W + iw) * cin + c) * 4);
          const stop = src + <usize>count * 4;
          while (src < stop) {
            store<f32>(dst, load<f32>(src));
            src += 4;
            dst += 16;
          }
        } else {
          const stop = dst + <usize>count * 16;
          for (; dst < stop; dst += 16) store<f32>(dst, 0);
        }
        k += count;
        c = 0;
        if (++kw === KW) {
          kw = 0;
          kh++;
        }
      }
    }
    if (++ow === OW) {
      ow = 0;
      if (++oh === OH) {
        oh = 0;
        n++;
      }
    }
  }
  const rows = me - mb;
  if ((rows & 3) !== 0) {
    let strip = out + <usize>((rows >> 2) * kb * 4 * 4);
    const end = strip + <usize>(kb * 16);
    for (; strip < end; strip += 16) {
      for (let r = rows & 3; r < 4; r++) store<f32>(strip + <usize>r * 4, 0);
    }
  }
}

/**
 * `len` floats from each of four rows into packA's interleaved layout at `dst` (4 floats per
 * k); returns the address after them.
 */
// @ts-ignore: decorator
@inline
function transposeRuns(r0: usize, r1: usize, r2: usize, r3: usize, len: i32, dst: usize): usize {
  let k = 0;
  for (; k + 4 <= len; k += 4) {
    const o = <usize>k * 4;
    const x0 = v128.load(r0 + o);
    const x1 = v128.load(r1 + o);
    const x2 = v128.load(r2 + o);
    const x3 = v128.load(r3 + o);
    const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5);
    const t1 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
    const t2 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
    const t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
    v128.store(dst, i32x4.shuffle(t0, t1, 0, 1, 4, 5));
    v128.store(dst, i32x4.shuffle(t0, t1, 2, 3, 6, 7), 16);
    v128.store(dst, i32x4.shuffle(t2, t3, 0, 1, 4, 5), 32);
    v128.store(dst, i32x4.shuffle(t2, t3, 2, 3, 6, 7), 48);
    dst += 64;
  }
  for (; k < len; k++) {
    const o = <usize>k * 4;
    store<f32>(dst, load<f32>(r0 + o));
    store<f32>(dst, load<f32>(r1 + o), 4);
    store<f32>(dst, load<f32>(r2 + o), 8);
    store<f32>(dst, load<f32>(r3 + o), 12);
    dst += 16;
  }
  return dst;
}

/** Addresses of the reduction slice [k0, k0 + kb) of rows [mb, me) of A, into `out`. */
function rowAddresses(
  p: usize,
  conv: bool,
  A: usize,
  lda: i32,
  mb: i32,
  me: i32,
  tap: i32,
  k0: i32,
  c0: i32,
  out: usize,
): void {
  if (!conv) {
    for (let i = mb; i < me; i++) store<u32>(out + <usize>(i - mb) * 4, A + <usize>(i * lda + k0) * 4);
    return;
  }
  const H = param(p, P_H);
  const W = param(p, P_W);
  const cin = param(p, P_CIN);
  const OH = param(p, P_OH);
  const OW = param(p, P_OW);
  const KW = param(p, P_KW);
  const kh = tap / KW;
  const kw = tap - kh * KW;
  const dy = kh * param(p, P_DH) - param(p, P_PH);
  const dx = kw * param(p, P_DW) - param(p, P_PW);
  const sh = param(p, P_SH);
  const sw = param(p, P_SW);
  const zero = <usize>param(p, P_ZERO);
  const plane = OH * OW;
  for (let i = mb; i < me; i++) {
    const n = i / plane;
    const rem = i - n * plane;
    const oh = rem / OW;
    const ow = rem - oh * OW;
    const ih = oh * sh + dy;
    const iw = ow * sw + dx;
    let at = zero;
    if (ih >= 0 && ih < H && iw >= 0 && iw < W) {
      at = A + <usize>(((n * H + ih) * W + iw) * cin + c0) * 4;
    }
    store<u32>(out + <usize>(i - mb) * 4, at);
  }
}

// Parameter block of depthwise_rows (i32 words).
const D_IN = 0;
const D_F = 1;
const D_OUT = 2;
const D_H = 3;
const D_W = 4;
const D_C = 5;
const D_OH = 6;
const D_OW = 7;
const D_KH = 8;
const D_KW = 9;
const D_SH = 10;
const D_SW = 11;
const D_DH = 12;
const D_DW = 13;
const D_PH = 14;
const D_PW = 15;
const D_BIAS = 16; // C bias floats added in the epilogue, or 0 for none
const D_ACT = 17; // the epilogue's activation (ACT_*)
const D_ALPHA = 18; // LeakyRelu's alpha (float32 bits)

/**
 * The depthwise kernels' epilogue: the values `epilogue` gives, with fewer vector constants
 * and operations for the ReLU family (the hot case). A sum or a biased sum below the least
 * normal float (negatives, denormals, zeros of either sign) becomes +0, which is what the
 * flush, max and final flush make of it; a denormal sum reads as zero before the bias, as
 * TF's DAZ does (its sign only matters for a zero result, which the ReLU makes +0 anyway).
 * NaN stays NaN; ReLU6 clamps with pmin, exact for the +0..+inf and NaN left at that point.
 */
// @ts-ignore: decorator
@inline
function depthwiseEpilogue(v: v128, hasBias: bool, b: v128, act: i32, alpha: f32): v128 {
  if (act == ACT_RELU || act == ACT_RELU6) {
    let r = v;
    if (hasBias) {
      const small = i32x4.eq(v128.and(v, i32x4.splat(0x7f800000)), i32x4.splat(0));
      r = f32x4.add(v128.andnot(v, small), b);
    }
    r = v128.andnot(r, f32x4.lt(r, f32x4.splat(F32_TINY)));
    if (act == ACT_RELU6) r = f32x4.pmin(r, f32x4.splat(6));
    return r;
  }
  return epilogue(v, hasBias, b, act, alpha);
}

/**
 * Output rows [r0, r1) (row = image * OH + oh) of a depthwise convolution with channel
 * multiplier 1, NHWC, filter [KH, KW, C]. Every output element sums its taps in (kh, kw)
 * order from +0, skipping taps outside the input, then goes through the epilogue's bias and
 * activation (D_BIAS, D_ACT) before the store. A 3x3 filter's pixels whose taps all lie
 * inside the input take the fast path (depthwise3x3Pairs); the rest, and every other filter
 * size, the general per-pixel one. Both do the same float operations per element, so which
 * pixel takes which path (and so how rows are split over threads) changes no bit.
 */
export function depthwise_rows(p: usize, r0: i32, r1: i32): void {
  const X = <usize>param(p, D_IN);
  const F = <usize>param(p, D_F);
  const O = <usize>param(p, D_OUT);
  const H = param(p, D_H);
  const W = param(p, D_W);
  const C = param(p, D_C);
  const OH = param(p, D_OH);
  const OW = param(p, D_OW);
  const KH = param(p, D_KH);
  const KW = param(p, D_KW);
  const sh = param(p, D_SH);
  const sw = param(p, D_SW);
  const dh = param(p, D_DH);
  const dw = param(p, D_DW);
  const ph = param(p, D_PH);
  const pw = param(p, D_PW);
  const bias = <usize>param(p, D_BIAS);
  const act = param(p, D_ACT);
  const alpha = load<f32>(p + <usize>D_ALPHA * 4);
  const cb = <usize>C * 4;
  // Columns [owA, owB) have every kw tap inside the input.
  const owA = min((pw + sw - 1) / sw, OW);
  const lastStart = W - 1 - (KW - 1) * dw + pw;
  const owB = max(lastStart < 0 ? 0 : min(lastStart / sw + 1, OW), owA);
  const fast3x3 = KH == 3 && KW == 3;
  const c4 = C & ~3;
  for (let r = r0; r < r1; r++) {
    const n = r / OH;
    const oh = r - n * OH;
    const image = X + <usize>(n * H * W) * cb;
    const ih0 = oh * sh - ph;
    const orow = O + <usize>(r * OW) * cb;
    const inner = fast3x3 && ih0 >= 0 && ih0 + (KH - 1) * dh < H && owA < owB && c4 > 0;
    const a = inner ? owA : OW;
    for (let ow = 0; ow < a; ow++) {
      depthwisePixel(image, F, orow + <usize>ow * cb, H, W, C, KH, KW, ih0, ow * sw - pw, dh, dw, 0, bias, act, alpha);
    }
    if (!inner) continue;
    depthwise3x3Pairs(image, F, orow, W, C, ih0, dh, dw, sw, pw, owA, owB, c4, bias, act, alpha);
    if (c4 < C) {
      for (let ow = owA; ow < owB; ow++) {
        depthwisePixel(image, F, orow + <usize>ow * cb, H, W, C, KH, KW, ih0, ow * sw - pw, dh, dw, c4, bias, act, alpha);
      }
    }
    for (let ow = owB; ow < OW; ow++) {
      depthwisePixel(image, F, orow + <usize>ow * cb, H, W, C, KH, KW, ih0, ow * sw - pw, dh, dw, 0, bias, act, alpha);
    }
  }
}

/**
 * Channels [c0, C) of the output pixel at `o` whose window starts at input (ih0, iw0): 16
 * channels at a time in four vectors, then four (or fewer, zero padded); taps outside the
 * input skipped.
 */
function depthwisePixel(
  image: usize,
  F: usize,
  o: usize,
  H: i32,
  W: i32,
  C: i32,
  KH: i32,
  KW: i32,
  ih0: i32,
  iw0: i32,
  dh: i32,
  dw: i32,
  c0: i32,
  bias: usize,
  act: i32,
  alpha: f32,
): void {
  const hasBias = bias !== 0;
  const fused = hasBias || act !== ACT_NONE;
  const zero = f32x4.splat(0);
  const cb = <usize>C * 4;
  let c = c0;
  for (; c + 16 <= C; c += 16) {
    let s0 = f32x4.splat(0);
    let s1 = s0;
    let s2 = s0;
    let s3 = s0;
    for (let kh = 0; kh < KH; kh++) {
      const ih = ih0 + kh * dh;
      if (ih < 0 || ih >= H) continue;
      for (let kw = 0; kw < KW; kw++) {
        const iw = iw0 + kw * dw;
        if (iw < 0 || iw >= W) continue;
        const x = image + <usize>(ih * W + iw) * cb + <usize>c * 4;
        const f = F + <usize>(kh * KW + kw) * cb + <usize>c * 4;
        s0 = madd(v128.load(x), v128.load(f), s0);
        s1 = madd(v128.load(x, 16), v128.load(f, 16), s1);
        s2 = madd(v128.load(x, 32), v128.load(f, 32), s2);
        s3 = madd(v128.load(x, 48), v128.load(f, 48), s3);
      }
    }
    if (fused) {
      const bc = bias + <usize>c * 4;
      s0 = depthwiseEpilogue(s0, hasBias, hasBias ? flush4(v128.load(bc)) : zero, act, alpha);
      s1 = depthwiseEpilogue(s1, hasBias, hasBias ? flush4(v128.load(bc, 16)) : zero, act, alpha);
      s2 = depthwiseEpilogue(s2, hasBias, hasBias ? flush4(v128.load(bc, 32)) : zero, act, alpha);
      s3 = depthwiseEpilogue(s3, hasBias, hasBias ? flush4(v128.load(bc, 48)) : zero, act, alpha);
    }
    v128.store(o + <usize>c * 4, s0);
    v128.store(o + <usize>c * 4, s1, 16);
    v128.store(o + <usize>c * 4, s2, 32);
    v128.store(o + <usize>c * 4, s3, 48);
  }
  for (; c < C; c += 4) {
    const n4 = min(4, C - c);
    let s = f32x4.splat(0);
    for (let kh = 0; kh < KH; kh++) {
      const ih = ih0 + kh * dh;
      if (ih < 0 || ih >= H) continue;
      for (let kw = 0; kw < KW; kw++) {
        const iw = iw0 + kw * dw;
        if (iw < 0 || iw >= W) continue;
        const x = image + <usize>(ih * W + iw) * cb + <usize>c * 4;
        const f = F + <usize>(kh * KW + kw) * cb + <usize>c * 4;
        s = madd(loadPart(x, n4), loadPart(f, n4), s);
      }
    }
    if (fused) {
      const b = hasBias ? flush4(loadPart(bias + <usize>c * 4, n4)) : zero;
      s = depthwiseEpilogue(s, hasBias, b, act, alpha);
    }
    storePart(o + <usize>c * 4, s, n4);
  }
}

/**
 * Output columns [owA, owB) of one row of a 3x3 depthwise convolution, channels [0, c4) (a
 * multiple of 4), where every tap lies inside the input (rows ih0 + kh * dh): no bounds
 * checks. Output pixels go in pairs along the row, and for each pair every channel in order,
 * eight then four at a time (four sums in flight), each filter tap loaded once for both
 * pixels (the filter stays in L1). Input and output are walked in address order, which the
 * hardware prefetcher follows on the wide layers whose rows do not fit in cache (holding the
 * taps in registers across a strip of pixels ran faster warm but slower from memory). Each
 * sum adds its taps in (kh, kw) order from +0, exactly as depthwisePixel does.
 */
function depthwise3x3Pairs(
  image: usize,
  F: usize,
  orow: usize,
  W: i32,
  C: i32,
  ih0: i32,
  dh: i32,
  dw: i32,
  sw: i32,
  pw: i32,
  owA: i32,
  owB: i32,
  c4: i32,
  bias: usize,
  act: i32,
  alpha: f32,
): void {
  const hasBias = bias !== 0;
  const fused = hasBias || act !== ACT_NONE;
  const cb = <usize>C * 4;
  const rs = <usize>(dh * W) * cb;
  const cs = <usize>dw * cb;
  const ps = <usize>sw * cb;
  const zero = f32x4.splat(0);
  let ow = owA;
  for (; ow < owB; ow += 2) {
    const shared = ps == cs && ow + 1 < owB;
    // A lone last pixel is computed twice into the same place (same bits).
    const second = ow + 1 < owB ? ps : 0;
    const x0 = image + <usize>(ih0 * W + ow * sw - pw) * cb;
    const o0 = orow + <usize>ow * cb;
    const oNext: usize = second == 0 ? 0 : cb;
    let c = 0;
    for (; c + 8 <= c4; c += 8) {
      const x = x0 + <usize>c * 4;
      const y = x + second;
      const f = F + <usize>c * 4;
      let a0 = zero;
      let e0 = zero;
      let a1 = zero;
      let e1 = zero;
      if (shared) {
        // Stride and dilation 1: the pair shares two of its three columns, loaded once.
        for (let r = 0; r < 3; r++) {
          const xr = x + <usize>r * rs;
          const fr = f + <usize>(3 * r) * cb;
          const q00 = v128.load(xr);
          const q01 = v128.load(xr, 16);
          const q10 = v128.load(xr + cs);
          const q11 = v128.load(xr + cs, 16);
          const q20 = v128.load(xr + 2 * cs);
          const q21 = v128.load(xr + 2 * cs, 16);
          const q30 = v128.load(xr + 3 * cs);
          const q31 = v128.load(xr + 3 * cs, 16);
          const w00 = v128.load(fr);
          a0 = madd(q00, w00, a0);
          e0 = madd(q10, w00, e0);
          const w01 = v128.load(fr, 16);
          a1 = madd(q01, w01, a1);
          e1 = madd(q11, w01, e1);
          const w10 = v128.load(fr + cb);
          a0 = madd(q10, w10, a0);
          e0 = madd(q20, w10, e0);
          const w11 = v128.load(fr + cb, 16);
          a1 = madd(q11, w11, a1);
          e1 = madd(q21, w11, e1);
          const w20 = v128.load(fr + 2 * cb);
          a0 = madd(q20, w20, a0);
          e0 = madd(q30, w20, e0);
          const w21 = v128.load(fr + 2 * cb, 16);
          a1 = madd(q21, w21, a1);
          e1 = madd(q31, w21, e1);
        }
      } else {
        // Taps in (kh, kw) order.
        for (let t = 0; t < 9; t++) {
          const kh = t / 3;
          const at = <usize>kh * rs + <usize>(t - 3 * kh) * cs;
          const ft = f + <usize>t * cb;
          const w0 = v128.load(ft);
          a0 = madd(v128.load(x + at), w0, a0);
          e0 = madd(v128.load(y + at), w0, e0);
          const w1 = v128.load(ft, 16);
          a1 = madd(v128.load(x + at, 16), w1, a1);
          e1 = madd(v128.load(y + at, 16), w1, e1);
        }
      }
      if (fused) {
        const b0 = hasBias ? flush4(v128.load(bias + <usize>c * 4)) : zero;
        const b1 = hasBias ? flush4(v128.load(bias + <usize>c * 4, 16)) : zero;
        a0 = depthwiseEpilogue(a0, hasBias, b0, act, alpha);
        e0 = depthwiseEpilogue(e0, hasBias, b0, act, alpha);
        a1 = depthwiseEpilogue(a1, hasBias, b1, act, alpha);
        e1 = depthwiseEpilogue(e1, hasBias, b1, act, alpha);
      }
      const o = o0 + <usize>c * 4;
      v128.store(o + oNext, e0);
      v128.store(o + oNext, e1, 16);
      v128.store(o, a0);
      v128.store(o, a1, 16);
    }
    for (; c < c4; c += 4) {
      const x = x0 + <usize>c * 4;
      const y = x + second;
      const f = F + <usize>c * 4;
      let a = zero;
      let e = zero;
      // Taps in (kh, kw) order.
      for (let t = 0; t < 9; t++) {
        const kh = t / 3;
        const at = <usize>kh * rs + <usize>(t - 3 * kh) * cs;
        const w = v128.load(f + <usize>t * cb);
        a = madd(v128.load(x + at), w, a);
        e = madd(v128.load(y + at), w, e);
      }
      if (fused) {
        const b = hasBias ? flush4(v128.load(bias + <usize>c * 4)) : zero;
        a = depthwiseEpilogue(a, hasBias, b, act, alpha);
        e = depthwiseEpilogue(e, hasBias, b, act, alpha);
      }
      const o = o0 + <usize>c * 4;
      v128.store(o + oNext, e);
      v128.store(o, a);
    }
  }
}

/** Bytes of scratch one gemm_rows call needs for a reduction block of `kc`. */
export function gemm_scratch_bytes(kc: i32): i32 {
  return MC * 4 + MC * kc * 4;
}

// Parameter block of pool_rows (i32 words).
const Q_IN = 0;
const Q_OUT = 1;
const Q_H = 2;
const Q_W = 3;
const Q_C = 4;
const Q_OH = 5;
const Q_OW = 6;
const Q_KH = 7;
const Q_KW = 8;
const Q_SH = 9;
const Q_SW = 10;
const Q_PH = 11;
const Q_PW = 12;
const Q_AVG = 13; // 0: max, 1: average

/**
 * Output rows [r0, r1) (row = image * OH + oh) of a spatial max or average pool, NHWC,
 * four channels at a time over the window clipped to the input. Max starts from the lowest
 * finite float and a value wins only if greater (so NaN and -inf never do, as in TF); average
 * sums in row-major window order in float32 and divides by the clipped window's size.
 */
export function pool_rows(p: usize, r0: i32, r1: i32): void {
  const X = <usize>param(p, Q_IN);
  const O = <usize>param(p, Q_OUT);
  const H = param(p, Q_H);
  const W = param(p, Q_W);
  const C = param(p, Q_C);
  const OH = param(p, Q_OH);
  const OW = param(p, Q_OW);
  const KH = param(p, Q_KH);
  const KW = param(p, Q_KW);
  const sh = param(p, Q_SH);
  const sw = param(p, Q_SW);
  const ph = param(p, Q_PH);
  const pw = param(p, Q_PW);
  const avg = param(p, Q_AVG) !== 0;
  const cb = <usize>C * 4;
  for (let r = r0; r < r1; r++) {
    const n = r / OH;
    const oh = r - n * OH;
    const image = X + <usize>(n * H * W) * cb;
    const ih0 = max(oh * sh - ph, 0);
    const ih1 = min(oh * sh - ph + KH, H);
    for (let ow = 0; ow < OW; ow++) {
      const iw0 = max(ow * sw - pw, 0);
      const iw1 = min(ow * sw - pw + KW, W);
      const o = O + <usize>(r * OW + ow) * cb;
      const count = f32x4.splat(<f32>((ih1 - ih0) * (iw1 - iw0)));
      for (let c = 0; c < C; c += 4) {
        const n4 = min(4, C - c);
        let s = f32x4.splat(avg ? 0 : -3.4028234663852886e38);
        for (let ih = ih0; ih < ih1; ih++) {
          for (let iw = iw0; iw < iw1; iw++) {
            const x = loadPart(image + <usize>(ih * W + iw) * cb + <usize>c * 4, n4);
            s = avg ? f32x4.add(s, x) : f32x4.pmax(s, x);
          }
        }
        storePart(o + <usize>c * 4, avg ? f32x4.div(s, count) : s, n4);
      }
    }
  }
}

/** Bytes pack_b writes for a [K, N] matrix. */
export function pack_b_bytes(K: i32, N: i32): i32 {
  return K * (((N + NR - 1) / NR) * NR) * 4;
}

// Elementwise float32 with TF's CPU flush modes: operands are read with denormals as zero
// and results flushed to zero (a zero of the value's sign); NaN stays NaN.

// @ts-ignore: decorator
@inline
function flush1(v: f32): f32 {
  return abs<f32>(v) < F32_TINY ? v * 0 : v;
}

// Binary op codes (an inlined constant, so each export compiles to one straight loop).
const OP_ADD = 0;
const OP_SUB = 1;
const OP_MUL = 2;
const OP_DIV = 3;

// @ts-ignore: decorator
@inline
function op4(op: i32, a: v128, b: v128): v128 {
  if (op == OP_ADD) return f32x4.add(a, b);
  if (op == OP_SUB) return f32x4.sub(a, b);
  if (op == OP_MUL) return f32x4.mul(a, b);
  return f32x4.div(a, b);
}

// @ts-ignore: decorator
@inline
function op1(op: i32, a: f32, b: f32): f32 {
  if (op == OP_ADD) return a + b;
  if (op == OP_SUB) return a - b;
  if (op == OP_MUL) return a * b;
  return a / b;
}

/**
 * `rows` rows of `c` outputs: out[r*c + j] = x[r*xr + j*xs] op y[r*yr + j*ys], where the
 * element steps xs, ys are 0 (one value for the row) or 1, not both 0 (row strides in
 * elements). Same shapes, a scalar operand and a bias-like row operand all fit.
 */
// @ts-ignore: decorator
@inline
function binaryRows(
  op: i32,
  out: usize,
  x: usize,
  xr: i32,
  xs: i32,
  y: usize,
  yr: i32,
  ys: i32,
  rows: i32,
  c: i32,
): void {
  for (let r = 0; r < rows; r++) {
    const o = out + (<usize>(r * c) << 2);
    const xp = x + (<usize>(r * xr) << 2);
    const yp = y + (<usize>(r * yr) << 2);
    let j = 0;
    if (xs != 0 && ys != 0) {
      for (; j + 4 <= c; j += 4) {
        const a = flush4(v128.load(xp + (<usize>j << 2)));
        const b = flush4(v128.load(yp + (<usize>j << 2)));
        v128.store(o + (<usize>j << 2), flush4(op4(op, a, b)));
      }
      for (; j < c; j++) {
        const a = flush1(load<f32>(xp + (<usize>j << 2)));
        const b = flush1(load<f32>(yp + (<usize>j << 2)));
        store<f32>(o + (<usize>j << 2), flush1(op1(op, a, b)));
      }
    } else if (xs != 0) {
      const b1 = flush1(load<f32>(yp));
      const b = f32x4.splat(b1);
      for (; j + 4 <= c; j += 4) {
        const a = flush4(v128.load(xp + (<usize>j << 2)));
        v128.store(o + (<usize>j << 2), flush4(op4(op, a, b)));
      }
      for (; j < c; j++) {
        const a = flush1(load<f32>(xp + (<usize>j << 2)));
        store<f32>(o + (<usize>j << 2), flush1(op1(op, a, b1)));
      }
    } else {
      const a1 = flush1(load<f32>(xp));
      const a = f32x4.splat(a1);
      for (; j + 4 <= c; j += 4) {
        const b = flush4(v128.load(yp + (<usize>j << 2)));
        v128.store(o + (<usize>j << 2), flush4(op4(op, a, b)));
      }
      for (; j < c; j++) {
        const b = flush1(load<f32>(yp + (<usize>j << 2)));
        store<f32>(o + (<usize>j << 2), flush1(op1(op, a1, b)));
      }
    }
  }
}

export function add_rows(
  out: usize, x: usize, xr: i32, xs: i32, y: usize, yr: i32, ys: i32, rows: i32, c: i32,
): void {
  binaryRows(OP_ADD, out, x, xr, xs, y, yr, ys, rows, c);
}

export function sub_rows(
  out: usize, x: usize, xr: i32, xs: i32, y: usize, yr: i32, ys: i32, rows: i32, c: i32,
): void {
  binaryRows(OP_SUB, out, x, xr, xs, y, yr, ys, rows, c);
}

export function mul_rows(
  out: usize, x: usize, xr: i32, xs: i32, y: usize, yr: i32, ys: i32, rows: i32, c: i32,
): void {
  binaryRows(OP_MUL, out, x, xr, xs, y, yr, ys, rows, c);
}

export function div_rows(
  out: usize, x: usize, xr: i32, xs: i32, y: usize, yr: i32, ys: i32, rows: i32, c: i32,
): void {
  binaryRows(OP_DIV, out, x, xr, xs, y, yr, ys, rows, c);
}

/**
 * `n` floats of max(x, 0), clamped at `hi` when `clamp`, in place: -0 gives +0, NaN stays,
 * and a subnormal (positive) result is zero.
 */
// @ts-ignore: decorator
@inline
function reluN(p: usize, n: i32, clamp: bool, hi: f32): void {
  const zero = f32x4.splat(0);
  const top = f32x4.splat(hi);
  const tiny = f32x4.splat(F32_TINY);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const a = p + (<usize>j << 2);
    let r = f32x4.max(v128.load(a), zero);
    if (clamp) r = f32x4.min(r, top);
    v128.store(a, v128.bitselect(zero, r, f32x4.lt(r, tiny)));
  }
  for (; j < n; j++) {
    const a = p + (<usize>j << 2);
    const v = load<f32>(a);
    let r: f32 = v != v ? v : v > 0 ? v : 0;
    if (clamp && r > hi) r = hi;
    store<f32>(a, r < F32_TINY ? 0 : r);
  }
}

export function relu_inplace(p: usize, n: i32): void {
  reluN(p, n, false, 0);
}

export function relu6_inplace(p: usize, n: i32): void {
  reluN(p, n, true, 6);
}
