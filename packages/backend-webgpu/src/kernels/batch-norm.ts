import {
  defineKernel,
  ops,
  type DeviceTensor,
  type KernelContext,
  type KernelDef,
} from '@tensorgraph/core';
import { sizeOf } from '../gpu-storage.js';
import { fill, sequence } from './fill.js';
import {
  bindings,
  deviceOf,
  f32,
  flatGroups,
  flatMain,
  gpuInput,
  invalid,
  runProgram,
  shapeString,
} from './program.js';
import { MATH_PRELUDE } from './wgsl-math.js';

/** Where channel c's elements are: `rest` of them, element j at `at(j)` (a WGSL u32). */
function layout(shape: readonly number[], format: string) {
  const first = format === 'NCHW' || format === 'NCDHW';
  const axis = first ? 1 : shape.length - 1;
  const channels = shape[axis] as number;
  const inner = sizeOf(shape.slice(axis + 1));
  const rest = channels === 0 ? 0 : sizeOf(shape) / channels;
  const channelOf = first ? `(idx / ${inner}u) % ${channels}u` : `idx % ${channels}u`;
  const at = first
    ? `(j / ${inner}u) * ${channels * inner}u + c * ${inner}u + j % ${inner}u`
    : `j * ${channels}u + c`;
  return { channels, rest, channelOf, at };
}

const fusedBatchNormV3 = defineKernel(ops.FusedBatchNormV3, {
  deviceType: 'WEBGPU',
  typeConstraints: { T: ['float32'], U: ['float32'] },
  create:
    ({ attrs }) =>
    (ctx: KernelContext) => {
      const [x, scale, offset, mean, variance] = [0, 1, 2, 3, 4].map((i) =>
        gpuInput(ctx, i),
      ) as DeviceTensor[];
      const xs = (x as DeviceTensor).shape;
      if (xs.length !== 4 && xs.length !== 5)
        throw invalid(`input must be 4 or 5-dimensional${shapeString(xs)}`);
      const named: [string, DeviceTensor][] = [
        ['scale', scale as DeviceTensor],
        ['offset', offset as DeviceTensor],
        ['estimated_mean', mean as DeviceTensor],
        ['estimated_variance', variance as DeviceTensor],
      ];
      for (const [name, t] of named) {
        if (t.shape.length !== 1)
          throw invalid(`${name} must be 1-dimensional${shapeString(t.shape)}`);
      }
      const { channels, rest, channelOf, at } = layout(xs, attrs.data_format);
      for (const [name, t] of named.slice(0, 2)) {
        if (sizeOf(t.shape) !== channels) {
          throw invalid(
            `${name} must have the same number of elements as the channels of x, got ${sizeOf(t.shape)} and ${channels}`,
          );
        }
      }
      const factor = Math.fround(attrs.exponential_avg_factor);
      if (!attrs.is_training || factor !== 1) {
        const prefix = attrs.is_training
          ? 'When exponential_avg_factor != 1'
          : 'When is_training=false';
        for (const [name, t] of [
          ['mean', mean as DeviceTensor],
          ['variance', variance as DeviceTensor],
        ] as const) {
          if (sizeOf(t.shape) !== channels) {
            throw invalid(
              `${prefix}, ${name} must have the same number of elements as the channels of x, got ${sizeOf(t.shape)} and ${channels}`,
            );
          }
        }
      }
      const vshape = (scale as DeviceTensor).shape;
      const y = ctx.allocateOutput(0, xs);
      const outs = [1, 2, 3, 4].map((i) => ctx.allocateOutput(i, vshape));
      const r3 = ctx.allocateOutput(5, []);
      const [bm, bv, r1, r2] = outs as [DeviceTensor, DeviceTensor, DeviceTensor, DeviceTensor];
      const device = deviceOf(ctx);
      const eps = f32(Math.fround(attrs.epsilon));
      const normalize = (m: DeviceTensor, v: DeviceTensor) => () => {
        const n = sizeOf(xs);
        if (n === 0) return;
        const body = `  let c = ${channelOf};
  out0[idx] = (in0[idx] - in3[c]) * (in1[c] / sqrt(in4[c] + ${eps})) + in2[c];`;
        const code = `${bindings(['float32', 'float32', 'float32', 'float32', 'float32'], ['float32'])}\n${flatMain(n, body)}`;
        return runProgram(
          ctx,
          code,
          [x as DeviceTensor, scale as DeviceTensor, offset as DeviceTensor, m, v],
          [y],
          flatGroups(n),
        );
      };
      if (!attrs.is_training) {
        const bytes = channels * 4;
        return sequence([
          () => device.copy(mean as DeviceTensor, 0, bm, 0, bytes),
          () => device.copy(variance as DeviceTensor, 0, bv, 0, bytes),
          () => fill(ctx, r1, '0.0'),
          () => fill(ctx, r2, '0.0'),
          () => fill(ctx, r3, '0.0'),
          normalize(mean as DeviceTensor, variance as DeviceTensor),
        ]);
      }
      if (rest === 0) {
        return sequence([
          () => fill(ctx, bm, 'nan_f32()'),
          () => fill(ctx, bv, 'nan_f32()'),
          () => fill(ctx, r1, '0.0'),
          () => fill(ctx, r2, '0.0'),
          () => fill(ctx, r3, '0.0'),
        ]);
      }
      // One thread per channel: mean, biased variance, and the running statistics.
      const adjust = rest / Math.max(rest - 1, 1);
      const running =
        factor === 1
          ? `  out0[c] = mu;\n  out1[c] = biased * ${f32(adjust)};`
          : `  out0[c] = ${f32(1 - factor)} * in1[c] + ${f32(factor)} * mu;\n  out1[c] = ${f32(1 - factor)} * in2[c] + ${f32(factor * adjust)} * biased;`;
      const statsBody = `  let c = idx;
  var sum = 0.0;
  for (var j = 0u; j < ${rest}u; j++) { sum = sum + in0[${at}]; }
  let mu = sum / ${f32(rest)};
  var sq = 0.0;
  for (var j = 0u; j < ${rest}u; j++) { let d = in0[${at}] - mu; sq = sq + d * d; }
  let biased = sq / ${f32(rest)};
${running}
  out2[c] = mu;
  out3[c] = biased;`;
      const stats = `${bindings(['float32', 'float32', 'float32'], ['float32', 'float32', 'float32', 'float32'])}\n${MATH_PRELUDE}\n${flatMain(channels, statsBody)}`;
      return sequence([
        () =>
          runProgram(
            ctx,
            stats,
            [x as DeviceTensor, mean as DeviceTensor, variance as DeviceTensor],
            [bm, bv, r1, r2],
            flatGroups(channels),
          ),
        () => fill(ctx, r3, '0.0'),
        normalize(r1, r2),
      ]);
    },
});

export const BATCH_NORM_KERNELS: readonly KernelDef[] = [fusedBatchNormV3 as KernelDef];
