import { defineKernel, ops, type DType, type KernelDef, type NDArray } from '@tensorgraph/core';
import { sizeOf } from '../gpu-storage.js';
import {
  coords,
  f32,
  gpuInput,
  hostValue,
  ints,
  invalid,
  runFlat,
  shapeString,
  withHost,
} from './program.js';

/** ResizeBilinear (NHWC, float32): TF's scale, half-pixel or legacy sampling, two lerps. */
const resizeBilinear = defineKernel(ops.ResizeBilinear, {
  deviceType: 'WEBGPU',
  typeConstraints: { T: ['float32'] },
  hostMemory: ['size'],
  create:
    ({ attrs, inputDTypes }) =>
    (ctx) => {
      const x = gpuInput(ctx, 0);
      return withHost([hostValue(ctx, 1, inputDTypes[1] as DType)], ([s]) => {
        const size = s as NDArray;
        if (attrs.half_pixel_centers && attrs.align_corners) {
          throw invalid('If half_pixel_centers is True, align_corners must be False.');
        }
        if (x.shape.length !== 4)
          throw invalid(`input must be 4-dimensional${shapeString(x.shape)}`);
        if (size.shape.length !== 1)
          throw invalid(`shape_t must be 1-dimensional${shapeString(size.shape)}`);
        if (size.size !== 2)
          throw invalid(`shape_t must have two elements${shapeString(size.shape)}`);
        const [N, H, W, C] = x.shape as [number, number, number, number];
        const [oh, ow] = ints(size) as [number, number];
        if (C === 0) throw invalid('image must have at least one channel');
        if (H === 0 || W === 0) throw invalid('input image must be of non-zero size');
        if (oh <= 0 || ow <= 0) throw invalid('output dimensions must be positive');
        const scale = (inp: number, o: number) =>
          Math.fround(attrs.align_corners && o > 1 ? (inp - 1) / (o - 1) : inp / o);
        const sy = f32(scale(H, oh));
        const sx = f32(scale(W, ow));
        const src = (c: string, s: string) =>
          attrs.half_pixel_centers ? `(f32(${c}) + 0.5) * ${s} - 0.5` : `f32(${c}) * ${s}`;
        const outShape = [N, oh, ow, C];
        const out = ctx.allocateOutput(0, outShape);
        const n = sizeOf(outShape);
        const body = `${coords(outShape, 'idx', 'o')}
  let fy = ${src('o1', sy)};
  let fx = ${src('o2', sx)};
  let y0 = u32(max(floor(fy), 0.0));
  let y1 = u32(min(ceil(fy), ${H - 1}.0));
  let x0 = u32(max(floor(fx), 0.0));
  let x1 = u32(min(ceil(fx), ${W - 1}.0));
  let ly = fy - floor(fy);
  let lx = fx - floor(fx);
  let b = o0 * ${H * W * C}u + o3;
  let tl = in0[b + (y0 * ${W}u + x0) * ${C}u];
  let tr = in0[b + (y0 * ${W}u + x1) * ${C}u];
  let bl = in0[b + (y1 * ${W}u + x0) * ${C}u];
  let br = in0[b + (y1 * ${W}u + x1) * ${C}u];
  let top = tl + (tr - tl) * lx;
  let bottom = bl + (br - bl) * lx;
  out0[idx] = top + (bottom - top) * ly;`;
        return runFlat(ctx, [x], [out], n, body);
      });
    },
});

export const RESIZE_KERNELS: readonly KernelDef[] = [resizeBilinear as KernelDef];
