import { DATA_TYPE_ENUM, type DType } from '../../dtype/dtype.js';
import type { ShapeContext, ShapeFn, ShapeValue } from '../../plugin/op-def.js';
import {
  broadcastShapes,
  concatShapes,
  dimAt,
  formatShape,
  intValues,
  mergeDim,
  mergeShapes,
  scalarInputAsDim,
  shapeError,
  shapeFromShapeTensor,
  subshape,
  unknownShapeOfRank,
  withContext,
  withRank,
  withRankAtLeast,
  withRankAtMost,
  withValue,
} from './shape-utils.js';

/**
 * Shape functions of the math ops (TF's `math_ops.cc` and the few array/random/string ops
 * that share their patterns), with TF's semantics and messages.
 */

type Dim = number | null;

const input = (ctx: ShapeContext, i: number): ShapeValue => ctx.inputShapes[i] ?? null;

/** TF's `UnchangedShape`: the output is input 0. */
const unchanged: ShapeFn = (ctx) => [input(ctx, 0)];

/** TF's `BroadcastBinaryOpShapeFn`. */
const broadcastBinary: ShapeFn = (ctx) => [broadcastShapes(input(ctx, 0), input(ctx, 1))];

/** Equal/NotEqual: incompatible shapes are an error only with `incompatible_shape_error`. */
const broadcastComparison: ShapeFn = (ctx) => [
  broadcastShapes(input(ctx, 0), input(ctx, 1), ctx.attr<boolean>('incompatible_shape_error')),
];

const addN: ShapeFn = (ctx) => {
  const n = ctx.inputShapes.length;
  let cur = input(ctx, n - 1);
  for (let i = n - 2; i >= 0; i--) {
    const prev = cur;
    cur = withContext(
      () => mergeShapes(input(ctx, i), prev),
      `From merging shape ${i} with other shapes.`,
    );
  }
  return [cur];
};

/** TF's `DataTypeSize` for the dtypes Bitcast accepts (0: not a fixed-size type). */
const DTYPE_SIZE: Partial<Record<DType, number>> = {
  float32: 4,
  float64: 8,
  int32: 4,
  uint8: 1,
  int16: 2,
  int8: 1,
  complex64: 8,
  int64: 8,
  bool: 1,
  qint8: 1,
  quint8: 1,
  qint32: 4,
  bfloat16: 2,
  qint16: 2,
  quint16: 2,
  uint16: 2,
  complex128: 16,
  float16: 2,
  uint32: 4,
  uint64: 8,
  float8_e5m2: 1,
  float8_e4m3fn: 1,
  float8_e4m3fnuz: 1,
  float8_e4m3b11fnuz: 1,
  float8_e5m2fnuz: 1,
  int4: 1,
  uint4: 1,
  int2: 1,
  uint2: 1,
  float4_e2m1fn: 1,
};

const bitcast: ShapeFn = (ctx) => {
  const shape = input(ctx, 0);
  if (shape === null) return [null];
  const from = ctx.attr<DType>('T');
  const to = ctx.attr<DType>('type');
  const inSize = DTYPE_SIZE[from] ?? 0;
  const outSize = DTYPE_SIZE[to] ?? 0;
  if (inSize === 0 || outSize === 0) {
    throw shapeError(
      `Cannot bitcast types ${from} to ${to} because one of the type sizes is zero.`,
    );
  }
  if (inSize === outSize) return [shape];
  if (inSize < outSize) {
    const s = withRankAtLeast(shape, 1) as readonly Dim[];
    const divisor = outSize / inSize;
    const last = dimAt(s, -1);
    if (last !== null && last !== divisor) {
      throw shapeError(
        `Cannot bitcast from ${DATA_TYPE_ENUM[from]} to ${DATA_TYPE_ENUM[to]} due to shape. ` +
          `${last} does not match ${divisor}`,
      );
    }
    return [s.slice(0, -1)];
  }
  return [[...shape, inSize / outSize]];
};

const matMul: ShapeFn = (ctx) => {
  const a = withRank(input(ctx, 0), 2);
  const b = withRank(input(ctx, 1), 2);
  const ta = ctx.attr<boolean>('transpose_a');
  const tb = ctx.attr<boolean>('transpose_b');
  mergeDim(dimAt(a, ta ? 0 : 1), dimAt(b, tb ? 1 : 0));
  return [[dimAt(a, ta ? 1 : 0), dimAt(b, tb ? 0 : 1)]];
};

/** BatchMatMul (v1): batch dims must merge exactly. */
const batchMatMul: ShapeFn = (ctx) => {
  const a = withRankAtLeast(input(ctx, 0), 2);
  const b = withRankAtLeast(input(ctx, 1), 2);
  const adjX = ctx.attr<boolean>('adj_x');
  const adjY = ctx.attr<boolean>('adj_y');
  const rows = dimAt(a, adjX ? -1 : -2);
  const cols = dimAt(b, adjY ? -2 : -1);
  const batch = mergeShapes(subshape(a, 0, -2), subshape(b, 0, -2));
  mergeDim(dimAt(a, adjX ? -2 : -1), dimAt(b, adjY ? -1 : -2));
  return [concatShapes(batch, [rows, cols])];
};

/** BatchMatMulV2/V3: batch dims broadcast. */
const batchMatMulV2: ShapeFn = (ctx) => {
  const a = withRankAtLeast(input(ctx, 0), 2);
  const b = withRankAtLeast(input(ctx, 1), 2);
  const adjX = ctx.attr<boolean>('adj_x');
  const adjY = ctx.attr<boolean>('adj_y');
  const rows = dimAt(a, adjX ? -1 : -2);
  const cols = dimAt(b, adjY ? -2 : -1);
  mergeDim(dimAt(a, adjX ? -2 : -1), dimAt(b, adjY ? -1 : -2));
  const batch = broadcastShapes(subshape(a, 0, -2), subshape(b, 0, -2));
  return [concatShapes(batch, [rows, cols])];
};

function parseEinsumEquation(equation: string): [string[], string] {
  const parts = equation.split('->');
  if (parts.length !== 2) {
    throw shapeError(`Expecting exactly one '->' in einsum equation: ${equation}`);
  }
  const inputs = (parts[0] as string).split(',');
  if (inputs.length !== 1 && inputs.length !== 2) {
    throw shapeError(
      `Expecting 1 or 2 input subscripts in equation '${equation}' but got: ${inputs.length}`,
    );
  }
  return [inputs, parts[1] as string];
}

/** Whether a subscript has an ellipsis; periods elsewhere are TF's errors. */
function validateEllipsis(subscript: string): boolean {
  const periods = [...subscript].filter((ch) => ch === '.').length;
  if (periods !== 0 && periods !== 3) {
    throw shapeError(
      `Expected at most one ellipsis (...), but found ${periods} periods (.) in the input subscript: ${subscript}`,
    );
  }
  if (periods === 3 && !subscript.includes('...')) {
    throw shapeError(`Periods found outside of ellipsis in subscript: ${subscript}`);
  }
  return periods > 0;
}

const einsum: ShapeFn = (ctx) => {
  const equation = ctx.attr<string>('equation');
  const [inputLabels, outputLabels] = parseEinsumEquation(equation);
  const n = ctx.inputShapes.length;
  if (n === 0 || n > 2) throw shapeError(`Expected either 1 or 2 inputs but got: ${n}`);
  if (n !== inputLabels.length) {
    throw shapeError(
      `Expected ${inputLabels.length} inputs for equation ${equation} but got: ${n}`,
    );
  }
  const labelDims = new Map<string, Dim>();
  const bcastShapes: ShapeValue[] = [];
  for (let i = 0; i < n; i++) {
    const labels = inputLabels[i] as string;
    const hasEllipsis = validateEllipsis(labels);
    let shape = input(ctx, i);
    if (shape !== null) {
      const context = ` for ${i}th input and equation: ${equation}`;
      shape = hasEllipsis
        ? withRankAtLeast(shape, labels.length - 3, context)
        : withRank(shape, labels.length, context);
    }
    let bcast: ShapeValue = [];
    let seenEllipsis = false;
    for (let idx = 0; idx < labels.length; idx++) {
      const label = labels[idx] as string;
      const afterEllipsis = shape === null ? -1 : idx + shape.length - labels.length;
      if (label === '.') {
        bcast = shape === null ? null : subshape(shape, idx, afterEllipsis + 3);
        idx += 2;
        seenEllipsis = true;
        continue;
      }
      const axis = seenEllipsis ? afterEllipsis : idx;
      const dim = shape === null ? null : dimAt(shape, axis);
      labelDims.set(
        label,
        labelDims.has(label) ? mergeDim(labelDims.get(label) ?? null, dim) : dim,
      );
    }
    bcastShapes.push(bcast);
  }
  let outBcast: ShapeValue =
    bcastShapes.length === 1
      ? (bcastShapes[0] ?? null)
      : broadcastShapes(bcastShapes[0] ?? null, bcastShapes[1] ?? null);
  if (validateEllipsis(outputLabels)) {
    if (outBcast === null) return [null];
  } else {
    withRankAtMost(
      outBcast,
      0,
      ` for einsum equation '${equation}' without ellipsis (...) in the output subscripts where input(s) have non-empty broadcasting shape`,
    );
    outBcast = [];
  }
  const dims: Dim[] = [];
  for (let idx = 0; idx < outputLabels.length; idx++) {
    const label = outputLabels[idx] as string;
    if (label === '.') {
      dims.push(...(outBcast ?? []));
      idx += 2;
      continue;
    }
    if (!labelDims.has(label)) {
      throw shapeError(
        `Einsum output subscripts for equation '${equation}' has label '${label}' which is not present in the input subscripts`,
      );
    }
    dims.push(labelDims.get(label) ?? null);
  }
  return [dims];
};

const sparseTensorDenseMatMul: ShapeFn = (ctx) => {
  withRank(input(ctx, 0), 2);
  withRank(input(ctx, 1), 1);
  const aShape = withRank(shapeFromShapeTensor(ctx, 2), 2);
  const b = withRank(input(ctx, 3), 2);
  const adjA = ctx.attr<boolean>('adjoint_a');
  const adjB = ctx.attr<boolean>('adjoint_b');
  mergeDim(dimAt(aShape, adjA ? 0 : 1), dimAt(b, adjB ? 1 : 0));
  return [[dimAt(aShape, adjA ? 1 : 0), dimAt(b, adjB ? 0 : 1)]];
};

/** TF's `ReductionShape` (Sum, Mean, Max, Min, Prod, All, Any). */
const reduction: ShapeFn = (ctx) => {
  const shape = input(ctx, 0);
  withRankAtMost(input(ctx, 1), 1);
  const keepDims = ctx.attr<boolean>('keep_dims');
  const axesValue = ctx.inputValue(1);
  if (axesValue === null || shape === null) {
    if (keepDims && shape !== null) return [unknownShapeOfRank(shape.length)];
    return [null];
  }
  const rank = shape.length;
  const axes = new Set<number>();
  for (const axis of intValues(axesValue)) {
    if (axis < -rank || axis >= rank) {
      throw shapeError(`Invalid reduction dimension ${axis} for input with ${rank} dimensions.`);
    }
    axes.add(axis < 0 ? axis + rank : axis);
  }
  const dims: Dim[] = [];
  shape.forEach((d, i) => {
    if (!axes.has(i)) dims.push(d);
    else if (keepDims) dims.push(1);
  });
  return [dims];
};

/** ArgMax/ArgMin: the input without the reduced dimension. */
const argReduction: ShapeFn = (ctx) => {
  withRank(input(ctx, 1), 0);
  const shape = input(ctx, 0);
  if (shape === null) return [null];
  const rank = shape.length;
  // A scalar input gives a scalar, whatever the dimension.
  if (rank === 0) return [[]];
  const dimValue = ctx.inputValue(1);
  if (dimValue === null) return [unknownShapeOfRank(rank - 1)];
  const dim = intValues(dimValue)[0] ?? 0;
  if (dim < -rank || dim >= rank) {
    throw shapeError(
      `Dimension (${dim}) must be in the range [${-rank}, ${rank}), where ${rank} is the number of dimensions in the input.`,
    );
  }
  const axis = dim < 0 ? dim + rank : dim;
  return [shape.filter((_, i) => i !== axis)];
};

const select: ShapeFn = (ctx) => {
  const data = mergeShapes(input(ctx, 1), input(ctx, 2));
  const cond = input(ctx, 0);
  if (cond === null || data === null) return [data];
  // A scalar condition picks whole tensors.
  if (cond.length === 0) return [data];
  // A non-vector condition must match the data.
  if (cond.length !== 1) return [mergeShapes(data, cond)];
  if (data.length === 0) return [mergeShapes(data, cond)];
  // A vector condition selects rows: it matches the data's first dim.
  mergeShapes(cond, [dimAt(data, 0)]);
  return [data];
};

const selectV2: ShapeFn = (ctx) => {
  const other = broadcastShapes(input(ctx, 1), input(ctx, 2));
  return [broadcastShapes(input(ctx, 0), other)];
};

/** TF's `RandomShape`: the output shape is the value of input 0. */
const randomShape: ShapeFn = (ctx) => [shapeFromShapeTensor(ctx, 0)];

const randomUniformInt: ShapeFn = (ctx) => {
  for (const [i, what] of [
    [1, 'minval'],
    [2, 'maxval'],
  ] as const) {
    const s = input(ctx, i);
    if (s !== null && s.length !== 0) {
      throw shapeError(`${what} must be a scalar; got a tensor of shape ${formatShape(s)}`);
    }
  }
  return [shapeFromShapeTensor(ctx, 0)];
};

const multinomial: ShapeFn = (ctx) => {
  const logits = withRank(input(ctx, 0), 2);
  withRank(input(ctx, 1), 0);
  const numSamples = scalarInputAsDim(ctx, 1);
  return [[dimAt(logits, 0), numSamples]];
};

const statelessRandomV2: ShapeFn = (ctx) => {
  const key = withRank(input(ctx, 1), 1);
  withValue(dimAt(key, 0), 1);
  withRank(input(ctx, 2), 1);
  withRank(input(ctx, 3), 0);
  return [shapeFromShapeTensor(ctx, 0)];
};

const linSpace: ShapeFn = (ctx) => {
  withRank(input(ctx, 0), 0, ` for 'start'`);
  withRank(input(ctx, 1), 0, ` for 'stop'`);
  withRank(input(ctx, 2), 0, ` for 'num'`);
  const numValue = ctx.inputValue(2);
  if (numValue === null) return [[null]];
  const num = intValues(numValue)[0] ?? 0;
  if (num <= 0) throw shapeError(`Requires num > 0: ${num}`);
  return [[num]];
};

const cross: ShapeFn = (ctx) => {
  const a = withRankAtLeast(input(ctx, 0), 1);
  const b = withRankAtLeast(input(ctx, 1), 1);
  const merged = mergeShapes(a, b);
  if (merged !== null) withValue(dimAt(merged, -1), 3);
  return [merged];
};

const unique: ShapeFn = (ctx) => {
  withRank(input(ctx, 0), 1);
  return [[null], input(ctx, 0)];
};

const stringJoin: ShapeFn = (ctx) => {
  if (ctx.inputShapes.every((s) => s !== null && s.length === 0)) return [[]];
  // Unknown-rank inputs may be scalars (broadcast), so only known non-scalars merge.
  let out: ShapeValue = null;
  for (const s of ctx.inputShapes) {
    if (s !== null && s.length !== 0) out = mergeShapes(out, s);
  }
  return [out];
};

const stringFormat: ShapeFn = (ctx) => {
  const template = ctx.attr<string>('template');
  const placeholder = ctx.attr<string>('placeholder');
  const placeholders = template.split(placeholder).length - 1;
  if (ctx.inputShapes.length !== placeholders) {
    throw shapeError(
      `num placeholders in template and num inputs must match: ${placeholders} vs. ${ctx.inputShapes.length}`,
    );
  }
  return [[]];
};

const ensureShape: ShapeFn = (ctx) => {
  const desired = ctx.attr<ShapeValue>('shape');
  const shape = input(ctx, 0);
  // TF checks the input against the desired rank even when that rank is unknown (-1).
  if (desired === null) {
    if (shape !== null) throw shapeError(`Shape must be rank -1 but is rank ${shape.length}`);
    return [null];
  }
  withRank(shape, desired.length);
  return [mergeShapes(desired, shape)];
};

const oneHot: ShapeFn = (ctx) => {
  const axis = ctx.attr<number>('axis');
  if (axis < -1) throw shapeError('axis must be >= -1');
  const depth = scalarInputAsDim(ctx, 1);
  const indices = input(ctx, 0);
  if (indices === null) return [null];
  const newRank = indices.length + 1;
  const depthIndex = (axis + newRank) % newRank;
  return [[...indices.slice(0, depthIndex), depth, ...indices.slice(depthIndex)]];
};

const approximateEqual: ShapeFn = (ctx) => {
  mergeShapes(input(ctx, 0), input(ctx, 1));
  return [input(ctx, 0)];
};

const UNARY = [
  'Abs',
  'Neg',
  'Sign',
  'Reciprocal',
  'Inv',
  'Square',
  'Sqrt',
  'Rsqrt',
  'Exp',
  'Expm1',
  'Log',
  'Log1p',
  'Sin',
  'Cos',
  'Tan',
  'Asin',
  'Acos',
  'Atan',
  'Sinh',
  'Cosh',
  'Tanh',
  'Asinh',
  'Acosh',
  'Atanh',
  'Floor',
  'Ceil',
  'Round',
  'Rint',
  'IsNan',
  'IsInf',
  'IsFinite',
  'Erf',
  'Erfc',
  'Erfinv',
  'Lgamma',
  'Digamma',
  'Sigmoid',
  'LogicalNot',
  'Invert',
  'OnesLike',
  'ZerosLike',
  'Real',
  'Imag',
  'Conj',
  'ComplexAbs',
  'Angle',
  'Cast',
  'CheckNumerics',
  'ClipByValue',
  'Cumsum',
  'Cumprod',
  'AsString',
  'StringToNumber',
] as const;

const BINARY = [
  'Add',
  'AddV2',
  'Sub',
  'Mul',
  'Div',
  'RealDiv',
  'DivNoNan',
  'FloorDiv',
  'FloorMod',
  'TruncateDiv',
  'TruncateMod',
  'Mod',
  'Maximum',
  'Minimum',
  'Pow',
  'SquaredDifference',
  'Atan2',
  'Xdivy',
  'Xlogy',
  'MulNoNan',
  'BitwiseAnd',
  'BitwiseOr',
  'BitwiseXor',
  'LeftShift',
  'RightShift',
  'Complex',
  'Less',
  'LessEqual',
  'Greater',
  'GreaterEqual',
  'LogicalAnd',
  'LogicalOr',
] as const;

/** Shape functions by op type, for `BUILTIN_OPS`. */
export const mathShapeFns: Readonly<Record<string, ShapeFn>> = {
  ...Object.fromEntries(UNARY.map((op) => [op, unchanged])),
  ...Object.fromEntries(BINARY.map((op) => [op, broadcastBinary])),
  Equal: broadcastComparison,
  NotEqual: broadcastComparison,
  ApproximateEqual: approximateEqual,
  AddN: addN,
  Bitcast: bitcast,
  MatMul: matMul,
  BatchMatMul: batchMatMul,
  BatchMatMulV2: batchMatMulV2,
  BatchMatMulV3: batchMatMulV2,
  Einsum: einsum,
  SparseTensorDenseMatMul: sparseTensorDenseMatMul,
  Sum: reduction,
  Mean: reduction,
  Max: reduction,
  Min: reduction,
  Prod: reduction,
  All: reduction,
  Any: reduction,
  ArgMax: argReduction,
  ArgMin: argReduction,
  Select: select,
  SelectV2: selectV2,
  RandomUniform: randomShape,
  RandomStandardNormal: randomShape,
  TruncatedNormal: randomShape,
  RandomUniformInt: randomUniformInt,
  Multinomial: multinomial,
  StatelessRandomUniformV2: statelessRandomV2,
  LinSpace: linSpace,
  Cross: cross,
  Unique: unique,
  StringJoin: stringJoin,
  StringFormat: stringFormat,
  EnsureShape: ensureShape,
  OneHot: oneHot,
};
