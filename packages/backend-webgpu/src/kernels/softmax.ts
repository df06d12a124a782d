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
      const write = log
        ? 'select(ftz(v - m - log(s)), neg_inf_f32(), is_neg_inf(v))'
        : 'select(ftz(exp(v - m) / s), 0.0, is_neg_inf(v))';
      // TF's row: a NaN, a +Inf (Inf - Inf) or only -Infs make it all NaN; a -Inf entry
      // gives 0 (log: -Inf). WGSL promises nothing for NaN or Inf arithmetic, so these
      // cases are found by bits and answered outright; the rest is finite math.
      const body = `  let base = idx * ${d}u;
  var m = ftz(in0[base]);
  var special = false;
  for (var j = 0u; j < ${d}u; j++) {
    let v = ftz(in0[base + j]);
    special = special || is_nan(v) || is_pos_inf(v);
    if (f_ord(v) > f_ord(m)) { m = v; }
  }
  if (special || is_neg_inf(m)) {
    for (var j = 0u; j < ${d}u; j++) { out0[base + j] = nan_f32(); }
    return;
  }
  var s = 0.0;
  for (var j = 0u; j < ${d}u; j++) {
    let v = ftz(in0[base + j]);
    if (!is_neg_inf(v)) { s = s + exp(v - m); }
  }
  for (var j = 0u; j < ${d}u; j++) { let v = ftz(in0[base + j]); out0[base + j] = ${write}; }`;
      return runFlat(ctx, [x], [out], rows, body, MATH_PRELUDE);
    },
  });
}

export const SOFTMAX_KERNELS: readonly KernelDef[] = [
  softmaxKernel(ops.Softmax, false),
  softmaxKernel(ops.LogSoftmax, true),
];
