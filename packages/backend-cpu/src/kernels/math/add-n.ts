import { InvalidArgumentError } from '@tensorgraph/errors';
import { defineKernel, ops, type DType } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { shapeString } from './broadcast.js';
import { COMPLEX, FLOATS, INTS } from './dtype-groups.js';
import {
  dazValues,
  elementKind,
  floatScratch,
  floatValues,
  floatWork,
  flushSubnormals,
  fromFloatValues,
  newArray,
  type BigIntArray,
  type FloatArray,
  type NumberArray,
} from './elementwise.js';

/**
 * AddN: the elementwise sum of N same-shaped tensors, added left to right (TF's Add2..Add8
 * functors evaluate in input order), each step rounded to the working precision.
 */
export const addNCpu = defineKernel(ops.AddN, {
  deviceType: 'CPU',
  typeConstraints: { T: [...FLOATS, ...INTS, ...COMPLEX] },
  create: ({ inputDTypes, nodeName }) => {
    const dtype = inputDTypes[0] as DType;
    const kind = elementKind(dtype);
    const work = floatWork(dtype);
    return (ctx) => {
      const inputs = Array.from({ length: ctx.numInputs }, (_, k) => inputArray(ctx, k));
      const first = inputs[0];
      if (first === undefined) return;
      for (let k = 1; k < inputs.length; k++) {
        const other = (inputs[k] as typeof first).shape;
        if (other.join(',') !== first.shape.join(',') || other.length !== first.shape.length) {
          throw new InvalidArgumentError(
            null,
            null,
            `Inputs to operation ${nodeName} of type AddN must have the same size and shape.  ` +
              `Input 0: ${shapeString(first.shape)} != input ${k}: ${shapeString(other)}`,
          );
        }
      }
      if (kind === 'float') {
        const acc = floatScratch(dtype, first.size);
        acc.set(dazValues(floatValues(first), work.tiny));
        const r = work.round;
        for (let k = 1; k < inputs.length; k++) {
          const v = dazValues(floatValues(inputs[k] as typeof first), work.tiny);
          for (let e = 0; e < acc.length; e++) acc[e] = r((acc[e] as number) + (v[e] as number));
        }
        flushSubnormals(acc, work.tiny);
        setOutputArray(ctx, 0, fromFloatValues(dtype, first.shape, acc));
        return;
      }
      const out = newArray(dtype, first.shape);
      // Start from the first input itself, so a single input (and its -0s) comes back as is.
      (out.data as { set(a: ArrayLike<number | bigint>): void }).set(
        first.data as ArrayLike<number | bigint>,
      );
      const rest = inputs.slice(1);
      if (kind === 'bigint') {
        const acc = out.data as BigIntArray;
        for (const input of rest) {
          const v = input.data as BigIntArray;
          for (let e = 0; e < acc.length; e++) acc[e] = (acc[e] as bigint) + (v[e] as bigint);
        }
      } else {
        // Small ints wrap as they are stored; complex parts add independently.
        const acc = out.data as NumberArray | FloatArray;
        for (const input of rest) {
          const v = input.data as NumberArray | FloatArray;
          for (let e = 0; e < acc.length; e++) acc[e] = (acc[e] as number) + (v[e] as number);
        }
      }
      setOutputArray(ctx, 0, out);
    };
  },
});
