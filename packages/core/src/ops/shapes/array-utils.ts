import type { NDArray } from '../../ndarray/ndarray.js';
import type { AttrValue, ShapeContext, ShapeFn, ShapeValue } from '../../plugin/op-def.js';
import { shapeError, withRank, withRankAtMost } from './shape-utils.js';

/**
 * Helpers the array, state and control-flow shape functions share beyond `shape-utils.ts`:
 * TF `InferenceContext` behaviours whose exact semantics those ops depend on (reading shape
 * and scalar inputs, `NumElements`, `Subshape` on unknown ranks).
 */

type Dim = number | null;

/** Contexts of a first pass: no constant inputs, no partial shapes. */
const FIRST_PASS = new WeakSet<ShapeContext>();

function firstPassView(ctx: ShapeContext): ShapeContext {
  const view: ShapeContext = {
    opType: ctx.opType,
    nodeName: ctx.nodeName,
    inputShapes: ctx.inputShapes,
    inputDTypes: ctx.inputDTypes,
    numOutputs: ctx.numOutputs,
    attr: <T extends AttrValue = AttrValue>(name: string): T => ctx.attr<T>(name),
    inputValue: () => null,
    inputAsShape: () => null,
    inputRange: (argName: string) => ctx.inputRange(argName),
  };
  FIRST_PASS.add(view);
  return view;
}

/**
 * TF's shape refiner runs a shape function first without constant inputs, then again once
 * it has evaluated the ones the function asked for; an error in the first run wins
 * (`Concat` of mismatched ranks fails on rank even when its axis is constant). This runs
 * `fn` the same two ways.
 */
export function twoPass(fn: ShapeFn): ShapeFn {
  return (ctx) => {
    fn(firstPassView(ctx));
    return fn(ctx);
  };
}

/** Every function of a table wrapped by {@link twoPass}. */
export function twoPassTable(table: Record<string, ShapeFn>): Record<string, ShapeFn> {
  return Object.fromEntries(Object.entries(table).map(([op, fn]) => [op, twoPass(fn)]));
}

/** The shape of input `i` (unknown rank when the context has none). */
export function inputShape(ctx: ShapeContext, i: number): ShapeValue {
  return ctx.inputShapes[i] ?? null;
}

/** The elements of an integer (or bool) host array as numbers, flat. */
export function readInts(value: NDArray): number[] {
  const data = value.data as ArrayLike<number | bigint>;
  const out: number[] = [];
  for (let i = 0; i < value.size; i++) out.push(Number(data[i] ?? 0));
  return out;
}

/** The constant value of input `i` as flat numbers, or `null` when it is not known. */
export function inputInts(ctx: ShapeContext, i: number): number[] | null {
  const value = ctx.inputValue(i);
  return value === null ? null : readInts(value);
}

/** TF's `NumElements` of a shape: a known 0 dim wins over unknown ones. */
export function numElementsTF(shape: ShapeValue): Dim {
  if (shape === null) return null;
  let unknown = false;
  let size = 1;
  for (const d of shape) {
    if (d === null) unknown = true;
    else if (d === 0) return 0;
    else size *= d;
  }
  return unknown ? null : size;
}

/** TF's `Dim(s, i)`: negative `i` counts from the end; unknown rank gives an unknown dim. */
export function dimTF(shape: ShapeValue, i: number): Dim {
  if (shape === null) return null;
  return shape[i < 0 ? shape.length + i : i] ?? null;
}

/** What TF prints for `Subshape`'s default end (`std::numeric_limits<int64_t>::max()`). */
const INT64_MAX = '9223372036854775807';

/**
 * TF's `Subshape(s, start[, end])`: unknown rank stays unknown unless the slice is the whole
 * shape; bounds are clamped and checked with TF's wording.
 */
export function subshapeTF(shape: ShapeValue, start: number, end?: number): ShapeValue {
  if (start === 0 && (end === undefined || (shape !== null && end >= shape.length))) return shape;
  if (shape === null) return null;
  const rank = shape.length;
  const endText = end === undefined ? INT64_MAX : String(end);
  let s = Math.min(start, rank);
  let e = end === undefined ? rank : Math.min(end, rank);
  if (s < 0) {
    s += rank;
    if (s < 0)
      throw shapeError(`Subshape start out of bounds: ${start}, for shape with rank ${rank}`);
  }
  if (e < 0) {
    e += rank;
    if (e < 0)
      throw shapeError(`Subshape end out of bounds: ${endText}, for shape with rank ${rank}`);
  }
  if (s > e) {
    throw shapeError(
      `Subshape must have computed start <= end, but is ${s} and ${e} ` +
        `(computed from start ${start} and end ${endText} over shape with rank ${rank})`,
    );
  }
  return shape.slice(s, e);
}

/** TF's `Concatenate` of several shapes: unknown if any rank is unknown. */
export function concatAll(...shapes: ShapeValue[]): ShapeValue {
  const out: Dim[] = [];
  for (const s of shapes) {
    if (s === null) return null;
    out.push(...s);
  }
  return out;
}

/** TF's `Tensor::DebugString` of a small host array: `Tensor<type: int32 shape: [] values: 3>`. */
export function tensorDebugString(value: NDArray): string {
  const dtype =
    value.dtype === 'float32' ? 'float' : value.dtype === 'float64' ? 'double' : value.dtype;
  const values = readInts(value).slice(0, 10).join(' ');
  const more = value.size > 10 ? '...' : '';
  return `Tensor<type: ${dtype} shape: [${value.shape.join(',')}] values: ${values}${more}>`;
}

/** TF's `GetScalarFromTensor`: a constant scalar input's value. */
function scalarFromTensor(value: NDArray): number {
  if (value.rank !== 0) throw shapeError(`Input must be scalar but has rank ${value.rank}`);
  return readInts(value)[0] ?? 0;
}

/** TF's `MakeDimForScalarInput`: a constant scalar input as a non-negative dim. */
export function dimForScalarInput(ctx: ShapeContext, i: number): Dim {
  const value = ctx.inputValue(i);
  if (value === null) return null;
  const v = scalarFromTensor(value);
  if (v < 0) {
    throw shapeError(
      `Dimension size, given by scalar input ${i}, must be non-negative but is ${v}`,
    );
  }
  return v;
}

/**
 * TF's `MakeDimForScalarInputWithNegativeIndexing`: a constant scalar axis in
 * `[-rank, rank)`, wrapped to non-negative (`rank` null: unknown rank, nothing checked).
 */
export function dimForScalarInputWithNegativeIndexing(
  ctx: ShapeContext,
  i: number,
  rank: number | null,
): Dim {
  const value = ctx.inputValue(i);
  if (value === null) return null;
  let v = scalarFromTensor(value);
  const outOfRange = (): Error =>
    shapeError(`Dimension size, given by scalar input ${v} must be in range [-${rank}, ${rank})`);
  if (v < 0) {
    if (rank === null) return null;
    if (v + rank < 0) throw outOfRange();
    v += rank;
  } else if (rank !== null && v >= rank) {
    throw outOfRange();
  }
  return v;
}

/**
 * TF's `MakeShapeFromShapeTensor` (and, with `treatScalarAsUnknown`, its
 * `...TreatScalarAsUnknownShape` form): a 1-D shape input read as a partial shape. A known
 * value gives its dims (-1 unknown); otherwise the graph's partial knowledge
 * (`ctx.inputAsShape`), else as many unknown dims as the input has elements.
 */
export function shapeFromShapeTensor(
  ctx: ShapeContext,
  i: number,
  treatScalarAsUnknown = false,
): ShapeValue {
  const shapeOfInput = inputShape(ctx, i);
  const value = ctx.inputValue(i);
  if (treatScalarAsUnknown) {
    withRankAtMost(shapeOfInput, 1);
    if (shapeOfInput !== null && shapeOfInput.length === 0) {
      // A scalar says "unknown rank" only as the constant -1 (TF's ConstantPartialShape,
      // which runs after the first pass).
      if (FIRST_PASS.has(ctx)) return null;
      if (value === null) {
        throw shapeError(
          "Received a shape scalar with unknown static value.  A static value of '-1' is " +
            'required to represent an unknown shape.',
        );
      }
      if (readInts(value)[0] === -1) return null;
      throw shapeError(
        `Received an invalid shape scalar with a static value that is not '-1': ${tensorDebugString(value)}`,
      );
    }
  } else {
    withRank(shapeOfInput, 1);
  }
  if (value !== null) {
    return readInts(value).map((v) => {
      if (v === -1) return null;
      if (v < 0) throw shapeError(`Invalid value in tensor used for shape: ${v}`);
      return v;
    });
  }
  const partial = ctx.inputAsShape(i);
  if (partial !== null) return partial;
  const n = dimTF(shapeOfInput, 0);
  return n === null ? null : new Array<Dim>(n).fill(null);
}

/** The shape an op's `shape`-typed attr holds. */
export function shapeAttr(ctx: ShapeContext, name: string): ShapeValue {
  return ctx.attr<ShapeValue>(name);
}

/**
 * C++'s `%g` with six significant digits (what `absl::StrCat` prints for a float or double):
 * `2.5`, `1`, `1e+10`, `1e-05`.
 */
export function formatFloatG(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(6)))));
  if (exp < -4 || exp >= 6) {
    const [mantissa = '', e = '0'] = x.toExponential(5).split('e');
    const m = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const fixed = x.toFixed(Math.max(0, 5 - exp));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}
