import { describe, expect, it } from 'vitest';
import { shapeString, sizeOf, stridesOf } from '@tensorgraph/core';

describe('facts of a known shape', () => {
  it("prints shapes as TF's kernel messages do", () => {
    expect(shapeString([2, 3])).toBe('[2,3]');
    expect(shapeString([])).toBe('[]');
  });

  it('counts elements, a scalar being one and a zero dim none', () => {
    expect(sizeOf([2, 3, 4])).toBe(24);
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([5, 0])).toBe(0);
  });

  it('gives row-major strides', () => {
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(stridesOf([])).toEqual([]);
    expect(stridesOf([3, 0, 2])).toEqual([0, 2, 1]);
  });
});
