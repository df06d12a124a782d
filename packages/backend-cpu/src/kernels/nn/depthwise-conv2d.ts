import { InvalidArgumentError, UnimplementedError } from '@tensorgraph/errors';
import type { NDArray } from '@tensorgraph/core';
import { defineKernel, ops, type DType } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import {
  depthwiseBackpropFilter,
  depthwiseBackpropInput,
  depthwiseForward,
  type ConvGeometry,
} from './conv-core.js';
import { checkExplicitPaddings } from './conv2d.js';
import {
  narrowRound,
  readInts,
  readReals,
  realsToArray,
  shapeString,
  sizeOf,
  wasmWindow,
  windowedOutputSize,
  type Padding,
} from './nn-util.js';
import { wasmOf } from '../../wasm/context.js';
import { depthwiseF32 } from '../../wasm/f32-kernels.js';

const TYPES: readonly DType[] = ['float16', 'bfloat16', 'float32', 'float64'];
const ia = (m: string) => new InvalidArgumentError(null, null, m);
const NHWC_ONLY = 'Depthwise convolution on CPU is only supported for NHWC format';

interface DepthwiseAttrs {
  readonly strides: readonly number[];
  readonly padding: string;
  readonly explicit_paddings: readonly number[];
  readonly data_format: string;
}

/** The construction checks TF's depthwise kernels share: one stride for rows and columns. */
function depthwiseStride(attrs: DepthwiseAttrs): number {
  const { strides, data_format: format } = attrs;
  if (strides.length !== 4) throw ia('Sliding window strides field must specify 4 dimensions');
  const nchw = format === 'NCHW';
  const [sN, sC, sH, sW] = nchw
    ? [strides[0], strides[1], strides[2], strides[3]]
    : [strides[0], strides[3], strides[1], strides[2]];
  if (sN !== 1 || sC !== 1) {
    throw ia(
      'Current implementation does not yet support strides in the batch and depth dimensions.',
    );
  }
  if (sH !== sW) {
    throw ia(
      'Current implementation only supports equal length strides in the row and column dimensions.',
    );
  }
  checkExplicitPaddings(attrs.padding, attrs.explicit_paddings, format);
  return sH as number;
}

function layout(format: string): { h: number; w: number; c: number } {
  return format === 'NCHW' ? { c: 1, h: 2, w: 3 } : { h: 1, w: 2, c: 3 };
}

function pads(attrs: DepthwiseAttrs, dim: number): [number, number] {
  return [attrs.explicit_paddings[2 * dim] ?? 0, attrs.explicit_paddings[2 * dim + 1] ?? 0];
}

export const depthwiseConv2dNativeCpu = defineKernel(ops.DepthwiseConv2dNative, {
  deviceType: 'CPU',
  typeConstraints: { T: TYPES },
  create: ({ attrs }) => {
    const stride = depthwiseStride(attrs);
    if (attrs.dilations.some((d) => d !== 1)) {
      throw new UnimplementedError(
        null,
        null,
        `Current kernel implementation does not support dilations, received [${attrs.dilations.join(' ')}]`,
      );
    }
    const padding = attrs.padding as Padding;
    const L = layout(attrs.data_format);
    return (ctx) => {
      const input = inputArray(ctx, 0);
      const filter = inputArray(ctx, 1);
      if (input.rank !== 4) throw ia(`input must be 4-dimensional${shapeString(input.shape)}`);
      if (filter.rank !== 4) throw ia(`filter must be 4-dimensional: ${shapeString(filter.shape)}`);
      const inDepth = input.shape[L.c] as number;
      const [fRows, fCols, fDepth, mult] = filter.shape as [number, number, number, number];
      if (inDepth !== fDepth) {
        throw ia(`input and filter must have the same depth: ${inDepth} vs ${fDepth}`);
      }
      const batch = input.shape[0] as number;
      const inRows = input.shape[L.h] as number;
      const inCols = input.shape[L.w] as number;
      const rows = windowedOutputSize(inRows, fRows, 1, stride, padding, ...pads(attrs, L.h));
      const cols = windowedOutputSize(inCols, fCols, 1, stride, padding, ...pads(attrs, L.w));
      const outDepth = inDepth * mult;
      const outShape =
        attrs.data_format === 'NCHW'
          ? [batch, outDepth, rows.outSize, cols.outSize]
          : [batch, rows.outSize, cols.outSize, outDepth];
      if (sizeOf(outShape) === 0) {
        setOutputArray(ctx, 0, realsToArray(input.dtype, outShape, []));
        return;
      }
      if (attrs.data_format !== 'NHWC') throw new UnimplementedError(null, null, NHWC_ONLY);
      const g = geometry(
        batch,
        inRows,
        inCols,
        inDepth,
        fRows,
        fCols,
        outDepth,
        rows,
        cols,
        stride,
      );
      const wasm = input.dtype === 'float32' && mult === 1 ? wasmOf(ctx) : null;
      if (wasm !== null) {
        const shape = wasmWindow(
          { batch, inRows, inCols, inDepth, fRows, fCols, outDepth },
          rows,
          cols,
          [stride, stride],
          [1, 1],
        );
        const f32 = (a: NDArray) => a.data as Float32Array;
        // Written into the step's own output tensor, so a following op can reuse it.
        const into = f32(ctx.allocateOutput(0, outShape).handle as NDArray);
        depthwiseF32(wasm.rt, f32(input), f32(filter), shape, wasm.threads, into);
        return;
      }
      const out = depthwiseForward(
        readReals(input),
        readReals(filter),
        g,
        narrowRound(input.dtype),
      );
      setOutputArray(ctx, 0, realsToArray(input.dtype, outShape, out));
    };
  },
});

function geometry(
  batch: number,
  inRows: number,
  inCols: number,
  inDepth: number,
  fRows: number,
  fCols: number,
  outDepth: number,
  rows: { outSize: number; padBefore: number },
  cols: { outSize: number; padBefore: number },
  stride: number,
): ConvGeometry {
  return {
    batch,
    inSize: [1, inRows, inCols],
    inDepth,
    filterSize: [1, fRows, fCols],
    filterDepth: 1,
    outDepth,
    outSize: [1, rows.outSize, cols.outSize],
    strides: [1, stride, stride],
    dilations: [1, 1, 1],
    padBefore: [0, rows.padBefore, cols.padBefore],
  };
}

/**
 * TF's EXTRACT_AND_VERIFY_DIMENSIONS of the depthwise gradients. TF's CPU gradients ignore
 * the `dilations` attr entirely (they compute the undilated gradient), and so do these.
 */
function backpropGeometry(
  label: string,
  attrs: DepthwiseAttrs,
  stride: number,
  inputShape: readonly number[],
  filterShape: readonly number[],
  dy: NDArray,
): ConvGeometry {
  if (inputShape.length !== 4) throw ia(`${label}: input must be 4-dimensional`);
  if (filterShape.length !== 4) throw ia(`${label}: filter must be 4-dimensional`);
  if (dy.rank !== 4) throw ia(`${label}: out_backprop must be 4-dimensional`);
  const L = layout(attrs.data_format);
  const batch = inputShape[0] as number;
  if (batch !== dy.shape[0]) {
    throw ia(`${label}: input and out_backprop must have the same batch size`);
  }
  const inRows = inputShape[L.h] as number;
  const inCols = inputShape[L.w] as number;
  const [fRows, fCols, fDepth, mult] = filterShape as [number, number, number, number];
  const outRows = dy.shape[L.h] as number;
  const outCols = dy.shape[L.w] as number;
  const inDepth = inputShape[L.c] as number;
  if (inDepth !== fDepth) throw ia(`${label}: input and filter must have the same in_depth`);
  if (mult * inDepth !== dy.shape[L.c]) {
    throw ia(`${label}: depth_multiplier * in_depth not equal to out_depth`);
  }
  const padding = attrs.padding as Padding;
  const rows = windowedOutputSize(inRows, fRows, 1, stride, padding, ...pads(attrs, L.h));
  const cols = windowedOutputSize(inCols, fCols, 1, stride, padding, ...pads(attrs, L.w));
  if (outRows !== rows.outSize) {
    throw ia(
      `${label}: Number of rows of out_backprop doesn't match computed: actual = ${outRows}, computed = ${rows.outSize}`,
    );
  }
  if (outCols !== cols.outSize) {
    throw ia(
      `${label}: Number of cols of out_backprop doesn't match computed: actual = ${outCols}, computed = ${cols.outSize}`,
    );
  }
  return geometry(batch, inRows, inCols, inDepth, fRows, fCols, inDepth * mult, rows, cols, stride);
}

function sizesFrom(sizes: NDArray, what: 'input_sizes' | 'filter_sizes', op: string): number[] {
  if (sizes.rank !== 1) throw ia(`${op}: ${what} input must be 1-dim, not ${sizes.rank}`);
  const v = readInts(sizes);
  v.forEach((d, i) => {
    if (d < 0) throw ia(`Dimension ${i} of ${what} must be >= 0`);
  });
  return v;
}

export const depthwiseConv2dNativeBackpropInputCpu = defineKernel(
  ops.DepthwiseConv2dNativeBackpropInput,
  {
    deviceType: 'CPU',
    typeConstraints: { T: TYPES },
    create: ({ attrs }) => {
      const stride = depthwiseStride(attrs);
      return (ctx) => {
        const sizes = inputArray(ctx, 0);
        const filter = inputArray(ctx, 1);
        const dy = inputArray(ctx, 2);
        const inShape = sizesFrom(sizes, 'input_sizes', 'Conv2DBackpropInput');
        const label = 'DepthwiseConv2DBackpropInput';
        const g = backpropGeometry(label, attrs, stride, inShape, filter.shape, dy);
        if (sizeOf(inShape) === 0) {
          setOutputArray(ctx, 0, realsToArray(dy.dtype, inShape, []));
          return;
        }
        if (attrs.data_format !== 'NHWC') throw new UnimplementedError(null, null, NHWC_ONLY);
        const dx = depthwiseBackpropInput(
          readReals(dy),
          readReals(filter),
          g,
          narrowRound(dy.dtype),
        );
        setOutputArray(ctx, 0, realsToArray(dy.dtype, inShape, dx));
      };
    },
  },
);

export const depthwiseConv2dNativeBackpropFilterCpu = defineKernel(
  ops.DepthwiseConv2dNativeBackpropFilter,
  {
    deviceType: 'CPU',
    typeConstraints: { T: TYPES },
    create: ({ attrs }) => {
      const stride = depthwiseStride(attrs);
      return (ctx) => {
        const input = inputArray(ctx, 0);
        const sizes = inputArray(ctx, 1);
        const dy = inputArray(ctx, 2);
        const fShape = sizesFrom(sizes, 'filter_sizes', 'Conv2DBackpropFilter');
        const label = 'DepthwiseConv2DBackpropFilter';
        const g = backpropGeometry(label, attrs, stride, input.shape, fShape, dy);
        if (sizeOf(fShape) === 0) {
          setOutputArray(ctx, 0, realsToArray(input.dtype, fShape, []));
          return;
        }
        if (attrs.data_format !== 'NHWC') throw new UnimplementedError(null, null, NHWC_ONLY);
        const df = depthwiseBackpropFilter(
          readReals(input),
          readReals(dy),
          g,
          narrowRound(input.dtype),
        );
        setOutputArray(ctx, 0, realsToArray(input.dtype, fShape, df));
      };
    },
  },
);
