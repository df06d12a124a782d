import { InvalidArgumentError } from '@tensorgraph/errors';
import type { NDArray } from '../../ndarray/ndarray.js';
import type { ShapeContext, ShapeValue } from '../../plugin/op-def.js';

/**
 * Helpers for shape functions, after TF's `InferenceContext`. A shape is a dims array with
 * `null` for an unknown dim, or `null` for an unknown rank. Failures throw
 * `InvalidArgumentError` with TF's shape-inference wording, so messages match TF's
 * `ValueError` text before ` for '{{node ...`.
 */

type DimValue = number | null;
type KnownShape = readonly DimValue[];

/** An `InvalidArgumentError` with TF's shape-inference message. */
export function shapeError(message: string): InvalidArgumentError {
  return new InvalidArgumentError(null, null, message);
}

/**
 * Runs `fn`, adding `context` to any shape error as TF's `TF_RETURN_WITH_CONTEXT_IF_ERROR`
 * does (a new line and a tab, then the context).
 */
export function withContext<T>(fn: () => T, context: string): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof InvalidArgumentError) throw shapeError(`${err.message}\n\t${context}`);
    throw err;
  }
}

/** A shape of unknown rank. */
export function unknownShape(): ShapeValue {
  return null;
}

/** A shape of `rank` unknown dims. */
export function unknownShapeOfRank(rank: number): ShapeValue {
  return new Array<DimValue>(rank).fill(null);
}

/** A scalar shape. */
export function scalar(): ShapeValue {
  return [];
}

/** A vector of `n` elements (`null`: unknown). */
export function vector(n: DimValue): ShapeValue {
  return [n];
}

/** A matrix shape. */
export function matrix(rows: DimValue, cols: DimValue): ShapeValue {
  return [rows, cols];
}

/** The rank, or `null` if unknown. */
export function rankOf(shape: ShapeValue): number | null {
  return shape === null ? null : shape.length;
}

/** Dim `i` of a shape (negative counts from the end); unknown rank gives an unknown dim. */
export function dimAt(shape: ShapeValue, i: number): DimValue {
  if (shape === null) return null;
  const index = i < 0 ? shape.length + i : i;
  return shape[index] ?? null;
}

/** TF's `DebugString` of a dim: its size or `?`. */
export function formatDim(dim: DimValue): string {
  return dim === null ? '?' : String(dim);
}

/** TF's `DebugString` of a shape: `[2,?,3]`, `[]` for a scalar, `?` for unknown rank. */
export function formatShape(shape: ShapeValue): string {
  if (shape === null) return '?';
  return `[${shape.map(formatDim).join(',')}]`;
}

/** Whether rank and every dim are known. */
export function isFullyDefined(shape: ShapeValue): shape is readonly number[] {
  return shape !== null && shape.every((d) => d !== null);
}

/** TF's `NumElements`: the product of the dims; a known 0 wins over unknown dims. */
export function numElements(shape: ShapeValue): number | null {
  if (shape === null) return null;
  if (shape.includes(0)) return 0;
  if (!isFullyDefined(shape)) return null;
  return shape.reduce((a, b) => a * b, 1);
}

/** TF's `WithRank`: the shape, made to have `rank` dims; a known rank that differs throws. */
export function withRank(shape: ShapeValue, rank: number, what?: string): KnownShape {
  const check = (): KnownShape => {
    if (shape === null) return unknownShapeOfRank(rank) as KnownShape;
    if (shape.length !== rank) {
      throw shapeError(`Shape must be rank ${rank} but is rank ${shape.length}`);
    }
    return shape;
  };
  return what === undefined ? check() : withContext(check, what);
}

/** TF's `WithRankAtLeast`: unknown rank stays unknown. */
export function withRankAtLeast(shape: ShapeValue, rank: number, what?: string): ShapeValue {
  const check = (): ShapeValue => {
    if (shape !== null && shape.length < rank) {
      throw shapeError(`Shape must be at least rank ${rank} but is rank ${shape.length}`);
    }
    return shape;
  };
  return what === undefined ? check() : withContext(check, what);
}

/** TF's `WithRankAtMost`: unknown rank stays unknown. */
export function withRankAtMost(shape: ShapeValue, rank: number, what?: string): ShapeValue {
  const check = (): ShapeValue => {
    if (shape !== null && shape.length > rank) {
      throw shapeError(`Shape must be at most rank ${rank} but is rank ${shape.length}`);
    }
    return shape;
  };
  return what === undefined ? check() : withContext(check, what);
}

/** TF's `WithValue` on a dim: an unknown dim becomes `value`; a known one must equal it. */
export function withValue(dim: DimValue, value: number): number {
  if (dim !== null && dim !== value) {
    throw shapeError(`Dimension must be ${value} but is ${dim}`);
  }
  return value;
}

/** TF's `Merge` of two dims: unknown takes the other; two known ones must be equal. */
export function mergeDim(a: DimValue, b: DimValue): DimValue {
  if (a === null) return b;
  if (b === null) return a;
  if (a !== b) throw shapeError(`Dimensions must be equal, but are ${a} and ${b}`);
  return a;
}

/** TF's `Merge` of two shapes: the most specific shape compatible with both. */
export function mergeShapes(a: ShapeValue, b: ShapeValue): ShapeValue {
  if (a === null) return b;
  if (b === null) return a;
  if (a.length !== b.length) {
    throw shapeError(`Shapes must be equal rank, but are ${a.length} and ${b.length}`);
  }
  return a.map((d, i) => {
    const e = b[i] ?? null;
    if (d !== null && e !== null && d !== e) {
      throw shapeError(
        `Dimension ${i} in both shapes must be equal, but are ${d} and ${e}. ` +
          `Shapes are ${formatShape(a)} and ${formatShape(b)}.`,
      );
    }
    return d ?? e;
  });
}

/** TF's `MergePrefix`: merges `prefix` with the leading dims of `shape`. */
export function mergePrefix(shape: ShapeValue, prefix: ShapeValue): [ShapeValue, ShapeValue] {
  if (shape === null || prefix === null) return [shape, prefix];
  const s = withRankAtLeast(shape, prefix.length) as KnownShape;
  const merged = prefix.map((d, i) => mergeDim(s[i] ?? null, d));
  return [[...merged, ...s.slice(prefix.length)], merged];
}

/** Whether two shapes could describe the same tensor (TF's `TensorShape.is_compatible_with`). */
export function areCompatible(a: ShapeValue, b: ShapeValue): boolean {
  if (a === null || b === null) return true;
  if (a.length !== b.length) return false;
  return a.every((d, i) => {
    const e = b[i] ?? null;
    return d === null || e === null || d === e;
  });
}

/**
 * The output shape of a broadcasting binary op, as TF's
 * `BroadcastBinaryOpOutputShapeFnHelper`: a known dim > 1 wins over an unknown one, 1 vs
 * unknown gives unknown, and two known dims other than 1 must be equal. With
 * `incompatibleShapeError` false (Equal/NotEqual), incompatible shapes give unknown rank.
 */
export function broadcastShapes(
  x: ShapeValue,
  y: ShapeValue,
  incompatibleShapeError = true,
): ShapeValue {
  if (x === null || y === null) return null;
  const rank = Math.max(x.length, y.length);
  const dims: DimValue[] = [];
  for (let i = 0; i < rank; i++) {
    const xPadded = i < rank - x.length;
    const yPadded = i < rank - y.length;
    const dx = xPadded ? 1 : (x[i - (rank - x.length)] ?? null);
    const dy = yPadded ? 1 : (y[i - (rank - y.length)] ?? null);
    if (dx === null || dy === null) {
      if (dx !== null && dx > 1) {
        if (!incompatibleShapeError) return null;
        dims.push(dx);
      } else if (dy !== null && dy > 1) {
        if (!incompatibleShapeError) return null;
        dims.push(dy);
      } else if (dx === 1) {
        dims.push(dy);
      } else if (dy === 1) {
        dims.push(dx);
      } else if (dx === null && dy === null) {
        dims.push(null);
      } else {
        // One is unknown and the other is 0.
        if (!incompatibleShapeError) return null;
        dims.push(null);
      }
    } else if (dx === 1 || dy === 1) {
      dims.push(dx === 1 && !yPadded ? dy : dx);
    } else if (dx !== dy) {
      // TF gives a scalar here (not unknown) when incompatibility is not an error.
      if (!incompatibleShapeError) return [];
      throw shapeError(`Dimensions must be equal, but are ${dx} and ${dy}`);
    } else {
      dims.push(dx);
    }
  }
  return dims;
}

/** TF's `Concatenate`: unknown if either rank is unknown. */
export function concatShapes(a: ShapeValue, b: ShapeValue): ShapeValue {
  if (a === null || b === null) return null;
  return [...a, ...b];
}

/**
 * TF's `Subshape(s, start, end)`: dims `[start, end)`, negative indices from the end, clamped
 * to the rank as TF does. Unknown rank stays unknown.
 */
export function subshape(shape: ShapeValue, start: number, end?: number): ShapeValue {
  if (shape === null) return null;
  const rank = shape.length;
  const endIn = end ?? rank;
  let s = Math.min(start, rank);
  let e = Math.min(endIn, rank);
  if (s < 0) {
    s += rank;
    if (s < 0)
      throw shapeError(`Subshape start out of bounds: ${start}, for shape with rank ${rank}`);
  }
  if (e < 0) {
    e += rank;
    if (e < 0)
      throw shapeError(`Subshape end out of bounds: ${endIn}, for shape with rank ${rank}`);
  }
  if (s > e) {
    throw shapeError(
      `Subshape must have computed start <= end, but is ${s} and ${e} ` +
        `(computed from start ${start} and end ${endIn} over shape with rank ${rank})`,
    );
  }
  return shape.slice(s, e);
}

/** TF's `ReplaceDim`: the shape with dim `i` (negative from the end) set to `dim`. */
export function replaceDim(shape: ShapeValue, i: number, dim: DimValue): ShapeValue {
  if (shape === null) return null;
  const index = i < 0 ? shape.length + i : i;
  return shape.map((d, j) => (j === index ? dim : d));
}

/** TF's `InferenceContext::Add` on dims: 0 gives the other, unknown propagates. */
export function addDims(a: DimValue, b: DimValue): DimValue {
  if (a === 0) return b;
  if (b === 0) return a;
  if (a === null || b === null) return null;
  return a + b;
}

/** TF's `Subtract` on dims: a negative result is TF's "Negative dimension size" error. */
export function subtractDims(a: DimValue, b: DimValue): DimValue {
  if (b === 0) return a;
  if (a === null || b === null) return null;
  if (a < b) throw shapeError(`Negative dimension size caused by subtracting ${b} from ${a}`);
  return a - b;
}

/** TF's `Multiply` on dims: 0 and 1 win over unknown. */
export function multiplyDims(a: DimValue, b: DimValue): DimValue {
  if (a === 0) return 0;
  if (b === 0) return 0;
  if (a === 1) return b;
  if (b === 1) return a;
  if (a === null || b === null) return null;
  return a * b;
}

/** TF's `Divide` on dims (rounding down); with `evenlyDivisible` a remainder throws. */
export function divideDims(a: DimValue, b: DimValue, evenlyDivisible = false): DimValue {
  if (b === 1) return a;
  if (a === null || b === null) return null;
  if (b <= 0) throw shapeError(`Divisor must be positive but is ${b}`);
  if (evenlyDivisible && a % b !== 0) {
    throw shapeError(`Dimension size must be evenly divisible by ${b} but is ${a}`);
  }
  return Math.floor(a / b);
}

/** TF's `Min` on dims: 0 wins, unknown propagates. */
export function minDims(a: DimValue, b: DimValue): DimValue {
  if (a === 0 || b === 0) return 0;
  if (a === null || b === null) return null;
  return Math.min(a, b);
}

/** TF's `Max` on dims: unknown propagates. */
export function maxDims(a: DimValue, b: DimValue): DimValue {
  if (a === null || b === null) return null;
  return Math.max(a, b);
}

/** The product of dims (TF's `NumElements` over a shape's dims, null-propagating as `Multiply`). */
export function productOfDims(dims: readonly DimValue[]): DimValue {
  return dims.reduce<DimValue>((acc, d) => multiplyDims(acc, d), 1);
}

/** TF's padding types for windowed ops. */
export type Padding = 'SAME' | 'VALID' | 'EXPLICIT';

/**
 * The output size of a windowed op on one spatial dim, as TF's
 * `GetWindowedOutputSizeFromDimsV2`: VALID/EXPLICIT `(in + pads - ((f - 1) * d + 1) + s) / s`,
 * SAME `ceil(in / s)`; unknown propagates and a negative size is TF's error.
 */
export function computeConvOutputSize(
  inputSize: DimValue,
  filterSize: DimValue,
  dilation: number,
  stride: number,
  padding: Padding,
  explicitPaddings: readonly [number, number] = [0, 0],
): DimValue {
  if (stride <= 0) throw shapeError(`Stride must be > 0, but got ${stride}`);
  if (dilation < 1) throw shapeError(`Dilation rate must be >= 1, but got ${dilation}`);
  if (padding === 'SAME') {
    return divideDims(addDims(inputSize, stride - 1), stride);
  }
  const [before, after] = padding === 'EXPLICIT' ? explicitPaddings : [0, 0];
  let out = addDims(inputSize, before + after);
  if (dilation > 1) {
    const window = addDims(multiplyDims(subtractDims(filterSize, 1), dilation), 1);
    out = subtractDims(out, window);
  } else {
    out = subtractDims(out, filterSize);
  }
  out = addDims(out, stride);
  return divideDims(out, stride);
}

/** A `Record<string, ShapeFn>`-friendly check that a dim value is a known non-negative size. */
export function isKnownDim(dim: DimValue): dim is number {
  return dim !== null;
}

/** The values of an integer tensor as numbers (int64 as well). */
export function intValues(tensor: NDArray): number[] {
  return Array.from(tensor.data as ArrayLike<number | bigint>, (v) => Number(v));
}

/**
 * TF's `MakeShapeFromShapeTensor`: input `i` must be a vector; its value read as a
 * partial shape (see `ShapeContext.inputAsShape`).
 */
export function shapeFromShapeTensor(ctx: ShapeContext, i: number): ShapeValue {
  withRank(ctx.inputShapes[i] ?? null, 1);
  return ctx.inputAsShape(i);
}

/**
 * TF's `MakeDimForScalarInput`: the value of scalar input `i` as a dim, unknown when the
 * value is not known at graph-build time.
 */
export function scalarInputAsDim(ctx: ShapeContext, i: number): DimValue {
  const value = ctx.inputValue(i);
  if (value === null) return null;
  if (value.shape.length !== 0) {
    throw shapeError(`Input must be scalar but has rank ${value.shape.length}`);
  }
  const v = intValues(value)[0] ?? 0;
  if (v < 0) {
    throw shapeError(
      `Dimension size, given by scalar input ${i}, must be non-negative but is ${v}`,
    );
  }
  return v;
}
