import { InvalidArgumentError, UnimplementedError } from '@tensorgraph/errors';
import type { NDArray } from '@tensorgraph/core';
import { F32_MIN_NORMAL, F64_MIN_NORMAL } from '../math/elementwise.js';
import { shapeString } from './nn-util.js';

type Float = Float32Array | Float64Array;

/** What follows the contraction in a grappler-fused node (its `fused_ops`). */
export interface FusedOps {
  /** `BiasAdd` takes one extra argument (a bias); `FusedBatchNorm` four (scale, offset, mean, variance). */
  readonly base: 'BiasAdd' | 'FusedBatchNorm';
  readonly activation: FusedActivation | null;
}

export type FusedActivation = 'Relu' | 'Relu6' | 'Elu' | 'LeakyRelu' | 'Tanh' | 'Sigmoid';

/** The fused_ops lists TF's CPU kernels accept, per contraction. */
const PATTERNS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  Conv2D: [
    ['BiasAdd'],
    ['BiasAdd', 'Relu'],
    ['BiasAdd', 'Relu6'],
    ['BiasAdd', 'Elu'],
    ['BiasAdd', 'LeakyRelu'],
    ['FusedBatchNorm'],
    ['FusedBatchNorm', 'Relu'],
    ['FusedBatchNorm', 'Relu6'],
    ['FusedBatchNorm', 'Elu'],
    ['FusedBatchNorm', 'LeakyRelu'],
  ],
  MatMul: [
    ['BiasAdd'],
    ['BiasAdd', 'Relu'],
    ['BiasAdd', 'Relu6'],
    ['BiasAdd', 'Elu'],
    ['BiasAdd', 'LeakyRelu'],
    ['BiasAdd', 'Tanh'],
    ['BiasAdd', 'Sigmoid'],
  ],
};

/**
 * TF's `InitializeFusedComputation`: the fused_ops list must be one the kernel implements
 * (UnimplementedError) with the extra argument count its first op needs (InvalidArgumentError).
 * `label` is the contraction as TF's messages name it (`Conv2D`, `MatMul`); the depthwise
 * kernel accepts Conv2D's lists (TF's own CPU registration of it computes nothing).
 */
export function parseFusedOps(
  label: 'Conv2D' | 'MatMul',
  fusedOps: readonly string[],
  numArgs: number,
): FusedOps {
  if (fusedOps.length === 0) {
    throw new InvalidArgumentError(null, null, `Fused ${label} must have at least one fused op.`);
  }
  const known = (PATTERNS[label] as readonly (readonly string[])[]).some(
    (p) => p.length === fusedOps.length && p.every((op, i) => op === fusedOps[i]),
  );
  if (!known) {
    throw new UnimplementedError(null, null, `Fusion is not implemented: [${fusedOps.join(',')}]`);
  }
  const base = fusedOps[0] as FusedOps['base'];
  if (base === 'BiasAdd' && numArgs !== 1 && numArgs !== 4) {
    throw new InvalidArgumentError(
      null,
      null,
      `Fused ${label} with BiasAdd must have one extra argument: bias or 4 extra arguments: bias, side_input, conv_input_scale and side_input_scale`,
    );
  }
  if (base === 'FusedBatchNorm' && numArgs !== 4) {
    throw new InvalidArgumentError(
      null,
      null,
      `Fused ${label} with FusedBatchNorm must have four extra arguments: scale, offset, mean, variance.`,
    );
  }
  return { base, activation: (fusedOps[1] as FusedActivation | undefined) ?? null };
}

/** The extra arguments, checked to hold one value per output channel. */
export function channelArgs(
  args: readonly NDArray[],
  channels: number,
  outShape: readonly number[],
) {
  for (const a of args) {
    if (a.rank !== 1 || a.size !== channels) {
      throw new InvalidArgumentError(
        null,
        null,
        `Must provide as many biases as the last dimension of the input tensor: ${shapeString(a.shape)} vs. ${shapeString(outShape)}`,
      );
    }
  }
  return args.map((a) => a.data as Float32Array | Float64Array);
}

/**
 * The fused bias or batch norm and activation over a finished contraction `out` (channels
 * last, `channels` per row), in place, with the unfused kernels' DAZ/FTZ and float32
 * rounding, so it gives what BiasAdd (or FusedBatchNorm) and the activation kernel would.
 * `skipBase` applies the activation alone (the WebAssembly epilogue added the bias already).
 */
export function applyEpilogue(
  out: Float32Array | Float64Array,
  channels: number,
  fused: FusedOps,
  args: readonly (Float32Array | Float64Array)[],
  epsilon: number,
  alpha: number,
  skipBase = false,
): void {
  const f32 = out instanceof Float32Array;
  const round = f32 ? Math.fround : (v: number) => v;
  const tiny = f32 ? F32_MIN_NORMAL : F64_MIN_NORMAL;
  const flush = (v: number) => (Math.abs(v) < tiny ? v * 0 : v);
  let base: ((v: number, c: number) => number) | null = null;
  if (!skipBase && fused.base === 'BiasAdd') {
    const bias = Array.from(args[0] as Float, flush);
    base = (v, c) => flush(round(flush(v) + (bias[c] as number)));
  } else if (!skipBase) {
    // TF folds the statistics into one factor first: rsqrt(variance + epsilon) * scale.
    const [scale, offset, mean, variance] = args as readonly [Float, Float, Float, Float];
    const eps = round(epsilon);
    const factor = Array.from(scale, (s: number, c: number) =>
      round(round(1 / Math.sqrt(round((variance[c] as number) + eps))) * s),
    );
    base = (v, c) =>
      flush(
        round(
          round(round(v - (mean[c] as number)) * (factor[c] as number)) + (offset[c] as number),
        ),
      );
  }
  const act = activationFn(fused.activation, round(Math.fround(alpha)), round);
  for (let i = 0, c = 0; i < out.length; i++) {
    let v = out[i] as number;
    if (base !== null) v = base(v, c);
    if (act !== null) v = flush(act(flush(v)));
    out[i] = v;
    if (++c === channels) c = 0;
  }
}

function activationFn(
  activation: FusedActivation | null,
  alpha: number,
  round: (v: number) => number,
): ((v: number) => number) | null {
  switch (activation) {
    case 'Relu':
      return (x) => (x > 0 ? x : x !== x ? x : 0);
    case 'Relu6':
      return (x) => (x !== x ? x : x > 6 ? 6 : x > 0 ? x : 0);
    case 'Elu':
      // exp(x) - 1, as TF's functor writes it (not expm1).
      return (x) => (x < 0 ? round(round(Math.exp(x)) - 1) : x);
    case 'LeakyRelu':
      return (x) => (x > 0 ? x : round(x * alpha));
    case 'Tanh':
      return (x) => round(Math.tanh(x));
    case 'Sigmoid':
      return (x) => round(1 / (1 + Math.exp(-x)));
    default:
      return null;
  }
}
