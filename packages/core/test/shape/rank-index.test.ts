import { describe, expect, it } from 'vitest';
import { TensorShape, dimensionAtIndex } from '@tensorgraph/core';
import { expectOutcome, loadFixture, type Outcome, type ShapeJson } from './fixtures.js';

interface RankFixture {
  cases: {
    shape: ShapeJson;
    rank: number;
    with_rank: Outcome;
    with_rank_at_least: Outcome;
    with_rank_at_most: Outcome;
    assert_has_rank: Outcome;
  }[];
}

interface IndexFixture {
  cases: {
    shape: ShapeJson;
    get: Record<string, Outcome>;
    slice: { start: number | null; stop: number | null; step: number | null; result: Outcome }[];
    dimension_at_index: Record<string, Outcome>;
  }[];
  api: Record<string, boolean>;
}

const rank = loadFixture<RankFixture>('shape/rank.json');
const index = loadFixture<IndexFixture>('shape/index.json');
const show = (s: ShapeJson) => new TensorShape(s).toString();

describe('TensorShape rank checks (TF fixtures)', () => {
  for (const c of rank.cases) {
    it(`${show(c.shape)} against rank ${c.rank}`, () => {
      const s = new TensorShape(c.shape);
      expectOutcome(() => s.withRank(c.rank), c.with_rank, 'withRank');
      expectOutcome(() => s.withRankAtLeast(c.rank), c.with_rank_at_least, 'withRankAtLeast');
      expectOutcome(() => s.withRankAtMost(c.rank), c.with_rank_at_most, 'withRankAtMost');
      expectOutcome(() => s.assertHasRank(c.rank), c.assert_has_rank, 'assertHasRank');
    });
  }
});

describe('TensorShape indexing and slicing (TF fixtures)', () => {
  for (const c of index.cases) {
    const s = new TensorShape(c.shape);
    it(`${show(c.shape)}[i]`, () => {
      for (const [i, expected] of Object.entries(c.get)) {
        expectOutcome(() => s.get(Number(i)), expected, `get(${i})`);
      }
      for (const [i, expected] of Object.entries(c.dimension_at_index)) {
        expectOutcome(() => dimensionAtIndex(s, Number(i)), expected, `dimensionAtIndex(${i})`);
      }
    });
    for (const sl of c.slice) {
      it(`${show(c.shape)}[${sl.start ?? ''}:${sl.stop ?? ''}:${sl.step ?? ''}]`, () => {
        expectOutcome(() => s.slice(sl.start, sl.stop, sl.step), sl.result);
      });
    }
  }

  it('has the methods TF 2.21 has, and not the ones it dropped', () => {
    const proto = TensorShape.prototype as unknown as Record<string, unknown>;
    expect(typeof proto.isMoreGeneralThan === 'function').toBe(index.api.is_more_general_than);
    expect(typeof proto.isSubtypeOf === 'function').toBe(index.api.is_subtype_of);
    expect(typeof proto.mostSpecificCommonSupertype === 'function').toBe(
      index.api.most_specific_common_supertype,
    );
  });
});

describe('TensorShape indexing beyond the fixtures', () => {
  it('refuses non-integer indices and ranks', () => {
    expect(() => new TensorShape([1]).get(0.5)).toThrow(
      'tuple indices must be integers or slices, not float',
    );
    expect(() => new TensorShape([1]).slice(0.5)).toThrow(TypeError);
    expect(() => TensorShape.unknown(1.5)).toThrow(TypeError);
  });
});
