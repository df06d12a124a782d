import { NDArray } from '@tensorgraph/core';
import type { Tensor } from '@tensorgraph/graph';

/** Float dtypes the plan-time rewrites compute on the host. */
export type HostFloat = 'float32' | 'float64';

const UNARY: Readonly<Record<string, (x: number) => number>> = {
  Rsqrt: (x) => 1 / Math.sqrt(x),
  Sqrt: Math.sqrt,
  Reciprocal: (x) => 1 / x,
  Inv: (x) => 1 / x,
  Neg: (x) => -x,
};

const BINARY: Readonly<Record<string, (a: number, b: number) => number>> = {
  Add: (a, b) => a + b,
  AddV2: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  RealDiv: (a, b) => a / b,
};

const PASS_THROUGH = new Set(['Identity', 'StopGradient', 'Snapshot']);

/**
 * The value of a float tensor computed only from `Const`s by a few stateless elementwise
 * ops (what a frozen Keras BatchNormalization's scale is: `Rsqrt(var + eps) * gamma`), or
 * `null` when it depends on anything else (a feed, a variable, an op not listed here).
 * Rounded to the dtype after every op, as the kernels do.
 */
export function hostConstant(
  t: Tensor,
  isFed: (t: Tensor) => boolean,
  memo: Map<Tensor, NDArray | null>,
  depth = 0,
): NDArray | null {
  if (memo.has(t)) return memo.get(t) as NDArray | null;
  const value = depth > 64 || isFed(t) ? null : evaluate(t, isFed, memo, depth);
  memo.set(t, value);
  return value;
}

function evaluate(
  t: Tensor,
  isFed: (t: Tensor) => boolean,
  memo: Map<Tensor, NDArray | null>,
  depth: number,
): NDArray | null {
  const op = t.op;
  if (t.dtype !== 'float32' && t.dtype !== 'float64') return null;
  if (op.type === 'Const') {
    const v = op.getAttr<NDArray>('value');
    return v instanceof NDArray && v.dtype === t.dtype ? v : null;
  }
  const input = (i: number) => {
    const x = op.inputs[i];
    return x === undefined ? null : hostConstant(x, isFed, memo, depth + 1);
  };
  if (PASS_THROUGH.has(op.type)) return input(0);
  const unary = UNARY[op.type];
  if (unary !== undefined) {
    const x = input(0);
    if (x === null) return null;
    return map(x.dtype as HostFloat, x.shape, (i) => unary((x.data as Float64Array)[i] as number));
  }
  const binary = BINARY[op.type];
  if (binary !== undefined) {
    const a = input(0);
    const b = input(1);
    if (a === null || b === null || a.dtype !== b.dtype) return null;
    const shape = broadcastShape(a, b);
    if (shape === null) return null;
    const ad = a.data as Float64Array;
    const bd = b.data as Float64Array;
    const as = a.size === 1 ? 0 : 1;
    const bs = b.size === 1 ? 0 : 1;
    return map(a.dtype as HostFloat, shape, (i) =>
      binary(ad[i * as] as number, bd[i * bs] as number),
    );
  }
  return null;
}

/** Same shapes, or one side a single element of no higher rank: the result's shape. */
function broadcastShape(a: NDArray, b: NDArray): readonly number[] | null {
  const same = a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
  if (same) return a.shape;
  if (b.size === 1 && b.shape.length <= a.shape.length) return a.shape;
  if (a.size === 1 && a.shape.length <= b.shape.length) return b.shape;
  return null;
}

function map(dtype: HostFloat, shape: readonly number[], f: (i: number) => number): NDArray {
  const n = shape.reduce((p, d) => p * d, 1);
  // Storing into the typed array rounds each result to the dtype.
  const out = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(i);
  return new NDArray(dtype, shape, out);
}
