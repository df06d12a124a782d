import { binaryRowsF32, reluF32, type BinaryRowsOp } from '../../wasm/f32-kernels.js';
import type { WasmRuntime } from '../../wasm/runtime.js';
import type { BroadcastPlan } from './broadcast.js';
import { F32_MIN_NORMAL, F64_MIN_NORMAL, type FloatArray } from './elementwise.js';

// Fused float32/float64 loops for the common elementwise ops: operands are read with DAZ
// and results flushed (FTZ) inside the one loop, with no separate passes, no per-element
// function calls and no temporaries. Each op has its own loop text so that V8 keeps every
// call site and element access monomorphic.
//
// The FTZ test runs on the float64 result before it is stored. For float32 the stored value
// is that result rounded once (x op y of float32 values computed in float64 and rounded to
// float32 is the correctly rounded float32 op), and it is subnormal or zero exactly when
// |result| < 2^-126 - 2^-150 (the midpoint below 2^-126 rounds up to it, ties to even).

/** The DAZ/FTZ thresholds of float32 or float64 work. */
export interface Flush {
  /** An operand below this in magnitude reads as zero. */
  readonly input: number;
  /** A float64 result below this in magnitude is stored as zero. */
  readonly output: number;
}

export const FLUSH_F32: Flush = { input: F32_MIN_NORMAL, output: F32_MIN_NORMAL - 2 ** -150 };
export const FLUSH_F64: Flush = { input: F64_MIN_NORMAL, output: F64_MIN_NORMAL };

/**
 * `n` outputs from `out[o]` on, from `x[ia + k*sa]` and `y[ib + k*sb]` with steps 0 or 1
 * (not both 0 unless n is 1).
 */
export type FusedLoop = (
  out: FloatArray,
  o: number,
  x: FloatArray,
  ia: number,
  sa: number,
  y: FloatArray,
  ib: number,
  sb: number,
  n: number,
  t: number,
  u: number,
) => void;

/** 1 or 0 without a branch (V8 compiles a comparison `| 0` to a set-on-condition). */
function bit(test: boolean): number {
  return (test as unknown as number) | 0;
}

// In each loop: t is the input threshold, u the output one. `v * flag` with flag 0 or 1
// (`(test) | 0`, which V8 compiles without a branch: zeros after Relu would make a branch
// unpredictable) keeps v or makes it a zero of its sign; NaN and infinities stay.

const add: FusedLoop = (out, o, x, ia, sa, y, ib, sb, n, t, u) => {
  if (sa === 1 && sb === 1) {
    for (let k = 0; k < n; k++) {
      let a = x[ia + k] as number;
      let b = y[ib + k] as number;
      a *= bit(Math.abs(a) >= t);
      b *= bit(Math.abs(b) >= t);
      const r = a + b;
      out[o + k] = r * bit(Math.abs(r) >= u);
    }
  } else if (sb === 0) {
    let b = y[ib] as number;
    b *= bit(Math.abs(b) >= t);
    for (let k = 0; k < n; k++) {
      let a = x[ia + k * sa] as number;
      a *= bit(Math.abs(a) >= t);
      const r = a + b;
      out[o + k] = r * bit(Math.abs(r) >= u);
    }
  } else {
    let a = x[ia] as number;
    a *= bit(Math.abs(a) >= t);
    for (let k = 0; k < n; k++) {
      let b = y[ib + k] as number;
      b *= bit(Math.abs(b) >= t);
      const r = a + b;
      out[o + k] = r * bit(Math.abs(r) >= u);
    }
  }
};

const sub: FusedLoop = (out, o, x, ia, sa, y, ib, sb, n, t, u) => {
  if (sa === 1 && sb === 1) {
    for (let k = 0; k < n; k++) {
      let a = x[ia + k] as number;
      let b = y[ib + k] as number;
      a *= bit(Math.abs(a) >= t);
      b *= bit(Math.abs(b) >= t);
      const r = a - b;
      out[o + k] = r * bit(Math.abs(r) >= u);
    }
  } else if (sb === 0) {
    let b = y[ib] as number;
    b *= bit(Math.abs(b) >= t);
    for (let k = 0; k < n; k++) {
      let a = x[ia + k * sa] as number;
      a *= bit(Math.abs(a) >= t);
      const r = a - b;
      out[o + k] = r * bit(Math.abs(r) >= u);
    }
  } else {
    let a = x[ia] as number;
    a *= bit(Math.abs(a) >= t);
    for (let k = 0; k < n; k++) {
      let b = y[ib + k] as number;
      b *= bit(Math.abs(b) >= t);
      const r = a - b;
      out[o + k] = r * bit(Math.abs(r) >= u);
    }
  }
};

const mul: FusedLoop = (out, o, x, ia, sa, y, ib, sb, n, t, u) => {
  if (sa === 1 && sb === 1) {
    for (let k = 0; k < n; k++) {
      let a = x[ia + k] as number;
      let b = y[ib + k] as number;
      a *= bit(Math.abs(a) >= t);
      b *= bit(Math.abs(b) >= t);
      const r = a * b;
      out[o + k] = r * bit(Math.abs(r) >= u);
    }
  } else if (sb === 0) {
    let b = y[ib] as number;
    b *= bit(Math.abs(b) >= t);
    for (let k = 0; k < n; k++) {
      let a = x[ia + k * sa] as number;
      a *= bit(Math.abs(a) >= t);
      const r = a * b;
      out[o + k] = r * bit(Math.abs(r) >= u);
    }
  } else {
    let a = x[ia] as number;
    a *= bit(Math.abs(a) >= t);
    for (let k = 0; k < n; k++) {
      let b = y[ib + k] as number;
      b *= bit(Math.abs(b) >= t);
      const r = a * b;
      out[o + k] = r * bit(Math.abs(r) >= u);
    }
  }
};

const div: FusedLoop = (out, o, x, ia, sa, y, ib, sb, n, t, u) => {
  if (sa === 1 && sb === 1) {
    for (let k = 0; k < n; k++) {
      let a = x[ia + k] as number;
      let b = y[ib + k] as number;
      a *= bit(Math.abs(a) >= t);
      b *= bit(Math.abs(b) >= t);
      const r = a / b;
      out[o + k] = r * bit(Math.abs(r) >= u);
    }
  } else if (sb === 0) {
    let b = y[ib] as number;
    b *= bit(Math.abs(b) >= t);
    for (let k = 0; k < n; k++) {
      let a = x[ia + k * sa] as number;
      a *= bit(Math.abs(a) >= t);
      const r = a / b;
      out[o + k] = r * bit(Math.abs(r) >= u);
    }
  } else {
    let a = x[ia] as number;
    a *= bit(Math.abs(a) >= t);
    for (let k = 0; k < n; k++) {
      let b = y[ib + k] as number;
      b *= bit(Math.abs(b) >= t);
      const r = a / b;
      out[o + k] = r * bit(Math.abs(r) >= u);
    }
  }
};

/** The fused loop of a binary op by name, for float32/float64; undefined where none. */
export function fusedBinaryLoop(op: string): FusedLoop | undefined {
  switch (op) {
    case 'Add':
    case 'AddV2':
      return add;
    case 'Sub':
      return sub;
    case 'Mul':
      return mul;
    case 'Div':
    case 'RealDiv':
      return div;
    default:
      return undefined;
  }
}

/** The WebAssembly export of a binary op for float32, where there is one. */
export function wasmBinaryOp(op: string): BinaryRowsOp | undefined {
  switch (op) {
    case 'Add':
    case 'AddV2':
      return 'add_rows';
    case 'Sub':
      return 'sub_rows';
    case 'Mul':
      return 'mul_rows';
    case 'Div':
    case 'RealDiv':
      return 'div_rows';
    default:
      return undefined;
  }
}

/**
 * Below this many outputs the JS loop wins: a WebAssembly call copies its operands in and
 * the result out (memcpy speed), which only pays off over its SIMD loop on larger arrays.
 */
const WASM_MIN = 1024;

/** A float32 binary op in WebAssembly: the runtime and the op's export. */
export interface WasmBinary {
  readonly rt: WasmRuntime;
  readonly op: BinaryRowsOp;
}

/**
 * Runs a binary op over a broadcast plan: one call for same shapes and scalars, one per
 * row for bias-like operands, in WebAssembly when `wasm` is given (float32) and the work is
 * big enough, else in the fused JS loop.
 */
export function runFused(
  loop: FusedLoop,
  plan: BroadcastPlan,
  out: FloatArray,
  x: FloatArray,
  xShape: readonly number[],
  y: FloatArray,
  yShape: readonly number[],
  flush: Flush,
  wasm: WasmBinary | null = null,
): void {
  const t = flush.input;
  const u = flush.output;
  const size = plan.size;
  if (size === 0) return;
  const w =
    wasm !== null &&
    size >= WASM_MIN &&
    out instanceof Float32Array &&
    x instanceof Float32Array &&
    y instanceof Float32Array
      ? { rt: wasm.rt, op: wasm.op, out, x, y }
      : null;
  if (x.length === size && y.length === size) {
    if (w !== null) binaryRowsF32(w.rt, w.op, w.out, w.x, 0, 1, w.y, 0, 1, 1, size);
    else loop(out, 0, x, 0, 1, y, 0, 1, size, t, u);
  } else if (y.length === 1 && x.length === size) {
    if (w !== null) binaryRowsF32(w.rt, w.op, w.out, w.x, 0, 1, w.y, 0, 0, 1, size);
    else loop(out, 0, x, 0, 1, y, 0, 0, size, t, u);
  } else if (x.length === 1 && y.length === size) {
    if (w !== null) binaryRowsF32(w.rt, w.op, w.out, w.x, 0, 0, w.y, 0, 1, 1, size);
    else loop(out, 0, x, 0, 0, y, 0, 1, size, t, u);
  } else if (x.length === size && size % y.length === 0 && isTrailing(plan.shape, yShape)) {
    // Bias-like: y repeats along x's rows.
    const c = y.length;
    if (w !== null) binaryRowsF32(w.rt, w.op, w.out, w.x, c, 1, w.y, 0, 1, size / c, c);
    else for (let r = 0; r < size; r += c) loop(out, r, x, r, 1, y, 0, 1, c, t, u);
  } else if (y.length === size && size % x.length === 0 && isTrailing(plan.shape, xShape)) {
    const c = x.length;
    if (w !== null) binaryRowsF32(w.rt, w.op, w.out, w.x, 0, 1, w.y, c, 1, size / c, c);
    else for (let r = 0; r < size; r += c) loop(out, r, x, 0, 1, y, r, 1, c, t, u);
  } else {
    plan.forEachRow((o, ia, ib, n, sa, sb) => loop(out, o, x, ia, sa, y, ib, sb, n, t, u));
  }
}

/**
 * Whether an operand broadcasts as whole rows of the output: right-aligned, its dims equal
 * the output's from some point on and are 1 before it.
 */
function isTrailing(shape: readonly number[], operand: readonly number[]): boolean {
  const off = shape.length - operand.length;
  let d = operand.length - 1;
  while (d >= 0 && operand[d] === shape[off + d]) d--;
  for (; d >= 0; d--) if (operand[d] !== 1) return false;
  return true;
}

/** `n` outputs of a unary op from `x`, DAZ and FTZ fused (`u`: the output threshold). */
export type FusedUnary = (out: FloatArray, x: FloatArray, n: number, u: number) => void;

// max(x, 0) of the vectorized float32/float64 path: +0 for -0, NaN kept. A subnormal x
// gives a subnormal or zero result, so the output test alone also covers DAZ.
const relu: FusedUnary = (out, x, n, u) => {
  for (let k = 0; k < n; k++) {
    const v = x[k] as number;
    // Below u (negatives, -0, subnormals) becomes +0 (-0 + 0 is +0); -inf * 0 is NaN,
    // so a NaN result (rare: a branch that predicts well) is redone.
    const r = v * bit(v >= u) + 0;
    out[k] = r === r ? r : v === v ? 0 : v;
  }
};

const relu6: FusedUnary = (out, x, n, u) => {
  for (let k = 0; k < n; k++) {
    const v = x[k] as number;
    const c = v > 6 ? 6 : v;
    const r = c * bit(c >= u) + 0;
    out[k] = r === r ? r : v === v ? 0 : v;
  }
};

/**
 * Relu/Relu6 of `x` into `out`: in WebAssembly when `rt` is given (float32) and the array is
 * big enough, else the fused JS loop.
 */
export function runFusedUnary(
  loop: FusedUnary,
  op: string,
  out: FloatArray,
  x: FloatArray,
  flush: Flush,
  rt: WasmRuntime | null,
): void {
  if (
    rt !== null &&
    x.length >= WASM_MIN &&
    out instanceof Float32Array &&
    x instanceof Float32Array &&
    (op === 'Relu' || op === 'Relu6')
  ) {
    reluF32(rt, out, x, op === 'Relu6');
    return;
  }
  loop(out, x, out.length, flush.output);
}

/** The fused loop of a unary op by name, for float32/float64; undefined where none. */
export function fusedUnaryLoop(op: string): FusedUnary | undefined {
  switch (op) {
    case 'Relu':
      return relu;
    case 'Relu6':
      return relu6;
    default:
      return undefined;
  }
}

/**
 * BiasAdd: `out = x + bias` per channel, where each channel's values come in runs of
 * `inner` (1 for NHWC, H*W for NCHW), with DAZ/FTZ; in WebAssembly when `rt` is given
 * (float32) and the work is big enough.
 */
export function runBiasAdd(
  out: FloatArray,
  x: FloatArray,
  bias: FloatArray,
  inner: number,
  flush: Flush,
  rt: WasmRuntime | null,
): void {
  const channels = bias.length;
  const n = x.length;
  if (n === 0 || channels === 0) return;
  const block = channels * inner;
  const w =
    rt !== null &&
    n >= WASM_MIN &&
    out instanceof Float32Array &&
    x instanceof Float32Array &&
    bias instanceof Float32Array;
  if (inner === 1) {
    if (w) binaryRowsF32(rt, 'add_rows', out, x, channels, 1, bias, 0, 1, n / channels, channels);
    else
      for (let r = 0; r < n; r += channels)
        add(out, r, x, r, 1, bias, 0, 1, channels, flush.input, flush.output);
    return;
  }
  for (let b = 0; b < n; b += block) {
    if (w) {
      // One image: row c is its channel c, plus bias[c].
      const xs = x.subarray(b, b + block);
      binaryRowsF32(
        rt,
        'add_rows',
        out.subarray(b, b + block) as Float32Array,
        xs,
        inner,
        1,
        bias,
        1,
        0,
        channels,
        inner,
      );
    } else {
      for (let c = 0; c < channels; c++) {
        const o = b + c * inner;
        add(out, o, x, o, 1, bias, c, 0, inner, flush.input, flush.output);
      }
    }
  }
}
