import { defineKernel, ops, type DType, type KernelDef } from '@tensorgraph/core';
import { sizeOf } from '../gpu-storage.js';
import { gpuInput, hostValue, ints, invalid, runFlat, shapeString, withHost } from './program.js';

/** ConcatV2: one copy dispatch per input into its slab of the output. */
const concatV2 = defineKernel(ops.ConcatV2, {
  deviceType: 'WEBGPU',
  typeConstraints: { T: ['float32', 'int32', 'bool'] },
  hostMemory: ['axis'],
  create:
    ({ inputDTypes }) =>
    (ctx) => {
      const n = ctx.numInputs - 1;
      const values = Array.from({ length: n }, (_, i) => gpuInput(ctx, i));
      return withHost([hostValue(ctx, n, inputDTypes[n] as DType)], async ([axisArr]) => {
        const a = axisArr as NonNullable<typeof axisArr>;
        if (a.shape.length > 1 || a.size !== 1) {
          throw invalid(
            `axis tensor should be a scalar integer, but got shape ${shapeString(a.shape)}`,
          );
        }
        const first = values[0] as (typeof values)[0];
        const rank = first.shape.length;
        const raw = ints(a)[0] as number;
        if (rank === 0)
          throw invalid(`ConcatOp : Can't concatenate scalars (use tf.stack instead)`);
        if (raw < -rank || raw >= rank) {
          throw invalid(
            `ConcatOp : Expected concatenating dimensions in the range [${-rank}, ${rank}), but got ${raw}`,
          );
        }
        const axis = raw < 0 ? raw + rank : raw;
        let total = 0;
        values.forEach((v, i) => {
          if (v.shape.length !== rank) {
            throw invalid(
              `ConcatOp : Ranks of all input tensors should match: shape[0] = ${shapeString(first.shape)} vs. shape[${i}] = ${shapeString(v.shape)}`,
            );
          }
          v.shape.forEach((d, k) => {
            if (k !== axis && d !== first.shape[k]) {
              throw invalid(
                `ConcatOp : Dimension ${k} in both shapes must be equal: shape[0] = ${shapeString(first.shape)} vs. shape[${i}] = ${shapeString(v.shape)}`,
              );
            }
          });
          total += v.shape[axis] as number;
        });
        const outShape = first.shape.map((d, k) => (k === axis ? total : d));
        const out = ctx.allocateOutput(0, outShape);
        const inner = sizeOf(first.shape.slice(axis + 1));
        let offset = 0;
        for (const v of values) {
          const size = sizeOf(v.shape);
          const ai = v.shape[axis] as number;
          if (size > 0) {
            const body = `  let o = idx / ${ai * inner}u;
  let rest = idx % ${ai * inner}u;
  out0[o * ${total * inner}u + ${offset * inner}u + rest] = in0[idx];`;
            await runFlat(ctx, [v], [out], size, body);
          }
          offset += ai;
        }
      });
    },
});

export const CONCAT_KERNELS: readonly KernelDef[] = [concatV2 as KernelDef];
