import { defineKernel, ops, type KernelContext, type KernelDef } from '@tensorgraph/core';
import { ALL_DEVICE, dtypeCode } from '../dtypes.js';
import {
  broadcastShape,
  broadcastStrides,
  coalesce,
  invalidArgument,
  shapeString,
  sizeOf,
  stridesOf,
} from '../shapes.js';
import { addr, checkRank, forward, input, launch } from './helpers.js';

const castGpu = defineKernel(ops.Cast, {
  deviceType: 'GPU',
  typeConstraints: { SrcT: ALL_DEVICE, DstT: ALL_DEVICE },
  create: ({ attrs }) => {
    const from = dtypeCode(attrs.SrcT);
    const to = dtypeCode(attrs.DstT);
    return (ctx) => {
      const x = input(ctx, 0);
      if (from === to) {
        forward(ctx, 0, x, x.shape);
        return;
      }
      const y = ctx.allocateOutput(0, x.shape);
      const n = sizeOf(x.shape);
      if (n > 0) launch(ctx, (a, id) => a.cast(id, from, to, addr(x), addr(y), n));
    };
  },
});

function enqueueSelect(
  ctx: KernelContext,
  shape: readonly number[],
  cs: readonly number[],
  ts: readonly number[],
  es: readonly number[],
): void {
  const out = ctx.allocateOutput(0, shape);
  if (sizeOf(shape) === 0) return;
  const plan = coalesce(shape, [cs, ts, es]);
  checkRank(ctx, plan.shape.length);
  const [c, t, e] = [0, 1, 2].map((i) => addr(input(ctx, i))) as [bigint, bigint, bigint];
  launch(ctx, (a, id) =>
    a.select(
      id,
      c,
      t,
      e,
      addr(out),
      plan.shape,
      plan.strides[0] as number[],
      plan.strides[1] as number[],
      plan.strides[2] as number[],
    ),
  );
}

/** Select: condition of the same shape, a scalar, or a vector along dim 0. */
const selectGpu = defineKernel(ops.Select, {
  deviceType: 'GPU',
  typeConstraints: { T: ['float32', 'int32'] },
  create: () => (ctx) => {
    const [cond, t, e] = [0, 1, 2].map((i) => input(ctx, i)) as [
      ReturnType<KernelContext['input']>,
      ReturnType<KernelContext['input']>,
      ReturnType<KernelContext['input']>,
    ];
    if (t.shape.length !== e.shape.length || t.shape.some((d, i) => d !== e.shape[i])) {
      throw invalidArgument(
        `'then' and 'else' must have the same size.  but received: ${shapeString(t.shape)} vs. ${shapeString(e.shape)}`,
      );
    }
    const own = stridesOf(t.shape);
    let cs: number[];
    if (cond.shape.length === 0) cs = t.shape.map(() => 0);
    else if (cond.shape.length === t.shape.length && cond.shape.every((d, i) => d === t.shape[i])) {
      cs = own;
    } else if (cond.shape.length === 1 && t.shape.length > 1 && cond.shape[0] === t.shape[0]) {
      cs = t.shape.map((_, i) => (i === 0 ? 1 : 0));
    } else {
      throw invalidArgument(
        `'cond' must be a scalar, a vector matching the first dimension of 'then', or the same shape: ${shapeString(cond.shape)} vs. ${shapeString(t.shape)}`,
      );
    }
    enqueueSelect(ctx, t.shape, cs, own, own);
  },
});

/** SelectV2: condition, then and else broadcast together. */
const selectV2Gpu = defineKernel(ops.SelectV2, {
  deviceType: 'GPU',
  typeConstraints: { T: ['float32', 'int32'] },
  create: () => (ctx) => {
    const [c, t, e] = [0, 1, 2].map((i) => input(ctx, i).shape);
    const shape = broadcastShape(broadcastShape(c as number[], t as number[]), e as number[]);
    enqueueSelect(
      ctx,
      shape,
      broadcastStrides(c as number[], shape),
      broadcastStrides(t as number[], shape),
      broadcastStrides(e as number[], shape),
    );
  },
});

export const CAST_SELECT_KERNELS: readonly KernelDef[] = [castGpu, selectGpu, selectV2Gpu];
