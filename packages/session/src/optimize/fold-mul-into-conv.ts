import { NDArray } from '@tensorgraph/core';
import type { Operation, Tensor } from '@tensorgraph/graph';
import { hostConstant } from './host-constant.js';
import type { RewriteScope } from './plan-readers.js';

/**
 * `Mul(Conv2D(x, W), s)` with a constant filter and a constant per-output-channel (or
 * scalar) `s`, rewritten as `Conv2D(x, W * s)`: the Mul no longer runs, the conv writes the
 * Mul's output, and the filter's `Const` holds the scaled filter. This is what TF's grappler
 * does to a frozen BatchNormalization's scale (constant folding's conv push-down).
 */
export interface MulFold {
  /** Dropped from the plan; its output is the conv's. */
  readonly mul: Operation;
  /** Conv2D, DepthwiseConv2dNative or MatMul. */
  readonly conv: Operation;
  /** The filter's `Const`, whose value becomes `value`. */
  readonly weight: Operation;
  readonly value: NDArray;
}

/** What the fold reads of the plan (it runs first, so nothing is rewritten yet). */
export type FoldScope = Pick<RewriteScope, 'ops' | 'isFed' | 'fetched' | 'targets' | 'deviceOf'>;

const CONVS = new Set(['Conv2D', 'DepthwiseConv2dNative', 'MatMul']);

/** Every fold the plan allows; each Mul, conv and filter appears in at most one. */
export function findMulFolds(scope: FoldScope): MulFold[] {
  const inPlan = new Set(scope.ops);
  const uses = new Map<Tensor, number>();
  const controlUses = new Set<Operation>();
  for (const op of scope.ops) {
    for (const t of op.inputs) uses.set(t, (uses.get(t) ?? 0) + 1);
    for (const c of op.controlInputs) controlUses.add(c);
  }
  // Read by exactly one plan input, and by nothing else (no fetch, feed or target).
  const private1 = (t: Tensor) =>
    uses.get(t) === 1 &&
    !scope.fetched.has(t) &&
    !scope.isFed(t) &&
    !scope.targets.has(t.op) &&
    inPlan.has(t.op);
  const memo = new Map<Tensor, NDArray | null>();
  const folds: MulFold[] = [];
  for (const mul of scope.ops) {
    if (mul.type !== 'Mul' || mul.controlInputs.length > 0) continue;
    if (scope.targets.has(mul) || controlUses.has(mul)) continue;
    for (let k = 0; k < 2; k++) {
      const product = mul.inputs[k] as Tensor;
      const scaleT = mul.inputs[1 - k] as Tensor;
      const conv = product.op;
      if (!CONVS.has(conv.type) || product.valueIndex !== 0 || !private1(product)) continue;
      if (scope.deviceOf(conv) !== scope.deviceOf(mul)) continue;
      const weight = constantSource(conv.inputs[1] as Tensor, private1);
      if (weight === null) continue;
      const w = weight.getAttr<NDArray>('value');
      if (!(w instanceof NDArray) || w.dtype !== product.dtype) continue;
      if (w.dtype !== 'float32' && w.dtype !== 'float64') continue;
      const s = hostConstant(scaleT, scope.isFed, memo);
      if (s === null || s.dtype !== w.dtype) continue;
      const value = sharedScaledFilter(conv, w, s);
      if (value === null) continue;
      folds.push({ mul, conv, weight, value });
      break;
    }
  }
  return folds;
}

/** The `Const` a filter comes from, through private `Identity`s, or `null`. */
function constantSource(t: Tensor, private1: (t: Tensor) => boolean): Operation | null {
  let cur = t;
  for (let depth = 0; depth < 16; depth++) {
    if (!private1(cur)) return null;
    if (cur.op.type === 'Const') return cur.op;
    if (cur.op.type !== 'Identity') return null;
    cur = cur.op.inputs[0] as Tensor;
  }
  return null;
}

/**
 * Scaled filters by filter value, then by how it was scaled: the plans (and sessions) over
 * one graph that fold the same filter by the same scale share one value instead of holding a
 * copy each (a model's filters again, per plan), for as long as one of them holds it.
 */
const SCALED = new WeakMap<NDArray, Map<string, WeakRef<NDArray>>>();

/** {@link scaledFilter}, or the value a live plan already made of the same inputs. */
function sharedScaledFilter(conv: Operation, w: NDArray, s: NDArray): NDArray | null {
  const key = scaleKey(conv, s);
  let byScale = SCALED.get(w);
  const held = byScale?.get(key)?.deref();
  if (held !== undefined) return held;
  const value = scaledFilter(conv, w, s);
  if (value === null) return null;
  if (byScale === undefined) SCALED.set(w, (byScale = new Map()));
  for (const [k, ref] of byScale) if (ref.deref() === undefined) byScale.delete(k);
  byScale.set(key, new WeakRef(value));
  return value;
}

/** What {@link scaledFilter} reads besides the filter: the conv's layout and the scale. */
function scaleKey(conv: Operation, s: NDArray): string {
  const layout =
    conv.type === 'MatMul'
      ? String(conv.getAttr('transpose_b') === true)
      : conv.hasAttr('data_format')
        ? String(conv.getAttr('data_format'))
        : 'NHWC';
  const d = s.data as Float32Array | Float64Array;
  // The scale's bits, so -0 and 0 or two NaNs differ as they would in the product.
  const bits = new Uint32Array(d.buffer, d.byteOffset, d.byteLength / 4);
  return `${conv.type} ${layout} ${s.dtype} [${s.shape.join(',')}] ${bits.join(',')}`;
}

/**
 * `W * s` with `s` applied per output channel, or `null` when `s` is not a scalar or a
 * vector along the output's channel axis (then the Mul would broadcast differently).
 */
function scaledFilter(conv: Operation, w: NDArray, s: NDArray): NDArray | null {
  let outRank: number;
  let axis: number;
  let channels: number;
  // The filter element `i` belongs to output channel `channelOf(i)`.
  let channelOf: (i: number) => number;
  if (conv.type === 'MatMul') {
    if (w.rank !== 2) return null;
    const [rows, cols] = w.shape as [number, number];
    outRank = 2;
    axis = 1;
    if (conv.getAttr('transpose_b') === true) {
      channels = rows;
      channelOf = (i) => Math.floor(i / cols);
    } else {
      channels = cols;
      channelOf = (i) => i % cols;
    }
  } else {
    if (w.rank !== 4) return null;
    const format = conv.hasAttr('data_format') ? String(conv.getAttr('data_format')) : 'NHWC';
    if (format !== 'NHWC' && format !== 'NCHW') return null;
    outRank = 4;
    axis = format === 'NHWC' ? 3 : 1;
    // Conv2D: [H, W, in, out]; depthwise: [H, W, C, M] makes C * M channels, in that order.
    channels =
      conv.type === 'Conv2D'
        ? (w.shape[3] as number)
        : (w.shape[2] as number) * (w.shape[3] as number);
    channelOf = (i) => i % channels;
  }
  if (s.rank > outRank) return null;
  const padded = [...new Array<number>(outRank - s.rank).fill(1), ...s.shape];
  for (let d = 0; d < outRank; d++) {
    const size = padded[d] as number;
    if (size !== 1 && (d !== axis || size !== channels)) return null;
  }
  const wd = w.data as Float32Array | Float64Array;
  const sd = s.data as Float32Array | Float64Array;
  const out = w.dtype === 'float32' ? new Float32Array(wd.length) : new Float64Array(wd.length);
  if (s.size === 1) {
    const k = sd[0] as number;
    for (let i = 0; i < wd.length; i++) out[i] = (wd[i] as number) * k;
  } else {
    for (let i = 0; i < wd.length; i++) out[i] = (wd[i] as number) * (sd[channelOf(i)] as number);
  }
  return new NDArray(w.dtype, w.shape, out);
}
