import { InvalidArgumentError, ValueError } from '@tensorgraph/errors';
import type { TensorLike } from '../convert-to-tensor.js';
import { Tensor } from '../tensor.js';
import { bindArgs, nameArg } from './args.js';
import { concat, rank, reshape, shape as shapeOf, slice, transpose } from './array.js';
import { constant } from './constant.js';
import { genOne, genOutputs, toTensorLater } from './gen-op.js';
import { cast, range, sigmoid, subtract, tanh, topK } from './math.js';
import { convertNow, nameOf, pyInt, realize, scoped } from './builder-utils.js';
import { pyStr } from './py-repr.js';

type NameArg = string | null | { name?: string | null };

function genUnary(opType: string) {
  return (features: TensorLike, name?: NameArg): Tensor =>
    genOne(opType, [features], {}, nameOf(name));
}

/** TF's `tf.nn.relu(features, name=None)`. */
export const relu = genUnary('Relu');
/** TF's `tf.nn.elu(features, name=None)`. */
export const elu = genUnary('Elu');
/** TF's `tf.nn.selu(features, name=None)`. */
export const selu = genUnary('Selu');
/** TF's `tf.nn.softplus(features, name=None)`. */
export const softplus = genUnary('Softplus');
/** TF's `tf.nn.softsign(features, name=None)`. */
export const softsign = genUnary('Softsign');
/** TF's `tf.nn.l2_loss(t, name=None)`: `sum(t ** 2) / 2`. */
export const l2Loss = genUnary('L2Loss');

/** TF's `tf.nn.relu6(features, name=None)`: `Relu6` in scope `Relu6`. */
export function relu6(features: TensorLike, name?: NameArg): Tensor {
  return scoped([features], nameOf(name), 'Relu6', (scope) =>
    genOne('Relu6', [toTensorLater(features, 'features')], {}, scope),
  );
}

/** TF's `tf.nn.leaky_relu(features, alpha=0.2, name=None)`; integer features are cast to float32. */
export function leakyRelu(features: TensorLike, alpha?: number, name?: string | null): Tensor;
export function leakyRelu(
  features: TensorLike,
  options: { alpha?: number; name?: string | null },
): Tensor;
export function leakyRelu(...args: unknown[]): Tensor {
  const o = bindArgs('leaky_relu', ['features', 'alpha', 'name'], 1, args);
  return scoped([o['features'], o['alpha']], nameArg(o['name']), 'LeakyRelu', (scope) => {
    let f: Tensor | ReturnType<typeof toTensorLater> = toTensorLater(o['features'], 'features');
    if (/^u?int/.test(f.dtype)) f = cast(realize(f), 'float32');
    return genOne('LeakyRelu', [f], { alpha: o['alpha'] ?? 0.2 }, scope);
  });
}

/**
 * TF's `_wrap_2d_function`: the op on the last axis; for another axis, that axis is
 * swapped to the end and back, as TF builds it.
 */
function wrap2d(opType: string, logits: unknown, axisArg: unknown, name: string | null): Tensor {
  const inputs = convertNow(logits, null);
  const s = inputs.shape;
  const ndims = s.rank;
  const dim = (axisArg ?? -1) as number | Tensor;
  const isLast = dim === -1 || (ndims !== null && dim === ndims - 1);
  if (isLast) return genOne(opType, [inputs], {}, name);
  if (dim instanceof Tensor || ndims === null)
    throw new ValueError(`${opType} over a tensor axis or of unknown rank is not supported`);
  if (!(-ndims <= dim && dim < ndims)) {
    throw new InvalidArgumentError(
      null,
      null,
      `\`dim\` must be in the range [${-ndims}, ${ndims}) where ${ndims} is the number of dimensions in the input. Received: dim=${dim}`,
    );
  }
  rank(inputs);
  const inputRank = rank(inputs);
  const dimAxis = ((dim % ndims) + ndims) % ndims;
  const swap = (t: Tensor, last: Tensor, n: string | null) =>
    transpose(
      t,
      concat(
        [range(pyInt(dimAxis)), [last], range(pyInt(dimAxis + 1), last), pyInt([dimAxis])],
        pyInt(0),
      ),
      false,
      n,
    );
  const swapped = swap(inputs, subtract(inputRank, pyInt(1)), null);
  const out = genOne(opType, [swapped]);
  const fixed = swap(out, subtract(inputRank, pyInt(1)), name);
  fixed.setShape(s);
  return fixed;
}

/** TF's `tf.nn.softmax(logits, axis=None, name=None)`. */
export function softmax(logits: TensorLike, axis?: number | null, name?: string | null): Tensor;
export function softmax(
  logits: TensorLike,
  options: { axis?: number | null; name?: string | null },
): Tensor;
export function softmax(...args: unknown[]): Tensor {
  const o = bindArgs('softmax', ['logits', 'axis', 'name'], 1, args);
  return wrap2d('Softmax', o['logits'], o['axis'], nameArg(o['name']));
}

/** TF's `tf.nn.log_softmax(logits, axis=None, name=None)`. */
export function logSoftmax(logits: TensorLike, axis?: number | null, name?: string | null): Tensor;
export function logSoftmax(
  logits: TensorLike,
  options: { axis?: number | null; name?: string | null },
): Tensor;
export function logSoftmax(...args: unknown[]): Tensor {
  const o = bindArgs('log_softmax', ['logits', 'axis', 'name'], 1, args);
  return wrap2d('LogSoftmax', o['logits'], o['axis'], nameArg(o['name']));
}

/** TF's `tf.nn.bias_add(value, bias, data_format=None, name=None)`. */
export function biasAdd(
  value: TensorLike,
  bias: TensorLike,
  dataFormat?: string | null,
  name?: string | null,
): Tensor;
export function biasAdd(
  value: TensorLike,
  bias: TensorLike,
  options: { dataFormat?: string | null; name?: string | null },
): Tensor;
export function biasAdd(...args: unknown[]): Tensor {
  const o = bindArgs('bias_add', ['value', 'bias', 'dataFormat', 'name'], 2, args);
  return scoped([o['value'], o['bias']], nameArg(o['name']), 'BiasAdd', (scope) => {
    let dataFormat = o['dataFormat'] as string | null | undefined;
    if (dataFormat !== undefined && dataFormat !== null) {
      if (dataFormat.startsWith('NC')) dataFormat = 'NCHW';
      else if (dataFormat.startsWith('N') && dataFormat.endsWith('C')) dataFormat = 'NHWC';
      else
        throw new ValueError(
          `\`data_format\` must be of the form \`N...C\` or \`NC...\`. Received: data_format=${dataFormat}`,
        );
    }
    const value = toTensorLater(o['value'], 'input');
    const bias = toTensorLater(o['bias'], 'bias', { dtype: value.dtype });
    return genOne('BiasAdd', [value, bias], { data_format: dataFormat ?? 'NHWC' }, scope);
  });
}

/** TF's `_get_sequence`: a stride/size argument expanded to the op's `n + 2` entries. */
function getSequence(value: unknown, n: number, channelIndex: number, name: string): unknown[] {
  if (value === undefined || value === null) return new Array<number>(n + 2).fill(1);
  let list: unknown[] = Array.isArray(value) ? [...(value as unknown[])] : [value];
  if (list.length === n + 2) return list;
  if (list.length === 1) list = new Array<unknown>(n).fill(list[0]);
  else if (list.length !== n) {
    throw new ValueError(
      `${name} should be of length 1, ${n} or ${n + 2}. Received: ${name}=${pyStr(list, 'int')} of length ${list.length}`,
    );
  }
  return channelIndex === 1 ? [1, 1, ...list] : [1, ...list, 1];
}

/** TF's `convert_padding`: a padding string, or explicit `[[before, after], ...]` pairs. */
function convertPadding(padding: unknown, expectedLength = 4): [unknown, number[]] {
  const explicit: number[] = [];
  if (padding === 'EXPLICIT') {
    throw new ValueError(
      "'EXPLICIT' is not a valid value for `padding`. To use explicit padding, `padding` must be a list.",
    );
  }
  if (Array.isArray(padding)) {
    padding.forEach((p: unknown, i) => {
      if (!Array.isArray(p)) {
        throw new ValueError(
          `When \`padding\` is a list, each element of \`padding\` must be a list/tuple of size 2. Received: padding=${pyStr(padding, 'int')} with element at index ${i} of type <class '${typeof p === 'number' ? 'int' : typeof p}'>`,
        );
      }
      if (p.length !== 2) {
        throw new ValueError(
          `When \`padding\` is a list, each element of \`padding\` must be a list/tuple of size 2. Received: padding=${pyStr(padding, 'int')} with element at index ${i} of size ${p.length}`,
        );
      }
      explicit.push(...(p as number[]));
    });
    if (padding.length !== expectedLength) {
      throw new ValueError(
        `When padding is a list, it must be of size ${expectedLength}. Received: padding=${pyStr(padding, 'int')} of size ${padding.length}`,
      );
    }
    return ['EXPLICIT', explicit];
  }
  return [padding, explicit];
}

export interface Conv2DOptions {
  dataFormat?: string;
  dilations?: number | readonly number[] | null;
  name?: string | null;
}

/** TF's `tf.nn.conv2d(input, filters, strides, padding, data_format='NHWC', dilations=None, name=None)`. */
export function conv2d(
  input: TensorLike,
  filters: TensorLike,
  strides: number | readonly number[],
  padding: string | readonly (readonly number[])[],
  dataFormat?: string,
  dilations?: number | readonly number[] | null,
  name?: string | null,
): Tensor;
export function conv2d(
  input: TensorLike,
  filters: TensorLike,
  strides: number | readonly number[],
  padding: string | readonly (readonly number[])[],
  options: Conv2DOptions,
): Tensor;
export function conv2d(...args: unknown[]): Tensor {
  const o = bindArgs(
    'conv2d',
    ['input', 'filters', 'strides', 'padding', 'dataFormat', 'dilations', 'name'],
    4,
    args,
  );
  const [padding, explicitPaddings] = convertPadding(o['padding']);
  const dataFormat = (o['dataFormat'] ?? 'NHWC') as string;
  const channelIndex = dataFormat.startsWith('NC') ? 1 : 3;
  const strides = getSequence(o['strides'], 2, channelIndex, 'strides');
  const dilations = getSequence(o['dilations'], 2, channelIndex, 'dilations');
  const r = o['input'] instanceof Tensor ? o['input'].shape.rank : null;
  if (r !== null && r > 4)
    throw new ValueError('conv2d with batch dims beyond the first is not supported');
  return genOne(
    'Conv2D',
    [o['input'], o['filters']],
    {
      strides,
      padding,
      use_cudnn_on_gpu: true,
      explicit_paddings: explicitPaddings,
      data_format: dataFormat,
      dilations,
    },
    nameArg(o['name']),
  );
}

export interface DepthwiseOptions {
  dataFormat?: string | null;
  dilations?: readonly number[] | null;
  name?: string | null;
}

/**
 * TF's `tf.nn.depthwise_conv2d(input, filter, strides, padding, data_format=None,
 * dilations=None, name=None)` (dilation rate 1: one `DepthwiseConv2dNative`, named `depthwise`).
 */
export function depthwiseConv2d(
  input: TensorLike,
  filter: TensorLike,
  strides: readonly number[],
  padding: string,
  dataFormat?: string | null,
  dilations?: readonly number[] | null,
  name?: string | null,
): Tensor;
export function depthwiseConv2d(
  input: TensorLike,
  filter: TensorLike,
  strides: readonly number[],
  padding: string,
  options: DepthwiseOptions,
): Tensor;
export function depthwiseConv2d(...args: unknown[]): Tensor {
  const o = bindArgs(
    'depthwise_conv2d',
    ['input', 'filter', 'strides', 'padding', 'dataFormat', 'dilations', 'name'],
    4,
    args,
  );
  return scoped([o['input'], o['filter']], nameArg(o['name']), 'depthwise', (scope) => {
    const input = realize(toTensorLater(o['input'], 'tensor_in'));
    const filter = realize(toTensorLater(o['filter'], 'filter_in'));
    const rate = (o['dilations'] ?? [1, 1]) as number[];
    if (rate.some((d) => d !== 1))
      throw new ValueError('depthwiseConv2d with dilations other than 1 is not supported');
    // TF's `with_space_to_batch` makes these before finding it has nothing to do.
    shapeOf(filter);
    constant(pyInt(rate), null, null, 'dilation_rate');
    const [padding, explicitPaddings] = convertPadding(o['padding']);
    const dataFormat = o['dataFormat'] ?? 'NHWC';
    return genOne(
      'DepthwiseConv2dNative',
      [input, filter],
      {
        strides: o['strides'],
        padding,
        explicit_paddings: explicitPaddings,
        data_format: dataFormat,
      },
      scope,
    );
  });
}

function poolRank(input: unknown, dataFormat: unknown): number {
  if (input instanceof Tensor && input.shape.rank !== null) return input.shape.rank - 2;
  if (input instanceof Tensor && input.shape.rank === null) {
    throw new ValueError('Cannot take the length of shape with unknown rank.');
  }
  if (typeof dataFormat === 'string') return dataFormat.length - 2;
  throw new ValueError('`input` must have a static shape or a data format must be given.');
}

export interface PoolOptions {
  dataFormat?: string | null;
  name?: string | null;
}

type Window = number | readonly number[];

/** TF's `tf.nn.max_pool2d(input, ksize, strides, padding, data_format='NHWC', name=None)`. */
export function maxPool2d(
  input: TensorLike,
  ksize: Window,
  strides: Window,
  padding: string | readonly (readonly number[])[],
  dataFormat?: string | null,
  name?: string | null,
): Tensor;
export function maxPool2d(
  input: TensorLike,
  ksize: Window,
  strides: Window,
  padding: string | readonly (readonly number[])[],
  options: PoolOptions,
): Tensor;
export function maxPool2d(...args: unknown[]): Tensor {
  const o = bindArgs(
    'max_pool2d',
    ['input', 'ksize', 'strides', 'padding', 'dataFormat', 'name'],
    4,
    args,
  );
  return scoped([o['input']], nameArg(o['name']), 'MaxPool2d', (scope) => {
    const dataFormat = (o['dataFormat'] ?? 'NHWC') as string;
    const ch = dataFormat.startsWith('NC') ? 1 : 3;
    const ksize = getSequence(o['ksize'], 2, ch, 'ksize');
    const strides = getSequence(o['strides'], 2, ch, 'strides');
    const [padding, explicitPaddings] = convertPadding(o['padding']);
    return genOne(
      'MaxPool',
      [o['input']],
      { ksize, strides, padding, explicit_paddings: explicitPaddings, data_format: dataFormat },
      scope,
    );
  });
}

/** TF's `tf.nn.max_pool(input, ksize, strides, padding, data_format=None, name=None)` (2-D pooling). */
export function maxPool(
  input: TensorLike,
  ksize: Window,
  strides: Window,
  padding: string | readonly (readonly number[])[],
  dataFormat?: string | null,
  name?: string | null,
): Tensor;
export function maxPool(
  input: TensorLike,
  ksize: Window,
  strides: Window,
  padding: string | readonly (readonly number[])[],
  options: PoolOptions,
): Tensor;
export function maxPool(...args: unknown[]): Tensor {
  const o = bindArgs(
    'max_pool',
    ['input', 'ksize', 'strides', 'padding', 'dataFormat', 'name'],
    4,
    args,
  );
  const { ksize, strides } = poolWindows(o, 'maxPool');
  return maxPool2d(
    o['input'] as TensorLike,
    ksize as number[],
    strides as number[],
    o['padding'] as string,
    {
      dataFormat: (o['dataFormat'] ?? null) as string | null,
      name: nameArg(o['name']),
    },
  );
}

/** TF's `tf.nn.avg_pool2d(input, ksize, strides, padding, data_format='NHWC', name=None)`. */
export function avgPool2d(
  input: TensorLike,
  ksize: Window,
  strides: Window,
  padding: string,
  dataFormat?: string | null,
  name?: string | null,
): Tensor;
export function avgPool2d(
  input: TensorLike,
  ksize: Window,
  strides: Window,
  padding: string,
  options: PoolOptions,
): Tensor;
export function avgPool2d(...args: unknown[]): Tensor {
  const o = bindArgs(
    'avg_pool2d',
    ['input', 'ksize', 'strides', 'padding', 'dataFormat', 'name'],
    4,
    args,
  );
  return scoped([o['input']], nameArg(o['name']), 'AvgPool2D', (scope) => {
    const dataFormat = (o['dataFormat'] ?? 'NHWC') as string;
    const ch = dataFormat.startsWith('NC') ? 1 : 3;
    const ksize = getSequence(o['ksize'], 2, ch, 'ksize');
    const strides = getSequence(o['strides'], 2, ch, 'strides');
    return genOne(
      'AvgPool',
      [o['input']],
      { ksize, strides, padding: o['padding'], data_format: dataFormat },
      scope,
    );
  });
}

/** TF's `tf.nn.avg_pool(input, ksize, strides, padding, data_format=None, name=None)` (2-D pooling). */
export function avgPool(
  input: TensorLike,
  ksize: Window,
  strides: Window,
  padding: string,
  dataFormat?: string | null,
  name?: string | null,
): Tensor;
export function avgPool(
  input: TensorLike,
  ksize: Window,
  strides: Window,
  padding: string,
  options: PoolOptions,
): Tensor;
export function avgPool(...args: unknown[]): Tensor {
  const o = bindArgs(
    'avg_pool',
    ['input', 'ksize', 'strides', 'padding', 'dataFormat', 'name'],
    4,
    args,
  );
  const { ksize, strides } = poolWindows(o, 'avgPool');
  return genOne(
    'AvgPool',
    [o['input']],
    { ksize, strides, padding: o['padding'], data_format: o['dataFormat'] ?? 'NHWC' },
    nameArg(o['name']),
  );
}

/**
 * The v2 pool wrappers' checks and window expansion (TF's `nn_ops.max_pool_v2` and
 * `avg_pool_v2`): input rank 3 to 5, and `ksize`/`strides` given as one number, one per
 * spatial dim, or full length, expanded with 1 for batch and channels.
 */
function poolWindows(
  o: Record<string, unknown>,
  builder: string,
): { ksize: readonly number[]; strides: readonly number[] } {
  const n = poolRank(o['input'], o['dataFormat']);
  if (!(n >= 1 && n <= 3)) {
    throw new ValueError(
      `\`input.shape.rank\` must be 3, 4 or 5. Received: input.shape=${(o['input'] as Tensor).shape.toString()} of rank ${n + 2}.`,
    );
  }
  if (n !== 2) throw new ValueError(`${builder} over 1 or 3 spatial dimensions is not supported`);
  const channelsFirst = o['dataFormat'] != null && String(o['dataFormat']).startsWith('NC');
  const ch = channelsFirst ? 1 : n + 1;
  return {
    ksize: getSequence(o['ksize'], n, ch, 'ksize') as number[],
    strides: getSequence(o['strides'], n, ch, 'strides') as number[],
  };
}

/** TF's `_flatten_outer_dims`: `[-1, last]`, built from Rank/Shape/Slice as TF does. */
function flattenOuterDims(logits: Tensor): Tensor {
  const r = rank(logits);
  const lastDimSize = slice(shapeOf(logits), [subtract(r, 1)], [1]);
  const output = reshape(logits, concat([[-1], lastDimSize], 0));
  const dims = logits.shape.dims;
  if (dims !== null && dims.slice(0, -1).every((d) => d !== null)) {
    const product = (dims.slice(0, -1) as number[]).reduce((a, b) => a * b, 1);
    output.setShape([product, dims[dims.length - 1] ?? null]);
  }
  return output;
}

/**
 * TF's `tf.nn.softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None)`
 * (over the last axis): flattened to 2-D, the fused op, reshaped back.
 */
export function softmaxCrossEntropyWithLogits(
  labels: TensorLike,
  logits: TensorLike,
  axis?: number,
  name?: string | null,
): Tensor;
export function softmaxCrossEntropyWithLogits(
  labels: TensorLike,
  logits: TensorLike,
  options: { axis?: number; name?: string | null },
): Tensor;
export function softmaxCrossEntropyWithLogits(...args: unknown[]): Tensor {
  const o = bindArgs(
    'softmax_cross_entropy_with_logits',
    ['labels', 'logits', 'axis', 'name'],
    2,
    args,
  );
  const axis = (o['axis'] ?? -1) as number;
  if (axis !== -1)
    throw new ValueError(
      'softmaxCrossEntropyWithLogits over an axis other than -1 is not supported',
    );
  return scoped(
    [o['logits'], o['labels']],
    nameArg(o['name']),
    'softmax_cross_entropy_with_logits',
    (scope) => {
      const logits = convertNow(o['logits'], 'logits');
      let labels = convertNow(o['labels'], 'labels');
      const toF32 = logits.dtype === 'float16' || logits.dtype === 'bfloat16';
      let precise = toF32 ? cast(logits, 'float32') : logits;
      labels = cast(labels, precise.dtype);
      const inputRank = rank(precise);
      const staticShape = logits.shape;
      const inputShape = shapeOf(precise);
      precise = flattenOuterDims(precise);
      labels = flattenOuterDims(labels);
      const [cost0] = genOutputs(
        'SoftmaxCrossEntropyWithLogits',
        [precise, labels],
        {},
        scope,
      ) as Tensor[];
      const outputShape = slice(inputShape, [0], [subtract(inputRank, 1)]);
      const cost = reshape(cost0 as Tensor, outputShape);
      if (staticShape.dims !== null) cost.setShape(staticShape.dims.slice(0, -1));
      return toF32 ? cast(cost, logits.dtype) : cost;
    },
  );
}

/**
 * TF's `tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits, name=None)` for
 * rank-2 logits: the fused op, named after its scope.
 */
export function sparseSoftmaxCrossEntropyWithLogits(
  labels: TensorLike,
  logits: TensorLike,
  name?: NameArg,
): Tensor {
  const n = nameOf(name);
  return scoped([labels, logits], n, 'SparseSoftmaxCrossEntropyWithLogits', () => {
    const lab = convertNow(labels, null);
    const lg = convertNow(logits, null);
    const precise = lg.dtype === 'float16' ? cast(lg, 'float32') : lg;
    const labelsShape = lab.shape;
    shapeOf(lab);
    const lr = lg.shape.rank;
    if (lr === 0)
      throw new ValueError(`\`logits\` cannot be a scalar. Received logits=${lg.toString()}\``);
    if (lr !== null && labelsShape.rank !== null && labelsShape.rank !== lr - 1) {
      throw new ValueError(
        `\`labels.shape.rank\` must equal \`logits.shape.rank - 1\`. Received: labels.shape=${labelsShape.toString()} of rank ${labelsShape.rank} and logits.shape=${lg.shape.toString()} of rank ${lr}`,
      );
    }
    const outer = lg.shape.dims === null ? null : lg.shape.dims.slice(0, -1);
    if (labelsShape.isFullyDefined() && outer !== null && outer.every((d) => d !== null)) {
      const same =
        (labelsShape.dims as number[]).length === outer.length &&
        outer.every((d, i) => d === labelsShape.dims?.[i]);
      if (!same) {
        throw new ValueError(
          `\`labels.shape\` must equal \`logits.shape\` except for the last dimension. Received: labels.shape=${labelsShape.toString()} and logits.shape=${lg.shape.toString()}`,
        );
      }
    }
    if (lr !== 2)
      throw new ValueError(
        'sparseSoftmaxCrossEntropyWithLogits with logits of rank other than 2 is not supported',
      );
    const [cost] = genOutputs(
      'SparseSoftmaxCrossEntropyWithLogits',
      [precise, lab],
      {},
      n,
    ) as Tensor[];
    return lg.dtype === 'float16' ? cast(cost as Tensor, 'float16') : (cost as Tensor);
  });
}

export interface FusedBatchNormOptions {
  mean?: TensorLike | null;
  variance?: TensorLike | null;
  epsilon?: number;
  dataFormat?: string;
  isTraining?: boolean;
  name?: string | null;
  exponentialAvgFactor?: number;
}

/**
 * TF 1's `tf.compat.v1.nn.fused_batch_norm(x, scale, offset, mean=None, variance=None,
 * epsilon=0.001, data_format='NHWC', is_training=True, name=None)`: `[y, mean, variance]`.
 */
export function fusedBatchNorm(
  x: TensorLike,
  scale: TensorLike,
  offset: TensorLike,
  options?: FusedBatchNormOptions,
): [Tensor, Tensor, Tensor] {
  const o = options ?? {};
  const training = o.isTraining ?? true;
  const factor = o.exponentialAvgFactor ?? 1.0;
  if ((!training || factor !== 1.0) && (o.mean == null || o.variance == null)) {
    throw new ValueError(
      `Both \`mean\` and \`variance\` must be a 1D tensor when \`is_training\` is False or \`exponential_avg_factor\` != 1.0. Received: \`mean\` ${pyStr(o.mean ?? null)} and \`variance\` ${pyStr(o.variance ?? null)}`,
    );
  }
  const tx = convertNow(x, 'input');
  const ts = convertNow(scale, 'scale');
  const to = convertNow(offset, 'offset');
  const mean = o.mean ?? constant([]);
  const variance = o.variance ?? constant([]);
  const outs = genOutputs(
    'FusedBatchNormV3',
    [tx, ts, to, mean, variance],
    {
      epsilon: o.epsilon ?? 0.001,
      exponential_avg_factor: factor,
      data_format: o.dataFormat ?? 'NHWC',
      is_training: training,
    },
    o.name ?? null,
  ) as Tensor[];
  return [outs[0] as Tensor, outs[1] as Tensor, outs[2] as Tensor];
}

/** TF's `tf.nn` namespace. */
export const nn = {
  relu,
  relu6,
  elu,
  selu,
  leakyRelu,
  softplus,
  softsign,
  sigmoid,
  tanh,
  softmax,
  logSoftmax,
  biasAdd,
  conv2d,
  depthwiseConv2d,
  maxPool,
  maxPool2d,
  avgPool,
  avgPool2d,
  l2Loss,
  softmaxCrossEntropyWithLogits,
  sparseSoftmaxCrossEntropyWithLogits,
  fusedBatchNorm,
  topK,
};
