import {
  defineKernel,
  floatBitsToNumber,
  ops,
  type KernelContext,
  type ShapeValue,
} from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { invalidArgument, shapeString, type Nums } from './buffers.js';
import { FLOATS, POD } from './dtype-sets.js';

const forward = (ctx: KernelContext) => setOutputArray(ctx, 0, inputArray(ctx, 0));

/** Runs only when not fed, and then passes its default through. */
export const placeholderWithDefaultCpu = defineKernel(ops.PlaceholderWithDefault, {
  deviceType: 'CPU',
  create: () => forward,
});

export const identityNCpu = defineKernel(ops.IdentityN, {
  deviceType: 'CPU',
  create: () => (ctx) => {
    for (let i = 0; i < ctx.numInputs; i++) setOutputArray(ctx, i, inputArray(ctx, i));
  },
});

/**
 * Snapshot's point in TF is a copy the consumer may mutate; CPU kernels never mutate
 * inputs, so the value itself serves.
 */
export const snapshotCpu = defineKernel(ops.Snapshot, {
  deviceType: 'CPU',
  typeConstraints: { T: POD },
  create: () => forward,
});

export const preventGradientCpu = defineKernel(ops.PreventGradient, {
  deviceType: 'CPU',
  create: () => forward,
});

/** `[2,?]`, as TF's `PartialTensorShape::DebugString`; `<unknown>` for unknown rank. */
function partialShapeString(shape: ShapeValue): string {
  if (shape === null) return '<unknown>';
  return `[${shape.map((d) => (d === null || d < 0 ? '?' : String(d))).join(',')}]`;
}

/**
 * TF's message names the node's input tensor (`x:0`), which a kernel is not told; the arg
 * name stands in, which is what TF itself prints when it runs the op eagerly.
 */
export const ensureShapeCpu = defineKernel(ops.EnsureShape, {
  deviceType: 'CPU',
  create: ({ attrs }) => {
    const expected = attrs.shape;
    return (ctx) => {
      const input = inputArray(ctx, 0);
      const ok =
        expected === null ||
        (expected.length === input.rank &&
          expected.every((d, i) => d === null || d < 0 || d === input.shape[i]));
      if (!ok) {
        throw invalidArgument(
          `Shape of tensor input ${shapeString(input.shape)} is not compatible with expected shape ${partialShapeString(expected)}.`,
        );
      }
      setOutputArray(ctx, 0, input);
    };
  },
});

export const checkNumericsCpu = defineKernel(ops.CheckNumerics, {
  deviceType: 'CPU',
  typeConstraints: { T: FLOATS },
  create: ({ attrs }) => {
    const message = attrs.message;
    return (ctx) => {
      const input = inputArray(ctx, 0);
      const data = input.data as Nums;
      const dtype = input.dtype;
      const bits = dtype === 'float16' || dtype === 'bfloat16';
      let nan = false;
      let inf = false;
      for (let i = 0; i < input.size; i++) {
        const x = bits ? floatBitsToNumber(dtype, data[i] as number) : (data[i] as number);
        if (Number.isNaN(x)) nan = true;
        else if (!Number.isFinite(x)) inf = true;
      }
      if (nan || inf) {
        const what = nan && inf ? 'Inf and NaN' : nan ? 'NaN' : 'Inf';
        throw invalidArgument(`${message} : Tensor had ${what} values`);
      }
      setOutputArray(ctx, 0, input);
    };
  },
});
