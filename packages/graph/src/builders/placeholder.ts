import type { DType } from '@tensorgraph/core';
import type { TensorLike } from '../convert-to-tensor.js';
import type { Tensor } from '../tensor.js';
import { bindArgs, nameArg } from './args.js';
import { genOne } from './gen-op.js';

type ShapeArg = readonly (number | null)[] | null;

/**
 * TF's `tf.compat.v1.placeholder(dtype, shape=None, name=None)`: a value that must be fed.
 * `placeholder('float32', [null, 3], 'x')` or `placeholder('float32', { shape, name })`.
 */
export function placeholder(dtype: DType | string, shape?: ShapeArg, name?: string | null): Tensor;
export function placeholder(
  dtype: DType | string,
  options: { shape?: ShapeArg; name?: string | null },
): Tensor;
export function placeholder(...args: unknown[]): Tensor {
  const a = bindArgs('placeholder', ['dtype', 'shape', 'name'], 1, args);
  return genOne(
    'Placeholder',
    [],
    { dtype: a['dtype'], shape: a['shape'] ?? null },
    nameArg(a['name']),
  );
}

/** TF's `tf.compat.v1.placeholder_with_default(input, shape, name=None)`. */
export function placeholderWithDefault(
  input: TensorLike,
  shape: ShapeArg,
  name?: string | null,
): Tensor;
export function placeholderWithDefault(
  input: TensorLike,
  shape: ShapeArg,
  options: { name?: string | null },
): Tensor;
export function placeholderWithDefault(...args: unknown[]): Tensor {
  const a = bindArgs('placeholder_with_default', ['input', 'shape', 'name'], 2, args);
  return genOne('PlaceholderWithDefault', [a['input']], { shape: a['shape'] }, nameArg(a['name']));
}
