import type { NDArray } from '../../ndarray/ndarray.js';
import type { ShapeContext, ShapeFn, ShapeValue } from '../../plugin/op-def.js';
import {
  addDims,
  divideDims,
  formatShape,
  mergeDim,
  mergePrefix,
  mergeShapes,
  minDims,
  multiplyDims,
  replaceDim,
  shapeError,
  subtractDims,
  unknownShapeOfRank,
  withContext,
  withRank,
  withRankAtLeast,
  withRankAtMost,
  withValue,
} from './shape-utils.js';
import {
  concatAll,
  dimForScalarInput,
  dimForScalarInputWithNegativeIndexing,
  dimTF,
  formatFloatG,
  inputInts,
  inputShape,
  numElementsTF,
  readInts,
  shapeAttr,
  shapeFromShapeTensor,
  subshapeTF,
  twoPassTable,
} from './array-utils.js';

/**
 * Shape functions of TF's array ops (`tensorflow/core/ops/array_ops.cc` and the array-like
 * ops of math/sparse ops), with TF's semantics for unknown ranks and dims, constant inputs
 * and error wording. Where TF reads a shape input as a partial shape, so do we.
 */

type Dim = number | null;

const unchanged: ShapeFn = (ctx) => [inputShape(ctx, 0)];
const scalarOut: ShapeFn = () => [[]];

function fromAttr(name: string): ShapeFn {
  return (ctx) => [shapeAttr(ctx, name)];
}

// ----------------------------------------------------------------------------- reshape

function reshape(ctx: ShapeContext): ShapeValue[] {
  const input = inputShape(ctx, 0);
  let out = shapeFromShapeTensor(ctx, 1);
  if (out === null || input === null) return [out];
  // Count the known elements on each side; one unknown dim on a side can be inferred.
  let tooManyUnknown = false;
  let knownOut = numElementsTF(out);
  let outUnknown = -1;
  if (knownOut === null) {
    knownOut = 1;
    for (const [i, d] of out.entries()) {
      if (d === null) {
        if (outUnknown >= 0) {
          tooManyUnknown = true;
          break;
        }
        outUnknown = i;
      } else {
        knownOut = multiplyDims(knownOut, d) ?? 0;
      }
    }
  }
  let knownIn = numElementsTF(input);
  let inUnknown = -1;
  if (knownIn === null) {
    knownIn = 1;
    for (const [i, d] of input.entries()) {
      if (d === null) {
        if (inUnknown >= 0) {
          tooManyUnknown = true;
          break;
        }
        inUnknown = i;
      } else {
        knownIn = multiplyDims(knownIn, d) ?? 0;
      }
    }
  }
  if (!tooManyUnknown) {
    if (inUnknown < 0 && outUnknown < 0) {
      if (knownIn !== knownOut) {
        throw shapeError(
          `Cannot reshape a tensor with ${knownIn} elements to shape ${formatShape(out)} ` +
            `(${knownOut} elements)`,
        );
      }
    } else if (inUnknown < 0 && outUnknown >= 0 && knownOut > 0) {
      out = replaceDim(out, outUnknown, divideDims(knownIn, knownOut, true));
    } else if (inUnknown >= 0 && outUnknown < 0 && knownIn !== 0) {
      mergeDim(input[inUnknown] ?? null, divideDims(knownOut, knownIn, true));
    } else if (inUnknown >= 0 && outUnknown >= 0 && knownIn === knownOut) {
      out = replaceDim(out, outUnknown, input[inUnknown] ?? null);
    }
  }
  return [out];
}

// ----------------------------------------------------------------------------- transpose

function transpose(ctx: ShapeContext): ShapeValue[] {
  let input = inputShape(ctx, 0);
  const permShape = inputShape(ctx, 1);
  const perm = ctx.inputValue(1);
  const permElems = numElementsTF(permShape);
  if (input === null && permElems === null && perm === null) return [null];
  const rank = input !== null ? input.length : (permElems ?? perm?.size ?? 0);
  // One perm element could mean a scalar or a vector: both come back unchanged.
  if (input === null && rank < 2) return [input];
  input = withRank(input, rank);
  withRank(permShape, 1);
  withValue(permElems, rank);
  if (perm === null) return [unknownShapeOfRank(rank)];
  const data = readInts(perm).slice(0, rank);
  return [
    data.map((index) => {
      if (index >= rank)
        throw shapeError(`perm dim ${index} is out of range of input rank ${rank}`);
      return dimTF(input, index);
    }),
  ];
}

// ----------------------------------------------------------------------------- concat

function concatHelper(
  ctx: ShapeContext,
  start: number,
  end: number,
  dimIndex: number,
): ShapeValue[] {
  withRank(inputShape(ctx, dimIndex), 0);
  const axisValue = inputInts(ctx, dimIndex);
  if (axisValue === null) {
    // The rank of the first input that has one; every input must have it.
    let rank: number | null = null;
    for (let i = start; i < end && rank === null; i++) rank = inputShape(ctx, i)?.length ?? null;
    if (rank === null) return [null];
    if (rank === 0) throw shapeError("Can't concatenate scalars (use tf.stack instead)");
    for (let i = start; i < end; i++) withRank(inputShape(ctx, i), rank);
    return [unknownShapeOfRank(rank)];
  }
  const axis = axisValue[0] ?? 0;
  const minRank = axis < 0 ? -axis : axis + 1;
  const parts = (i: number): [ShapeValue, Dim, ShapeValue] => {
    const s = withRankAtLeast(inputShape(ctx, i), minRank);
    return [subshapeTF(s, 0, axis), dimTF(s, axis), axis === -1 ? [] : subshapeTF(s, axis + 1)];
  };
  let [before, middle, after] = parts(end - 1);
  for (let i = end - 2; i >= start; i--) {
    const [b, m, a] = parts(i);
    before = mergeShapes(b, before);
    middle = addDims(middle, m);
    after = mergeShapes(a, after);
  }
  return [concatAll(before, [middle], after)];
}

// ----------------------------------------------------------------------------- pack/unpack

function packAxis(ctx: ShapeContext, rankAfterPack: number): number {
  const axis = ctx.attr<number>('axis');
  if (axis < -rankAfterPack || axis >= rankAfterPack) {
    throw shapeError(`Invalid axis: ${axis}; must be in [${-rankAfterPack},${rankAfterPack})`);
  }
  return axis < 0 ? axis + rankAfterPack : axis;
}

function pack(ctx: ShapeContext): ShapeValue[] {
  const n = ctx.inputShapes.length;
  let cur = inputShape(ctx, n - 1);
  for (let i = n - 2; i >= 0; i--) {
    const next = cur;
    cur = withContext(
      () => mergeShapes(inputShape(ctx, i), next),
      `From merging shape ${i} with other shapes.`,
    );
  }
  if (cur === null) return [null];
  const axis = packAxis(ctx, cur.length + 1);
  return [[...cur.slice(0, axis), n, ...cur.slice(axis)]];
}

function unpack(ctx: ShapeContext): ShapeValue[] {
  const s = inputShape(ctx, 0);
  let out: ShapeValue = null;
  if (s !== null) {
    const axis = packAxis(ctx, s.length);
    withValue(s[axis] ?? null, ctx.numOutputs);
    out = s.filter((_, i) => i !== axis);
  }
  return new Array<ShapeValue>(ctx.numOutputs).fill(out);
}

// ----------------------------------------------------------------------------- split

function split(ctx: ShapeContext): ShapeValue[] {
  let input = inputShape(ctx, 1);
  const rank = input === null ? null : input.length;
  const splitDim = dimForScalarInputWithNegativeIndexing(ctx, 0, rank);
  const numSplit = ctx.numOutputs;
  let out: ShapeValue;
  if (splitDim === null) {
    out = rank === null ? null : unknownShapeOfRank(rank);
  } else {
    input = withRankAtLeast(input, splitDim + 1);
    const size = withContext(
      () => divideDims(dimTF(input, splitDim), numSplit, true),
      'Number of ways to split should evenly divide the split dimension',
    );
    out = replaceDim(input, splitDim, size);
  }
  return new Array<ShapeValue>(numSplit).fill(out);
}

function splitV(ctx: ShapeContext): ShapeValue[] {
  const input = inputShape(ctx, 0);
  const rank = input === null ? null : input.length;
  const splitDimension = dimForScalarInputWithNegativeIndexing(ctx, 2, rank);
  const numOutputs = ctx.numOutputs;
  const sizeSplits = inputInts(ctx, 1);
  if (input === null) return new Array<ShapeValue>(numOutputs).fill(null);
  if (input.length === 0) throw shapeError("Can't split scalars");
  if (sizeSplits === null) {
    const out =
      splitDimension === null
        ? unknownShapeOfRank(input.length)
        : replaceDim(input, splitDimension, null);
    return new Array<ShapeValue>(numOutputs).fill(out);
  }
  // An unknown axis reads as TF's kUnknownDim (-1): the last dim is split.
  const splitDim = splitDimension ?? -1;
  withRankAtLeast(input, splitDim + 1);
  if (numOutputs !== sizeSplits.length) {
    throw shapeError('Length of size_splits should be equal to num_outputs');
  }
  let total = 0;
  let hasNegOne = false;
  for (const size of sizeSplits) {
    if (size === -1) {
      if (hasNegOne) throw shapeError('size_splits can only have one -1');
      hasNegOne = true;
    } else {
      total += size;
    }
  }
  const dimSize = dimTF(input, splitDim);
  const outputs = sizeSplits.map((data, i) => {
    const size = data === -1 && dimSize !== null ? dimSize - total : data;
    if (size < -1 || (size === -1 && dimSize !== null)) {
      throw shapeError(`Split size at index ${i} must be >= 0. Got: ${size}`);
    }
    return replaceDim(input, splitDim, size === -1 ? null : size);
  });
  if (dimSize !== null && (hasNegOne ? total > dimSize : total !== dimSize)) {
    throw shapeError(
      `can't split axis of size ${dimSize} into pieces of size [${sizeSplits.join(',')}]`,
    );
  }
  return outputs;
}

// ----------------------------------------------------------------------------- slicing

function slice(ctx: ShapeContext): ShapeValue[] {
  let input = inputShape(ctx, 0);
  const beginShape = mergeShapes(withRank(inputShape(ctx, 1), 1), withRank(inputShape(ctx, 2), 1));
  const ndims = dimTF(beginShape, 0);
  if (ndims !== null) input = withRank(input, ndims);
  const beginPartial = shapeFromShapeTensor(ctx, 1);
  // TF reads `size` as a partial shape before it sees its value, so bad values fail there.
  const sizesPartial = shapeFromShapeTensor(ctx, 2);
  const sizes = inputInts(ctx, 2);
  const original = inputShape(ctx, 0);
  if (sizes !== null) {
    const begin = withRank(beginPartial, sizes.length);
    return [
      sizes.map((size, i) => {
        const dim = dimTF(original, i);
        if (size !== -1) {
          if (size < 0) {
            throw shapeError(
              `Out of bounds slicing on dimension ${i} of length ${dim ?? -1}: ` +
                `sizes vector cannot be < -1, but was ${size}`,
            );
          }
          return size;
        }
        return subtractDims(dim, begin[i] ?? null);
      }),
    ];
  }
  if (sizesPartial !== null) {
    withRank(beginPartial, sizesPartial.length);
    return [sizesPartial];
  }
  return [input === null ? null : unknownShapeOfRank(input.length)];
}

const NEW_AXIS = -1;
const SHRINK_AXIS = -2;

/**
 * TF's `ValidateStridedSliceOp` on a partial shape (-1: unknown dim): the slice's final
 * shape. `begin`/`end` null when not constant.
 */
function stridedSliceShape(
  begin: readonly number[] | null,
  end: readonly number[] | null,
  stridesIn: readonly number[],
  inputDims: readonly number[],
  masks: { begin: number; end: number; ellipsis: number; newAxis: number; shrink: number },
): number[] {
  if (masks.ellipsis && (masks.ellipsis & (masks.ellipsis - 1)) !== 0) {
    throw shapeError('Multiple ellipses in slice spec not allowed');
  }
  let sparseDims = stridesIn.length;
  let ellipsisMask = masks.ellipsis;
  let ellipsisSeen = false;
  let numAddAxisAfterEllipsis = 0;
  for (let i = 0; i < sparseDims; i++) {
    if (ellipsisSeen && ((1 << i) & masks.newAxis) !== 0) numAddAxisAfterEllipsis++;
    if ((1 << i) & ellipsisMask) ellipsisSeen = true;
  }
  if (!ellipsisSeen) {
    ellipsisMask |= 1 << sparseDims;
    sparseDims++;
  }
  // Dense spec: one entry per input dim, the ellipsis expanded.
  const dims = inputDims.length;
  const dBegin = new Array<number>(dims).fill(0);
  const dEnd = new Array<number>(dims).fill(0);
  const dStrides = new Array<number>(dims).fill(0);
  let beginMask = 0;
  let endMask = 0;
  let shrinkMask = 0;
  const gather: number[] = [];
  let full = 0;
  for (let i = 0; i < sparseDims; i++) {
    if ((1 << i) & ellipsisMask) {
      const next = Math.min(dims - (sparseDims - i) + 1 + numAddAxisAfterEllipsis, dims);
      for (; full < next; full++) {
        dBegin[full] = dEnd[full] = 0;
        dStrides[full] = 1;
        beginMask |= 1 << full;
        endMask |= 1 << full;
        gather.push(full);
      }
    } else if ((1 << i) & masks.newAxis) {
      gather.push(NEW_AXIS);
    } else {
      if (full === dims) {
        if (dims === 0) throw shapeError('Attempting to slice scalar input.');
        throw shapeError(`Index out of range using input dim ${full}; input has only ${dims} dims`);
      }
      if (begin !== null) dBegin[full] = begin[i] ?? 0;
      if (end !== null) dEnd[full] = end[i] ?? 0;
      dStrides[full] = stridesIn[i] ?? 0;
      if (masks.begin & (1 << i)) beginMask |= 1 << full;
      if (masks.end & (1 << i)) endMask |= 1 << full;
      if (masks.shrink & (1 << i)) {
        gather.push(SHRINK_AXIS);
        shrinkMask |= 1 << full;
      } else {
        gather.push(full);
      }
      full++;
    }
  }
  const beginValid = begin !== null;
  const endValid = end !== null;
  const processing: number[] = [];
  for (let i = 0; i < dims; i++) {
    let b = dBegin[i] ?? 0;
    let e = dEnd[i] ?? 0;
    const stride = dStrides[i] ?? 0;
    const dim = inputDims[i] ?? -1;
    if (stride === 0) throw shapeError(`strides[${i}] must be non-zero`);
    const shrink = (shrinkMask & (1 << i)) !== 0;
    if (dim === -1) {
      processing.push(shrink ? 1 : -1);
      continue;
    }
    const maskBits = [beginMask & (1 << i), endMask & (1 << i)];
    const validRange = [stride > 0 ? 0 : -1, stride > 0 ? dim : dim - 1] as const;
    const canonical = (x: number, c: 0 | 1): number => {
      if (maskBits[c]) return stride > 0 ? validRange[c] : validRange[c === 0 ? 1 : 0];
      const fwd = x < 0 ? dim + x : x;
      return fwd < validRange[0] ? validRange[0] : fwd > validRange[1] ? validRange[1] : fwd;
    };
    if (shrink && stride <= 0) throw shapeError('only stride 1 allowed on non-range indexing.');
    const beginAndEndMasked = (beginMask & (1 << i)) !== 0 && (endMask & (1 << i)) !== 0;
    if (beginValid && endValid) {
      if (shrink) {
        // foo[-1] is begin -1, end 0: rebuild end as begin + 1.
        b = b < 0 ? dim + b : b;
        e = b + 1;
        if (b < 0 || b >= dim)
          throw shapeError(`slice index ${b} of dimension ${i} out of bounds.`);
      } else {
        b = canonical(b, 0);
        e = canonical(e, 1);
      }
    }
    let interval: number | null = null;
    if (beginValid && endValid) interval = e - b;
    else if (shrink) interval = 1;
    else if (beginAndEndMasked) interval = stride < 0 ? -dim : dim;
    if (interval === null) {
      processing.push(-1);
    } else if (interval === 0 || interval < 0 !== stride < 0) {
      processing.push(0);
    } else {
      processing.push(Math.trunc(interval / stride) + (interval % stride !== 0 ? 1 : 0));
    }
  }
  const finalShape: number[] = [];
  for (const g of gather) {
    if (g >= 0) finalShape.push(processing[g] ?? -1);
    else if (g === NEW_AXIS) finalShape.push(1);
  }
  return finalShape;
}

function stridedSlice(ctx: ShapeContext): ShapeValue[] {
  const input = inputShape(ctx, 0);
  const beginShape = withRank(inputShape(ctx, 1), 1);
  const endShape = withRank(inputShape(ctx, 2), 1);
  const stridesShape = withRank(inputShape(ctx, 3), 1);
  const sparseDims = dimTF(mergeShapes(mergeShapes(beginShape, endShape), stridesShape), 0);
  const strides = inputInts(ctx, 3);
  if (input === null || sparseDims === null || strides === null) return [null];
  const final = stridedSliceShape(
    inputInts(ctx, 1),
    inputInts(ctx, 2),
    strides,
    input.map((d) => d ?? -1),
    {
      begin: ctx.attr<number>('begin_mask'),
      end: ctx.attr<number>('end_mask'),
      ellipsis: ctx.attr<number>('ellipsis_mask'),
      newAxis: ctx.attr<number>('new_axis_mask'),
      shrink: ctx.attr<number>('shrink_axis_mask'),
    },
  );
  return [final.map((d) => (d < 0 ? null : d))];
}

// ----------------------------------------------------------------------------- squeeze/expand

function squeeze(ctx: ShapeContext): ShapeValue[] {
  const input = inputShape(ctx, 0);
  if (input === null) return [null];
  const rank = input.length;
  const squeezeDims = ctx.attr<readonly number[]>('squeeze_dims').map((d, i) => {
    if (d < -rank || d >= rank) throw shapeError(`squeeze_dims[${i}] not in [${-rank},${rank}).`);
    return d < 0 ? d + rank : d;
  });
  const result: Dim[] = [];
  for (const [i, dim] of input.entries()) {
    const explicit = squeezeDims.includes(i);
    if (dim === null) {
      // An unknown dim named explicitly is assumed to be 1; squeezing all 1s gives up.
      if (explicit) continue;
      if (squeezeDims.length === 0) return [null];
    } else if (dim === 1) {
      if (explicit || squeezeDims.length === 0) continue;
    } else if (explicit) {
      throw shapeError(`Can not squeeze dim[${i}], expected a dimension of 1, got ${dim}`);
    }
    result.push(dim);
  }
  return [result];
}

function expandDims(ctx: ShapeContext): ShapeValue[] {
  const input = inputShape(ctx, 0);
  const dimT = inputInts(ctx, 1);
  if (dimT !== null && dimT.length !== 1) {
    throw shapeError("'dim' input must be a tensor with a single value");
  }
  if (dimT === null || input === null) return [null];
  const rank = input.length;
  let dim = dimT[0] ?? 0;
  const minDim = -rank - 1;
  if (dim < minDim || dim > rank)
    throw shapeError(`dim ${dim} not in the interval [${minDim}, ${rank}].`);
  if (dim < 0) dim += rank + 1;
  return [[...input.slice(0, dim), 1, ...input.slice(dim)]];
}

// ----------------------------------------------------------------------------- tile/pad

function tile(ctx: ShapeContext): ShapeValue[] {
  let input = inputShape(ctx, 0);
  let multiples = shapeFromShapeTensor(ctx, 1);
  if (input !== null) {
    multiples = withRank(multiples, input.length);
    mergeShapes(inputShape(ctx, 1), [input.length]);
  }
  if (multiples === null) return [null];
  input = withRank(input, multiples.length);
  return [input.map((d, i) => multiplyDims(d, multiples[i] ?? null))];
}

function pad(ctx: ShapeContext): ShapeValue[] {
  const paddings = withRank(inputShape(ctx, 1), 2);
  withValue(paddings[1] ?? null, 2);
  let input = inputShape(ctx, 0);
  let nDim = paddings[0] ?? null;
  if (nDim !== null) input = withRank(input, nDim);
  else if (input !== null) nDim = withValue(nDim, input.length);
  const paddingsT = ctx.inputValue(1);
  if (paddingsT === null) return [nDim === null ? null : unknownShapeOfRank(nDim)];
  const numDims = paddingsT.shape[0] ?? 0;
  const known = withRank(input, numDims);
  withValue(nDim, numDims);
  const data = readInts(paddingsT);
  return [
    known.map((d, i) => {
      const pad0 = data[2 * i] ?? 0;
      const pad1 = data[2 * i + 1] ?? 0;
      if (pad0 < 0 || pad1 < 0) throw shapeError('Paddings must be non-negative');
      return addDims(d, pad0 + pad1);
    }),
  ];
}

// ----------------------------------------------------------------------------- gather/scatter

function gather(ctx: ShapeContext): ShapeValue[] {
  withRankAtLeast(inputShape(ctx, 0), 1);
  return [concatAll(inputShape(ctx, 1), subshapeTF(inputShape(ctx, 0), 1))];
}

function gatherV2(ctx: ShapeContext): ShapeValue[] {
  const params = withRankAtLeast(inputShape(ctx, 0), 1);
  const indices = inputShape(ctx, 1);
  withRank(inputShape(ctx, 2), 0);
  const axisT = inputInts(ctx, 2);
  if (axisT === null) {
    // TF does not check batch_dims here: a negative one even adds dims.
    const rank =
      params === null || indices === null
        ? -1
        : params.length + indices.length - 1 - ctx.attr<number>('batch_dims');
    return [rank < 0 ? null : unknownShapeOfRank(rank)];
  }
  const axis = axisT[0] ?? 0;
  withRankAtLeast(params, axis < 0 ? -axis : axis + 1);
  let batchDims = ctx.attr<number>('batch_dims');
  withRankAtLeast(indices, Math.abs(batchDims));
  if (batchDims < 0) batchDims += indices === null ? -1 : indices.length;
  withRankAtLeast(params, batchDims + 1);
  let out = concatAll(subshapeTF(params, 0, axis), subshapeTF(indices, batchDims));
  // axis -1 + 1 would wrap to the whole shape: the inner part is empty then.
  if (axis !== -1) out = concatAll(out, subshapeTF(params, axis + 1));
  return [out];
}

function gatherNd(ctx: ShapeContext): ShapeValue[] {
  const params = inputShape(ctx, 0);
  const indices = withRankAtLeast(inputShape(ctx, 1), 1);
  const r = dimTF(indices, -1);
  if (params === null || r === null) return [null];
  if (r > params.length) {
    throw shapeError(
      `indices.shape[-1] must be <= params.rank, but saw indices shape: ${formatShape(indices)} ` +
        `and params shape: ${formatShape(params)}`,
    );
  }
  return [concatAll(subshapeTF(indices, 0, -1), subshapeTF(params, r))];
}

/** TF's `ScatterNdShapeHelper`: checks indices and updates against the output shape. */
export function scatterNdCheck(indices: ShapeValue, updates: ShapeValue, input: ShapeValue): void {
  const value = (d: Dim): number => d ?? -1;
  if (
    value(numElementsTF(input)) === 0 &&
    (value(numElementsTF(indices)) > 0 || value(numElementsTF(updates)) > 0)
  ) {
    throw shapeError('Indices and updates specified for empty input');
  }
  if (indices === null || updates === null) return;
  const outer = indices.length - 1;
  const ix = dimTF(indices, -1);
  if (ix === null) return;
  const prefixIndices = subshapeTF(indices, 0, outer);
  const prefixUpdates = subshapeTF(updates, 0, outer);
  try {
    mergeShapes(prefixIndices, prefixUpdates);
  } catch (err) {
    throw shapeError(
      `Dimensions [0,${outer}) of indices[shape=${formatShape(indices)}] = ${formatShape(prefixIndices)} ` +
        `must match dimensions [0,${outer}) of updates[shape=${formatShape(updates)}] = ` +
        `${formatShape(prefixUpdates)}: ${(err as Error).message}`,
    );
  }
  const suffixOutput = subshapeTF(input, ix);
  const suffixUpdates = subshapeTF(updates, outer);
  try {
    mergeShapes(suffixOutput, suffixUpdates);
  } catch (err) {
    throw shapeError(
      `Dimensions [${ix},${input === null ? -1 : input.length}) of input[shape=${formatShape(input)}] = ` +
        `${formatShape(suffixOutput)} must match dimensions [${outer},${updates.length}) of ` +
        `updates[shape=${formatShape(updates)}] = ${formatShape(suffixUpdates)}: ${(err as Error).message}`,
    );
  }
}

function scatterNd(ctx: ShapeContext): ShapeValue[] {
  const indices = withRankAtLeast(inputShape(ctx, 0), 1);
  const updates = withRankAtLeast(inputShape(ctx, 1), 1);
  const output = shapeFromShapeTensor(ctx, 2);
  scatterNdCheck(indices, updates, output);
  return [output];
}

// ----------------------------------------------------------------------------- shape, fill, range

const shapeOf: ShapeFn = (ctx) => ctx.inputShapes.map((s) => [s === null ? null : s.length]);

function fill(ctx: ShapeContext): ShapeValue[] {
  withRank(inputShape(ctx, 0), 1);
  withRank(inputShape(ctx, 1), 0);
  const out = shapeFromShapeTensor(ctx, 0);
  const dims = inputInts(ctx, 0);
  if (dims?.some((d) => d < 0)) throw shapeError('Fill dimensions must be >= 0');
  return [out];
}

/** A scalar constant as a number, decoding half and bfloat16 bit patterns. */
function scalarNumber(value: NDArray): number {
  const raw = value.data as ArrayLike<number | bigint>;
  const bits = Number(raw[0] ?? 0);
  if (value.dtype === 'bfloat16')
    return new Float32Array(new Uint32Array([bits << 16]).buffer)[0] ?? 0;
  if (value.dtype === 'float16') {
    const sign = bits & 0x8000 ? -1 : 1;
    const exp = (bits >> 10) & 0x1f;
    const frac = bits & 0x3ff;
    if (exp === 0) return sign * frac * 2 ** -24;
    if (exp === 31) return frac ? NaN : sign * Infinity;
    return sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  return Number(raw[0] ?? 0);
}

const FLOAT_TYPES = new Set(['float16', 'bfloat16', 'float32', 'float64']);

function range(ctx: ShapeContext): ShapeValue[] {
  withContext(() => withRank(inputShape(ctx, 0), 0), " for 'start'");
  withContext(() => withRank(inputShape(ctx, 1), 0), " for 'limit'");
  withContext(() => withRank(inputShape(ctx, 2), 0), " for 'delta'");
  const values = [ctx.inputValue(0), ctx.inputValue(1), ctx.inputValue(2)];
  if (values.some((v) => v === null)) return [[null]];
  const [start, limit, delta] = values.map((v) => scalarNumber(v as NDArray)) as [
    number,
    number,
    number,
  ];
  const dtype = ctx.attr<string>('Tidx');
  const isFloat = FLOAT_TYPES.has(dtype);
  const show = (x: number): string => (isFloat ? formatFloatG(x) : String(x));
  if (start > limit && delta > 0) {
    throw shapeError(`Requires start <= limit when delta > 0: ${show(start)}/${show(limit)}`);
  }
  if (start < limit && delta < 0) {
    throw shapeError(`Requires start >= limit when delta < 0: ${show(start)}/${show(limit)}`);
  }
  if (delta === 0) throw shapeError('Requires delta != 0');
  if (!isFloat) return [[Math.ceil(Math.abs(limit - start) / Math.abs(delta))]];
  // Computed in the dtype's own precision, as Eigen does for float.
  const round = dtype === 'float64' ? (x: number) => x : Math.fround;
  const size = Math.ceil(Math.abs(round(round(limit - start) / delta)));
  if (size > 2 ** 63 - 1)
    throw shapeError('Requires ((limit - start) / delta) <= 9223372036854775807');
  return [[size]];
}

// ----------------------------------------------------------------------------- broadcast

function broadcastTo(ctx: ShapeContext): ShapeValue[] {
  withRank(inputShape(ctx, 1), 1);
  const out = shapeFromShapeTensor(ctx, 1);
  if (out === null) return [out];
  const input = inputShape(ctx, 0);
  if (input === null) return [out];
  withRankAtMost(input, out.length);
  const result = [...out];
  for (let i = 0; i < input.length; i++) {
    const inDim = input[input.length - i - 1] ?? null;
    // Broadcasting goes one way: an input dim > 1 fixes the output dim.
    if (inDim !== null && inDim > 1) {
      const j = out.length - i - 1;
      result[j] = mergeDim(inDim, result[j] ?? null);
    }
  }
  return [result];
}

function broadcastArgs(ctx: ShapeContext): ShapeValue[] {
  const x = withRank(inputShape(ctx, 0), 1);
  const y = withRank(inputShape(ctx, 1), 1);
  const dx = x[0] ?? null;
  const dy = y[0] ?? null;
  return [[dx === null || dy === null ? null : Math.max(dx, dy)]];
}

function broadcastGradientArgs(ctx: ShapeContext): ShapeValue[] {
  withRank(inputShape(ctx, 0), 1);
  withRank(inputShape(ctx, 1), 1);
  return [[null], [null]];
}

// ----------------------------------------------------------------------------- space/batch/depth

function blockDims(blockShape: ShapeValue): number {
  if (blockShape === null || blockShape.length !== 1)
    throw shapeError('block_shape must have rank 1.');
  const n = blockShape[0] ?? null;
  if (n === null) throw shapeError('block_shape must have known size.');
  return n;
}

function spaceToBatchND(ctx: ShapeContext): ShapeValue[] {
  const n = blockDims(inputShape(ctx, 1));
  const input = withRankAtLeast(inputShape(ctx, 0), n + 1);
  mergeShapes(inputShape(ctx, 2), [n, 2]);
  const blockT = ctx.inputValue(1);
  const paddingsT = ctx.inputValue(2);
  let batch = dimTF(input, 0);
  let block: number[] | null = null;
  if (blockT !== null && blockT.size > 0) {
    block = readInts(blockT);
    for (let d = 0; d < n; d++) {
      const v = block[d] ?? 0;
      if (v < 1) throw shapeError('block_shape must be positive');
      batch = batch === null ? null : multiplyDims(batch, v);
    }
  } else if (n > 0) {
    batch = null;
  }
  const out: Dim[] = [batch, ...new Array<Dim>(n).fill(null)];
  if (paddingsT !== null && paddingsT.size > 0) {
    const pads = readInts(paddingsT);
    for (let d = 0; d < n; d++) {
      const start = pads[2 * d] ?? 0;
      const end = pads[2 * d + 1] ?? 0;
      if (start < 0 || end < 0) throw shapeError('paddings cannot be negative');
      if (blockT !== null) {
        const padded = addDims(addDims(dimTF(input, d + 1), start), end);
        out[d + 1] = divideDims(padded, block?.[d] ?? null, true);
      }
    }
  }
  return [concatAll(out, subshapeTF(input, 1 + n))];
}

function batchToSpaceND(ctx: ShapeContext): ShapeValue[] {
  const n = blockDims(inputShape(ctx, 1));
  const input = withRankAtLeast(inputShape(ctx, 0), n + 1);
  mergeShapes(inputShape(ctx, 2), [n, 2]);
  const blockT = ctx.inputValue(1);
  const cropsT = ctx.inputValue(2);
  let batch = dimTF(input, 0);
  let block: number[] = [];
  if (blockT !== null) {
    block = readInts(blockT);
    for (let d = 0; d < n; d++) {
      const v = block[d] ?? 0;
      if (v < 1) throw shapeError('block_shape must be positive');
      batch = batch === null ? null : divideDims(batch, v, true);
    }
  } else if (n > 0) {
    batch = null;
  }
  const out: Dim[] = [batch, ...new Array<Dim>(n).fill(null)];
  if (cropsT !== null) {
    const crops = readInts(cropsT);
    for (let d = 0; d < n; d++) {
      const start = crops[2 * d] ?? 0;
      const end = crops[2 * d + 1] ?? 0;
      if (start < 0 || end < 0) throw shapeError('crops cannot be negative');
      if (blockT !== null) {
        const size = multiplyDims(dimTF(input, d + 1), block[d] ?? 0);
        out[d + 1] = subtractDims(subtractDims(size, start), end);
      }
    }
  }
  return [concatAll(out, subshapeTF(input, 1 + n))];
}

/** Index of N, H, W, C and the rank for TF's 2-D data formats. */
function formatLayout(format: string): {
  rank: number;
  n: number;
  h: number;
  w: number;
  c: number;
} {
  if (format === 'NCHW') return { rank: 4, n: 0, c: 1, h: 2, w: 3 };
  if (format === 'NCHW_VECT_C') return { rank: 5, n: 0, c: 1, h: 2, w: 3 };
  return { rank: 4, n: 0, h: 1, w: 2, c: 3 };
}

function depthSpace(toDepth: boolean): ShapeFn {
  return (ctx) => {
    const format = ctx.attr<string>('data_format');
    const layout = formatLayout(format);
    const input = withRank(inputShape(ctx, 0), layout.rank);
    const block = ctx.attr<number>('block_size');
    const at = (i: number): Dim => input[i] ?? null;
    let h: Dim;
    let w: Dim;
    let c: Dim;
    if (toDepth) {
      h = divideDims(at(layout.h), block, true);
      w = divideDims(at(layout.w), block, true);
      c = multiplyDims(at(layout.c), block * block);
    } else {
      h = multiplyDims(at(layout.h), block);
      w = multiplyDims(at(layout.w), block);
      c = divideDims(at(layout.c), block * block, true);
    }
    const out = new Array<Dim>(layout.rank).fill(null);
    out[layout.n] = at(layout.n);
    out[layout.h] = h;
    out[layout.w] = w;
    out[layout.c] = c;
    // NCHW_VECT_C keeps its inner feature dim of 4.
    if (format === 'NCHW_VECT_C') out[4] = 4;
    return [out];
  };
}

// ----------------------------------------------------------------------------- segments

function unsortedSegmentReduction(ctx: ShapeContext): ShapeValue[] {
  let data = inputShape(ctx, 0);
  const ids = inputShape(ctx, 1);
  withRank(inputShape(ctx, 2), 0);
  if (ids === null) return [null];
  [data] = mergePrefix(data, ids);
  const num = dimForScalarInput(ctx, 2);
  return [concatAll([num], subshapeTF(data, ids.length))];
}

function segmentReduction(ctx: ShapeContext): ShapeValue[] {
  const data = withRankAtLeast(inputShape(ctx, 0), 1);
  withRank(inputShape(ctx, 1), 1);
  return [concatAll([null], subshapeTF(data, 1))];
}

// ----------------------------------------------------------------------------- matrices and misc

function matrixDiag(ctx: ShapeContext): ShapeValue[] {
  const input = withRankAtLeast(inputShape(ctx, 0), 1);
  if (input === null) return [null];
  return [[...input, input[input.length - 1] ?? null]];
}

function matrixDiagPart(ctx: ShapeContext): ShapeValue[] {
  const input = withRankAtLeast(inputShape(ctx, 0), 2);
  if (input === null) return [null];
  const rank = input.length;
  return [[...input.slice(0, rank - 2), minDims(input[rank - 2] ?? null, input[rank - 1] ?? null)]];
}

function reverseV2(ctx: ShapeContext): ShapeValue[] {
  const input = inputShape(ctx, 0);
  withRank(inputShape(ctx, 1), 1);
  if (input !== null && input.length > 8) {
    throw shapeError('reverse does not work on tensors with more than 8 dimensions');
  }
  const axes = inputInts(ctx, 1);
  if (axes !== null && input !== null) {
    const rank = input.length;
    const seen = new Set<number>();
    for (const [i, a] of axes.entries()) {
      const canonical = a < 0 ? rank + a : a;
      // TF's message lacks the closing bracket.
      if (canonical < 0 || canonical >= rank) {
        throw shapeError(`'axis'[${i}] = ${a} is out of valid range [0, ${rank - 1}`);
      }
      if (seen.has(canonical)) throw shapeError(`axis ${canonical} specified more than once.`);
      seen.add(canonical);
    }
  }
  return [input];
}

/** Shape functions of the array ops, by op type. */
export const arrayShapeFns: Record<string, ShapeFn> = twoPassTable({
  Const: (ctx) => [ctx.attr<NDArray>('value').shape],
  Placeholder: fromAttr('shape'),
  PlaceholderV2: fromAttr('shape'),
  PlaceholderWithDefault: (ctx) => {
    const out = shapeAttr(ctx, 'shape');
    // Checked for compatibility, but the attr (maybe less precise) is the output.
    mergeShapes(inputShape(ctx, 0), out);
    return [out];
  },
  Identity: unchanged,
  Snapshot: unchanged,
  StopGradient: unchanged,
  PreventGradient: unchanged,
  IdentityN: (ctx) => [...ctx.inputShapes],
  NoOp: () => [],
  Reshape: reshape,
  Transpose: transpose,
  ConjugateTranspose: transpose,
  Concat: (ctx) => concatHelper(ctx, 1, ctx.inputShapes.length, 0),
  ConcatV2: (ctx) => concatHelper(ctx, 0, ctx.inputShapes.length - 1, ctx.inputShapes.length - 1),
  ConcatOffset: (ctx) => ctx.inputShapes.slice(1),
  Pack: pack,
  Unpack: unpack,
  Split: split,
  SplitV: splitV,
  Slice: slice,
  StridedSlice: stridedSlice,
  StridedSliceGrad: (ctx) => [shapeFromShapeTensor(ctx, 0)],
  Squeeze: squeeze,
  ExpandDims: expandDims,
  Tile: tile,
  Pad: pad,
  PadV2: pad,
  MirrorPad: pad,
  Gather: gather,
  GatherV2: gatherV2,
  GatherNd: gatherNd,
  ScatterNd: scatterNd,
  Shape: shapeOf,
  ShapeN: shapeOf,
  Size: scalarOut,
  Rank: scalarOut,
  Fill: fill,
  Range: range,
  BroadcastTo: broadcastTo,
  BroadcastArgs: broadcastArgs,
  BroadcastGradientArgs: broadcastGradientArgs,
  SpaceToBatchND: spaceToBatchND,
  BatchToSpaceND: batchToSpaceND,
  SpaceToDepth: depthSpace(true),
  DepthToSpace: depthSpace(false),
  UnsortedSegmentSum: unsortedSegmentReduction,
  UnsortedSegmentMax: unsortedSegmentReduction,
  UnsortedSegmentMin: unsortedSegmentReduction,
  SegmentSum: segmentReduction,
  MatrixBandPart: unchanged,
  MatrixDiag: matrixDiag,
  MatrixDiagPart: matrixDiagPart,
  ReverseV2: reverseV2,
  SparseToDense: (ctx) => [shapeFromShapeTensor(ctx, 1)],
  Where: (ctx) => [[null, inputShape(ctx, 0)?.length ?? null]],
  InvertPermutation: (ctx) => [withRank(inputShape(ctx, 0), 1)],
  Diag: (ctx) => {
    const input = withRankAtLeast(inputShape(ctx, 0), 1);
    return [concatAll(input, input)];
  },
});
