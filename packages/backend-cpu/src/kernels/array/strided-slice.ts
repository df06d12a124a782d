import { defineKernel, NDArray, ops, storageOf } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import {
  allocate,
  intValues,
  invalidArgument,
  output,
  shapeString,
  sizeOf,
  stridesOf,
  type Slots,
} from './buffers.js';
import { INDEX_32_64, STRIDED_SLICE_TYPES } from './dtype-sets.js';
import { checkDims } from './fill.js';
import { copyFrom, copyInto } from './strided-copy.js';

export interface StridedSliceMasks {
  readonly begin_mask: number;
  readonly end_mask: number;
  readonly ellipsis_mask: number;
  readonly new_axis_mask: number;
  readonly shrink_axis_mask: number;
}

/** What a strided slice of a known shape reads: per input dim a start, step and count. */
export interface StridedSliceSpec {
  readonly begin: number[];
  readonly strides: number[];
  /** Elements taken per input dim. */
  readonly processingShape: number[];
  /** The output shape: shrunk dims dropped, new axes added. */
  readonly finalShape: number[];
  /** Takes every element in order (output is the input reshaped). */
  readonly isIdentity: boolean;
}

const NEW_AXIS = -1;
const SHRINK_AXIS = -2;

/**
 * TF's `ValidateStridedSliceOp` for a fully known input shape: expands the sparse spec
 * (ellipsis, new axes, masks) into one range per input dim, canonicalises and clamps
 * each range, and bounds-checks shrunk indices, with TF's messages.
 */
export function stridedSliceSpec(
  inputShape: readonly number[],
  beginArg: NDArray,
  endArg: NDArray,
  stridesArg: NDArray,
  masks: StridedSliceMasks,
): StridedSliceSpec {
  const n = stridesArg.size;
  if (
    beginArg.rank !== 1 ||
    beginArg.size !== n ||
    beginArg.size >= 32 ||
    endArg.rank !== 1 ||
    endArg.size !== n ||
    stridesArg.rank !== 1
  ) {
    throw invalidArgument(
      `Expected begin, end, and strides to be 1D equal size tensors, but got shapes ${shapeString(beginArg.shape)}, ${shapeString(endArg.shape)}, and ${shapeString(stridesArg.shape)} instead.`,
    );
  }
  const ellipsisMask = masks.ellipsis_mask;
  if (ellipsisMask !== 0 && (ellipsisMask & (ellipsisMask - 1)) !== 0) {
    throw invalidArgument('Multiple ellipses in slice spec not allowed');
  }
  const sparseBegin = intValues(beginArg);
  const sparseEnd = intValues(endArg);
  const sparseStrides = intValues(stridesArg);
  // Step 1: count new axes after the ellipsis; add an ellipsis at the end if none.
  let sparseDims = n;
  let sparseEllipsis = ellipsisMask;
  let newAxesAfterEllipsis = 0;
  let ellipsisSeen = false;
  for (let i = 0; i < n; i++) {
    if (ellipsisSeen && (masks.new_axis_mask & (1 << i)) !== 0) newAxesAfterEllipsis++;
    if ((ellipsisMask & (1 << i)) !== 0) ellipsisSeen = true;
  }
  if (!ellipsisSeen) {
    sparseEllipsis |= 1 << sparseDims;
    sparseDims++;
  }
  // Step 2: the dense spec, one entry per input dim.
  const dims = inputShape.length;
  const begin = new Array<number>(dims).fill(0);
  const end = new Array<number>(dims).fill(0);
  const strides = new Array<number>(dims).fill(1);
  let beginMask = 0;
  let endMask = 0;
  let shrinkMask = 0;
  const gather: number[] = [];
  let full = 0;
  for (let i = 0; i < sparseDims; i++) {
    const bit = 1 << i;
    if ((sparseEllipsis & bit) !== 0) {
      const next = Math.min(dims - (sparseDims - i) + 1 + newAxesAfterEllipsis, dims);
      for (; full < next; full++) {
        beginMask |= 1 << full;
        endMask |= 1 << full;
        gather.push(full);
      }
    } else if ((masks.new_axis_mask & bit) !== 0) {
      gather.push(NEW_AXIS);
    } else {
      if (full === dims) {
        if (dims === 0) throw invalidArgument('Attempting to slice scalar input.');
        throw invalidArgument(
          `Index out of range using input dim ${full}; input has only ${dims} dims`,
        );
      }
      begin[full] = sparseBegin[i] as number;
      end[full] = sparseEnd[i] as number;
      strides[full] = sparseStrides[i] as number;
      if ((masks.begin_mask & bit) !== 0) beginMask |= 1 << full;
      if ((masks.end_mask & bit) !== 0) endMask |= 1 << full;
      if ((masks.shrink_axis_mask & bit) !== 0) {
        gather.push(SHRINK_AXIS);
        shrinkMask |= 1 << full;
      } else gather.push(full);
      full++;
    }
  }
  // Step 3: canonical ranges and the processing shape.
  let isIdentity = true;
  const processingShape: number[] = [];
  for (let i = 0; i < dims; i++) {
    const stride = strides[i] as number;
    const dim = inputShape[i] as number;
    if (stride === 0) throw invalidArgument(`strides[${i}] must be non-zero`);
    const shrink = (shrinkMask & (1 << i)) !== 0;
    const masked = [(beginMask & (1 << i)) !== 0, (endMask & (1 << i)) !== 0];
    const valid = [stride > 0 ? 0 : -1, stride > 0 ? dim : dim - 1] as const;
    const canonical = (x: number, c: 0 | 1): number => {
      if (masked[c]) return stride > 0 ? valid[c] : valid[((c + 1) & 1) as 0 | 1];
      const fwd = x < 0 ? dim + x : x;
      return fwd < valid[0] ? valid[0] : fwd > valid[1] ? valid[1] : fwd;
    };
    if (shrink && stride <= 0) {
      throw invalidArgument('only stride 1 allowed on non-range indexing.');
    }
    if (shrink) {
      const b = begin[i] as number;
      const fwd = b < 0 ? dim + b : b;
      begin[i] = fwd;
      end[i] = fwd + 1;
      if (fwd < 0 || fwd >= dim) {
        throw invalidArgument(`slice index ${fwd} of dimension ${i} out of bounds.`);
      }
    } else {
      begin[i] = canonical(begin[i] as number, 0);
      end[i] = canonical(end[i] as number, 1);
    }
    isIdentity &&= stride === 1 && begin[i] === 0 && end[i] === dim;
    const interval = (end[i] as number) - (begin[i] as number);
    let size: number;
    if (interval === 0 || interval < 0 !== stride < 0) size = 0;
    else size = Math.trunc(interval / stride) + (interval % stride !== 0 ? 1 : 0);
    processingShape.push(size);
  }
  // Step 4: the final shape.
  const finalShape: number[] = [];
  for (const g of gather) {
    if (g >= 0) finalShape.push(processingShape[g] as number);
    else if (g === NEW_AXIS) finalShape.push(1);
  }
  return { begin, strides, processingShape, finalShape, isIdentity };
}

export const stridedSliceCpu = defineKernel(ops.StridedSlice, {
  deviceType: 'CPU',
  typeConstraints: { T: STRIDED_SLICE_TYPES },
  create:
    ({ attrs }) =>
    (ctx) => {
      const input = inputArray(ctx, 0);
      const spec = stridedSliceSpec(
        input.shape,
        inputArray(ctx, 1),
        inputArray(ctx, 2),
        inputArray(ctx, 3),
        attrs,
      );
      if (spec.isIdentity) {
        setOutputArray(ctx, 0, new NDArray(input.dtype, spec.finalShape, input.data));
        return;
      }
      const data = allocate(input.dtype, spec.finalShape);
      if (sizeOf(spec.processingShape) > 0) {
        const inStrides = stridesOf(input.shape);
        let start = 0;
        spec.begin.forEach((b, i) => (start += b * (inStrides[i] as number)));
        copyFrom(
          data as Slots,
          input.data as Slots,
          start,
          spec.strides.map((s, i) => s * (inStrides[i] as number)),
          spec.processingShape,
          storageOf(input.dtype).slotsPerElement,
        );
      }
      output(ctx, 0, input.dtype, spec.finalShape, data);
    },
});

/** The gradient of StridedSlice: `dy` written back where the slice read, zeros elsewhere. */
export const stridedSliceGradCpu = defineKernel(ops.StridedSliceGrad, {
  deviceType: 'CPU',
  typeConstraints: { T: STRIDED_SLICE_TYPES, Index: INDEX_32_64 },
  create:
    ({ attrs }) =>
    (ctx) => {
      const shapeArg = inputArray(ctx, 0);
      if (shapeArg.rank !== 1) {
        throw invalidArgument(
          `shape must be 1-D, got shape.shape = ${shapeString(shapeArg.shape)}`,
        );
      }
      const shape = intValues(shapeArg);
      checkDims(shape);
      const spec = stridedSliceSpec(
        shape,
        inputArray(ctx, 1),
        inputArray(ctx, 2),
        inputArray(ctx, 3),
        attrs,
      );
      const dy = inputArray(ctx, 4);
      const same =
        dy.rank === spec.finalShape.length && dy.shape.every((d, i) => d === spec.finalShape[i]);
      if (!same) {
        throw invalidArgument(
          `shape of dy was ${shapeString(dy.shape)} instead of ${shapeString(spec.finalShape)}`,
        );
      }
      const data = allocate(dy.dtype, shape);
      if (sizeOf(spec.processingShape) > 0) {
        const outStrides = stridesOf(shape);
        let start = 0;
        spec.begin.forEach((b, i) => (start += b * (outStrides[i] as number)));
        copyInto(
          data as Slots,
          start,
          spec.strides.map((s, i) => s * (outStrides[i] as number)),
          dy.data as Slots,
          spec.processingShape,
          storageOf(dy.dtype).slotsPerElement,
        );
      }
      output(ctx, 0, dy.dtype, shape, data);
    },
});
