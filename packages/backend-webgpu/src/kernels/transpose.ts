import {
  defineKernel,
  ops,
  type DType,
  type DeviceTensor,
  type KernelContext,
  type KernelDef,
} from '@tensorgraph/core';
import { sizeOf } from '../gpu-storage.js';
import {
  coords,
  dot,
  gpuInput,
  hostValue,
  ints,
  invalid,
  runFlat,
  shapeString,
  stridesOf,
  withHost,
} from './program.js';

/** Encodes out = transpose(x, perm). */
export function encodeTranspose(
  ctx: KernelContext,
  x: DeviceTensor,
  perm: readonly number[],
  out: DeviceTensor,
): void | Promise<void> {
  const n = sizeOf(out.shape);
  if (n === 0) return;
  const inStrides = stridesOf(x.shape);
  const body = `${coords(out.shape, 'idx', 'c')}\n  out0[idx] = in0[${dot(
    'c',
    perm.map((p) => inStrides[p] as number),
  )}];`;
  return runFlat(ctx, [x], [out], n, body);
}

const transpose = defineKernel(ops.Transpose, {
  deviceType: 'WEBGPU',
  typeConstraints: { T: ['float32', 'int32', 'bool'] },
  hostMemory: ['perm'],
  create:
    ({ inputDTypes }) =>
    (ctx) => {
      const x = gpuInput(ctx, 0);
      return withHost([hostValue(ctx, 1, inputDTypes[1] as DType)], ([permArr]) => {
        const p = permArr as NonNullable<typeof permArr>;
        if (p.shape.length !== 1)
          throw invalid(`perm must be rank 1, got shape ${shapeString(p.shape)}`);
        const rank = x.shape.length;
        // Negative entries count from the end, as TF's transpose allows.
        const perm = ints(p).map((d) => (d < 0 ? d + rank : d));
        if (perm.length !== rank) {
          throw invalid(
            `transpose expects a vector of size ${rank}. But input(1) is a vector of size ${perm.length}`,
          );
        }
        const seen = new Array<boolean>(rank).fill(false);
        for (const d of perm) {
          if (d < 0 || d >= rank) throw invalid(`${d} is out of range [0 .. ${rank})`);
          seen[d] = true;
        }
        const missing = seen.findIndex((s) => !s);
        if (missing >= 0) throw invalid(`${missing} is missing from {${perm.join(',')}}.`);
        const out = ctx.allocateOutput(
          0,
          perm.map((d) => x.shape[d] as number),
        );
        return encodeTranspose(ctx, x, perm, out);
      });
    },
});

export const TRANSPOSE_KERNELS: readonly KernelDef[] = [transpose as KernelDef];
