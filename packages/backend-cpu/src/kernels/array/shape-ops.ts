import { defineKernel, ops, type KernelContext, type NDArray } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { broadcastShapes, gradientReductionDims } from './bcast.js';
import { intArray, intValues, invalidArgument, shapeString } from './buffers.js';
import { INDEX_32_64 } from './dtype-sets.js';
import { summarizeValue } from './summarize.js';

export const shapeCpu = defineKernel(ops.Shape, {
  deviceType: 'CPU',
  typeConstraints: { out_type: INDEX_32_64 },
  create:
    ({ attrs }) =>
    (ctx) => {
      const { shape } = inputArray(ctx, 0);
      setOutputArray(ctx, 0, intArray(attrs.out_type, [shape.length], shape));
    },
});

export const shapeNCpu = defineKernel(ops.ShapeN, {
  deviceType: 'CPU',
  typeConstraints: { out_type: INDEX_32_64 },
  create:
    ({ attrs }) =>
    (ctx) => {
      for (let i = 0; i < ctx.numInputs; i++) {
        const { shape } = inputArray(ctx, i);
        setOutputArray(ctx, i, intArray(attrs.out_type, [shape.length], shape));
      }
    },
});

export const sizeCpu = defineKernel(ops.Size, {
  deviceType: 'CPU',
  typeConstraints: { out_type: INDEX_32_64 },
  create:
    ({ attrs }) =>
    (ctx) => {
      setOutputArray(ctx, 0, intArray(attrs.out_type, [], [inputArray(ctx, 0).size]));
    },
});

export const rankCpu = defineKernel(ops.Rank, {
  deviceType: 'CPU',
  create: () => (ctx) => {
    setOutputArray(ctx, 0, intArray('int32', [], [inputArray(ctx, 0).rank]));
  },
});

/** Both shape vectors of a BroadcastArgs / BroadcastGradientArgs node. */
function shapeInputs(ctx: KernelContext): [number[], number[]] {
  return [0, 1].map((i) => {
    const s = inputArray(ctx, i);
    if (s.rank !== 1) throw invalidArgument(`In[${i}] must be a vector.${shapeString(s.shape)}`);
    return intValues(s);
  }) as [number[], number[]];
}

function broadcastOrThrow(a: readonly number[], b: readonly number[]): number[] {
  const out = broadcastShapes(a, b);
  if (out === null) {
    throw invalidArgument(`Incompatible shapes: ${shapeString(a)} vs. ${shapeString(b)}`);
  }
  return out;
}

export const broadcastArgsCpu = defineKernel(ops.BroadcastArgs, {
  deviceType: 'CPU',
  typeConstraints: { T: INDEX_32_64 },
  create:
    ({ attrs }) =>
    (ctx) => {
      const [a, b] = shapeInputs(ctx);
      const out = broadcastOrThrow(a, b);
      setOutputArray(ctx, 0, intArray(attrs.T, [out.length], out));
    },
});

export const broadcastGradientArgsCpu = defineKernel(ops.BroadcastGradientArgs, {
  deviceType: 'CPU',
  typeConstraints: { T: INDEX_32_64 },
  create:
    ({ attrs }) =>
    (ctx) => {
      const [a, b] = shapeInputs(ctx);
      const rank = broadcastOrThrow(a, b).length;
      [a, b].forEach((shape, i) => {
        const dims = gradientReductionDims(shape, rank);
        setOutputArray(ctx, i, intArray(attrs.T, [dims.length], dims));
      });
    },
});

export const concatOffsetCpu = defineKernel(ops.ConcatOffset, {
  deviceType: 'CPU',
  typeConstraints: { shape_type: INDEX_32_64 },
  create:
    ({ attrs }) =>
    (ctx) => {
      const concatDim = inputArray(ctx, 0);
      if (concatDim.rank !== 0) {
        throw invalidArgument(
          `Concat dim tensor should be a scalar integer, but got shape ${shapeString(concatDim.shape)}`,
        );
      }
      const shapes: NDArray[] = [];
      for (let i = 1; i < ctx.numInputs; i++) {
        const s = inputArray(ctx, i);
        // TF numbers these from the node's first input, the concat dim.
        if (s.rank !== 1) {
          throw invalidArgument(
            `input ${i} should be a vector, but got shape ${shapeString(s.shape)}`,
          );
        }
        shapes.push(s);
      }
      const first = shapes[0] as NDArray;
      const dims = first.size;
      const cdim = intValues(concatDim)[0] as number;
      const axis = cdim < 0 ? cdim + dims : cdim;
      if (axis < 0 || axis >= dims) {
        throw invalidArgument(`Concat dim is out of range: ${cdim} vs. ${dims}`);
      }
      const firstDims = intValues(first);
      let offset = 0;
      shapes.forEach((s, i) => {
        if (s.size !== dims) {
          throw invalidArgument(`input ${i} should contain ${dims} elements, but got ${s.size}`);
        }
        const values = intValues(s);
        const out = new Array<number>(dims).fill(0);
        for (let j = 0; j < dims; j++) {
          if (j === axis) {
            out[j] = offset;
            offset += values[j] as number;
          } else if (values[j] !== firstDims[j]) {
            throw invalidArgument(
              `All dimensions except ${axis} must match. Input ${i} has shape ${summarizeValue(s, 10, true)} and doesn't match input 0 with shape ${summarizeValue(first, 10, true)}.`,
            );
          }
        }
        setOutputArray(ctx, i, intArray(attrs.shape_type, [dims], out));
      });
    },
});

export const invertPermutationCpu = defineKernel(ops.InvertPermutation, {
  deviceType: 'CPU',
  typeConstraints: { T: INDEX_32_64 },
  create:
    ({ attrs }) =>
    (ctx) => {
      const x = inputArray(ctx, 0);
      if (x.rank !== 1) throw invalidArgument('invert_permutation expects a 1D vector.');
      const perm = intValues(x);
      const n = perm.length;
      const out = new Array<number>(n).fill(-1);
      perm.forEach((d, i) => {
        if (d < 0 || d >= n) throw invalidArgument(`${d} is not between 0 and ${n}`);
        if (out[d] !== -1) throw invalidArgument(`${d} is duplicated in the input.`);
        out[d] = i;
      });
      setOutputArray(ctx, 0, intArray(attrs.T, [n], out));
    },
});
