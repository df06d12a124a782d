import { NDArray } from '@tensorgraph/core';
import type { TensorLike } from '../convert-to-tensor.js';
import { Tensor } from '../tensor.js';
import { bindArgs, nameArg } from './args.js';
import { rank } from './array.js';
import { constant } from './constant.js';
import { genOne } from './gen-op.js';
import { range } from './math.js';
import { pyInt } from './builder-utils.js';

export interface ReduceOptions {
  axis?: TensorLike | null;
  keepdims?: boolean | null;
  name?: string | null;
}

/**
 * TF's `_ReductionDims`: the given axis, or every axis: a Const `arange(rank)` when the
 * rank is known and non-zero, else `range(0, rank(x))` built in the graph.
 */
function reductionDims(x: unknown, axis: unknown): unknown {
  if (axis !== undefined && axis !== null) return axis;
  const r = x instanceof Tensor ? x.shape.rank : null;
  if (r) {
    return constant(
      new NDArray(
        'int32',
        [r],
        Int32Array.from({ length: r }, (_v, i) => i),
      ),
    );
  }
  return range(pyInt(0), rank(x as TensorLike));
}

function reducer(fn: string, opType: string) {
  function reduce(
    input: TensorLike,
    axis?: TensorLike | null,
    keepdims?: boolean | null,
    name?: string | null,
  ): Tensor;
  function reduce(input: TensorLike, options: ReduceOptions): Tensor;
  function reduce(
    input: TensorLike,
    axis: TensorLike | null,
    options: Omit<ReduceOptions, 'axis'>,
  ): Tensor;
  function reduce(...args: unknown[]): Tensor {
    const a = bindArgs(fn, ['input', 'axis', 'keepdims', 'name'], 1, args);
    const keepdims =
      a['keepdims'] === undefined || a['keepdims'] === null ? false : Boolean(a['keepdims']);
    const axis = a['axis'];
    const dims = reductionDims(a['input'], axis);
    const out = genOne(opType, [a['input'], dims], { keep_dims: keepdims }, nameArg(a['name']));
    // TF's `_may_reduce_to_scalar`.
    if (!out.shape.isFullyDefined() && !keepdims && (axis === undefined || axis === null))
      out.setShape([]);
    return out;
  }
  return reduce;
}

/** TF's `tf.reduce_sum(input_tensor, axis=None, keepdims=False, name=None)`. */
export const reduceSum = reducer('reduce_sum', 'Sum');
/** TF's `tf.reduce_mean(input_tensor, axis=None, keepdims=False, name=None)`. */
export const reduceMean = reducer('reduce_mean', 'Mean');
/** TF's `tf.reduce_max(input_tensor, axis=None, keepdims=False, name=None)`. */
export const reduceMax = reducer('reduce_max', 'Max');
/** TF's `tf.reduce_min(input_tensor, axis=None, keepdims=False, name=None)`. */
export const reduceMin = reducer('reduce_min', 'Min');
/** TF's `tf.reduce_prod(input_tensor, axis=None, keepdims=False, name=None)`. */
export const reduceProd = reducer('reduce_prod', 'Prod');
/** TF's `tf.reduce_all(input_tensor, axis=None, keepdims=False, name=None)`. */
export const reduceAll = reducer('reduce_all', 'All');
/** TF's `tf.reduce_any(input_tensor, axis=None, keepdims=False, name=None)`. */
export const reduceAny = reducer('reduce_any', 'Any');
