import { defineKernel, ops, type KernelContext, type KernelDef } from '@tensorgraph/core';
import { UnimplementedError } from '@tensorgraph/errors';
import type { WindowParams } from '../addon.js';
import { F32 } from '../dtypes.js';
import { invalidArgument, shapeString, sizeOf, stridesOf } from '../shapes.js';
import { addr, input, launch } from './helpers.js';
import { explicitPair, layout, windowDim } from './window.js';

interface ConvAttrs {
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  readonly padding: string;
  readonly explicit_paddings: readonly number[];
  readonly data_format: string;
}

/** Geometry shared by Conv2D and DepthwiseConv2dNative; `channelsOut(c, filterOut)`. */
function convGeometry(
  ctx: KernelContext,
  attrs: ConvAttrs,
  depthwise: boolean,
): { params: WindowParams; outShape: number[] } {
  const x = input(ctx, 0);
  const f = input(ctx, 1);
  if (x.shape.length !== 4) {
    throw invalidArgument(`input must be 4-dimensional${shapeString(x.shape)}`);
  }
  if (f.shape.length !== 4) {
    throw invalidArgument(`filter must be 4-dimensional: ${shapeString(f.shape)}`);
  }
  const L = layout(attrs.data_format);
  const strides = attrs.strides;
  const dilations = attrs.dilations.length === 4 ? attrs.dilations : [1, 1, 1, 1];
  if (strides[L.n] !== 1 || strides[L.c] !== 1) {
    const message =
      'Current implementation does not yet support strides in the batch and depth dimensions.';
    // TF's depthwise kernel reports this as a bad argument, Conv2D as unimplemented.
    throw depthwise ? invalidArgument(message) : new UnimplementedError(null, null, message);
  }
  if (dilations[L.n] !== 1 || dilations[L.c] !== 1) {
    throw new UnimplementedError(
      null,
      null,
      'Current implementation does not yet support dilations in the batch and depth dimensions.',
    );
  }
  if (depthwise) {
    if (dilations.some((d) => d !== 1)) {
      throw new UnimplementedError(
        null,
        null,
        `Current kernel implementation does not support dilations, received [${dilations.join(' ')}]`,
      );
    }
    if (strides[L.h] !== strides[L.w]) {
      throw invalidArgument(
        'Current implementation only supports equal length strides in the row and column dimensions.',
      );
    }
  }
  const [n, h, w, c] = [L.n, L.h, L.w, L.c].map((i) => x.shape[i] as number) as [
    number,
    number,
    number,
    number,
  ];
  const [kh, kw, fc, fo] = f.shape as [number, number, number, number];
  let groups = 1;
  if (depthwise) {
    if (fc !== c) throw invalidArgument(`input and filter must have the same depth: ${c} vs ${fc}`);
  } else {
    if (fc <= 0) throw invalidArgument(`filter depth must be stricly positive, got ${fc}`);
    if (c % fc !== 0) {
      throw invalidArgument(`input depth must be evenly divisible by filter depth: ${c} vs ${fc}`);
    }
    groups = c / fc;
    if (fo % groups !== 0) {
      throw invalidArgument(
        `output depth must be evenly divisible by number of groups: ${fo} vs ${groups}`,
      );
    }
  }
  const sh = strides[L.h] as number;
  const sw = strides[L.w] as number;
  const dh = dilations[L.h] as number;
  const dw = dilations[L.w] as number;
  const rows = windowDim(h, kh, sh, dh, attrs.padding, explicitPair(attrs.explicit_paddings, L.h));
  const cols = windowDim(w, kw, sw, dw, attrs.padding, explicitPair(attrs.explicit_paddings, L.w));
  const channels = depthwise ? c * fo : fo;
  const outShape =
    attrs.data_format === 'NCHW'
      ? [n, channels, rows.out, cols.out]
      : [n, rows.out, cols.out, channels];
  const inS = stridesOf(x.shape);
  const outS = stridesOf(outShape);
  return {
    outShape,
    params: {
      n,
      h,
      w,
      c: fc,
      groups,
      kh,
      kw,
      oc: fo,
      oh: rows.out,
      ow: cols.out,
      strideH: sh,
      strideW: sw,
      dilationH: dh,
      dilationW: dw,
      padTop: rows.padBefore,
      padLeft: cols.padBefore,
      inStrides: [L.n, L.h, L.w, L.c].map((i) => inS[i] as number),
      outStrides: [L.n, L.h, L.w, L.c].map((i) => outS[i] as number),
    },
  };
}

/** Conv2D as an implicit GEMM: rows (n, oh, ow), columns out channels, K = (kh, kw, c). */
const conv2dGpu = defineKernel(ops.Conv2D, {
  deviceType: 'GPU',
  typeConstraints: { T: F32 },
  create:
    ({ attrs }) =>
    (ctx) => {
      const { params, outShape } = convGeometry(ctx, attrs, false);
      const y = ctx.allocateOutput(0, outShape);
      if (sizeOf(outShape) === 0) return;
      const x = input(ctx, 0);
      const f = input(ctx, 1);
      launch(ctx, (a, id) => a.conv2d(id, addr(x), addr(f), addr(y), params));
    },
});

const depthwiseGpu = defineKernel(ops.DepthwiseConv2dNative, {
  deviceType: 'GPU',
  typeConstraints: { T: F32 },
  create:
    ({ attrs }) =>
    (ctx) => {
      const { params, outShape } = convGeometry(ctx, attrs, true);
      const y = ctx.allocateOutput(0, outShape);
      if (sizeOf(outShape) === 0) return;
      const x = input(ctx, 0);
      const f = input(ctx, 1);
      launch(ctx, (a, id) => a.depthwiseConv2d(id, addr(x), addr(f), addr(y), params));
    },
});

interface PoolAttrs {
  readonly ksize: readonly number[];
  readonly strides: readonly number[];
  readonly padding: string;
  readonly data_format: string;
  readonly explicit_paddings?: readonly number[];
}

function poolKernel(isMax: boolean, attrs: PoolAttrs) {
  return (ctx: KernelContext) => {
    const x = input(ctx, 0);
    if (x.shape.length !== 4) {
      throw invalidArgument(`input must be 4-dimensional`);
    }
    const L = layout(attrs.data_format);
    const { ksize, strides } = attrs;
    if (ksize.some((k) => k <= 0)) {
      throw invalidArgument(
        isMax
          ? `Sliding window ksize must be positive. The specified or inferred ksize is: ${ksize.join(',')}`
          : `ksize must be a positive int32 value, got:${ksize.find((k) => k <= 0)}`,
      );
    }
    if (ksize[L.n] !== 1 || strides[L.n] !== 1) {
      throw new UnimplementedError(
        null,
        null,
        'Pooling is not yet supported on the batch dimension.',
      );
    }
    if (ksize[L.c] !== 1 || strides[L.c] !== 1) {
      // TF pools across depth on CPU only.
      throw new UnimplementedError(
        null,
        null,
        'Depthwise max pooling is currently only implemented for CPU devices.',
      );
    }
    const [n, h, w, c] = [L.n, L.h, L.w, L.c].map((i) => x.shape[i] as number) as [
      number,
      number,
      number,
      number,
    ];
    const kh = ksize[L.h] as number;
    const kw = ksize[L.w] as number;
    const sh = strides[L.h] as number;
    const sw = strides[L.w] as number;
    const paddings = attrs.explicit_paddings ?? [];
    if (attrs.padding === 'EXPLICIT') {
      const checks: [string, number, number][] = [
        ['Top', paddings[2 * L.h] ?? 0, ksize[L.h] as number],
        ['Bottom', paddings[2 * L.h + 1] ?? 0, ksize[L.h] as number],
        ['Left', paddings[2 * L.w] ?? 0, ksize[L.w] as number],
        ['Right', paddings[2 * L.w + 1] ?? 0, ksize[L.w] as number],
      ];
      for (const [side, pad, window] of checks) {
        if (pad >= window) {
          throw invalidArgument(
            `${side} padding ${pad} needs to be smaller than the window size ${window}`,
          );
        }
      }
    }
    const rows = windowDim(h, kh, sh, 1, attrs.padding, explicitPair(paddings, L.h));
    const cols = windowDim(w, kw, sw, 1, attrs.padding, explicitPair(paddings, L.w));
    const outShape =
      attrs.data_format === 'NCHW' ? [n, c, rows.out, cols.out] : [n, rows.out, cols.out, c];
    const y = ctx.allocateOutput(0, outShape);
    if (sizeOf(outShape) === 0) return;
    const inS = stridesOf(x.shape);
    const outS = stridesOf(outShape);
    const params: WindowParams = {
      n,
      h,
      w,
      c,
      kh,
      kw,
      oc: 1,
      oh: rows.out,
      ow: cols.out,
      strideH: sh,
      strideW: sw,
      dilationH: 1,
      dilationW: 1,
      padTop: rows.padBefore,
      padLeft: cols.padBefore,
      inStrides: [L.n, L.h, L.w, L.c].map((i) => inS[i] as number),
      outStrides: [L.n, L.h, L.w, L.c].map((i) => outS[i] as number),
    };
    launch(ctx, (a, id) => a.pool2d(id, isMax, addr(x), addr(y), params));
  };
}

const maxPoolGpu = defineKernel(ops.MaxPool, {
  deviceType: 'GPU',
  typeConstraints: { T: F32 },
  create: ({ attrs }) => poolKernel(true, attrs),
});

const avgPoolGpu = defineKernel(ops.AvgPool, {
  deviceType: 'GPU',
  typeConstraints: { T: F32 },
  create: ({ attrs }) => poolKernel(false, attrs),
});

export const CONV_KERNELS: readonly KernelDef[] = [conv2dGpu, depthwiseGpu, maxPoolGpu, avgPoolGpu];
