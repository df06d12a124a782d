import { InvalidArgumentError } from '@tensorgraph/errors';
import { describe, expect, it } from 'vitest';
import { shapeUtils as su } from '../../src/index.js';

const fails = (fn: () => unknown, message: string) => {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(InvalidArgumentError);
  expect((thrown as Error).message).toBe(message);
};

describe('shape utilities (TF InferenceContext semantics)', () => {
  it('formats shapes as TF does in shape-inference messages', () => {
    expect(su.formatShape([2, null, 3])).toBe('[2,?,3]');
    expect(su.formatShape([])).toBe('[]');
    expect(su.formatShape(null)).toBe('?');
  });

  it('checks ranks with TF wording; unknown rank takes the rank', () => {
    expect(su.withRank(null, 2)).toEqual([null, null]);
    fails(() => su.withRank([1, 2, 3], 2), 'Shape must be rank 2 but is rank 3');
    fails(() => su.withRankAtLeast([1], 2), 'Shape must be at least rank 2 but is rank 1');
    fails(() => su.withRankAtMost([1, 2], 1), 'Shape must be at most rank 1 but is rank 2');
    fails(() => su.withRank([1], 0, ' for x'), 'Shape must be rank 0 but is rank 1\n\t for x');
    expect(su.withRankAtLeast(null, 3)).toBeNull();
  });

  it('merges dims and shapes as TF Merge', () => {
    expect(su.mergeDim(null, 3)).toBe(3);
    fails(() => su.mergeDim(2, 3), 'Dimensions must be equal, but are 2 and 3');
    expect(su.mergeShapes([null, 3], [2, null])).toEqual([2, 3]);
    expect(su.mergeShapes(null, [2])).toEqual([2]);
    fails(() => su.mergeShapes([1], [1, 2]), 'Shapes must be equal rank, but are 1 and 2');
    fails(
      () => su.mergeShapes([2, 3], [2, 4]),
      'Dimension 1 in both shapes must be equal, but are 3 and 4. Shapes are [2,3] and [2,4].',
    );
  });

  it('broadcasts with unknown dims as BroadcastBinaryOpOutputShapeFnHelper', () => {
    expect(su.broadcastShapes([2, 1], [1, 3])).toEqual([2, 3]);
    expect(su.broadcastShapes([null], [1])).toEqual([null]);
    expect(su.broadcastShapes([1], [null])).toEqual([null]);
    expect(su.broadcastShapes([null], [5])).toEqual([5]);
    expect(su.broadcastShapes([0], [null])).toEqual([null]);
    expect(su.broadcastShapes([1], [0])).toEqual([0]);
    expect(su.broadcastShapes(null, [3])).toBeNull();
    fails(() => su.broadcastShapes([2, 3], [4]), 'Dimensions must be equal, but are 3 and 4');
    expect(su.broadcastShapes([2, 3], [4], false)).toEqual([]);
    expect(su.broadcastShapes([null], [4], false)).toBeNull();
  });

  it('computes windowed output sizes as GetWindowedOutputSizeFromDimsV2', () => {
    expect(su.computeConvOutputSize(5, 3, 1, 1, 'VALID')).toBe(3);
    expect(su.computeConvOutputSize(7, 2, 1, 3, 'SAME')).toBe(3);
    expect(su.computeConvOutputSize(7, 3, 2, 1, 'VALID')).toBe(3);
    expect(su.computeConvOutputSize(5, 3, 1, 1, 'EXPLICIT', [1, 2])).toBe(6);
    expect(su.computeConvOutputSize(null, 3, 1, 2, 'SAME')).toBeNull();
    expect(su.computeConvOutputSize(5, null, 1, 1, 'VALID')).toBeNull();
    fails(
      () => su.computeConvOutputSize(2, 3, 1, 1, 'VALID'),
      'Negative dimension size caused by subtracting 3 from 2',
    );
    fails(() => su.computeConvOutputSize(5, 3, 1, 0, 'VALID'), 'Stride must be > 0, but got 0');
  });

  it('does dim arithmetic with TF special cases', () => {
    expect(su.multiplyDims(null, 0)).toBe(0);
    expect(su.multiplyDims(null, 1)).toBeNull();
    expect(su.addDims(null, 0)).toBeNull();
    expect(su.divideDims(7, 2)).toBe(3);
    fails(() => su.divideDims(7, 2, true), 'Dimension size must be evenly divisible by 2 but is 7');
    expect(su.numElements([2, null, 0])).toBe(0);
    expect(su.numElements([2, null])).toBeNull();
    expect(su.numElements([2, 3])).toBe(6);
  });

  it('slices and joins shapes as Subshape and Concatenate', () => {
    expect(su.subshape([1, 2, 3, 4], 0, -2)).toEqual([1, 2]);
    expect(su.subshape([1, 2, 3], 1)).toEqual([2, 3]);
    expect(su.subshape(null, 0, -1)).toBeNull();
    fails(
      () => su.subshape([1, 2], 2, 1),
      'Subshape must have computed start <= end, but is 2 and 1 (computed from start 2 and end 1 over shape with rank 2)',
    );
    expect(su.concatShapes([1], [2, 3])).toEqual([1, 2, 3]);
    expect(su.concatShapes(null, [2])).toBeNull();
  });
});
