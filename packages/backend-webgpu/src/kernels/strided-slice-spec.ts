import type { NDArray } from '@tensorgraph/core';
import { ints, invalid, shapeString } from './program.js';

export interface SliceMasks {
  readonly begin_mask: number;
  readonly end_mask: number;
  readonly ellipsis_mask: number;
  readonly new_axis_mask: number;
  readonly shrink_axis_mask: number;
}

/** Per input dim: first index, step and count; and the output shape. */
export interface SliceSpec {
  readonly begin: number[];
  readonly strides: number[];
  readonly processingShape: number[];
  readonly finalShape: number[];
}

interface DenseDim {
  begin: number;
  end: number;
  stride: number;
  beginMasked: boolean;
  endMasked: boolean;
  shrink: boolean;
}

/**
 * TF's strided-slice semantics for a known input shape: the sparse spec (ellipsis, new
 * axes, shrinks, masks) is expanded to one range per input dim, each range is made
 * canonical and clamped, and shrunk indices are bounds-checked, with TF's messages.
 */
export function stridedSliceSpec(
  shape: readonly number[],
  beginArr: NDArray,
  endArr: NDArray,
  stridesArr: NDArray,
  masks: SliceMasks,
): SliceSpec {
  const n = stridesArr.size;
  if (
    beginArr.shape.length !== 1 ||
    endArr.shape.length !== 1 ||
    stridesArr.shape.length !== 1 ||
    beginArr.size !== n ||
    endArr.size !== n ||
    n >= 32
  ) {
    throw invalid(
      `Expected begin, end, and strides to be 1D equal size tensors, but got shapes ${shapeString(beginArr.shape)}, ${shapeString(endArr.shape)}, and ${shapeString(stridesArr.shape)} instead.`,
    );
  }
  const ell = masks.ellipsis_mask;
  if ((ell & (ell - 1)) !== 0) throw invalid('Multiple ellipses in slice spec not allowed');
  const begins = ints(beginArr);
  const ends = ints(endArr);
  const steps = ints(stridesArr);
  const bit = (mask: number, i: number) => (mask & (1 << i)) !== 0;
  // Sparse entries; without an ellipsis, one is implied at the end.
  const hasEllipsis = ell !== 0;
  const sparse = hasEllipsis ? n : n + 1;
  let newAxesAfterEllipsis = 0;
  let seen = false;
  for (let i = 0; i < n; i++) {
    if (seen && bit(masks.new_axis_mask, i)) newAxesAfterEllipsis++;
    if (bit(ell, i)) seen = true;
  }
  const rank = shape.length;
  const dense: DenseDim[] = [];
  // What the output keeps, per sparse entry: an input dim, a new axis (-1), or nothing (-2).
  const finalFrom: number[] = [];
  for (let i = 0; i < sparse; i++) {
    const isEllipsis = i === n ? !hasEllipsis : bit(ell, i);
    if (isEllipsis) {
      const next = Math.min(rank - (sparse - i) + 1 + newAxesAfterEllipsis, rank);
      while (dense.length < next) {
        finalFrom.push(dense.length);
        dense.push({
          begin: 0,
          end: 0,
          stride: 1,
          beginMasked: true,
          endMasked: true,
          shrink: false,
        });
      }
    } else if (bit(masks.new_axis_mask, i)) {
      finalFrom.push(-1);
    } else {
      if (dense.length === rank) {
        if (rank === 0) throw invalid('Attempting to slice scalar input.');
        throw invalid(
          `Index out of range using input dim ${dense.length}; input has only ${rank} dims`,
        );
      }
      const shrink = bit(masks.shrink_axis_mask, i);
      finalFrom.push(shrink ? -2 : dense.length);
      dense.push({
        begin: begins[i] as number,
        end: ends[i] as number,
        stride: steps[i] as number,
        beginMasked: bit(masks.begin_mask, i),
        endMasked: bit(masks.end_mask, i),
        shrink,
      });
    }
  }
  const begin: number[] = [];
  const strides: number[] = [];
  const processingShape: number[] = [];
  dense.forEach((d, i) => {
    const dim = shape[i] as number;
    if (d.stride === 0) throw invalid(`strides[${i}] must be non-zero`);
    if (d.shrink) {
      if (d.stride <= 0) throw invalid('only stride 1 allowed on non-range indexing.');
      const b = d.begin < 0 ? d.begin + dim : d.begin;
      if (b < 0 || b >= dim) throw invalid(`slice index ${b} of dimension ${i} out of bounds.`);
      begin.push(b);
      strides.push(1);
      processingShape.push(1);
      return;
    }
    const lo = d.stride > 0 ? 0 : -1;
    const hi = d.stride > 0 ? dim : dim - 1;
    const canonical = (x: number, masked: boolean, isEnd: boolean) => {
      if (masked) return d.stride > 0 === !isEnd ? lo : hi;
      const fwd = x < 0 ? x + dim : x;
      return Math.min(Math.max(fwd, lo), hi);
    };
    const b = canonical(d.begin, d.beginMasked, false);
    const e = canonical(d.end, d.endMasked, true);
    const interval = e - b;
    const count =
      interval === 0 || interval < 0 !== d.stride < 0
        ? 0
        : Math.floor(interval / d.stride) + (interval % d.stride !== 0 ? 1 : 0);
    begin.push(b);
    strides.push(d.stride);
    processingShape.push(count);
  });
  const finalShape = finalFrom.flatMap((f) =>
    f === -1 ? [1] : f === -2 ? [] : [processingShape[f] as number],
  );
  return { begin, strides, processingShape, finalShape };
}
