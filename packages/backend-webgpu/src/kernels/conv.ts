import { UnimplementedError } from '@tensorgraph/errors';
import { defineKernel, ops, type KernelDef } from '@tensorgraph/core';
import { sizeOf } from '../gpu-storage.js';
import {
  bindings,
  coords,
  flatGroups,
  flatMain,
  gpuInput,
  invalid,
  runProgram,
  shapeString,
} from './program.js';
import { MATH_PRELUDE } from './wgsl-math.js';
import { windowDim } from './window.js';

function unimplemented(message: string): UnimplementedError {
  return new UnimplementedError(null, null, message);
}

/**
 * Direct convolution, NHWC: one thread per output element sums its window over the input
 * channels of its group (grouped convolution when input depth is a multiple of the
 * filter's). Depthwise is the case of one input channel per group with a multiplier.
 */
function convCode(p: {
  inShape: readonly number[];
  outShape: readonly number[];
  kh: number;
  kw: number;
  fd: number;
  strides: [number, number];
  dil: [number, number];
  pad: [number, number];
  /** Output channels per group, and whether the filter is depthwise [kh,kw,in,mult]. */
  perGroup: number;
  depthwise: boolean;
}): string {
  const [, H, W, C] = p.inShape as [number, number, number, number];
  const OC = p.outShape[3] as number;
  const filterIndex = p.depthwise
    ? `((ky * ${p.kw}u + kx) * ${C}u + g) * ${p.perGroup}u + (oc % ${p.perGroup}u)`
    : `((ky * ${p.kw}u + kx) * ${p.fd}u + ic) * ${OC}u + oc`;
  const inChannel = p.depthwise ? 'g' : `g * ${p.fd}u + ic`;
  const body = `${coords(p.outShape, 'idx', 'o')}
  let oc = o3;
  let g = oc / ${p.perGroup}u;
  var acc = 0.0;
  for (var ky = 0u; ky < ${p.kh}u; ky++) {
    let iy = i32(o1 * ${p.strides[0]}u + ky * ${p.dil[0]}u) - ${p.pad[0]};
    if (iy < 0 || iy >= ${H}) { continue; }
    for (var kx = 0u; kx < ${p.kw}u; kx++) {
      let ix = i32(o2 * ${p.strides[1]}u + kx * ${p.dil[1]}u) - ${p.pad[1]};
      if (ix < 0 || ix >= ${W}) { continue; }
      let base = ((o0 * ${H}u + u32(iy)) * ${W}u + u32(ix)) * ${C}u;
      for (var ic = 0u; ic < ${p.depthwise ? 1 : p.fd}u; ic++) {
        acc = acc + ftz(in0[base + ${inChannel}]) * ftz(in1[${filterIndex}]);
      }
    }
  }
  out0[idx] = ftz(acc);`;
  return `${bindings(['float32', 'float32'], ['float32'])}\n${MATH_PRELUDE}\n${flatMain(sizeOf(p.outShape), body)}`;
}

const conv2d = defineKernel(ops.Conv2D, {
  deviceType: 'WEBGPU',
  typeConstraints: { T: ['float32'] },
  create:
    ({ attrs }) =>
    (ctx) => {
      if (attrs.data_format !== 'NHWC') {
        throw unimplemented(
          `The Conv2D op currently only supports the NHWC tensor format on the CPU. The op was given the format: ${attrs.data_format}`,
        );
      }
      const s = attrs.strides;
      const d = attrs.dilations;
      if (s[0] !== 1 || s[3] !== 1) {
        throw unimplemented(
          'Current implementation does not yet support strides in the batch and depth dimensions.',
        );
      }
      if (d[0] !== 1 || d[3] !== 1) {
        throw unimplemented(
          'Current implementation does not yet support dilations in the batch and depth dimensions.',
        );
      }
      const x = gpuInput(ctx, 0);
      const f = gpuInput(ctx, 1);
      if (x.shape.length !== 4)
        throw invalid(`convolution input must be 4-dimensional: ${shapeString(x.shape)}`);
      if (f.shape.length !== 4)
        throw invalid(`convolution filter must be 4-dimensional: ${shapeString(f.shape)}`);
      const [N, H, W, C] = x.shape as [number, number, number, number];
      const [kh, kw, fd, OC] = f.shape as [number, number, number, number];
      if (fd === 0) throw invalid(`filter depth must be stricly positive, got ${fd}`);
      if (C % fd !== 0)
        throw invalid(`input depth must be evenly divisible by filter depth: ${C} vs ${fd}`);
      const groups = C / fd;
      if (OC % groups !== 0) {
        throw invalid(
          `output depth must be evenly divisible by number of groups: ${OC} vs ${groups}`,
        );
      }
      const ep = attrs.explicit_paddings;
      const rows = windowDim(H, kh, s[1] as number, d[1] as number, attrs.padding, [
        ep[2] ?? 0,
        ep[3] ?? 0,
      ]);
      const cols = windowDim(W, kw, s[2] as number, d[2] as number, attrs.padding, [
        ep[4] ?? 0,
        ep[5] ?? 0,
      ]);
      const outShape = [N, rows.out, cols.out, OC];
      const out = ctx.allocateOutput(0, outShape);
      const n = sizeOf(outShape);
      if (n === 0) return;
      const code = convCode({
        inShape: x.shape,
        outShape,
        kh,
        kw,
        fd,
        strides: [s[1] as number, s[2] as number],
        dil: [d[1] as number, d[2] as number],
        pad: [rows.before, cols.before],
        perGroup: OC / groups,
        depthwise: false,
      });
      return runProgram(ctx, code, [x, f], [out], flatGroups(n));
    },
});

const depthwise = defineKernel(ops.DepthwiseConv2dNative, {
  deviceType: 'WEBGPU',
  typeConstraints: { T: ['float32'] },
  create:
    ({ attrs }) =>
    (ctx) => {
      const s = attrs.strides;
      const d = attrs.dilations;
      if (attrs.data_format !== 'NHWC') {
        throw unimplemented('Depthwise convolution on CPU is only supported for NHWC format');
      }
      if (s[0] !== 1 || s[3] !== 1) {
        throw invalid(
          'Current implementation does not yet support strides in the batch and depth dimensions.',
        );
      }
      if (s[1] !== s[2]) {
        throw invalid(
          'Current implementation only supports equal length strides in the row and column dimensions.',
        );
      }
      if (d.some((v) => v !== 1)) {
        throw unimplemented(
          `Current kernel implementation does not support dilations, received [${d.join(' ')}]`,
        );
      }
      const x = gpuInput(ctx, 0);
      const f = gpuInput(ctx, 1);
      if (x.shape.length !== 4) throw invalid(`input must be 4-dimensional${shapeString(x.shape)}`);
      if (f.shape.length !== 4)
        throw invalid(`filter must be 4-dimensional: ${shapeString(f.shape)}`);
      const [N, H, W, C] = x.shape as [number, number, number, number];
      const [kh, kw, fc, mult] = f.shape as [number, number, number, number];
      if (fc !== C) throw invalid(`input and filter must have the same depth: ${C} vs ${fc}`);
      const ep = attrs.explicit_paddings;
      const rows = windowDim(H, kh, s[1] as number, 1, attrs.padding, [ep[2] ?? 0, ep[3] ?? 0]);
      const cols = windowDim(W, kw, s[2] as number, 1, attrs.padding, [ep[4] ?? 0, ep[5] ?? 0]);
      const outShape = [N, rows.out, cols.out, C * mult];
      const out = ctx.allocateOutput(0, outShape);
      const n = sizeOf(outShape);
      if (n === 0) return;
      const code = convCode({
        inShape: x.shape,
        outShape,
        kh,
        kw,
        fd: 1,
        strides: [s[1] as number, s[2] as number],
        dil: [1, 1],
        pad: [rows.before, cols.before],
        perGroup: mult,
        depthwise: true,
      });
      return runProgram(ctx, code, [x, f], [out], flatGroups(n));
    },
});

export const CONV_KERNELS: readonly KernelDef[] = [conv2d as KernelDef, depthwise as KernelDef];
