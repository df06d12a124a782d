import { ValueError } from '@tensorgraph/errors';
import {
  convertToNDArray,
  isComplex,
  isFloating,
  isInteger,
  NDArray,
  type DType,
} from '@tensorgraph/core';
import { constantValue } from '../constant-value.js';
import { toDType, type PendingTensor, type TensorLike } from '../convert-to-tensor.js';
import { Tensor } from '../tensor.js';
import { bindArgs, isOptions, nameArg } from './args.js';
import { genOne, genOutputs, toTensorLater } from './gen-op.js';
import { graphOf } from './graph-of.js';
import { convertNow, dtypeRepr, nameOf, pyInt, realize, scoped } from './builder-utils.js';
import { identity } from './control.js';
import { refineShapes } from './refine-shape.js';
import { pyTypeName } from './py-repr.js';

type NameArg = string | null | { name?: string | null };
type TensorOrPending = Tensor | PendingTensor;

// ---- binary ops ---------------------------------------------------------------------------

/** TF's `tf.add(x, y, name=None)`: `AddV2` (or `Add` for strings) in scope `Add`. */
export function add(x: TensorLike, y: TensorLike, name?: NameArg): Tensor {
  return scoped([x], nameOf(name), 'Add', (scope) => {
    const tx = toTensorLater(x, 'x');
    const ty = toTensorLater(y, 'y', { preferredDtype: tx.dtype });
    return genOne(tx.dtype === 'string' ? 'Add' : 'AddV2', [tx, ty], {}, scope);
  });
}

function genBinary(opType: string) {
  return (x: TensorLike, y: TensorLike, name?: NameArg): Tensor =>
    genOne(opType, [x, y], {}, nameOf(name));
}

/** TF's `tf.subtract(x, y, name=None)`: `Sub`. */
export const subtract = genBinary('Sub');
/** TF's `tf.multiply(x, y, name=None)`: `Mul`. */
export const multiply = genBinary('Mul');
/** TF's `tf.maximum(x, y, name=None)`. */
export const maximum = genBinary('Maximum');
/** TF's `tf.minimum(x, y, name=None)`. */
export const minimum = genBinary('Minimum');
/** TF's `tf.math.floormod(x, y, name=None)` (also `tf.math.mod`): `FloorMod`. */
export const floormod = genBinary('FloorMod');
/** TF's `tf.compat.v1.realdiv(x, y, name=None)`: `RealDiv`. */
export const realdiv = genBinary('RealDiv');
/** TF's `tf.equal(x, y, name=None)`. */
export const equal = genBinary('Equal');
/** TF's `tf.not_equal(x, y, name=None)`. */
export const notEqual = genBinary('NotEqual');
/** TF's `tf.less(x, y, name=None)`. */
export const less = genBinary('Less');
/** TF's `tf.less_equal(x, y, name=None)`. */
export const lessEqual = genBinary('LessEqual');
/** TF's `tf.greater(x, y, name=None)`. */
export const greater = genBinary('Greater');
/** TF's `tf.greater_equal(x, y, name=None)`. */
export const greaterEqual = genBinary('GreaterEqual');
/** TF's `tf.logical_and(x, y, name=None)`. */
export const logicalAnd = genBinary('LogicalAnd');
/** TF's `tf.logical_or(x, y, name=None)`. */
export const logicalOr = genBinary('LogicalOr');

/** TF's `tf.pow(x, y, name=None)`: `Pow` in scope `Pow`. */
export function pow(x: TensorLike, y: TensorLike, name?: NameArg): Tensor {
  return scoped([x], nameOf(name), 'Pow', (scope) => genOne('Pow', [x, y], {}, scope));
}

/** TF's `tf.math.floordiv(x, y, name=None)`: `FloorDiv` named `floordiv`. */
export function floordiv(x: TensorLike, y: TensorLike, name?: NameArg): Tensor {
  return scoped([x, y], nameOf(name), 'floordiv', (scope) => genOne('FloorDiv', [x, y], {}, scope));
}

// TF's `_TRUEDIV_TABLE`: integers are divided as floats of this dtype; floats as they are.
const TRUEDIV: ReadonlyMap<DType, DType | null> = new Map<DType, DType | null>([
  ['uint8', 'float32'],
  ['int8', 'float32'],
  ['uint16', 'float32'],
  ['int16', 'float32'],
  ['uint32', 'float64'],
  ['int32', 'float64'],
  ['uint64', 'float64'],
  ['int64', 'float64'],
  ['bfloat16', null],
  ['float16', null],
  ['float32', null],
  ['float64', null],
  ['complex64', null],
  ['complex128', null],
]);

/** The dtypes of x and y after TF's conversion (`y` hinted by `x`), refused if they differ. */
function sameDTypePair(
  x: unknown,
  y: unknown,
  yExact: boolean,
): [TensorOrPending, TensorOrPending] {
  const tx = toTensorLater(x, 'x');
  const ty = toTensorLater(y, 'y', yExact ? { dtype: tx.dtype } : { preferredDtype: tx.dtype });
  if (tx.dtype !== ty.dtype) {
    throw new TypeError(
      `\`x\` and \`y\` must have the same dtype, got ${dtypeRepr(tx.dtype)} != ${dtypeRepr(ty.dtype)}.`,
    );
  }
  return [tx, ty];
}

/** TF's `tf.math.truediv(x, y, name=None)`: integers cast to floats first, then `RealDiv`. */
export function truediv(x: TensorLike, y: TensorLike, name?: NameArg): Tensor {
  return scoped([x, y], nameOf(name), 'truediv', (scope) => {
    const [tx, ty] = sameDTypePair(x, y, false);
    const target = TRUEDIV.get(tx.dtype);
    if (target === undefined) {
      throw new TypeError(
        `Invalid dtype ${dtypeRepr(tx.dtype)} in __truediv__. Expected one of {${[...TRUEDIV.keys()].map(dtypeRepr).join(', ')}}.`,
      );
    }
    if (target === null) return genOne('RealDiv', [tx, ty], {}, scope);
    // TF has made both Consts by now, before its casts.
    const [rx, ry] = [realize(tx), realize(ty)];
    return genOne('RealDiv', [cast(rx, target), cast(ry, target)], {}, scope);
  });
}

/**
 * TF's `tf.divide(x, y, name=None)`: Python's `/`. Without a name, a non-tensor `x` is
 * converted first (to `y`'s dtype), outside the `truediv` scope, as TF does.
 */
export function divide(x: TensorLike, y: TensorLike, name?: NameArg): Tensor {
  const n = nameOf(name);
  if (n !== null) return truediv(x, y, n);
  let tx: unknown = x;
  if (!(x instanceof Tensor)) {
    const dtype = y instanceof Tensor ? y.dtype : null;
    const graph = graphOf(y);
    tx = graph.asDefault(() => realize(toTensorLater(x, null, { dtype })));
  }
  return scoped([tx, y], null, 'truediv', (scope) => truediv(tx as TensorLike, y, scope));
}

/** TF 1's `tf.compat.v1.div(x, y, name=None)`: `RealDiv` for floats, `FloorDiv` otherwise. */
export function div(x: TensorLike, y: TensorLike, name?: NameArg): Tensor {
  return scoped([x, y], nameOf(name), 'div', (scope) => {
    const [tx, ty] = sameDTypePair(x, y, true);
    const floating = isFloating(tx.dtype) || isComplex(tx.dtype);
    return genOne(floating ? 'RealDiv' : 'FloorDiv', [tx, ty], {}, scope);
  });
}

// ---- unary ops ----------------------------------------------------------------------------

function genUnary(opType: string) {
  return (x: TensorLike, name?: NameArg): Tensor => genOne(opType, [x], {}, nameOf(name));
}

/** TF's `tf.square(x, name=None)`. */
export const square = genUnary('Square');
/** TF's `tf.sqrt(x, name=None)`. */
export const sqrt = genUnary('Sqrt');
/** TF's `tf.math.rsqrt(x, name=None)`. */
export const rsqrt = genUnary('Rsqrt');
/** TF's `tf.exp(x, name=None)`. */
export const exp = genUnary('Exp');
/** TF's `tf.math.log(x, name=None)`. */
export const log = genUnary('Log');
/** TF's `tf.negative(x, name=None)`: `Neg`. */
export const negative = genUnary('Neg');
/** TF's `tf.floor(x, name=None)`. */
export const floor = genUnary('Floor');
/** TF's `tf.math.ceil(x, name=None)`. */
export const ceil = genUnary('Ceil');
/** TF's `tf.tanh(x, name=None)`. */
export const tanh = genUnary('Tanh');
/** TF's `tf.math.erf(x, name=None)`. */
export const erf = genUnary('Erf');
/** TF's `tf.logical_not(x, name=None)`. */
export const logicalNot = genUnary('LogicalNot');

/** TF's `tf.sigmoid(x, name=None)`: `Sigmoid` in scope `Sigmoid`. */
export function sigmoid(x: TensorLike, name?: NameArg): Tensor {
  return scoped([x], nameOf(name), 'Sigmoid', (scope) =>
    genOne('Sigmoid', [toTensorLater(x, 'x')], {}, scope),
  );
}

/** TF's `tf.abs(x, name=None)`: `Abs`, or `ComplexAbs` for complex values. */
export function abs(x: TensorLike, name?: NameArg): Tensor {
  return scoped([x], nameOf(name), 'Abs', (scope) => {
    const tx = toTensorLater(x, 'x');
    if (isComplex(tx.dtype)) {
      return genOne(
        'ComplexAbs',
        [tx],
        { Tout: tx.dtype === 'complex64' ? 'float32' : 'float64' },
        scope,
      );
    }
    return genOne('Abs', [tx], {}, scope);
  });
}

/** TF's `tf.sign(x, name=None)`. */
export function sign(x: TensorLike, name?: NameArg): Tensor {
  const tx = x instanceof Tensor ? x : convertNow(x, null);
  return genOne('Sign', [tx], {}, nameOf(name));
}

/** TF's `tf.round(x, name=None)`: banker's rounding; integers come back as they are. */
export function round(x: TensorLike, name?: NameArg): Tensor {
  const tx = x instanceof Tensor ? x : convertNow(x, 'x');
  if (isInteger(tx.dtype)) return tx;
  return genOne('Round', [tx], {}, nameOf(name));
}

/**
 * TF's `tf.cast(x, dtype, name=None)`: a tensor already of `dtype` is returned as is;
 * otherwise a `Cast` op in scope `Cast` (a JS value becomes `Cast/x` first).
 */
export function cast(x: TensorLike, dtype: DType | string, name?: NameArg): Tensor {
  const base = toDType(dtype);
  if (x instanceof Tensor && x.dtype === base) return x;
  return scoped([x], nameOf(name), 'Cast', (scope) => {
    const tx = toTensorLater(x, 'x');
    if (tx.dtype === base) return realize(tx);
    return genOne('Cast', [tx], { DstT: base, Truncate: false }, scope);
  });
}

// ---- lists, scans, clipping ---------------------------------------------------------------

/** TF's `tf.add_n(inputs, name=None)`: the sum of same-shaped tensors. */
export function addN(inputs: readonly TensorLike[], name?: NameArg): Tensor {
  const msg =
    'Inputs must be an iterable of at least one Tensor/IndexedSlices with the same dtype and shape.';
  if (!Array.isArray(inputs) || inputs.length === 0) throw new ValueError(msg);
  const n = nameOf(name);
  const graph = graphOf(...inputs);
  return graph.asDefault(() => {
    const converted = inputs.map((v) => toTensorLater(v, null));
    if (converted.length === 1) {
      const only = realize(converted[0] as TensorOrPending);
      return n ? identity(only, n) : only;
    }
    return genOne('AddN', [converted], {}, n);
  });
}

export interface CumsumOptions {
  axis?: TensorLike;
  exclusive?: boolean;
  reverse?: boolean;
  name?: string | null;
}

/** TF's `tf.math.cumsum(x, axis=0, exclusive=False, reverse=False, name=None)`. */
export function cumsum(
  x: TensorLike,
  axis?: TensorLike,
  exclusive?: boolean,
  reverse?: boolean,
  name?: string | null,
): Tensor;
export function cumsum(x: TensorLike, options: CumsumOptions): Tensor;
export function cumsum(
  x: TensorLike,
  axis: TensorLike,
  options: Omit<CumsumOptions, 'axis'>,
): Tensor;
export function cumsum(...args: unknown[]): Tensor {
  const a = bindArgs('cumsum', ['x', 'axis', 'exclusive', 'reverse', 'name'], 1, args);
  return scoped([a['x']], nameArg(a['name']), 'Cumsum', (scope) =>
    genOne(
      'Cumsum',
      [toTensorLater(a['x'], 'x'), a['axis'] ?? pyInt(0)],
      { exclusive: a['exclusive'] ?? false, reverse: a['reverse'] ?? false },
      scope,
    ),
  );
}

/** TF's `tf.clip_by_value(t, clip_value_min, clip_value_max, name=None)`. */
export function clipByValue(
  t: TensorLike,
  clipValueMin: TensorLike,
  clipValueMax: TensorLike,
  name?: NameArg,
): Tensor {
  return scoped([t, clipValueMin, clipValueMax], nameOf(name), 'clip_by_value', (scope) => {
    const values = realize(toTensorLater(t, 't'));
    const tMin = minimum(values, clipValueMax);
    values.shape.assertIsCompatibleWith(tMin.shape);
    const tMax = maximum(tMin, clipValueMin, scope);
    values.shape.assertIsCompatibleWith(tMax.shape);
    return tMax;
  });
}

// ---- matmul, argmax, range, top_k ---------------------------------------------------------

export interface MatmulOptions {
  transposeA?: boolean;
  transposeB?: boolean;
  adjointA?: boolean;
  adjointB?: boolean;
  aIsSparse?: boolean;
  bIsSparse?: boolean;
  outputType?: DType | string | null;
  gradA?: boolean;
  gradB?: boolean;
  name?: string | null;
}

/** TF's `tf.math.conj`: complex values conjugated, others returned as they are. */
function conj(x: TensorOrPending): TensorOrPending {
  return isComplex(x.dtype) ? genOne('Conj', [realize(x)]) : x;
}

/**
 * TF's `tf.matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False,
 * adjoint_b=False, ..., output_type=None, name=None)`: `MatMul` for matrices,
 * `BatchMatMulV2` (or `V3` with `outputType`) when either side may have batch dims.
 */
export function matmul(a: TensorLike, b: TensorLike, options?: MatmulOptions): Tensor;
export function matmul(
  a: TensorLike,
  b: TensorLike,
  transposeA?: boolean,
  transposeB?: boolean,
  adjointA?: boolean,
  adjointB?: boolean,
  aIsSparse?: boolean,
  bIsSparse?: boolean,
  outputType?: DType | string | null,
  gradA?: boolean,
  gradB?: boolean,
  name?: string | null,
): Tensor;
export function matmul(...args: unknown[]): Tensor {
  const o = bindArgs(
    'matmul',
    [
      'a',
      'b',
      'transposeA',
      'transposeB',
      'adjointA',
      'adjointB',
      'aIsSparse',
      'bIsSparse',
      'outputType',
      'gradA',
      'gradB',
      'name',
    ],
    2,
    args,
  );
  let transposeA = Boolean(o['transposeA'] ?? false);
  let transposeB = Boolean(o['transposeB'] ?? false);
  let adjointA = Boolean(o['adjointA'] ?? false);
  let adjointB = Boolean(o['adjointB'] ?? false);
  const gradA = o['gradA'] ?? false;
  const gradB = o['gradB'] ?? false;
  return scoped([o['a'], o['b']], nameArg(o['name']), 'MatMul', (scope) => {
    if (transposeA && adjointA) {
      throw new ValueError(
        `Only one of \`transpose_a\` and \`adjoint_a\` can be True. Received \`transpose_a\`=True, \`adjoint_a\`=True.`,
      );
    }
    if (transposeB && adjointB) {
      throw new ValueError(
        `Only one of \`transpose_b\` and \`adjoint_b\` can be True. Received \`transpose_b\`=True, \`adjoint_b\`=True.`,
      );
    }
    // Converted now, made when MatMul takes them, so a refused call adds nothing.
    let a: TensorOrPending = toTensorLater(o['a'], 'a');
    let b: TensorOrPending = toTensorLater(o['b'], 'b', { preferredDtype: a.dtype });
    const rankA = a.shape.rank;
    const rankB = b.shape.rank;
    const batch = rankA === null || rankA > 2 || rankB === null || rankB > 2;
    const outputType =
      o['outputType'] === undefined || o['outputType'] === null ? null : toDType(o['outputType']);
    const v3 = outputType !== null && (outputType !== a.dtype || outputType !== b.dtype);
    const sparse = Boolean(o['aIsSparse']) || Boolean(o['bIsSparse']);
    if (!sparse && batch) {
      if (transposeA) {
        a = conj(a);
        adjointA = true;
      }
      if (transposeB) {
        b = conj(b);
        adjointB = true;
      }
      if (v3) {
        return genOne(
          'BatchMatMulV3',
          [a, b],
          { adj_x: adjointA, adj_y: adjointB, Tout: outputType, grad_x: gradA, grad_y: gradB },
          scope,
        );
      }
      return genOne(
        'BatchMatMulV2',
        [a, b],
        { adj_x: adjointA, adj_y: adjointB, grad_x: gradA, grad_y: gradB },
        scope,
      );
    }
    if (adjointA) {
      a = conj(a);
      transposeA = true;
    }
    if (adjointB) {
      b = conj(b);
      transposeB = true;
    }
    if (v3) {
      return genOne(
        'BatchMatMulV3',
        [a, b],
        {
          adj_x: adjointA || transposeA,
          adj_y: adjointB || transposeB,
          Tout: outputType,
          grad_x: gradA,
          grad_y: gradB,
        },
        scope,
      );
    }
    return genOne(
      'MatMul',
      [a, b],
      { transpose_a: transposeA, transpose_b: transposeB, grad_a: gradA, grad_b: gradB },
      scope,
    );
  });
}

export interface ArgOptions {
  axis?: TensorLike | null;
  outputType?: DType | string;
  name?: string | null;
}

const ARGMAX_AXIS_DTYPES: ReadonlySet<string> = new Set([
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'int64',
]);

/** TF's `tf.math.argmax(input, axis=None, output_type=tf.int64, name=None)`. */
export function argmax(
  input: TensorLike,
  axis?: TensorLike | null,
  outputType?: DType | string,
  name?: string | null,
): Tensor;
export function argmax(input: TensorLike, options: ArgOptions): Tensor;
export function argmax(...args: unknown[]): Tensor {
  const a = bindArgs('argmax', ['input', 'axis', 'outputType', 'name'], 1, args);
  let axis = a['axis'] ?? pyInt(0);
  if (axis instanceof Tensor) {
    if (!ARGMAX_AXIS_DTYPES.has(axis.dtype)) {
      throw new TypeError(`axis tensor dtypes <dtype: '${axis.dtype}'> is not supported`);
    }
    if (['int8', 'int16', 'uint8', 'uint16'].includes(axis.dtype)) axis = cast(axis, 'int32');
  } else if (
    !(axis instanceof NDArray) &&
    !(typeof axis === 'number' && Number.isInteger(axis)) &&
    typeof axis !== 'bigint'
  ) {
    throw new TypeError('axis must be int or Tensor with integer datatype');
  }
  return genOne(
    'ArgMax',
    [a['input'], axis],
    { output_type: a['outputType'] ?? 'int64' },
    nameArg(a['name']),
  );
}

/** TF's `tf.math.argmin(input, axis=None, output_type=tf.int64, name=None)`. */
export function argmin(
  input: TensorLike,
  axis?: TensorLike | null,
  outputType?: DType | string,
  name?: string | null,
): Tensor;
export function argmin(input: TensorLike, options: ArgOptions): Tensor;
export function argmin(...args: unknown[]): Tensor {
  const a = bindArgs('argmin', ['input', 'axis', 'outputType', 'name'], 1, args);
  return genOne(
    'ArgMin',
    [a['input'], a['axis'] ?? pyInt(0)],
    { output_type: a['outputType'] ?? 'int64' },
    nameArg(a['name']),
  );
}

const RANGE_DTYPES: readonly DType[] = [
  'int32',
  'int64',
  'float16',
  'bfloat16',
  'float32',
  'float64',
];

export interface RangeOptions {
  limit?: TensorLike | null;
  delta?: TensorLike;
  dtype?: DType | string | null;
  name?: string | null;
}

/**
 * TF's `tf.range(start, limit=None, delta=1, dtype=None, name='range')`: one argument is
 * the limit. A JS number is a float unless `dtype` says otherwise (bigints are int64).
 */
export function range(
  start: TensorLike,
  limit?: TensorLike | null,
  delta?: TensorLike,
  dtype?: DType | string | null,
  name?: string | null,
): Tensor;
export function range(start: TensorLike, options: RangeOptions): Tensor;
export function range(
  start: TensorLike,
  limit: TensorLike | null,
  options: Omit<RangeOptions, 'limit'>,
): Tensor;
export function range(...args: unknown[]): Tensor {
  const a = bindArgs('range', ['start', 'limit', 'delta', 'dtype', 'name'], 1, args);
  let start = a['start'];
  let limit = a['limit'];
  if (limit === undefined || limit === null) {
    limit = start;
    start = pyInt(0);
  }
  const delta = a['delta'] ?? pyInt(1);
  const dtype = a['dtype'] === undefined || a['dtype'] === null ? null : toDType(a['dtype']);
  return scoped([start, limit, delta], nameArg(a['name']) ?? 'range', 'Range', (scope) => {
    const conv = (v: unknown, n: string) =>
      v instanceof Tensor ? v : toTensorLater(v, n, { dtype });
    const pending = [conv(start, 'start'), conv(limit, 'limit'), conv(delta, 'delta')];
    const inferred =
      dtype ??
      pending
        .map((p) => p.dtype)
        .reduce((best, d) => {
          if (!RANGE_DTYPES.includes(d))
            throw Object.assign(new Error(''), { name: 'AssertionError' });
          return RANGE_DTYPES.indexOf(d) > RANGE_DTYPES.indexOf(best) ? d : best;
        }, 'int32' as DType);
    // TF has made the three Consts by now, before any cast.
    const parts = pending.map(realize);
    const [s, l, d] = parts.map((p) => (p.dtype === inferred ? p : cast(p, inferred)));
    const out = genOne('Range', [s, l, d], {}, scope);
    // TF's shape inference folds a Cast of a Const; the values are known here.
    const known = new Map<number, NDArray>();
    parts.forEach((p, k) => {
      const v = constantValue(p);
      if (v !== null && p.dtype !== inferred) known.set(k, convertToNDArray(v, inferred));
    });
    if (known.size > 0) refineShapes(out.op, known);
    return out;
  });
}

export interface TopKOptions {
  k?: TensorLike;
  sorted?: boolean;
  indexType?: DType | string;
  name?: string | null;
}

/** TF's `tf.math.top_k(input, k=1, sorted=True, index_type=tf.int32, name=None)`: `[values, indices]`. */
export function topK(
  input: TensorLike,
  k?: TensorLike,
  sorted?: boolean,
  indexType?: DType | string,
  name?: string | null,
): [Tensor, Tensor];
export function topK(input: TensorLike, options: TopKOptions): [Tensor, Tensor];
export function topK(
  input: TensorLike,
  k: TensorLike,
  options: Omit<TopKOptions, 'k'>,
): [Tensor, Tensor];
export function topK(...args: unknown[]): [Tensor, Tensor] {
  const a = bindArgs('top_k', ['input', 'k', 'sorted', 'indexType', 'name'], 1, args);
  return genOutputs(
    'TopKV2',
    [a['input'], a['k'] ?? pyInt(1)],
    { sorted: a['sorted'] ?? true, index_type: a['indexType'] ?? 'int32' },
    nameArg(a['name']),
  ) as [Tensor, Tensor];
}

/** TF's `tf.math` namespace: the builders above, under TF's names there. */
export const mathNs = {
  add,
  subtract,
  multiply,
  divide,
  truediv,
  floordiv,
  floormod,
  mod: floormod,
  pow,
  maximum,
  minimum,
  square,
  sqrt,
  rsqrt,
  exp,
  log,
  abs,
  negative,
  sign,
  round,
  floor,
  ceil,
  sigmoid,
  tanh,
  erf,
  equal,
  notEqual,
  less,
  lessEqual,
  greater,
  greaterEqual,
  logicalAnd,
  logicalOr,
  logicalNot,
  addN,
  cumsum,
  argmax,
  argmin,
  topK,
};

/**
 * TF's `tf.einsum(equation, *inputs, name=None)` for one or two operands: one `Einsum` op
 * (in scope `einsum`) with the equation resolved as TF resolves it (implicit output made
 * explicit). The last argument may be `{ name }`.
 */
export function einsum(
  equation: string,
  ...inputs: (TensorLike | { name?: string | null })[]
): Tensor {
  let operands: unknown[] = inputs;
  let name: string | null = null;
  const last = inputs[inputs.length - 1];
  if (isOptions(last)) {
    const { name: n, ...rest } = last as Record<string, unknown>;
    const bad = Object.keys(rest).filter((k) => k !== 'optimize');
    if (bad.length > 0) {
      throw new TypeError(
        `Invalid keyword arguments for einsum: ${bad.join(', ')}. Valid arguments: name, optimize, greedy.`,
      );
    }
    name = nameArg(n);
    operands = inputs.slice(0, -1);
  }
  if (typeof equation !== 'string') {
    throw new TypeError(`'${pyTypeName(equation, 'int')}' object has no attribute 'replace'`);
  }
  return scoped([...operands], name, 'einsum', () => {
    let eq = equation.replace(/ /g, '');
    const ellipsis = equation.includes('...') ? '0' : null;
    if (ellipsis !== null) {
      if (eq.includes(ellipsis))
        throw new ValueError(`Invalid character "${ellipsis}" in equation: ${equation}.`);
      eq = eq.replace(/\.\.\./g, ellipsis);
    }
    const labels = ellipsis === null ? 'a-zA-Z' : `a-zA-Z${ellipsis}`;
    const match = new RegExp(`^([${labels},]*)(->[${labels}]*)?$`).exec(eq);
    if (match === null) throw new ValueError(`Subscripts have incorrect format: ${eq}`);
    const lhs = match[1] as string;
    const inputLabels = lhs.split(',');
    let outputLabels = match[2] === undefined ? null : match[2].slice(2);
    if (operands.length !== inputLabels.length) {
      throw new ValueError(
        `Got ${operands.length} inputs for equation "${equation}", expecting ${inputLabels.length}`,
      );
    }
    if (!eq.includes('->')) {
      const counts = new Map<string, number>();
      for (const c of lhs) counts.set(c, (counts.get(c) ?? 0) + 1);
      outputLabels = [...counts.keys()]
        .sort()
        .filter((c) => c !== ',' && counts.get(c) === 1)
        .join('');
      eq += `->${outputLabels}`;
    }
    if (outputLabels && new Set(outputLabels).size !== outputLabels.length) {
      throw new ValueError(
        `Output subscripts contain a label appearing more than once: ${equation}`,
      );
    }
    for (const c of outputLabels ?? '') {
      if (c !== ellipsis && !lhs.includes(c)) {
        throw new ValueError(
          `Output subscripts contain the label ${c} not present in the input subscripts.`,
        );
      }
    }
    if (operands.length > 2)
      throw new ValueError('einsum of more than two operands is not supported');
    if (ellipsis !== null) eq = eq.replace(new RegExp(ellipsis, 'g'), '...');
    return genOne('Einsum', [operands], { equation: eq });
  });
}
