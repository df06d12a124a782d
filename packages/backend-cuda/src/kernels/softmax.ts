import { defineKernel, ops, type KernelDef, type OpDefinition } from '@tensorgraph/core';
import { F32 } from '../dtypes.js';
import { invalidArgument, shapeString, sizeOf } from '../shapes.js';
import { addr, input, launch } from './helpers.js';

/** Softmax / LogSoftmax over the last dim: one block per row (max, sum of exp, write). */
function softmaxKernel(op: OpDefinition, log: boolean): KernelDef {
  return defineKernel(op, {
    deviceType: 'GPU',
    typeConstraints: { T: F32 },
    create: () => (ctx) => {
      const x = input(ctx, 0);
      if (x.shape.length < 1) {
        throw invalidArgument(`logits must have >= 1 dimension, got ${shapeString(x.shape)}`);
      }
      const y = ctx.allocateOutput(0, x.shape);
      const cols = x.shape[x.shape.length - 1] as number;
      const total = sizeOf(x.shape);
      if (total === 0) return;
      launch(ctx, (a, id) => a.softmax(id, log, addr(x), addr(y), total / cols, cols));
    },
  });
}

export const SOFTMAX_KERNELS: readonly KernelDef[] = [
  softmaxKernel(ops.Softmax, false),
  softmaxKernel(ops.LogSoftmax, true),
];
