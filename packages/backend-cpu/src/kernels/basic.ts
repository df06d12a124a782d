import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  defineKernel,
  dtypeWireName,
  ops,
  type DType,
  type KernelCompute,
  type KernelContext,
  type NDArray,
  type ShapeValue,
} from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../kernel-helpers.js';

/** Const: its value attr, shared (kernels never write to inputs). */
export const constCpu = defineKernel(ops.Const, {
  deviceType: 'CPU',
  create: ({ attrs }) => {
    const value = attrs.value as NDArray;
    return (ctx) => setOutputArray(ctx, 0, value);
  },
});

/** Identity and its relatives pass their input through. */
const passThrough = (ctx: KernelContext) => setOutputArray(ctx, 0, inputArray(ctx, 0));

export const identityCpu = defineKernel(ops.Identity, {
  deviceType: 'CPU',
  create: () => passThrough,
});

export const stopGradientCpu = defineKernel(ops.StopGradient, {
  deviceType: 'CPU',
  create: () => passThrough,
});

export const noOpCpu = defineKernel(ops.NoOp, { deviceType: 'CPU', create: () => () => {} });

/**
 * Placeholder runs only when nothing fed it: TF's error, naming the placeholder, its dtype
 * and shape.
 */
export const placeholderCpu = defineKernel(ops.Placeholder, {
  deviceType: 'CPU',
  create: (construction) => unfedPlaceholder(construction.attrs, construction.nodeName),
});

/** The deprecated PlaceholderV2 (old GraphDefs still carry it) runs as Placeholder does. */
export const placeholderV2Cpu = defineKernel(ops.PlaceholderV2, {
  deviceType: 'CPU',
  create: (construction) => unfedPlaceholder(construction.attrs, construction.nodeName),
});

/** A placeholder runs only when it was not fed, and that is TF's error. */
function unfedPlaceholder(
  attrs: { readonly dtype: DType; readonly shape: ShapeValue },
  nodeName: string,
): KernelCompute {
  const shape = attrs.shape;
  const dtypeName = dtypeWireName(attrs.dtype).slice(3).toLowerCase();
  const shapeText =
    shape === null ? '' : ` and shape [${shape.map((d) => (d === null ? '?' : d)).join(',')}]`;
  return () => {
    throw new InvalidArgumentError(
      null,
      null,
      `You must feed a value for placeholder tensor '${nodeName}' with dtype ${dtypeName}${shapeText}`,
    );
  };
}
