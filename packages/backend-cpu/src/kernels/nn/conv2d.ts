import { InvalidArgumentError, UnimplementedError } from '@tensorgraph/errors';
import { defineKernel, NDArray, ops, type DType } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import {
  convBackpropFilter,
  convBackpropInput,
  convBackpropInputInt,
  convForward,
  convForwardInt,
  type ConvGeometry,
} from './conv-core.js';
import {
  readInts,
  narrowRound,
  readReals,
  realsToArray,
  shapeString,
  sizeOf,
  wasmWindow,
  windowedOutputSize,
  type Padding,
} from './nn-util.js';
import { wasmOf } from '../../wasm/context.js';
import { conv2dF32 } from '../../wasm/f32-kernels.js';

const CONV_TYPES: readonly DType[] = ['float16', 'bfloat16', 'float32', 'float64', 'int32'];
const CONV_FLOAT_TYPES: readonly DType[] = ['float16', 'bfloat16', 'float32', 'float64'];

const ia = (m: string) => new InvalidArgumentError(null, null, m);
const unimplemented = (m: string) => new UnimplementedError(null, null, m);

/** Index of dims N, H, W, C in a 4-D layout. */
function layout4(format: string): { n: number; h: number; w: number; c: number } {
  return format === 'NCHW' ? { n: 0, c: 1, h: 2, w: 3 } : { n: 0, h: 1, w: 2, c: 3 };
}

/** TF's `CheckValidPadding` for 4-D ops. */
export function checkExplicitPaddings(
  padding: string,
  explicit: readonly number[],
  format: string,
): void {
  if (padding === 'EXPLICIT') {
    if (explicit.length !== 8) {
      throw ia(`explicit_paddings attribute must contain 8 values, but got: ${explicit.length}`);
    }
    if (explicit.some((p) => p < 0)) {
      throw ia(`All elements of explicit_paddings must be nonnegative`);
    }
    const { n, c } = layout4(format);
    if (
      explicit[2 * n] !== 0 ||
      explicit[2 * n + 1] !== 0 ||
      explicit[2 * c] !== 0 ||
      explicit[2 * c + 1] !== 0
    ) {
      throw ia(`Nonzero explicit padding in the batch or depth dimensions is not supported`);
    }
  } else if (explicit.length !== 0) {
    throw ia(`explicit_paddings attribute must be empty if the padding attribute is not EXPLICIT`);
  }
}

/** Explicit padding of spatial dim `dim` (index in the 4-D layout), before and after. */
function explicitPad(explicit: readonly number[], dim: number): [number, number] {
  return [explicit[2 * dim] ?? 0, explicit[2 * dim + 1] ?? 0];
}

/** A 2-D geometry (NHWC) for the shared convolution loops. */
function geometry2d(
  batch: number,
  inRows: number,
  inCols: number,
  inDepth: number,
  fRows: number,
  fCols: number,
  filterDepth: number,
  outDepth: number,
  rows: { outSize: number; padBefore: number },
  cols: { outSize: number; padBefore: number },
  strides: readonly [number, number],
  dilations: readonly [number, number],
): ConvGeometry {
  return {
    batch,
    inSize: [1, inRows, inCols],
    inDepth,
    filterSize: [1, fRows, fCols],
    filterDepth,
    outDepth,
    outSize: [1, rows.outSize, cols.outSize],
    strides: [1, strides[0], strides[1]],
    dilations: [1, dilations[0], dilations[1]],
    padBefore: [0, rows.padBefore, cols.padBefore],
  };
}

/** Conv2D (NHWC on CPU, as TF), grouped when the filter sees a fraction of the input depth. */
export const conv2dCpu = defineKernel(ops.Conv2D, {
  deviceType: 'CPU',
  typeConstraints: { T: CONV_TYPES },
  create: ({ attrs }) => {
    const { strides, dilations, data_format: format, explicit_paddings: explicit } = attrs;
    const padding = attrs.padding as Padding;
    if (dilations.length !== 4) {
      throw ia('Sliding window dilations field must specify 4 dimensions');
    }
    if (strides.length !== 4) throw ia('Sliding window strides field must specify 4 dimensions');
    const L = layout4(format);
    const [sN, sC, sH, sW] = [strides[L.n], strides[L.c], strides[L.h], strides[L.w]] as number[];
    if (sN !== 1 || sC !== 1) {
      throw unimplemented(
        'Current implementation does not yet support strides in the batch and depth dimensions.',
      );
    }
    if (!(sH! > 0 && sW! > 0)) throw ia('Row and column strides should be larger than 0.');
    const [dN, dC, dH, dW] = [dilations[L.n], dilations[L.c], dilations[L.h], dilations[L.w]];
    if (dN !== 1 || dC !== 1) {
      throw unimplemented(
        'Current implementation does not yet support dilations in the batch and depth dimensions.',
      );
    }
    if (!(dH! > 0 && dW! > 0)) throw ia('Dilated rates should be larger than 0.');
    checkExplicitPaddings(padding, explicit, format);
    return (ctx) => {
      const input = inputArray(ctx, 0);
      const filter = inputArray(ctx, 1);
      if (input.rank !== 4) {
        throw ia(`convolution input must be 4-dimensional: ${shapeString(input.shape)}`);
      }
      if (filter.rank !== 4) {
        throw ia(`convolution filter must be 4-dimensional: ${shapeString(filter.shape)}`);
      }
      const [fRows, fCols, patchDepth, outDepth] = filter.shape as [number, number, number, number];
      const inDepth = input.shape[L.c] as number;
      if (patchDepth <= 0) throw ia(`filter depth must be stricly positive, got ${patchDepth}`);
      if (inDepth % patchDepth !== 0) {
        throw ia(
          `input depth must be evenly divisible by filter depth: ${inDepth} vs ${patchDepth}`,
        );
      }
      const groups = inDepth / patchDepth;
      if (outDepth % groups !== 0 || outDepth < groups) {
        throw ia(
          `output depth must be evenly divisible by number of groups: ${outDepth} vs ${groups}`,
        );
      }
      const batch = input.shape[L.n] as number;
      const inRows = input.shape[L.h] as number;
      const inCols = input.shape[L.w] as number;
      const rows = windowedOutputSize(
        inRows,
        fRows,
        dH!,
        sH!,
        padding,
        ...explicitPad(explicit, L.h),
      );
      const cols = windowedOutputSize(
        inCols,
        fCols,
        dW!,
        sW!,
        padding,
        ...explicitPad(explicit, L.w),
      );
      const outShape =
        format === 'NCHW'
          ? [batch, outDepth, rows.outSize, cols.outSize]
          : [batch, rows.outSize, cols.outSize, outDepth];
      if (sizeOf(outShape) === 0) {
        setOutputArray(ctx, 0, realsToArray(input.dtype, outShape, []));
        return;
      }
      if (format !== 'NHWC') {
        throw unimplemented(
          `The Conv2D op currently only supports the NHWC tensor format on the CPU. The op was given the format: ${format}`,
        );
      }
      const g = geometry2d(
        batch,
        inRows,
        inCols,
        inDepth,
        fRows,
        fCols,
        patchDepth,
        outDepth,
        rows,
        cols,
        [sH!, sW!],
        [dH!, dW!],
      );
      if (input.dtype === 'int32') {
        const out = convForwardInt(input.data as Int32Array, filter.data as Int32Array, g);
        setOutputArray(ctx, 0, new NDArray('int32', outShape, out));
        return;
      }
      const wasm = input.dtype === 'float32' && groups === 1 ? wasmOf(ctx) : null;
      if (wasm !== null) {
        const shape = wasmWindow(
          { batch, inRows, inCols, inDepth, fRows, fCols, outDepth },
          rows,
          cols,
          [sH!, sW!],
          [dH!, dW!],
        );
        const f32 = (a: NDArray) => a.data as Float32Array;
        // Written into the step's own output tensor, so a following op can reuse it.
        const into = f32(ctx.allocateOutput(0, outShape).handle as NDArray);
        conv2dF32(wasm.rt, f32(input), f32(filter), shape, wasm.threads, into);
        return;
      }
      const out = convForward(readReals(input), readReals(filter), g);
      setOutputArray(ctx, 0, realsToArray(input.dtype, outShape, out));
    };
  },
});

/** The construction-time checks of TF's custom CPU conv backprop kernels. */
function backpropAttrs(
  attrs: {
    readonly strides: readonly number[];
    readonly dilations: readonly number[];
    readonly padding: string;
    readonly explicit_paddings: readonly number[];
    readonly data_format: string;
  },
  kernelName: string,
  batchDepthError: (m: string) => Error,
): { strides: [number, number]; padding: Padding; explicit: readonly number[] } {
  const { strides, dilations, data_format: format, explicit_paddings: explicit } = attrs;
  if (format !== 'NHWC') throw ia(`${kernelName} only supports NHWC.`);
  if (strides.length !== 4) throw ia('Sliding window strides field must specify 4 dimensions');
  if (strides[0] !== 1 || strides[3] !== 1) {
    throw batchDepthError(
      'Current implementation does not yet support strides in the batch and depth dimensions.',
    );
  }
  if (dilations.length !== 4) {
    throw ia('Sliding window dilations field must specify 4 dimensions');
  }
  if (dilations[0] !== 1 || dilations[3] !== 1) {
    throw batchDepthError(
      'Current implementation does not yet support dilations in the batch and depth dimensions.',
    );
  }
  if (dilations[1] !== 1 || dilations[2] !== 1) {
    throw ia('Current CPU implementations do not yet support dilation rates larger than 1.');
  }
  checkExplicitPaddings(attrs.padding, explicit, format);
  return {
    strides: [strides[1] as number, strides[2] as number],
    padding: attrs.padding as Padding,
    explicit,
  };
}

interface BackpropDims {
  readonly g: ConvGeometry;
}

/** TF's `ConvBackpropComputeDimensionsV2` for NHWC 2-D convolutions with unit dilations. */
function backpropDimensions(
  label: string,
  inputShape: readonly number[],
  filterShape: readonly number[],
  outShape: readonly number[],
  strides: readonly [number, number],
  padding: Padding,
  explicit: readonly number[],
): BackpropDims {
  if (inputShape.length !== 4) throw ia(`${label}: input must be 4-dimensional`);
  if (filterShape.length !== 4) throw ia(`${label}: filter must be 4-dimensional`);
  if (outShape.length !== 4) throw ia(`${label}: out_backprop must be 4-dimensional`);
  const [batch, inRows, inCols, inDepth] = inputShape as [number, number, number, number];
  const [fRows, fCols, fDepth, outDepth] = filterShape as [number, number, number, number];
  if (batch !== outShape[0]) {
    throw ia(
      `${label}: input and out_backprop must have the same batch size. Input batch: ${batch}, outbackprop batch: ${outShape[0]}, batch_dim: 0`,
    );
  }
  if (fDepth <= 0) throw ia(`${label}: filter depth must be strictly greated than zero`);
  if (inDepth % fDepth !== 0) {
    throw ia(`${label}: input depth must be evenly divisible by filter depth`);
  }
  if (outDepth !== outShape[3]) {
    throw ia(`${label}: filter and out_backprop must have the same out_depth`);
  }
  const spatial = [
    [inRows, fRows, strides[0], 1],
    [inCols, fCols, strides[1], 2],
  ] as const;
  const windows = spatial.map(([inSize, fSize, stride, dim]) => {
    const w = windowedOutputSize(inSize, fSize, 1, stride, padding, ...explicitPad(explicit, dim));
    const actual = outShape[dim] as number;
    if (actual !== w.outSize) {
      throw ia(
        `${label}: Size of out_backprop doesn't match computed: actual = ${actual}, computed = ${w.outSize} spatial_dim: ${dim} input: ${inSize} filter: ${fSize} output: ${actual} stride: ${stride} dilation: 1`,
      );
    }
    return w;
  }) as [{ outSize: number; padBefore: number }, { outSize: number; padBefore: number }];
  return {
    g: geometry2d(
      batch,
      inRows,
      inCols,
      inDepth,
      fRows,
      fCols,
      fDepth,
      outDepth,
      windows[0],
      windows[1],
      strides,
      [1, 1],
    ),
  };
}

/** TF's `Conv2DBackpropComputeInputShape`: input_sizes is [N, H, W, C] or [H, W]. */
function backpropInputShape(
  sizes: NDArray,
  filterShape: readonly number[],
  outShape: readonly number[],
): number[] {
  if (sizes.rank !== 1) {
    throw ia(`Conv2DBackpropInput: input_sizes input must be 1-dim, not ${sizes.rank}`);
  }
  const v = readInts(sizes);
  if (v.length === 4) {
    v.forEach((d) => {
      if (d < 0) throw ia(`Dimension ${d} must be >= 0`);
    });
    return v;
  }
  if (v.length === 2) {
    const [h, w] = v as [number, number];
    if (h < 0 || w < 0) {
      throw ia(`Conv2DBackpropInput: elements of input_sizes must be >= 0, not ${h}x${w}`);
    }
    return [outShape[0] as number, h, w, filterShape[2] as number];
  }
  throw ia(
    `Conv2DBackpropInput requires input_sizes to contain 4 values or 2 values, but got: ${v.length}`,
  );
}

export const conv2dBackpropInputCpu = defineKernel(ops.Conv2DBackpropInput, {
  deviceType: 'CPU',
  typeConstraints: { T: CONV_TYPES },
  create: ({ attrs }) => {
    const { strides, padding, explicit } = backpropAttrs(
      attrs,
      'Conv2DCustomBackpropInputOp',
      unimplemented,
    );
    return (ctx) => {
      const sizes = inputArray(ctx, 0);
      const filter = inputArray(ctx, 1);
      const dy = inputArray(ctx, 2);
      if (dy.rank !== 4) throw ia(`input_sizes must be 4-dimensional, got: ${dy.rank}`);
      const inShape = backpropInputShape(sizes, filter.shape, dy.shape);
      const { g } = backpropDimensions(
        'Conv2DCustomBackpropInput',
        inShape,
        filter.shape,
        dy.shape,
        strides,
        padding,
        explicit,
      );
      if (g.inDepth !== filter.shape[2]) {
        throw ia(
          `Gradients for grouped convolutions are not supported on CPU. Please file a feature request if you run into this issue. Computed input depth ${g.inDepth} doesn't match filter input depth ${filter.shape[2]}`,
        );
      }
      if (dy.dtype === 'int32') {
        const dx = convBackpropInputInt(dy.data as Int32Array, filter.data as Int32Array, g);
        setOutputArray(ctx, 0, new NDArray('int32', inShape, dx));
        return;
      }
      const dx = convBackpropInput(readReals(dy), readReals(filter), g, narrowRound(dy.dtype));
      setOutputArray(ctx, 0, realsToArray(dy.dtype, inShape, dx));
    };
  },
});

export const conv2dBackpropFilterCpu = defineKernel(ops.Conv2DBackpropFilter, {
  deviceType: 'CPU',
  typeConstraints: { T: CONV_FLOAT_TYPES },
  create: ({ attrs }) => {
    const { strides, padding, explicit } = backpropAttrs(attrs, 'Conv2DCustomBackpropFilterOp', ia);
    return (ctx) => {
      const input = inputArray(ctx, 0);
      const sizes = inputArray(ctx, 1);
      const dy = inputArray(ctx, 2);
      if (sizes.rank !== 1) {
        throw ia(`Conv2DCustomBackpropFilter: filter_sizes input must be 1-dim, not ${sizes.rank}`);
      }
      const filterShape = readInts(sizes);
      filterShape.forEach((d) => {
        if (d < 0) throw ia(`Dimension ${d} must be >= 0`);
      });
      const { g } = backpropDimensions(
        'Conv2DCustomBackpropFilter',
        input.shape,
        filterShape,
        dy.shape,
        strides,
        padding,
        explicit,
      );
      if (sizeOf(filterShape) === 0) {
        setOutputArray(ctx, 0, realsToArray(input.dtype, filterShape, []));
        return;
      }
      const requested = g.filterSize[1] * g.filterSize[2] * g.inDepth * g.outDepth;
      if (requested > sizeOf(filterShape)) {
        throw ia(
          `filter_size does not have enough elements, requested ${requested}, got ${sizeOf(filterShape)}`,
        );
      }
      const df = convBackpropFilter(
        readReals(input),
        readReals(dy),
        { ...g, filterDepth: g.inDepth },
        narrowRound(input.dtype),
      );
      setOutputArray(ctx, 0, realsToArray(input.dtype, filterShape, df));
    };
  },
});
