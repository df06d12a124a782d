import { defineKernel, ops, type DType, type KernelDef } from '@tensorgraph/core';
import { elementwise } from './broadcast.js';
import { gpuInput } from './program.js';

/** WGSL converting `x` from one GPU dtype to another, as C++ static_cast does on x86. */
function convert(from: DType, to: DType, x: string): string {
  if (from === to) return x;
  if (to === 'bool')
    return from === 'float32' ? `select(1u, 0u, ftz(${x}) == 0.0)` : `select(1u, 0u, ${x} == 0)`;
  if (from === 'bool') return to === 'float32' ? `f32(${x})` : `i32(${x})`;
  if (to === 'float32') return `f32(${x})`;
  // float -> int32: truncation; NaN and out-of-range give INT_MIN as cvttss2si does.
  return `select(i32(-2147483648), i32(${x}), ${x} > -2147483904.0 && ${x} < 2147483648.0)`;
}

const cast = defineKernel(ops.Cast, {
  deviceType: 'WEBGPU',
  typeConstraints: { SrcT: ['float32', 'int32', 'bool'], DstT: ['float32', 'int32', 'bool'] },
  create:
    ({ attrs }) =>
    (ctx) => {
      const x = gpuInput(ctx, 0);
      return elementwise(
        ctx,
        [x],
        x.shape,
        attrs.DstT,
        ([v]) => convert(attrs.SrcT, attrs.DstT, v as string),
        false,
      );
    },
});

export const CAST_KERNELS: readonly KernelDef[] = [cast as KernelDef];
