import { defineKernel, ops, type KernelContext } from '@tensorgraph/core';
import {
  TRAINING_TYPES,
  checkSameShape,
  like,
  refSlots,
  resourceSlots,
  rounding,
  sameShapeInput,
  scalarInput,
  setRefOutput,
  type TrainingSlot,
} from './training-slots.js';

/**
 * `accum = accum * momentum + grad`, then `var -= accum * lr`, or with Nesterov
 * `var -= grad * lr + accum * momentum * lr` (TF's CPU functor, operation for operation).
 */
function applyMomentum(ctx: KernelContext, slots: TrainingSlot[], useNesterov: boolean): void {
  const [v, accum] = slots as [TrainingSlot, TrainingSlot];
  const lr = scalarInput(ctx, 2, 'lr');
  checkSameShape(v, 'accum', accum.value.shape);
  const grad = sameShapeInput(ctx, 3, 'grad', v);
  const momentum = scalarInput(ctx, 4, 'momentum');
  const r = rounding(v.value.dtype);
  const newVar = like(v.data);
  const newAccum = like(v.data);
  for (let i = 0; i < newVar.length; i++) {
    const g = grad[i] as number;
    const a = r(r((accum.data[i] as number) * momentum) + g);
    newAccum[i] = a;
    const step = useNesterov ? r(r(g * lr) + r(r(a * momentum) * lr)) : r(a * lr);
    newVar[i] = r((v.data[i] as number) - step);
  }
  accum.store(newAccum);
  v.store(newVar);
}

export const applyMomentumCpu = defineKernel(ops.ApplyMomentum, {
  deviceType: 'CPU',
  typeConstraints: { T: TRAINING_TYPES },
  create:
    ({ attrs }) =>
    (ctx) => {
      const slots = refSlots(ctx, ['var', 'accum']);
      applyMomentum(ctx, slots, attrs.use_nesterov);
      setRefOutput(ctx, slots);
    },
});

export const resourceApplyMomentumCpu = defineKernel(ops.ResourceApplyMomentum, {
  deviceType: 'CPU',
  typeConstraints: { T: TRAINING_TYPES },
  create:
    ({ attrs }) =>
    (ctx) =>
      applyMomentum(ctx, resourceSlots(ctx, ['var', 'accum'], attrs.T), attrs.use_nesterov),
});
