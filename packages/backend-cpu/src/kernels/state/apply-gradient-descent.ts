import { defineKernel, ops, type KernelContext } from '@tensorgraph/core';
import {
  TRAINING_TYPES,
  like,
  refSlots,
  resourceSlots,
  rounding,
  sameShapeInput,
  scalarInput,
  setRefOutput,
  type TrainingSlot,
} from './training-slots.js';

/** `var -= alpha * delta`, in TF's order of checks and operations. */
function applyGradientDescent(ctx: KernelContext, [slot]: TrainingSlot[]): void {
  const v = slot as TrainingSlot;
  const alpha = scalarInput(ctx, 1, 'alpha');
  const delta = sameShapeInput(ctx, 2, 'delta', v);
  const r = rounding(v.value.dtype);
  const out = like(v.data);
  for (let i = 0; i < out.length; i++) {
    out[i] = r((v.data[i] as number) - r((delta[i] as number) * alpha));
  }
  v.store(out);
}

export const applyGradientDescentCpu = defineKernel(ops.ApplyGradientDescent, {
  deviceType: 'CPU',
  typeConstraints: { T: TRAINING_TYPES },
  create: () => (ctx) => {
    const slots = refSlots(ctx, ['var']);
    applyGradientDescent(ctx, slots);
    setRefOutput(ctx, slots);
  },
});

export const resourceApplyGradientDescentCpu = defineKernel(ops.ResourceApplyGradientDescent, {
  deviceType: 'CPU',
  typeConstraints: { T: TRAINING_TYPES },
  create:
    ({ attrs }) =>
    (ctx) =>
      applyGradientDescent(ctx, resourceSlots(ctx, ['var'], attrs.T)),
});
