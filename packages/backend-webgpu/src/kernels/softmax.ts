import { defineKernel, ops, type KernelDef, type OpDefinition } from '@tensorgraph/core';
import { sizeOf } from '../gpu-storage.js';
import { gpuInput, invalid, runFlat, shapeString } from './program.js';
import { MATH_PRELUDE } from './wgsl-math.js';

/** Softmax and LogSoftmax over the last axis: one thread per row (max, sum of exps, write). */
function softmaxKernel(op: OpDefinition, log: boolean): KernelDef {
  return defineKernel(op, {
    deviceType: 'WEBGPU',
    typeConstraints: { T: ['float32'] },
    create: () => (ctx) => {
      const x = gpuInput(ctx, 0);
      if (x.shape.length < 1)
        throw invalid(`logits must have >= 1 dimension, got ${shapeString(x.shape)}`);
      const out = ctx.allocateOutput(0, x.shape);
      const d = x.shape[x.shape.length - 1] as number;
      const rows = d === 0 ? 0 : sizeOf(x.shape) / d;
      if (rows === 0) return;
      const write = log ? 'ftz(v - m - log(s))' : 'ftz(exp(v - m) / s)';
      const body = `  let base = idx * ${d}u;
  var m = -inf_f32();
  for (var j = 0u; j < ${d}u; j++) { m = max(m, ftz(in0[base + j])); }
  var s = 0.0;
  for (var j = 0u; j < ${d}u; j++) { s = s + exp(ftz(in0[base + j]) - m); }
  for (var j = 0u; j < ${d}u; j++) { let v = ftz(in0[base + j]); out0[base + j] = ${write}; }`;
      return runFlat(ctx, [x], [out], rows, body, MATH_PRELUDE);
    },
  });
}

export const SOFTMAX_KERNELS: readonly KernelDef[] = [
  softmaxKernel(ops.Softmax, false),
  softmaxKernel(ops.LogSoftmax, true),
];
