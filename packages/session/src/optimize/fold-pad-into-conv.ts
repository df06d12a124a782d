import { NDArray } from '@tensorgraph/core';
import type { Operation, Tensor } from '@tensorgraph/graph';
import { PlanReaders, type RewriteScope } from './plan-readers.js';

/**
 * A zero `Pad` of the spatial dims whose only reader is a VALID convolution (Keras writes
 * one before every stride-2 conv it wants padded unevenly, as MobileNetV2's ZeroPadding2D):
 * the conv reads the Pad's input with padding EXPLICIT and the Pad's amounts instead, so
 * the padded copy is never made. This is our rewrite (TF's grappler leaves depthwise convs
 * alone). The kernels skip padding taps where the padded input added `0 * w`: the same sums
 * as long as every weight is finite (checked: `inf * 0` would be NaN), except that a sum
 * that is exactly zero may differ in its sign.
 */
export interface PadFold {
  readonly pad: Operation;
  readonly conv: Operation;
  /** The conv's explicit_paddings (NHWC before/after pairs; only H and W non-zero). */
  readonly explicitPaddings: readonly number[];
}

export interface PadFoldScope extends RewriteScope {
  /** The op type and attrs an op runs with once earlier rewrites applied (a fused conv). */
  readonly typeOf: (op: Operation) => string;
  readonly attrOf: (op: Operation, name: string) => unknown;
  /** The value a conv's filter has when the plan runs (a folded filter too), or null. */
  readonly filterValue: (t: Tensor) => NDArray | null;
}

const CONVS = new Set([
  'Conv2D',
  'DepthwiseConv2dNative',
  '_FusedConv2D',
  '_FusedDepthwiseConv2dNative',
]);

/** Every Pad the plan may fold into its conv. */
export function findPadFolds(scope: PadFoldScope): PadFold[] {
  const readers = new PlanReaders(scope);
  const out: PadFold[] = [];
  for (const pad of scope.ops) {
    if (pad.type !== 'Pad' && pad.type !== 'PadV2') continue;
    const padded = pad.outputs[0] as Tensor;
    const conv = readers.onlyReader(padded);
    if (conv === null || scope.source(conv.inputs[0] as Tensor) !== padded) continue;
    if (!CONVS.has(scope.typeOf(conv)) || !scope.onCpu(conv)) continue;
    if (scope.attrOf(conv, 'padding') !== 'VALID') continue;
    if (scope.attrOf(conv, 'data_format') !== 'NHWC' || padded.dtype !== 'float32') continue;
    if (!readers.mergeable(pad, conv)) continue;
    if (pad.type === 'PadV2' && !isZero(constantOf(pad.inputs[2] as Tensor, scope.isFed))) {
      continue;
    }
    const amounts = constantOf(pad.inputs[1] as Tensor, scope.isFed);
    const explicitPaddings = amounts === null ? null : spatialPaddings(amounts);
    if (explicitPaddings === null) continue;
    const filter = scope.filterValue(conv.inputs[1] as Tensor);
    if (filter === null || !allFinite(filter)) continue;
    out.push({ pad, conv, explicitPaddings });
  }
  return out;
}

/** A Const's value (through Identity), unless it is fed. */
function constantOf(t: Tensor, isFed: (t: Tensor) => boolean): NDArray | null {
  let at = t;
  for (let depth = 0; depth < 16; depth++) {
    if (isFed(at)) return null;
    if (at.op.type === 'Identity') {
      at = at.op.inputs[0] as Tensor;
      continue;
    }
    if (at.op.type !== 'Const') return null;
    const v = at.op.getAttr<NDArray>('value');
    return v instanceof NDArray ? v : null;
  }
  return null;
}

/** A scalar +0 (or -0: the kernels' skipped taps give the same sums either way). */
function isZero(v: NDArray | null): boolean {
  return v !== null && v.size === 1 && v.dtype === 'float32' && (v.data as Float32Array)[0] === 0;
}

/** A rank-4 Pad's [4, 2] amounts as explicit_paddings, when only H and W are padded. */
function spatialPaddings(v: NDArray): number[] | null {
  if (v.dtype !== 'int32' && v.dtype !== 'int64') return null;
  if (v.shape.length !== 2 || v.shape[0] !== 4 || v.shape[1] !== 2) return null;
  const p = Array.from(v.data as ArrayLike<number | bigint>, (x) => Number(x));
  if (p.some((x) => x < 0)) return null;
  if (p[0] !== 0 || p[1] !== 0 || p[6] !== 0 || p[7] !== 0) return null;
  return p;
}

function allFinite(v: NDArray): boolean {
  if (v.dtype !== 'float32') return false;
  const d = v.data as Float32Array;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i] as number)) return false;
  return true;
}
