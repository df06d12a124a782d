import { defineKernel, ops, tryBroadcastShape, type KernelDef } from '@tensorgraph/core';
import { elementwise } from './broadcast.js';
import { andThen, deviceOf, gpuInput, invalid, shapeString } from './program.js';

const pick = ([c, t, e]: string[]) =>
  `select(${e as string}, ${t as string}, ${c as string} != 0u)`;

/** SelectV2: condition, then and else broadcast together. */
const selectV2 = defineKernel(ops.SelectV2, {
  deviceType: 'WEBGPU',
  typeConstraints: { T: ['float32', 'int32', 'bool'] },
  create: () => (ctx) => {
    const c = gpuInput(ctx, 0);
    const t = gpuInput(ctx, 1);
    const e = gpuInput(ctx, 2);
    const te = tryBroadcastShape(t.shape, e.shape);
    const shape = te === null ? null : tryBroadcastShape(c.shape, te);
    if (shape === null) {
      throw invalid(
        `condition ${shapeString(c.shape)}, then ${shapeString(t.shape)}, and else ${shapeString(e.shape)} must be broadcastable`,
      );
    }
    return elementwise(ctx, [c, t, e], shape, t.dtype, pick, false);
  },
});

/** Select (TF1): same shapes, or a vector condition choosing whole rows. */
const select = defineKernel(ops.Select, {
  deviceType: 'WEBGPU',
  typeConstraints: { T: ['float32', 'int32', 'bool'] },
  create: () => (ctx) => {
    const c = gpuInput(ctx, 0);
    const t = gpuInput(ctx, 1);
    const e = gpuInput(ctx, 2);
    const same = (a: readonly number[], b: readonly number[]) => shapeString(a) === shapeString(b);
    const sameSize = () => {
      if (!same(t.shape, e.shape)) {
        throw invalid(
          `'then' and 'else' must have the same size.  but received: ${shapeString(t.shape)} vs. ${shapeString(e.shape)}`,
        );
      }
    };
    if (c.shape.length === 0) {
      sameSize();
      return elementwise(ctx, [c, t, e], t.shape, t.dtype, pick, false);
    }
    if (c.shape.length === 1 && t.shape.length !== 1) {
      if (t.shape.length === 0) {
        throw invalid(`'then' must be at least a vector, but saw shape: ${shapeString(t.shape)}`);
      }
      if (c.shape[0] !== t.shape[0]) {
        throw invalid(
          `Number of batches of 'then' must match size of 'cond', but saw: ${t.shape[0]} vs. ${c.shape[0]}`,
        );
      }
      sameSize();
      // The condition of row r, broadcast along the rest of the row.
      const rowShape = [c.shape[0] as number, ...t.shape.slice(1).map(() => 1)];
      const cRows = deviceOf(ctx).view(c, rowShape);
      return andThen(elementwise(ctx, [cRows, t, e], t.shape, t.dtype, pick, false), () =>
        deviceOf(ctx).free(cRows),
      );
    }
    for (const [k, x] of [
      [1, t],
      [2, e],
    ] as const) {
      if (!same(c.shape, x.shape)) {
        throw invalid(
          `Inputs to operation ${ctx.nodeName} of type Select must have the same size and shape.  Input 0: ${shapeString(c.shape)} != input ${k}: ${shapeString(x.shape)}`,
        );
      }
    }
    return elementwise(ctx, [c, t, e], t.shape, t.dtype, pick, false);
  },
});

export const SELECT_KERNELS: readonly KernelDef[] = [select as KernelDef, selectV2 as KernelDef];
