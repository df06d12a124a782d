import { ValueError } from '@tensorgraph/errors';
import { convertToNDArray, NDArray, type DType, type DataFor } from '@tensorgraph/core';
import { toDType, type TensorLike } from '../convert-to-tensor.js';
import { getDefaultGraph } from '../graph.js';
import { Tensor } from '../tensor.js';
import { bindArgs, nameArg } from './args.js';
import { createNamedOp } from './op-name-scope.js';
import { pyRepr } from './py-repr.js';

export interface ConstantOptions {
  dtype?: DType | string | null;
  shape?: readonly number[] | null;
  name?: string | null;
}

/** A tuple as Python prints one: `(2, 3)`, `(3,)`, `()`. */
function tupleText(dims: readonly number[]): string {
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/** Python's `int(dim)` for a shape entry, with Python's errors. */
function intDim(d: unknown): number {
  if (typeof d === 'number' && Number.isFinite(d)) return Math.trunc(d);
  if (typeof d === 'bigint') return Number(d);
  if (typeof d === 'boolean') return d ? 1 : 0;
  if (typeof d === 'string') {
    if (/^\s*[+-]?\d+\s*$/.test(d)) return Number.parseInt(d, 10);
    throw new ValueError(`invalid literal for int() with base 10: np.str_(${pyRepr(d)})`);
  }
  const what = d === null || d === undefined ? 'NoneType' : Array.isArray(d) ? 'list' : typeof d;
  throw new TypeError(
    `int() argument must be a string, a bytes-like object or a real number, not '${what}'`,
  );
}

/** One element of a size-1 array repeated to fill `shape` (TF broadcasts a scalar this way). */
function repeated(array: NDArray, shape: readonly number[]): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const src = array.data as unknown as ArrayLike<unknown>;
  const slots = src.length;
  if (Array.isArray(src)) {
    return new NDArray(
      array.dtype,
      shape,
      Array.from({ length: n * slots }, (_v, k) => src[k % slots]) as DataFor<DType>,
    );
  }
  const Ctor = (src as unknown as { constructor: new (len: number) => { [i: number]: unknown } })
    .constructor;
  const out = new Ctor(n * slots);
  for (let k = 0; k < n * slots; k++) out[k] = src[k % slots];
  return new NDArray(array.dtype, shape, out as unknown as DataFor<DType>);
}

/**
 * The host value of `tf.constant(value, dtype, shape)`: TF's `make_tensor_proto` with
 * broadcasting, so a scalar (or one-element vector) fills `shape`, a value with as many
 * elements is reshaped, anything else is TF's TypeError.
 */
export function constantValueFor(
  value: unknown,
  dtype: DType | undefined,
  shapeArg: unknown,
): NDArray {
  if (value instanceof Tensor)
    throw new TypeError('Expected any non-tensor type, but got a tensor instead.');
  if (shapeArg === undefined || shapeArg === null) return convertToNDArray(value, dtype ?? null);
  if (!Array.isArray(shapeArg)) {
    throw new TypeError(
      `'${typeof shapeArg === 'number' ? 'int' : typeof shapeArg}' object is not iterable`,
    );
  }
  const shape = (shapeArg as unknown[]).map(intDim);
  for (const d of shape) if (d < 0) throw new ValueError(`Dimension ${d} must be >= 0`);
  const size = shape.reduce((a, b) => a * b, 1);
  // TF makes an empty array of the dtype (float32 when none) without looking at the value.
  if (size === 0 && !(value instanceof NDArray) && !ArrayBuffer.isView(value)) {
    return convertToNDArray([], dtype ?? 'float32').reshape(shape);
  }
  const array = convertToNDArray(value, dtype ?? null);
  if (array.size === 1 && array.rank <= 1) return repeated(array, shape);
  if (array.size !== size) {
    throw new TypeError(
      `Expected Tensor's shape: ${tupleText(shape)}, but got ${tupleText(array.shape)}.`,
    );
  }
  return array.reshape(shape);
}

/**
 * TF's `tf.constant(value, dtype=None, shape=None, name='Const')` in graph mode: a `Const`
 * op holding `value` converted with TF's rules (a JS number is float32 unless `dtype` says
 * otherwise), a scalar broadcast to `shape`.
 */
export function constant(
  value: TensorLike,
  dtype?: DType | string | null,
  shape?: readonly number[] | null,
  name?: string | null,
): Tensor;
export function constant(value: TensorLike, options: ConstantOptions): Tensor;
export function constant(
  value: TensorLike,
  dtype: DType | string | null,
  options: Omit<ConstantOptions, 'dtype'>,
): Tensor;
export function constant(...args: unknown[]): Tensor {
  const a = bindArgs('constant', ['value', 'dtype', 'shape', 'name'], 1, args);
  const dtype = a['dtype'] === undefined || a['dtype'] === null ? undefined : toDType(a['dtype']);
  const array = constantValueFor(a['value'], dtype, a['shape']);
  const graph = getDefaultGraph();
  const name = nameArg(a['name']) ?? 'Const';
  const attrs = { value: array, dtype: array.dtype };
  // A name ending in '/' is a scope's own name, taken exactly (TF's `name=scope`).
  const op = name.endsWith('/')
    ? createNamedOp(graph, name.slice(0, -1), 'Const', [], attrs)
    : graph.createOp('Const', [], attrs, { name });
  return op.outputs[0] as Tensor;
}
