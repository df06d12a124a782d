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
 * RMSProp as TF's CPU functor computes it: `ms += (g^2 - ms) * (1 - rho)`,
 * `mom = mom * momentum + g * lr / sqrt(ms + epsilon)`, `var -= mom`.
 */
function applyRmsProp(ctx: KernelContext, slots: TrainingSlot[]): void {
  const [v, ms, mom] = slots as [TrainingSlot, TrainingSlot, TrainingSlot];
  const lr = scalarInput(ctx, 3, 'lr', true);
  const rho = scalarInput(ctx, 4, 'rho');
  const momentum = scalarInput(ctx, 5, 'momentum');
  const epsilon = scalarInput(ctx, 6, 'epsilon');
  checkSameShape(v, 'ms', ms.value.shape);
  checkSameShape(v, 'mom', mom.value.shape);
  const grad = sameShapeInput(ctx, 7, 'grad', v);
  const r = rounding(v.value.dtype);
  const oneMinusRho = r(1 - rho);
  const newVar = like(v.data);
  const newMs = like(v.data);
  const newMom = like(v.data);
  for (let i = 0; i < newVar.length; i++) {
    const g = grad[i] as number;
    const ms0 = ms.data[i] as number;
    const ms1 = r(ms0 + r(r(r(g * g) - ms0) * oneMinusRho));
    const mom1 = r(
      r((mom.data[i] as number) * momentum) + r(r(g * lr) / r(Math.sqrt(r(ms1 + epsilon)))),
    );
    newMs[i] = ms1;
    newMom[i] = mom1;
    newVar[i] = r((v.data[i] as number) - mom1);
  }
  ms.store(newMs);
  mom.store(newMom);
  v.store(newVar);
}

export const applyRmsPropCpu = defineKernel(ops.ApplyRMSProp, {
  deviceType: 'CPU',
  typeConstraints: { T: TRAINING_TYPES },
  create: () => (ctx) => {
    const slots = refSlots(ctx, ['var', 'ms', 'mom']);
    applyRmsProp(ctx, slots);
    setRefOutput(ctx, slots);
  },
});

export const resourceApplyRmsPropCpu = defineKernel(ops.ResourceApplyRMSProp, {
  deviceType: 'CPU',
  typeConstraints: { T: TRAINING_TYPES },
  create:
    ({ attrs }) =>
    (ctx) =>
      applyRmsProp(ctx, resourceSlots(ctx, ['var', 'ms', 'mom'], attrs.T)),
});
