import { ValueError } from '@tensorgraph/errors';
import { convertToNDArray, NDArray, TensorShape, type DType } from '@tensorgraph/core';
import { constantValue } from '../constant-value.js';
import { PendingTensor, prepareTensor, toDType, type TensorLike } from '../convert-to-tensor.js';
import { getDefaultGraph } from '../graph.js';
import { Tensor } from '../tensor.js';
import { bindArgs, nameArg } from './args.js';
import { constant } from './constant.js';
import { identity } from './control.js';
import { checkOp, genOne, genOutputs, toTensorLater } from './gen-op.js';
import { graphOf } from './graph-of.js';
import { convertNow, nameOf, pyInt, realize, scoped } from './builder-utils.js';
import { pyStr, pyTypeName } from './py-repr.js';
import { refineShapes } from './refine-shape.js';

type NameArg = string | null | { name?: string | null };
type ShapeLike = TensorLike;

/** JS integral numbers standing for Python ints (TF's index arguments), as int32. */
export function intsLater(value: unknown, name: string | null): Tensor | PendingTensor {
  const ints = (v: unknown): boolean =>
    typeof v === 'number' ? Number.isInteger(v) : Array.isArray(v) && v.length > 0 && v.every(ints);
  return toTensorLater(value, name, ints(value) ? { preferredDtype: 'int32' } : {});
}

/** TF's `tf.reshape(tensor, shape, name=None)`. */
export function reshape(tensor: TensorLike, shape: ShapeLike, name?: NameArg): Tensor {
  return genOne('Reshape', [tensor, shape], {}, nameOf(name));
}

export interface TransposeOptions {
  perm?: TensorLike | null;
  conjugate?: boolean;
  name?: string | null;
}

/**
 * TF's `tf.transpose(a, perm=None, conjugate=False, name='transpose')`: without `perm`,
 * the reversed axes: a Const when the rank is known, else `Range(Rank(a) - 1, -1, -1)`.
 */
export function transpose(
  a: TensorLike,
  perm?: TensorLike | null,
  conjugate?: boolean,
  name?: string | null,
): Tensor;
export function transpose(a: TensorLike, options: TransposeOptions): Tensor;
export function transpose(...args: unknown[]): Tensor {
  const o = bindArgs('transpose', ['a', 'perm', 'conjugate', 'name'], 1, args);
  return scoped([o['a']], nameArg(o['name']) ?? 'transpose', 'transpose', (scope) => {
    const a = o['a'] instanceof Tensor ? o['a'] : realize(toTensorLater(o['a'], 'a'));
    const type =
      o['conjugate'] === true && (a.dtype === 'complex64' || a.dtype === 'complex128')
        ? 'ConjugateTranspose'
        : 'Transpose';
    if (o['perm'] !== undefined && o['perm'] !== null)
      return genOne(type, [a, o['perm']], {}, scope);
    const r = a.shape.rank;
    if (r === null) {
      const rk = genOne('Rank', [a]);
      const start = scoped([rk], null, 'sub', (s) => genOne('Sub', [rk, pyInt(1)], {}, s));
      const perm = genOne('Range', [start, pyInt(-1), pyInt(-1)]);
      return genOne(type, [a, perm], {}, scope);
    }
    const perm = pyInt(Array.from({ length: r }, (_v, i) => r - 1 - i));
    return genOne(type, [a, perm], {}, scope);
  });
}

/** TF's `tf.concat(values, axis, name='concat')`; a single value is passed through `Identity`. */
export function concat(
  values: TensorLike | readonly TensorLike[],
  axis: TensorLike,
  name?: NameArg,
): Tensor {
  const list = Array.isArray(values) ? (values as unknown[]) : [values];
  const n = nameOf(name) ?? 'concat';
  if (list.length === 1) {
    return scoped(list, n, 'concat', () => {
      const dim = toTensorLater(axis, 'concat_dim', { dtype: 'int32' });
      dim.shape.assertHasRank(0);
      // TF makes concat_dim before Identity converts the value: check that first.
      checkOp(getDefaultGraph(), 'Identity', [list[0]]);
      realize(dim);
      return identity(list[0] as TensorLike, n);
    });
  }
  return genOne('ConcatV2', [list, axis], {}, n);
}

export interface StackOptions {
  axis?: number;
  name?: string | null;
}

/** TF's `tf.stack(values, axis=0, name='stack')`: along axis 0 a list converts (packs) as one. */
export function stack(values: readonly TensorLike[], axis?: number, name?: string | null): Tensor;
export function stack(values: readonly TensorLike[], options: StackOptions): Tensor;
export function stack(...args: unknown[]): Tensor {
  const o = bindArgs('stack', ['values', 'axis', 'name'], 1, args);
  const values = o['values'] as unknown[];
  const axis = (o['axis'] ?? 0) as number;
  if (!Array.isArray(values)) {
    throw new TypeError(`'${pyTypeName(values, 'int')}' object is not subscriptable`);
  }
  const name = nameArg(o['name']) ?? 'stack';
  const graph = graphOf(...(Array.isArray(values) ? values : [values]));
  return graph.asDefault(() => {
    if (axis === 0) {
      let prepared: ReturnType<typeof prepareTensor> | undefined;
      try {
        prepared = prepareTensor(values);
      } catch (e) {
        if (!(e instanceof TypeError || e instanceof ValueError)) throw e;
      }
      if (prepared !== undefined) return new PendingTensor(prepared, name).realize(graph);
    }
    const first = toTensorLater(values[0], name);
    const shape = first.shape;
    if (shape.rank !== null) {
      const expanded = shape.rank + 1;
      if (axis < -expanded || axis >= expanded) {
        throw new ValueError(
          `Argument \`axis\` = ${axis} not in range [${-expanded}, ${expanded})`,
        );
      }
    }
    if (first instanceof PendingTensor) first.realize(graph);
    return genOne('Pack', [values], { axis }, name);
  });
}

export interface UnstackOptions {
  num?: number | null;
  axis?: number;
  name?: string | null;
}

/** TF's `tf.unstack(value, num=None, axis=0, name='unstack')`. */
export function unstack(
  value: TensorLike,
  num?: number | null,
  axis?: number,
  name?: string | null,
): Tensor[];
export function unstack(value: TensorLike, options: UnstackOptions): Tensor[];
export function unstack(...args: unknown[]): Tensor[] {
  const o = bindArgs('unstack', ['value', 'num', 'axis', 'name'], 1, args);
  let value = o['value'];
  let num = o['num'] as number | null | undefined;
  const axis = (o['axis'] ?? 0) as number;
  if (num === undefined || num === null) {
    value = convertNow(value, null);
    const shape = (value as Tensor).shape;
    const ndims = shape.rank;
    if (ndims !== null) {
      if (axis < -ndims || axis >= ndims)
        throw new ValueError(`Argument \`axis\` = ${axis} not in range [${-ndims}, ${ndims})`);
      num = (shape.dims as (number | null)[])[axis < 0 ? axis + ndims : axis] ?? null;
    }
    if (num === undefined || num === null)
      throw new ValueError(`Cannot infer argument \`num\` from shape ${shape.toString()}`);
  }
  return genOutputs('Unpack', [value], { num, axis }, nameArg(o['name']) ?? 'unstack') as Tensor[];
}

export interface SplitOptions {
  axis?: TensorLike;
  num?: number | null;
  name?: string | null;
}

/** TF's `tf.split(value, num_or_size_splits, axis=0, num=None, name='split')`. */
export function split(
  value: TensorLike,
  numOrSizeSplits: TensorLike,
  axis?: TensorLike,
  num?: number | null,
  name?: string | null,
): Tensor[];
export function split(
  value: TensorLike,
  numOrSizeSplits: TensorLike,
  options: SplitOptions,
): Tensor[];
export function split(...args: unknown[]): Tensor[] {
  const o = bindArgs('split', ['value', 'numOrSizeSplits', 'axis', 'num', 'name'], 2, args);
  const n = nameArg(o['name']) ?? 'split';
  const axis = o['axis'] ?? pyInt(0);
  const splits = o['numOrSizeSplits'];
  if ((typeof splits === 'number' && Number.isInteger(splits)) || typeof splits === 'bigint') {
    return genOutputs('Split', [axis, o['value']], { num_split: Number(splits) }, n) as Tensor[];
  }
  const graph = graphOf(o['value'], splits);
  return graph.asDefault(() => {
    const sizes = intsLater(splits, null);
    if (sizes.shape.rank === 0) {
      throw new ValueError(
        `Rank-0 tensors are not supported as the num_or_size_splits argument to split. Argument provided: ${pyStr(splits, 'int')}`,
      );
    }
    let num = o['num'] as number | null | undefined;
    if (num === undefined || num === null) {
      const dims = sizes.shape.dims;
      num = dims && dims.length > 0 ? (dims[0] ?? null) : null;
      if (num === null)
        throw new ValueError(`Cannot infer argument \`num\` from shape ${pyStr(splits, 'int')}`);
    }
    return genOutputs('SplitV', [o['value'], sizes, axis], { num_split: num }, n) as Tensor[];
  });
}

/** TF's `tf.slice(input_, begin, size, name=None)`. */
export function slice(
  input: TensorLike,
  begin: TensorLike,
  size: TensorLike,
  name?: NameArg,
): Tensor {
  return genOne('Slice', [input, begin, size], {}, nameOf(name));
}

export interface StridedSliceOptions {
  strides?: TensorLike | null;
  beginMask?: number;
  endMask?: number;
  ellipsisMask?: number;
  newAxisMask?: number;
  shrinkAxisMask?: number;
  name?: string | null;
}

/**
 * TF's `tf.strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0,
 * ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=0, name=None)`; no strides: ones.
 */
export function stridedSlice(
  input: TensorLike,
  begin: TensorLike,
  end: TensorLike,
  options?: StridedSliceOptions,
): Tensor;
export function stridedSlice(
  input: TensorLike,
  begin: TensorLike,
  end: TensorLike,
  strides?: TensorLike | null,
  beginMask?: number,
  endMask?: number,
  ellipsisMask?: number,
  newAxisMask?: number,
  shrinkAxisMask?: number,
  name?: string | null,
): Tensor;
export function stridedSlice(...args: unknown[]): Tensor {
  const o = bindArgs(
    'strided_slice',
    [
      'input',
      'begin',
      'end',
      'strides',
      'beginMask',
      'endMask',
      'ellipsisMask',
      'newAxisMask',
      'shrinkAxisMask',
      'name',
    ],
    3,
    args,
  );
  const graph = graphOf(o['input'], o['begin'], o['end'], o['strides']);
  return graph.asDefault(() => {
    let strides = o['strides'];
    const defaulted = strides === undefined || strides === null;
    const attrs = {
      begin_mask: o['beginMask'] ?? 0,
      end_mask: o['endMask'] ?? 0,
      ellipsis_mask: o['ellipsisMask'] ?? 0,
      new_axis_mask: o['newAxisMask'] ?? 0,
      shrink_axis_mask: o['shrinkAxisMask'] ?? 0,
    };
    if (defaulted) {
      // The default strides have begin's dtype and shape: check the op with begin in their
      // place before building them, so a refused call adds nothing.
      checkOp(graph, 'StridedSlice', [o['input'], o['begin'], o['end'], o['begin']], attrs);
      strides = onesLikeV1(o['begin']);
    }
    const out = genOne(
      'StridedSlice',
      [o['input'], o['begin'], o['end'], strides],
      attrs,
      nameArg(o['name']),
    );
    // TF's shape inference folds the default strides (a Fill of ones); so do we.
    const st = strides as Tensor;
    if (defaulted && st.shape.isFullyDefined()) {
      const ones = convertToNDArray(
        new Array<number>(st.shape.numElements() as number).fill(1),
        st.dtype,
      );
      refineShapes(out.op, new Map([[3, ones]]));
    }
    return out;
  });
}

/** TF's `tf.squeeze(input, axis=None, name=None)`. */
export function squeeze(
  input: TensorLike,
  axis?: number | readonly number[] | null,
  name?: string | null,
): Tensor;
export function squeeze(
  input: TensorLike,
  options: { axis?: number | readonly number[] | null; name?: string | null },
): Tensor;
export function squeeze(...args: unknown[]): Tensor {
  const o = bindArgs('squeeze', ['input', 'axis', 'name'], 1, args);
  let axis = o['axis'] ?? [];
  if (typeof axis === 'number' || typeof axis === 'bigint') axis = [axis];
  return genOne('Squeeze', [o['input']], { squeeze_dims: axis }, nameArg(o['name']));
}

/** TF's `tf.expand_dims(input, axis, name=None)`. */
export function expandDims(input: TensorLike, axis: TensorLike, name?: NameArg): Tensor {
  return genOne('ExpandDims', [input, axis], {}, nameOf(name));
}

/** TF's `tf.tile(input, multiples, name=None)`. */
export function tile(input: TensorLike, multiples: TensorLike, name?: NameArg): Tensor {
  return genOne('Tile', [input, multiples], {}, nameOf(name));
}

export interface PadOptions {
  mode?: string;
  constantValues?: TensorLike;
  name?: string | null;
}

/** TF's `tf.pad(tensor, paddings, mode='CONSTANT', constant_values=0, name=None)`. */
export function pad(
  tensor: TensorLike,
  paddings: TensorLike,
  mode?: string,
  constantValues?: TensorLike,
  name?: string | null,
): Tensor;
export function pad(tensor: TensorLike, paddings: TensorLike, options: PadOptions): Tensor;
export function pad(...args: unknown[]): Tensor {
  const o = bindArgs('pad', ['tensor', 'paddings', 'mode', 'constantValues', 'name'], 2, args);
  const mode = String(o['mode'] ?? 'CONSTANT').toUpperCase();
  const cv = o['constantValues'] ?? pyInt(0);
  const name = nameArg(o['name']);
  let result: Tensor;
  if (mode === 'CONSTANT') {
    const zero = isScalarZero(cv);
    result = zero
      ? genOne('Pad', [o['tensor'], o['paddings']], {}, name)
      : genOne('PadV2', [o['tensor'], o['paddings'], cv], {}, name);
  } else if (mode === 'REFLECT' || mode === 'SYMMETRIC') {
    result = genOne('MirrorPad', [o['tensor'], o['paddings']], { mode }, name);
  } else {
    throw new ValueError(
      `Value of argument \`mode\` expected to be one of "CONSTANT", "REFLECT", or "SYMMETRIC". Received \`mode\` = ${mode}`,
    );
  }
  // TF's static shape fix-up from constant paddings.
  const paddings =
    o['paddings'] instanceof Tensor ? constantValue(o['paddings'])?.toArray() : o['paddings'];
  const inputShape =
    o['tensor'] instanceof Tensor ? o['tensor'].shape : (result.op.inputs[0] as Tensor).shape;
  if (inputShape.rank !== null && !result.shape.isFullyDefined() && Array.isArray(paddings)) {
    const dims = inputShape.dims as (number | null)[];
    result.setShape(
      dims.map((d, i) => {
        const p = (paddings as unknown[])[i];
        if (d === null || !Array.isArray(p) || p.some((x) => x === null)) return null;
        return d + Number(p[0]) + Number(p[1]);
      }),
    );
  }
  return result;
}

function isScalarZero(v: unknown): boolean {
  if (v instanceof Tensor || v instanceof PendingTensor) return false;
  if (v instanceof NDArray) return v.rank === 0 && Number(v.data[0]) === 0;
  if (typeof v === 'number' || typeof v === 'bigint') return Number(v) === 0;
  if (typeof v === 'boolean') return v === false;
  return false;
}

export interface GatherOptions {
  validateIndices?: unknown;
  axis?: TensorLike | null;
  batchDims?: number;
  name?: string | null;
}

/** TF's `tf.gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None)`. */
export function gather(params: TensorLike, indices: TensorLike, options?: GatherOptions): Tensor;
export function gather(
  params: TensorLike,
  indices: TensorLike,
  validateIndices?: unknown,
  axis?: TensorLike | null,
  batchDims?: number,
  name?: string | null,
): Tensor;
export function gather(...args: unknown[]): Tensor {
  const o = bindArgs(
    'gather',
    ['params', 'indices', 'validateIndices', 'axis', 'batchDims', 'name'],
    2,
    args,
  );
  const batchDims = o['batchDims'] ?? 0;
  const axis = o['axis'] ?? (typeof batchDims === 'number' ? pyInt(batchDims) : batchDims);
  return genOne(
    'GatherV2',
    [o['params'], o['indices'], axis],
    { batch_dims: batchDims },
    nameArg(o['name']),
  );
}

/** TF's `tf.gather_nd(params, indices, batch_dims=0, name=None)` (batch_dims 0). */
export function gatherNd(
  params: TensorLike,
  indices: TensorLike,
  batchDims?: number,
  name?: string | null,
): Tensor;
export function gatherNd(
  params: TensorLike,
  indices: TensorLike,
  options: { batchDims?: number; name?: string | null },
): Tensor;
export function gatherNd(...args: unknown[]): Tensor {
  const o = bindArgs('gather_nd', ['params', 'indices', 'batchDims', 'name'], 2, args);
  if ((o['batchDims'] ?? 0) !== 0)
    throw new ValueError('gatherNd with batchDims != 0 is not supported');
  return genOne(
    'GatherNd',
    [o['params'], o['indices']],
    { bad_indices_policy: '' },
    nameArg(o['name']),
  );
}

export interface ShapeOptions {
  outType?: DType | string | null;
  name?: string | null;
}

/** TF's `tf.shape(input, out_type=tf.int32, name=None)`: a Const when the shape is fully known. */
export function shape(
  input: TensorLike,
  outType?: DType | string | null,
  name?: string | null,
): Tensor;
export function shape(input: TensorLike, options: ShapeOptions): Tensor;
export function shape(...args: unknown[]): Tensor {
  const o = bindArgs('shape', ['input', 'outType', 'name'], 1, args);
  const outType =
    o['outType'] === undefined || o['outType'] === null ? 'int32' : toDType(o['outType']);
  return scoped([o['input']], nameArg(o['name']), 'Shape', (scope) => {
    const input = convertNow(o['input'], null);
    const s = input.shape;
    if (s.isFullyDefined()) return constant(s.dims as number[], outType, null, scope);
    return genOne('Shape', [input], { out_type: outType }, scope);
  });
}

/** TF's `tf.size(input, out_type=tf.int32, name=None)`. */
export function size(
  input: TensorLike,
  outType?: DType | string | null,
  name?: string | null,
): Tensor;
export function size(input: TensorLike, options: ShapeOptions): Tensor;
export function size(...args: unknown[]): Tensor {
  const o = bindArgs('size', ['input', 'outType', 'name'], 1, args);
  const outType =
    o['outType'] === undefined || o['outType'] === null ? 'int32' : toDType(o['outType']);
  return scoped([o['input']], nameArg(o['name']), 'Size', (scope) => {
    const input = convertNow(o['input'], null);
    const s = input.shape;
    if (s.isFullyDefined()) return constant(s.numElements() as number, outType, null, scope);
    if (s.dims !== null && s.dims.some((d) => d === 0)) return constant(0, outType, null, scope);
    return genOne('Size', [input], { out_type: outType }, scope);
  });
}

/** TF's `tf.rank(input, name=None)`: a Const when the rank is known. */
export function rank(input: TensorLike, name?: NameArg): Tensor {
  return scoped([input], nameOf(name), 'Rank', (scope) => {
    const t = convertNow(input, null);
    if (t.shape.rank !== null) return constant(t.shape.rank, 'int32', null, scope);
    return genOne('Rank', [t], {}, scope);
  });
}

/** TF's `tf.fill(dims, value, name=None)`. */
export function fill(dims: TensorLike, value: TensorLike, name?: NameArg): Tensor {
  return genOne('Fill', [dims, value], {}, nameOf(name));
}

// TF's zero and one of a dtype, as Python values (`constant` converts them to `dtype`).
function zeroOf(dtype: DType, one: boolean): TensorLike {
  if (dtype === 'bool') return one;
  if (dtype === 'string' && !one) return '';
  return one ? 1 : 0;
}

function filled(shapeArg: unknown, dtypeArg: unknown, name: string | null, one: boolean): Tensor {
  const dtype = toDType(dtypeArg ?? 'float32');
  return scoped([shapeArg], name, one ? 'ones' : 'zeros', (scope) => {
    const value = zeroOf(dtype, one);
    let s: unknown = shapeArg;
    if (!(shapeArg instanceof Tensor)) {
      const dims = Array.isArray(shapeArg)
        ? (shapeArg as unknown[])
        : shapeArg instanceof TensorShape
          ? shapeArg.dims
          : undefined;
      const plain =
        dims !== undefined &&
        dims !== null &&
        dims.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0);
      if (plain && (dims as number[]).reduce((a, b) => a * b, 1) < 1000) {
        return constant(value, dtype, dims as number[], scope);
      }
      s = plain
        ? constant(pyInt(dims as number[]), null, null, 'shape_as_tensor')
        : convertNow(shapeArg, null, 'int32');
    }
    let st = s as Tensor;
    if (st.shape.rank === 0) st = reshape(st, pyInt([-1]));
    return fill(st, constant(value, dtype), scope);
  });
}

/** TF's `tf.zeros(shape, dtype=tf.float32, name=None)`: a Const when small, else `Fill`. */
export function zeros(shape: ShapeLike, dtype?: DType | string, name?: string | null): Tensor;
export function zeros(
  shape: ShapeLike,
  options: { dtype?: DType | string; name?: string | null },
): Tensor;
export function zeros(...args: unknown[]): Tensor {
  const o = bindArgs('zeros', ['shape', 'dtype', 'name'], 1, args);
  return filled(o['shape'], o['dtype'], nameArg(o['name']), false);
}

/** TF's `tf.ones(shape, dtype=tf.float32, name=None)`. */
export function ones(shape: ShapeLike, dtype?: DType | string, name?: string | null): Tensor;
export function ones(
  shape: ShapeLike,
  options: { dtype?: DType | string; name?: string | null },
): Tensor;
export function ones(...args: unknown[]): Tensor {
  const o = bindArgs('ones', ['shape', 'dtype', 'name'], 1, args);
  return filled(o['shape'], o['dtype'], nameArg(o['name']), true);
}

function likeImpl(fn: string, defaultName: string, one: boolean, args: unknown[]): Tensor {
  const o = bindArgs(fn, ['input', 'dtype', 'name'], 1, args);
  const dtype = o['dtype'] === undefined || o['dtype'] === null ? null : toDType(o['dtype']);
  return scoped([o['input']], nameArg(o['name']), defaultName, (scope) => {
    const t =
      o['input'] instanceof Tensor ? o['input'] : realize(toTensorLater(o['input'], 'tensor'));
    if (t.shape.isFullyDefined() && t.dtype !== 'variant') {
      return filled(t.shape.dims, dtype ?? t.dtype, scope, one);
    }
    if (dtype !== null && dtype !== t.dtype && dtype !== 'variant') {
      return filled(shape(t), dtype, scope, one);
    }
    return genOne(one ? 'OnesLike' : 'ZerosLike', [t], {}, scope);
  });
}

/** TF 1's `ones_like_impl`, which `strided_slice` uses for its default strides. */
function onesLikeV1(tensor: unknown): Tensor {
  return scoped([tensor], null, 'ones_like', (scope) => {
    const t = tensor instanceof Tensor ? tensor : realize(intsLater(tensor, 'tensor'));
    const s = t.shape;
    const onesShape = scoped([t], null, 'Shape', () =>
      s.isFullyDefined()
        ? constant(pyInt(s.dims as number[]), null, null, 'shape_as_tensor')
        : genOne('Shape', [t], { out_type: 'int32' }),
    );
    const ret = filled(onesShape, t.dtype, scope, true);
    ret.setShape(s);
    return ret;
  });
}

/** TF's `tf.zeros_like(input, dtype=None, name=None)`. */
export function zerosLike(
  input: TensorLike,
  dtype?: DType | string | null,
  name?: string | null,
): Tensor;
export function zerosLike(
  input: TensorLike,
  options: { dtype?: DType | string | null; name?: string | null },
): Tensor;
export function zerosLike(...args: unknown[]): Tensor {
  return likeImpl('zeros_like', 'zeros_like', false, args);
}

/** TF's `tf.ones_like(input, dtype=None, name=None)`. */
export function onesLike(
  input: TensorLike,
  dtype?: DType | string | null,
  name?: string | null,
): Tensor;
export function onesLike(
  input: TensorLike,
  options: { dtype?: DType | string | null; name?: string | null },
): Tensor;
export function onesLike(...args: unknown[]): Tensor {
  return likeImpl('ones_like', 'ones_like', true, args);
}

export interface OneHotOptions {
  onValue?: TensorLike | null;
  offValue?: TensorLike | null;
  axis?: number | null;
  dtype?: DType | string | null;
  name?: string | null;
}

/** TF's `tf.one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None)`. */
export function oneHot(indices: TensorLike, depth: TensorLike, options?: OneHotOptions): Tensor;
export function oneHot(
  indices: TensorLike,
  depth: TensorLike,
  onValue?: TensorLike | null,
  offValue?: TensorLike | null,
  axis?: number | null,
  dtype?: DType | string | null,
  name?: string | null,
): Tensor;
export function oneHot(...args: unknown[]): Tensor {
  const o = bindArgs(
    'one_hot',
    ['indices', 'depth', 'onValue', 'offValue', 'axis', 'dtype', 'name'],
    2,
    args,
  );
  let dtype = o['dtype'] === undefined || o['dtype'] === null ? null : toDType(o['dtype']);
  return scoped(
    [o['indices'], o['depth'], o['onValue'], o['offValue']],
    nameArg(o['name']),
    'one_hot',
    (scope) => {
      const onExists = o['onValue'] !== undefined && o['onValue'] !== null;
      const offExists = o['offValue'] !== undefined && o['offValue'] !== null;
      // Decided now, made when OneHot takes them, so a refused call adds nothing.
      let on: Tensor | PendingTensor | null = onExists
        ? toTensorLater(o['onValue'], null, { preferredDtype: dtype })
        : null;
      let off: Tensor | PendingTensor | null = offExists
        ? toTensorLater(o['offValue'], null, { preferredDtype: dtype })
        : null;
      const repr = (d: DType) => `<dtype: '${d}'>`;
      if (on !== null || off !== null) {
        if (dtype !== null) {
          if (on !== null && on.dtype !== dtype)
            throw new TypeError(
              `dtype ${repr(on.dtype)} of on_value does not match dtype parameter ${repr(dtype)}`,
            );
          if (off !== null && off.dtype !== dtype)
            throw new TypeError(
              `dtype ${repr(off.dtype)} of off_value does not match dtype parameter ${repr(dtype)}`,
            );
        } else {
          dtype = (on ?? (off as Tensor | PendingTensor)).dtype;
        }
      } else if (dtype === null) {
        dtype = 'float32';
      }
      on ??= toTensorLater(pyInt(1), 'on_value', { dtype });
      off ??= toTensorLater(pyInt(0), 'off_value', { dtype });
      if (on.dtype !== off.dtype) {
        throw new TypeError(
          `dtype ${repr(on.dtype)} of on_value does not match dtype ${repr(off.dtype)} of off_value`,
        );
      }
      // TF makes on_value and off_value before OneHot converts the rest: check first.
      const attrs = { axis: o['axis'] ?? -1 };
      checkOp(getDefaultGraph(), 'OneHot', [o['indices'], o['depth'], on, off], attrs);
      return genOne('OneHot', [o['indices'], o['depth'], realize(on), realize(off)], attrs, scope);
    },
  );
}

/** TF's `tf.broadcast_to(input, shape, name=None)`. */
export function broadcastTo(input: TensorLike, shapeArg: ShapeLike, name?: NameArg): Tensor {
  return genOne('BroadcastTo', [input, shapeArg], {}, nameOf(name));
}

/**
 * TF 2's `tf.where(condition, x=None, y=None, name=None)`: the indices of true elements
 * (`Where`), or an elementwise choice between `x` and `y` (`SelectV2`).
 */
export function where(
  condition: TensorLike,
  x?: TensorLike | null,
  y?: TensorLike | null,
  name?: string | null,
): Tensor;
export function where(
  condition: TensorLike,
  options: { x?: TensorLike | null; y?: TensorLike | null; name?: string | null },
): Tensor;
export function where(...args: unknown[]): Tensor {
  const o = bindArgs('where', ['condition', 'x', 'y', 'name'], 1, args);
  const hasX = o['x'] !== undefined && o['x'] !== null;
  const hasY = o['y'] !== undefined && o['y'] !== null;
  if (!hasX && !hasY) {
    return scoped([o['condition']], nameArg(o['name']), 'Where', (scope) => {
      const c = toTensorLater(o['condition'], 'condition', { preferredDtype: 'bool' });
      return genOne('Where', [c], {}, scope);
    });
  }
  if (hasX && hasY)
    return genOne('SelectV2', [o['condition'], o['x'], o['y']], {}, nameArg(o['name']));
  throw new ValueError('x and y must both be non-None or both be None.');
}
