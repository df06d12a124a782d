import { InvalidArgumentError } from '@tensorgraph/errors';
import { defineKernel, ops, type DType, type KernelContext, type NDArray } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { readReals, realsToArray, shapeString } from './nn-util.js';

const ia = (m: string) => new InvalidArgumentError(null, null, m);

interface BatchNormAttrs {
  readonly epsilon: number;
  readonly data_format: string;
  readonly is_training: boolean;
  readonly exponential_avg_factor?: number;
}

/** Channel geometry of x: `channels`, and how a flat index maps to its channel. */
interface Channels {
  readonly channels: number;
  /** Elements per channel (everything but the channel dim). */
  readonly rest: number;
  readonly channelOf: (i: number) => number;
}

function channelsOf(x: NDArray, format: string): Channels {
  const channelsFirst = format === 'NCHW' || format === 'NCDHW';
  const c = channelsFirst ? 1 : x.rank - 1;
  const channels = x.shape[c] as number;
  const inner = x.shape.slice(c + 1).reduce((a, b) => a * b, 1);
  const rest = channels === 0 ? 0 : x.size / channels;
  return {
    channels,
    rest,
    channelOf: channelsFirst ? (i) => Math.floor(i / inner) % channels : (i) => i % channels,
  };
}

function vector(ctx: KernelContext, i: number): Float64Array {
  return Float64Array.from(readReals(inputArray(ctx, i)));
}

const f32 = (shape: readonly number[], v: ArrayLike<number>) => realsToArray('float32', shape, v);

/** FusedBatchNorm V1-V3 on CPU: statistics in float32, y rounded to T once. */
function fusedBatchNorm(ctx: KernelContext, attrs: BatchNormAttrs, v3: boolean): void {
  const x = inputArray(ctx, 0);
  const scale = inputArray(ctx, 1);
  const offset = inputArray(ctx, 2);
  const mean = inputArray(ctx, 3);
  const variance = inputArray(ctx, 4);
  if (x.rank !== 4 && x.rank !== 5) {
    throw ia(`input must be 4 or 5-dimensional${shapeString(x.shape)}`);
  }
  for (const [name, t] of [
    ['scale', scale],
    ['offset', offset],
    ['estimated_mean', mean],
    ['estimated_variance', variance],
  ] as const) {
    if (t.rank !== 1) throw ia(`${name} must be 1-dimensional${shapeString(t.shape)}`);
  }
  const { channels, rest, channelOf } = channelsOf(x, attrs.data_format);
  for (const [name, t] of [
    ['scale', scale],
    ['offset', offset],
  ] as const) {
    if (t.size !== channels) {
      throw ia(
        `${name} must have the same number of elements as the channels of x, got ${t.size} and ${channels}`,
      );
    }
  }
  const factor = Math.fround(attrs.exponential_avg_factor ?? 1);
  if (!attrs.is_training || factor !== 1) {
    const prefix = attrs.is_training
      ? 'When exponential_avg_factor != 1'
      : 'When is_training=false';
    for (const [name, t] of [
      ['mean', mean],
      ['variance', variance],
    ] as const) {
      if (t.size !== channels) {
        throw ia(
          `${prefix}, ${name} must have the same number of elements as the channels of x, got ${t.size} and ${channels}`,
        );
      }
    }
  }
  const eps = Math.fround(attrs.epsilon);
  const vshape = scale.shape;
  if (!attrs.is_training && x.dtype === 'float32') {
    inferenceF32(ctx, x, eps, channels, attrs.data_format, v3);
    return;
  }
  const xs = readReals(x);
  const sc = vector(ctx, 1);
  const off = vector(ctx, 2);
  const y = new Float64Array(x.size);
  const outs: NDArray[] = [];
  if (attrs.is_training) {
    if (x.size === 0) {
      // TF: an empty batch has NaN statistics (its reserve spaces stay unset).
      const nan = new Float64Array(channels).fill(Number.NaN);
      outs.push(f32(vshape, nan), f32(vshape, nan), f32(vshape, new Float64Array(channels)));
      outs.push(f32(vshape, new Float64Array(channels)));
    } else {
      const sum = new Float64Array(channels);
      for (let i = 0; i < x.size; i++) {
        const c = channelOf(i);
        sum[c] = (sum[c] as number) + (xs[i] as number);
      }
      const mu = sum.map((s) => s / rest);
      const sq = new Float64Array(channels);
      for (let i = 0; i < x.size; i++) {
        const c = channelOf(i);
        const d = (xs[i] as number) - (mu[c] as number);
        sq[c] = (sq[c] as number) + d * d;
      }
      const biased = sq.map((s) => s / rest);
      const scaling = biased.map((v, c) => (sc[c] as number) / Math.sqrt(Math.fround(v + eps)));
      for (let i = 0; i < x.size; i++) {
        const c = channelOf(i);
        y[i] =
          ((xs[i] as number) - (mu[c] as number)) * (scaling[c] as number) + (off[c] as number);
      }
      // Bessel's correction for the running variance.
      const adjust = rest / Math.max(rest - 1, 1);
      let newMean: Float64Array = mu;
      let newVar = biased.map((v) => v * adjust);
      if (factor !== 1) {
        const oldMean = vector(ctx, 3);
        const oldVar = vector(ctx, 4);
        newMean = mu.map((m, c) => (1 - factor) * (oldMean[c] as number) + factor * m);
        newVar = biased.map((v, c) => (1 - factor) * (oldVar[c] as number) + factor * adjust * v);
      }
      outs.push(f32(vshape, newMean), f32(vshape, newVar), f32(vshape, mu), f32(vshape, biased));
    }
  } else {
    const mu = vector(ctx, 3);
    const vr = vector(ctx, 4);
    const scaling = vr.map((v, c) => (sc[c] as number) / Math.sqrt(Math.fround(v + eps)));
    for (let i = 0; i < x.size; i++) {
      const c = channelOf(i);
      y[i] = ((xs[i] as number) - (mu[c] as number)) * (scaling[c] as number) + (off[c] as number);
    }
    // Inference passes the population statistics through. TF leaves the reserve spaces
    // uninitialized here; zeros make the output deterministic.
    const zeros = new Float64Array(channels);
    outs.push(f32(vshape, mu), f32(vshape, vr), f32(vshape, zeros), f32(vshape, zeros));
  }
  setOutputArray(ctx, 0, realsToArray(x.dtype, x.shape, Float32Array.from(y)));
  outs.forEach((o, i) => setOutputArray(ctx, i + 1, o));
  if (v3) setOutputArray(ctx, 5, f32([], [0]));
}

/**
 * Inference on float32 in one pass, written over x when this node is its last reader: the
 * same float64 formula per element as the general path, rounded to float32 once.
 */
function inferenceF32(
  ctx: KernelContext,
  x: NDArray,
  eps: number,
  channels: number,
  format: string,
  v3: boolean,
): void {
  const xs = x.data as Float32Array;
  const sc = vector(ctx, 1);
  const off = vector(ctx, 2);
  const mu = vector(ctx, 3);
  const vr = vector(ctx, 4);
  const scaling = vr.map((v, c) => (sc[c] as number) / Math.sqrt(Math.fround(v + eps)));
  const y = (ctx.forwardInputOrAllocate(0, 0, x.shape).handle as NDArray).data as Float32Array;
  const n = x.size;
  const channelsFirst = format === 'NCHW' || format === 'NCDHW';
  if (channels > 0 && !channelsFirst) {
    for (let i = 0; i < n; i += channels) {
      for (let c = 0; c < channels; c++) {
        const k = i + c;
        y[k] =
          ((xs[k] as number) - (mu[c] as number)) * (scaling[c] as number) + (off[c] as number);
      }
    }
  } else if (channels > 0) {
    const inner = n / ((x.shape[0] as number) * channels);
    for (let i = 0; i < n; i += inner * channels) {
      for (let c = 0; c < channels; c++) {
        const m = mu[c] as number;
        const s = scaling[c] as number;
        const o = off[c] as number;
        const base = i + c * inner;
        for (let k = base; k < base + inner; k++) y[k] = ((xs[k] as number) - m) * s + o;
      }
    }
  }
  // Population statistics through; zeros for the reserve spaces (see the general path).
  const vshape = [channels];
  const zeros = new Float64Array(channels);
  setOutputArray(ctx, 1, f32(vshape, mu));
  setOutputArray(ctx, 2, f32(vshape, vr));
  setOutputArray(ctx, 3, f32(vshape, zeros));
  setOutputArray(ctx, 4, f32(vshape, zeros));
  if (v3) setOutputArray(ctx, 5, f32([], [0]));
}

/** FusedBatchNormGrad V1-V3 on CPU. */
function fusedBatchNormGrad(ctx: KernelContext, attrs: BatchNormAttrs): void {
  const dy = inputArray(ctx, 0);
  const x = inputArray(ctx, 1);
  const scale = inputArray(ctx, 2);
  const saved1 = inputArray(ctx, 3);
  const saved2 = inputArray(ctx, 4);
  for (const t of [dy, x]) {
    if (t.rank !== 4 && t.rank !== 5) {
      throw ia(`input must be 4 or 5-dimensional${shapeString(t.shape)}`);
    }
  }
  for (const [name, t] of [
    ['scale', scale],
    ['saved mean', saved1],
    ['saved variance', saved2],
  ] as const) {
    if (t.rank !== 1) throw ia(`${name} must be 1-dimensional${shapeString(t.shape)}`);
  }
  if (shapeString(x.shape) !== shapeString(dy.shape)) {
    throw ia(
      `x and y_backprop must have same shape, but x has shape ${shapeString(x.shape)} and y_backprop has shape ${shapeString(dy.shape)}`,
    );
  }
  const { channels, rest, channelOf } = channelsOf(x, attrs.data_format);
  for (const [name, t] of [
    ['scale', scale],
    ['reserve_space_1', saved1],
    ['reserve_space_2', saved2],
  ] as const) {
    if (t.size !== channels) {
      throw ia(
        `${name} must have the same number of elements as the channels of x, got ${t.size} and ${channels}`,
      );
    }
  }
  const vshape = scale.shape;
  const dx = new Float64Array(x.size);
  const dScale = new Float64Array(channels);
  const dOffset = new Float64Array(channels);
  if (x.size > 0) {
    if (!attrs.is_training && (attrs.data_format === 'NCHW' || attrs.data_format === 'NCDHW')) {
      throw ia(
        'The implementation of FusedBatchNormGrad with is_training=False only support NHWC tensor format for now.',
      );
    }
    const eps = Math.fround(attrs.epsilon);
    const g = readReals(dy);
    const xs = readReals(x);
    const sc = vector(ctx, 2);
    const mu = vector(ctx, 3);
    const inv = vector(ctx, 4).map((v) => 1 / Math.sqrt(Math.fround(v + eps)));
    const xhat = (i: number, c: number) =>
      ((xs[i] as number) - (mu[c] as number)) * (inv[c] as number);
    for (let i = 0; i < x.size; i++) {
      const c = channelOf(i);
      dOffset[c] = (dOffset[c] as number) + (g[i] as number);
      dScale[c] = (dScale[c] as number) + (g[i] as number) * xhat(i, c);
    }
    for (let i = 0; i < x.size; i++) {
      const c = channelOf(i);
      const coef = (sc[c] as number) * (inv[c] as number);
      dx[i] = attrs.is_training
        ? coef *
          ((g[i] as number) -
            (dOffset[c] as number) / rest -
            xhat(i, c) * ((dScale[c] as number) / rest))
        : (g[i] as number) * coef;
    }
  }
  setOutputArray(ctx, 0, realsToArray(x.dtype, x.shape, Float32Array.from(dx)));
  setOutputArray(ctx, 1, f32(vshape, dScale));
  setOutputArray(ctx, 2, f32(vshape, dOffset));
  setOutputArray(ctx, 3, f32([0], []));
  setOutputArray(ctx, 4, f32([0], []));
}

const HALF_OR_FLOAT: readonly DType[] = ['float16', 'bfloat16', 'float32'];

export const fusedBatchNormCpu = defineKernel(ops.FusedBatchNorm, {
  deviceType: 'CPU',
  typeConstraints: { T: ['float32'] },
  create:
    ({ attrs }) =>
    (ctx) =>
      fusedBatchNorm(ctx, attrs, false),
});

export const fusedBatchNormV2Cpu = defineKernel(ops.FusedBatchNormV2, {
  deviceType: 'CPU',
  typeConstraints: { T: HALF_OR_FLOAT, U: ['float32'] },
  create:
    ({ attrs }) =>
    (ctx) =>
      fusedBatchNorm(ctx, attrs, false),
});

export const fusedBatchNormV3Cpu = defineKernel(ops.FusedBatchNormV3, {
  deviceType: 'CPU',
  typeConstraints: { T: HALF_OR_FLOAT, U: ['float32'] },
  create:
    ({ attrs }) =>
    (ctx) =>
      fusedBatchNorm(ctx, attrs, true),
});

export const fusedBatchNormGradCpu = defineKernel(ops.FusedBatchNormGrad, {
  deviceType: 'CPU',
  typeConstraints: { T: ['float32'] },
  create:
    ({ attrs }) =>
    (ctx) =>
      fusedBatchNormGrad(ctx, attrs),
});

export const fusedBatchNormGradV2Cpu = defineKernel(ops.FusedBatchNormGradV2, {
  deviceType: 'CPU',
  typeConstraints: { T: HALF_OR_FLOAT, U: ['float32'] },
  create:
    ({ attrs }) =>
    (ctx) =>
      fusedBatchNormGrad(ctx, attrs),
});

export const fusedBatchNormGradV3Cpu = defineKernel(ops.FusedBatchNormGradV3, {
  deviceType: 'CPU',
  typeConstraints: { T: HALF_OR_FLOAT, U: ['float32'] },
  create:
    ({ attrs }) =>
    (ctx) =>
      fusedBatchNormGrad(ctx, attrs),
});
