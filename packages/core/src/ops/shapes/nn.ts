import { InvalidArgumentError } from '@tensorgraph/errors';
import type { ShapeContext, ShapeFn, ShapeValue } from '../../plugin/op-def.js';
import {
  broadcastShapes,
  computeConvOutputSize,
  dimAt,
  intValues,
  mergeDim,
  mergeShapes,
  multiplyDims,
  replaceDim,
  scalarInputAsDim,
  shapeError,
  shapeFromShapeTensor,
  subshape,
  withRank,
  withRankAtLeast,
  withValue,
  type Padding,
} from './shape-utils.js';

/**
 * Shape functions of the neural-network ops (TF's `nn_ops.cc`, `image_ops.cc` and the
 * windowed-op helpers of `common_shape_fns.cc`), with TF's semantics and messages.
 */

type Dim = number | null;
type Dims = readonly Dim[];

const input = (ctx: ShapeContext, i: number): ShapeValue => ctx.inputShapes[i] ?? null;

/** Where N, C and the spatial dims sit in a tensor of a data format. */
interface Layout {
  readonly rank: number;
  readonly n: number;
  readonly c: number;
  readonly spatial: readonly number[];
  /** NCHW_VECT_C: the inner channel dim (always 4). */
  readonly vectC?: number;
}

/** TF's `GetTensor*DimIndex` for a data format with `spatialDims` spatial dims. */
function layoutOf(format: string, spatialDims: number): Layout {
  const channelsFirst = format.startsWith('NC');
  if (format === 'NCHW_VECT_C') {
    const rank = spatialDims + 3;
    return {
      rank,
      n: 0,
      c: 1,
      spatial: Array.from({ length: spatialDims }, (_, i) => i + 2),
      vectC: rank - 1,
    };
  }
  const rank = spatialDims + 2;
  return channelsFirst
    ? { rank, n: 0, c: 1, spatial: Array.from({ length: spatialDims }, (_, i) => i + 2) }
    : { rank, n: 0, c: rank - 1, spatial: Array.from({ length: spatialDims }, (_, i) => i + 1) };
}

/** TF's `GetTensorDim` on an attr list (strides, ksize) of a 2-D format: index by letter. */
function attrDim(values: readonly number[], format: string, dim: 'N' | 'C' | 'H' | 'W'): number {
  const l = layoutOf(format === 'NCHW_VECT_C' ? 'NCHW' : format, 2);
  const index = { N: l.n, C: l.c, H: l.spatial[0], W: l.spatial[1] }[dim] ?? 0;
  return values[index] ?? 0;
}

/** A shape of a format from its batch, spatial and channel dims (TF's `MakeShapeFromFormat`). */
function shapeOfFormat(l: Layout, batch: Dim, spatial: readonly Dim[], channels: Dim): Dim[] {
  const dims = new Array<Dim>(l.rank).fill(null);
  dims[l.n] = batch;
  dims[l.c] = channels;
  l.spatial.forEach((index, i) => (dims[index] = spatial[i] ?? null));
  if (l.vectC !== undefined) dims[l.vectC] = 4;
  return dims;
}

/** TF's `CheckValidPadding` for a 4-D format. */
function checkValidPadding(padding: string, explicit: readonly number[], format: string): void {
  if (padding === 'EXPLICIT') {
    if (explicit.length !== 8) {
      throw shapeError(
        `explicit_paddings attribute must contain 8 values, but got: ${explicit.length}`,
      );
    }
    if (explicit.some((p) => p < 0)) {
      throw shapeError('All elements of explicit_paddings must be nonnegative');
    }
    const l = layoutOf(format, 2);
    const pads = [2 * l.n, 2 * l.n + 1, 2 * l.c, 2 * l.c + 1].map((i) => explicit[i]);
    if (pads.some((p) => p !== 0)) {
      throw shapeError(
        'Nonzero explicit padding in the batch or depth dimensions is not supported',
      );
    }
  } else if (explicit.length !== 0) {
    throw shapeError(
      'explicit_paddings attribute must be empty if the padding attribute is not EXPLICIT',
    );
  }
}

/** The explicit padding of spatial dim `index` of a tensor: `[before, after]`. */
function explicitPads(explicit: readonly number[], index: number): [number, number] {
  return [explicit[2 * index] ?? 0, explicit[2 * index + 1] ?? 0];
}

const explicitPaddingsOf = (ctx: ShapeContext): readonly number[] =>
  ctx.attr<readonly number[]>('explicit_paddings');

/** Conv2D: NHWC/NCHW input, HWIO filter, grouped convolution, dilations, explicit padding. */
const conv2D: ShapeFn = (ctx) => {
  const format = ctx.attr<string>('data_format');
  const l = layoutOf(format, 2);
  const x = withRank(input(ctx, 0), 4);
  const filter = withRank(input(ctx, 1), 4);
  const dilations = ctx.attr<readonly number[]>('dilations');
  if (dilations.length !== 4) {
    throw shapeError(
      `Conv2D requires the dilation attribute to contain 4 values, but got: ${dilations.length}`,
    );
  }
  const strides = ctx.attr<readonly number[]>('strides');
  if (strides.length !== 4) {
    throw shapeError(
      `Conv2D on data format ${format} requires the stride attribute to contain 4 values, but got: ${strides.length}`,
    );
  }
  const batch = dimAt(x, l.n);
  const inDepth = dimAt(x, l.c);
  const outDepth = dimAt(filter, 3);
  const filterInDepth = dimAt(filter, 2);
  checkGroups(inDepth, filterInDepth, outDepth);
  const padding = ctx.attr<Padding>('padding');
  const explicit = explicitPaddingsOf(ctx);
  checkValidPadding(padding, explicit, format);
  const spatial = l.spatial.map((index, i) =>
    computeConvOutputSize(
      dimAt(x, index),
      dimAt(filter, i),
      dilations[index] ?? 1,
      strides[index] ?? 1,
      padding,
      explicitPads(explicit, index),
    ),
  );
  return [shapeOfFormat(l, batch, spatial, outDepth)];
};

/** The channel checks of grouped convolutions (Conv2D, Conv3D). */
function checkGroups(inDepth: Dim, filterInDepth: Dim, outDepth: Dim): void {
  if (inDepth === null || filterInDepth === null) return;
  if (filterInDepth === 0) throw shapeError('Depth of filter must not be 0');
  if (inDepth % filterInDepth !== 0) {
    throw shapeError(
      `Depth of input (${inDepth}) is not a multiple of input depth of filter (${filterInDepth})`,
    );
  }
  if (inDepth !== filterInDepth && outDepth !== null) {
    const groups = inDepth / filterInDepth;
    if (outDepth % groups !== 0) {
      throw shapeError(
        `Depth of output (${outDepth}) is not a multiple of the number of groups (${groups})`,
      );
    }
  }
}

const conv2DBackpropInput: ShapeFn = (ctx) => {
  const format = ctx.attr<string>('data_format');
  const l = layoutOf(format, 2);
  const grad = withRank(input(ctx, 2), 4);
  const filter = withRank(input(ctx, 1), 4);
  const batch = dimAt(grad, l.n);
  mergeDim(dimAt(grad, l.c), dimAt(filter, 3));
  let sizes = shapeFromShapeTensor(ctx, 0);
  if (sizes === null) sizes = withRank(sizes, 4);
  let spatial: Dim[];
  let depth: Dim;
  if (sizes.length === 4) {
    spatial = l.spatial.map((i) => dimAt(sizes, i));
    depth = dimAt(sizes, l.c);
    mergeDim(dimAt(sizes, l.n), batch);
  } else if (sizes.length === 2) {
    spatial = [dimAt(sizes, 0), dimAt(sizes, 1)];
    depth = dimAt(filter, 2);
  } else {
    throw shapeError(
      `Conv2DBackpropInput requires input_sizes to contain 4 values or 2 values, but got: ${sizes.length}`,
    );
  }
  return [shapeOfFormat(l, batch, spatial, depth)];
};

/** The backprop ops whose output shape is a 4-D shape tensor input. */
const shapeFromInput =
  (i: number): ShapeFn =>
  (ctx) => [withRank(shapeFromShapeTensor(ctx, i), 4)];

const depthwiseConv2D: ShapeFn = (ctx) => {
  const x = withRank(input(ctx, 0), 4);
  const filter = withRank(input(ctx, 1), 4);
  const strides = ctx.attr<readonly number[]>('strides');
  if (strides.length !== 4) {
    throw shapeError(
      `DepthwiseConv2D requires the stride attribute to contain 4 values, but got: ${strides.length}`,
    );
  }
  const dilations = ctx.attr<readonly number[]>('dilations');
  if (dilations.length !== 4) {
    throw shapeError(
      `DepthwiseConv2D requires the dilations attribute to contain 4 values, but got: ${dilations.length}`,
    );
  }
  const format = ctx.attr<string>('data_format');
  const l = layoutOf(format, 2);
  const inDepth = mergeDim(dimAt(x, l.c), dimAt(filter, 2));
  const outDepth = multiplyDims(inDepth, dimAt(filter, 3));
  const padding = ctx.attr<Padding>('padding');
  const explicit = explicitPaddingsOf(ctx);
  checkValidPadding(padding, explicit, format);
  const spatial = l.spatial.map((index, i) =>
    computeConvOutputSize(
      dimAt(x, index),
      dimAt(filter, i),
      dilations[index] ?? 1,
      strides[index] ?? 1,
      padding,
      explicitPads(explicit, index),
    ),
  );
  return [shapeOfFormat(l, dimAt(x, l.n), spatial, outDepth)];
};

const conv3D: ShapeFn = (ctx) => {
  const x = withRank(input(ctx, 0), 5);
  const filter = withRank(input(ctx, 1), 5);
  const format = ctx.attr<string>('data_format');
  const dilations = ctx.attr<readonly number[]>('dilations');
  if (dilations.length !== 5) {
    throw shapeError(
      `Conv3D requires the dilation attribute to contain 5 values, but got: ${dilations.length}`,
    );
  }
  const strides = ctx.attr<readonly number[]>('strides');
  if (strides.length !== 5) {
    throw shapeError(
      `Conv3D requires the stride attribute to contain 5 values, but got: ${strides.length}`,
    );
  }
  const l = layoutOf(format, 3);
  const padding = ctx.attr<Padding>('padding');
  const inDepth = dimAt(x, l.c);
  const outDepth = dimAt(filter, 4);
  checkGroups(inDepth, dimAt(filter, 3), outDepth);
  // TF's Conv3D shape function swaps the row and column dilations (in both formats).
  const dilationIndex = [l.spatial[0], l.spatial[2], l.spatial[1]];
  const spatial = l.spatial.map((index, i) =>
    computeConvOutputSize(
      dimAt(x, index),
      dimAt(filter, i),
      dilations[dilationIndex[i] ?? index] ?? 1,
      strides[index] ?? 1,
      padding,
    ),
  );
  return [shapeOfFormat(l, dimAt(x, l.n), spatial, outDepth)];
};

/** BiasAdd (and BiasAddV1, which has no data_format and is NHWC). */
const biasAdd: ShapeFn = (ctx) => {
  const nchw = ctx.opType === 'BiasAdd' && ctx.attr<string>('data_format') === 'NCHW';
  const x = withRankAtLeast(input(ctx, 0), nchw ? 3 : 2);
  const bias = withRank(input(ctx, 1), 1);
  if (x === null) return [null];
  const channel = nchw ? 1 : x.length - 1;
  return [replaceDim(x, channel, mergeDim(dimAt(x, channel), dimAt(bias, 0)))];
};

const biasAddGrad: ShapeFn = (ctx) => {
  if (ctx.attr<string>('data_format') === 'NCHW') {
    return [[dimAt(withRankAtLeast(input(ctx, 0), 3), 1)]];
  }
  return [[dimAt(withRankAtLeast(input(ctx, 0), 2), -1)]];
};

/** TF's check of an NCHW_VECT_C tensor: its inner channel dim is 4 or 32 (unknown fails). */
function checkFormatConstraints(format: string, shape: Dims): void {
  if (format !== 'NCHW_VECT_C') return;
  const v = dimAt(shape, -1) ?? -1;
  if (v !== 4 && v !== 32) throw shapeError(`VECT_C dimension must be 4 or 32, but is ${v}`);
}

/** MaxPool/AvgPool/MaxPoolV2 from resolved ksize and strides. */
function pool(
  ctx: ShapeContext,
  x: Dims,
  format: string,
  ksize: readonly number[],
  strides: readonly number[],
  windowDepth: boolean,
): ShapeValue {
  const l = layoutOf(format, 2);
  const padding = ctx.attr<Padding>('padding');
  let explicit: readonly number[] = [];
  if (ctx.opType === 'MaxPool') {
    explicit = explicitPaddingsOf(ctx);
    checkValidPadding(padding, explicit, format);
  }
  const spatial = (['H', 'W'] as const).map((dim, i) => {
    const index = l.spatial[i] ?? 0;
    return computeConvOutputSize(
      dimAt(x, index),
      attrDim(ksize, format, dim),
      1,
      attrDim(strides, format, dim),
      padding,
      explicitPads(explicit, index),
    );
  });
  const depth = windowDepth
    ? computeConvOutputSize(
        dimAt(x, l.c),
        attrDim(ksize, format, 'C'),
        1,
        attrDim(strides, format, 'C'),
        padding,
      )
    : dimAt(x, l.c);
  return shapeOfFormat(l, dimAt(x, l.n), spatial, depth);
}

function poolInput(ctx: ShapeContext, format: string): Dims {
  const x = withRank(input(ctx, 0), format === 'NCHW_VECT_C' ? 5 : 4);
  checkFormatConstraints(format, x);
  return x;
}

const poolFromAttrs =
  (op: string, windowDepth: boolean): ShapeFn =>
  (ctx) => {
    const format = ctx.attr<string>('data_format');
    const x = poolInput(ctx, format);
    const strides = ctx.attr<readonly number[]>('strides');
    if (strides.length !== 4) {
      throw shapeError(
        `${op} requires the stride attribute to contain 4 values, but got: ${strides.length}`,
      );
    }
    const ksize = ctx.attr<readonly number[]>('ksize');
    if (ksize.length !== 4) {
      throw shapeError(
        `${op} requires the ksize attribute to contain 4 values, but got: ${ksize.length}`,
      );
    }
    return [pool(ctx, x, format, ksize, strides, windowDepth)];
  };

const maxPoolV2: ShapeFn = (ctx) => {
  const format = ctx.attr<string>('data_format');
  const x = poolInput(ctx, format);
  const n = ctx.inputShapes.length;
  withValue(dimAt(withRank(input(ctx, n - 2), 1), 0), 4);
  withValue(dimAt(withRank(input(ctx, n - 1), 1), 0), 4);
  const ksizeValue = ctx.inputValue(n - 2);
  if (ksizeValue === null) return [null];
  const stridesValue = ctx.inputValue(n - 1);
  if (stridesValue === null) return [null];
  const ksize = intValues(ksizeValue);
  const strides = intValues(stridesValue);
  if (strides.length !== 4) {
    throw shapeError(
      `MaxPool requires the stride attribute to contain 4 values, but got: ${strides.length}`,
    );
  }
  if (ksize.length !== 4) {
    throw shapeError(
      `MaxPool requires the ksize attribute to contain 4 values, but got: ${ksize.length}`,
    );
  }
  return [pool(ctx, x, format, ksize, strides, true)];
};

/** TF's `UnchangedShapeWithRank(c, 4)` (the max-pool grads). */
const unchangedRank4: ShapeFn = (ctx) => [withRank(input(ctx, 0), 4)];

/** The rank of a batch-norm tensor: 5 for the 3-D formats. */
const batchNormRank = (format: string): number =>
  format === 'NDHWC' || format === 'NCDHW' ? 5 : 4;

const channelIndex = (format: string, rank: number): number =>
  format.startsWith('NC') ? 1 : rank - 1;

const fusedBatchNorm: ShapeFn = (ctx) => {
  const format = ctx.attr<string>('data_format');
  const rank = batchNormRank(format);
  const x = withRank(input(ctx, 0), rank);
  const isTraining = ctx.attr<boolean>('is_training');
  const factor = ctx.opType === 'FusedBatchNormV3' ? ctx.attr<number>('exponential_avg_factor') : 1;
  // Training with no running average takes no mean/variance, so they go unchecked.
  const numInputs = isTraining && Math.fround(factor) === 1 ? 3 : 5;
  const ci = channelIndex(format, rank);
  let channels = dimAt(x, ci);
  for (let i = 1; i < numInputs; i++) {
    channels = mergeDim(channels, dimAt(withRank(input(ctx, i), 1), 0));
  }
  const vec = [channels];
  const outs: ShapeValue[] = [replaceDim(x, ci, channels), vec, vec, vec, vec];
  // V3's reserve_space_3 has no static shape.
  if (ctx.opType === 'FusedBatchNormV3') outs.push(null);
  return outs;
};

const fusedBatchNormGrad: ShapeFn = (ctx) => {
  const format = ctx.attr<string>('data_format');
  const rank = batchNormRank(format);
  const dy = withRank(input(ctx, 0), rank);
  const x = withRank(input(ctx, 1), rank);
  const ci = channelIndex(format, rank);
  let channels = mergeDim(dimAt(dy, ci), dimAt(x, ci));
  for (let i = 2; i < 5; i++) {
    channels = mergeDim(channels, dimAt(withRank(input(ctx, i), 1), 0));
  }
  return [replaceDim(dy, ci, channels), [channels], [channels], [0], [0]];
};

const unchanged: ShapeFn = (ctx) => [input(ctx, 0)];

/** TF's `MergeBothInputsShapeFn` (the activation grads). */
const mergeBoth: ShapeFn = (ctx) => [mergeShapes(input(ctx, 0), input(ctx, 1))];

const softmax: ShapeFn = (ctx) => [withRankAtLeast(input(ctx, 0), 1)];

const softmaxCrossEntropy: ShapeFn = (ctx) => {
  // Same-shape matrices first; otherwise the two broadcast to a matrix.
  try {
    const merged = mergeShapes(withRank(input(ctx, 0), 2), input(ctx, 1));
    return [[dimAt(merged, 0)], merged];
  } catch (err) {
    if (!(err instanceof InvalidArgumentError)) throw err;
  }
  const out = broadcastShapes(input(ctx, 0), input(ctx, 1));
  if (out === null) {
    throw shapeError('Shape must be broadcasted with rank 2, but is rank is unknown.');
  }
  if (out.length !== 2) {
    throw shapeError(`Shape must be broadcasted with rank 2, but is rank ${out.length}`);
  }
  return [[dimAt(out, 0)], out];
};

const sparseSoftmaxCrossEntropy: ShapeFn = (ctx) => {
  const features = withRank(input(ctx, 0), 2);
  const labels = withRank(input(ctx, 1), 1);
  const batch = mergeDim(dimAt(features, 0), dimAt(labels, 0));
  return [[batch], replaceDim(features, 0, batch)];
};

const topK: ShapeFn = (ctx) => {
  const x = withRankAtLeast(input(ctx, 0), 1);
  const k = scalarInputAsDim(ctx, 1);
  const last = dimAt(x, -1);
  if (last !== null && k !== null && last < k) {
    throw shapeError(`input must have last dimension >= k = ${k} but is ${last}`);
  }
  const out = x === null ? null : [...(subshape(x, 0, -1) ?? []), k];
  return [out, out];
};

/** ResizeBilinear/NearestNeighbor: `[batch, height, width, channels]` from the size input. */
const resize: ShapeFn = (ctx) => {
  const x = withRank(input(ctx, 0), 4);
  withValue(dimAt(withRank(input(ctx, 1), 1), 0), 2);
  const size = ctx.inputValue(1);
  const [height, width] = size === null ? [null, null] : intValues(size);
  return [[dimAt(x, 0), height ?? null, width ?? null, dimAt(x, 3)]];
};

const nonMaxSuppression: ShapeFn = (ctx) => {
  const boxes = withRank(input(ctx, 0), 2);
  const scores = withRank(input(ctx, 1), 1);
  withRank(input(ctx, 2), 0);
  withRank(input(ctx, 3), 0);
  withRank(input(ctx, 4), 0);
  mergeDim(dimAt(boxes, 0), dimAt(scores, 0));
  withValue(dimAt(boxes, 1), 4);
  return [[null]];
};

const ACTIVATIONS = ['Relu', 'Relu6', 'Elu', 'Selu', 'LeakyRelu', 'Softplus', 'Softsign'];
const ACTIVATION_GRADS = [
  'ReluGrad',
  'Relu6Grad',
  'EluGrad',
  'SeluGrad',
  'LeakyReluGrad',
  'SoftplusGrad',
  'SoftsignGrad',
];

/** Shape functions by op type, for `BUILTIN_OPS`. */
export const nnShapeFns: Readonly<Record<string, ShapeFn>> = {
  ...Object.fromEntries(ACTIVATIONS.map((op) => [op, unchanged])),
  // Registered with the unary math grads: no check that the two inputs agree.
  SigmoidGrad: unchanged,
  TanhGrad: unchanged,
  ...Object.fromEntries(ACTIVATION_GRADS.map((op) => [op, mergeBoth])),
  Conv2D: conv2D,
  Conv2DBackpropInput: conv2DBackpropInput,
  Conv2DBackpropFilter: shapeFromInput(1),
  DepthwiseConv2dNative: depthwiseConv2D,
  DepthwiseConv2dNativeBackpropInput: shapeFromInput(0),
  DepthwiseConv2dNativeBackpropFilter: shapeFromInput(1),
  Conv3D: conv3D,
  BiasAdd: biasAdd,
  BiasAddV1: biasAdd,
  BiasAddGrad: biasAddGrad,
  MaxPool: poolFromAttrs('MaxPool', true),
  AvgPool: poolFromAttrs('AvgPool', false),
  MaxPoolV2: maxPoolV2,
  MaxPoolGrad: unchangedRank4,
  MaxPoolGradV2: unchangedRank4,
  AvgPoolGrad: shapeFromInput(0),
  FusedBatchNorm: fusedBatchNorm,
  FusedBatchNormV2: fusedBatchNorm,
  FusedBatchNormV3: fusedBatchNorm,
  FusedBatchNormGrad: fusedBatchNormGrad,
  FusedBatchNormGradV2: fusedBatchNormGrad,
  FusedBatchNormGradV3: fusedBatchNormGrad,
  Softmax: softmax,
  LogSoftmax: softmax,
  SoftmaxCrossEntropyWithLogits: softmaxCrossEntropy,
  SparseSoftmaxCrossEntropyWithLogits: sparseSoftmaxCrossEntropy,
  L2Loss: () => [[]],
  TopKV2: topK,
  ResizeBilinear: resize,
  ResizeNearestNeighbor: resize,
  ResizeBilinearGrad: (ctx) => [input(ctx, 1)],
  NonMaxSuppressionV3: nonMaxSuppression,
};
