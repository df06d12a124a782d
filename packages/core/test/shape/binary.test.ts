import { describe, expect, it } from 'vitest';
import { TensorShape, type TensorShapeLike } from '@tensorgraph/core';
import { expectOutcome, loadFixture, type Outcome, type ShapeJson } from './fixtures.js';

type PairOp =
  | 'is_compatible_with'
  | 'assert_is_compatible_with'
  | 'merge_with'
  | 'most_specific_compatible_shape'
  | 'most_specific_common_supertype'
  | 'concatenate'
  | 'assert_same_rank'
  | 'is_subtype_of'
  | 'eq'
  | 'ne';

type PairCase = { a: ShapeJson; b: ShapeJson } & Record<PairOp, Outcome>;

interface BinaryFixture {
  cases: PairCase[];
  supertype_many: { a: ShapeJson; others: ShapeJson[]; result: Outcome }[];
  eq_other: {
    a: ShapeJson;
    other: unknown;
    eq: Outcome;
    is_compatible_with: Outcome;
    merge_with: Outcome;
    concatenate: Outcome;
  }[];
}

const fixture = loadFixture<BinaryFixture>('shape/binary.json');

const OPS: Record<PairOp, (a: TensorShape, b: TensorShape) => unknown> = {
  is_compatible_with: (a, b) => a.isCompatibleWith(b),
  assert_is_compatible_with: (a, b) => a.assertIsCompatibleWith(b),
  merge_with: (a, b) => a.mergeWith(b),
  most_specific_compatible_shape: (a, b) => a.mostSpecificCompatibleShape(b),
  most_specific_common_supertype: (a, b) => a.mostSpecificCommonSupertype([b]),
  concatenate: (a, b) => a.concatenate(b),
  assert_same_rank: (a, b) => a.assertSameRank(b),
  is_subtype_of: (a, b) => a.isSubtypeOf(b),
  eq: (a, b) => a.equals(b),
  ne: (a, b) => !a.equals(b),
};

const show = (s: ShapeJson) => new TensorShape(s).toString();

describe('TensorShape pairwise operations (TF fixtures)', () => {
  it('covers every pair of a broad table', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(300);
  });

  for (const c of fixture.cases) {
    it(`${show(c.a)} with ${show(c.b)}`, () => {
      const a = new TensorShape(c.a);
      const b = new TensorShape(c.b);
      for (const [op, run] of Object.entries(OPS) as [
        PairOp,
        (a: TensorShape, b: TensorShape) => unknown,
      ][]) {
        expectOutcome(() => run(a, b), c[op], op);
      }
      // Arrays are accepted wherever TF takes anything as_shape reads.
      expectOutcome(() => a.mergeWith(c.b), c.merge_with, 'merge_with(array)');
      expectOutcome(
        () => a.isCompatibleWith(c.b),
        c.is_compatible_with,
        'is_compatible_with(array)',
      );
    });
  }

  for (const c of fixture.supertype_many) {
    it(`mostSpecificCommonSupertype of ${show(c.a)} and ${c.others.map(show).join(', ')}`, () => {
      expectOutcome(
        () =>
          new TensorShape(c.a).mostSpecificCommonSupertype(c.others.map((o) => new TensorShape(o))),
        c.result,
      );
    });
  }

  for (const c of fixture.eq_other) {
    it(`${show(c.a)} against the non-shape ${JSON.stringify(c.other)}`, () => {
      const a = new TensorShape(c.a);
      const other = c.other as TensorShapeLike;
      expectOutcome(() => a.equals(other), c.eq, 'equals');
      expectOutcome(() => a.isCompatibleWith(other), c.is_compatible_with, 'isCompatibleWith');
      expectOutcome(() => a.mergeWith(other), c.merge_with, 'mergeWith');
      expectOutcome(() => a.concatenate(other), c.concatenate, 'concatenate');
    });
  }
});

describe('TensorShape pairwise operations beyond the fixtures', () => {
  it('answers null for a supertype with something that is not a TensorShape', () => {
    expect(new TensorShape([2]).mostSpecificCommonSupertype([[2]])).toBeNull();
    expect(new TensorShape([2]).isSubtypeOf([2])).toBe(false);
  });

  it('returns the known side of a merge unchanged', () => {
    const known = new TensorShape([2, 3]);
    expect(known.mergeWith(null)).toBe(known);
    expect(new TensorShape(null).mergeWith(known)).toBe(known);
  });
});
