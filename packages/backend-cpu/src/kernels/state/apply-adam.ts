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
 * Adam as TF's CPU functor computes it:
 * `alpha = lr * sqrt(1 - beta2_power) / (1 - beta1_power)`,
 * `m += (g - m) * (1 - beta1)`, `v += (g^2 - v) * (1 - beta2)`,
 * `var -= m * alpha / (sqrt(v) + epsilon)`, or with Nesterov
 * `var -= (g * (1 - beta1) + beta1 * m) * alpha / (sqrt(v) + epsilon)`.
 */
function applyAdam(ctx: KernelContext, slots: TrainingSlot[], useNesterov: boolean): void {
  const [v, m, vv] = slots as [TrainingSlot, TrainingSlot, TrainingSlot];
  const beta1Power = scalarInput(ctx, 3, 'beta1_power');
  const beta2Power = scalarInput(ctx, 4, 'beta2_power');
  const lr = scalarInput(ctx, 5, 'lr', true);
  const beta1 = scalarInput(ctx, 6, 'beta1');
  const beta2 = scalarInput(ctx, 7, 'beta2');
  const epsilon = scalarInput(ctx, 8, 'epsilon');
  checkSameShape(v, 'm', m.value.shape);
  checkSameShape(v, 'v', vv.value.shape);
  const grad = sameShapeInput(ctx, 9, 'grad', v);
  const r = rounding(v.value.dtype);
  const alpha = r(r(lr * r(Math.sqrt(r(1 - beta2Power)))) / r(1 - beta1Power));
  const oneMinusBeta1 = r(1 - beta1);
  const oneMinusBeta2 = r(1 - beta2);
  const newVar = like(v.data);
  const newM = like(v.data);
  const newV = like(v.data);
  for (let i = 0; i < newVar.length; i++) {
    const g = grad[i] as number;
    const m0 = m.data[i] as number;
    const v0 = vv.data[i] as number;
    const m1 = r(m0 + r(r(g - m0) * oneMinusBeta1));
    const v1 = r(v0 + r(r(r(g * g) - v0) * oneMinusBeta2));
    const numerator = useNesterov ? r(r(g * oneMinusBeta1) + r(beta1 * m1)) : m1;
    const step = r(r(numerator * alpha) / r(r(Math.sqrt(v1)) + epsilon));
    newM[i] = m1;
    newV[i] = v1;
    newVar[i] = r((v.data[i] as number) - step);
  }
  m.store(newM);
  vv.store(newV);
  v.store(newVar);
}

export const applyAdamCpu = defineKernel(ops.ApplyAdam, {
  deviceType: 'CPU',
  typeConstraints: { T: TRAINING_TYPES },
  create:
    ({ attrs }) =>
    (ctx) => {
      const slots = refSlots(ctx, ['var', 'm', 'v']);
      applyAdam(ctx, slots, attrs.use_nesterov);
      setRefOutput(ctx, slots);
    },
});

export const resourceApplyAdamCpu = defineKernel(ops.ResourceApplyAdam, {
  deviceType: 'CPU',
  typeConstraints: { T: TRAINING_TYPES },
  create:
    ({ attrs }) =>
    (ctx) =>
      applyAdam(ctx, resourceSlots(ctx, ['var', 'm', 'v'], attrs.T), attrs.use_nesterov),
});
