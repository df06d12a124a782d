import { describe, expect, it } from 'vitest';
import { ValueError } from '@tensorgraph/errors';
import { TensorShape, type TensorShapeLike } from '@tensorgraph/core';
import {
  errorClassFor,
  expectOutcome,
  loadFixture,
  type Outcome,
  type ShapeJson,
} from './fixtures.js';

interface ConstructCase {
  input: unknown;
  error?: string;
  message?: string;
  dims?: ShapeJson;
  str?: string;
  repr?: string;
  rank?: number | null;
  ndims?: number | null;
  num_elements?: number | null;
  is_fully_defined?: boolean;
  assert_is_fully_defined?: Outcome;
  as_list?: Outcome;
  len?: Outcome;
  bool?: boolean;
  iter?: Outcome;
  as_proto?: { unknown_rank: boolean; dim: number[] };
}

interface ConstructFixture {
  tf_version: string;
  cases: ConstructCase[];
  unknown: { rank: number | null; result: Outcome }[];
  proto: { dim: number[]; unknown_rank: boolean; result: Outcome }[];
}

const fixture = loadFixture<ConstructFixture>('shape/construct.json');

/**
 * Inputs where we knowingly differ from TF. Python iterates a dict's keys, so
 * `TensorShape({})` is `()`; a JS object is not a sequence, and reading it as an
 * empty shape would hide a caller's mistake.
 */
const DEVIATIONS = new Map<string, { error: new (...args: never[]) => Error; message: string }>([
  [
    '{}',
    {
      error: TypeError,
      message:
        "Dimension value must be integer or None or have an __index__ method, got value '{}' with type '<class 'dict'>'",
    },
  ],
]);

describe('TensorShape construction (TF fixtures)', () => {
  it('was recorded from TF 2.21', () => {
    expect(fixture.tf_version).toBe('2.21.0');
    expect(fixture.cases.length).toBeGreaterThan(35);
  });

  for (const c of fixture.cases) {
    const key = JSON.stringify(c.input);
    const deviation = DEVIATIONS.get(key);
    if (deviation !== undefined) {
      it(`TensorShape(${key}) deviates from TF on purpose`, () => {
        expect(c.error, 'TF accepts this input').toBeUndefined();
        expect(() => new TensorShape(c.input as TensorShapeLike)).toThrow(deviation.error);
        expect(() => new TensorShape(c.input as TensorShapeLike)).toThrow(deviation.message);
      });
      continue;
    }
    if (c.error !== undefined) {
      it(`TensorShape(${key}) throws ${c.error}`, () => {
        expectOutcome(() => new TensorShape(c.input as TensorShapeLike), {
          error: c.error as string,
          message: c.message as string,
        });
      });
      continue;
    }
    it(`TensorShape(${key}) is ${c.str}`, () => {
      const s = new TensorShape(c.input as TensorShapeLike);
      expect(s.dims === null ? null : [...s.dims]).toEqual(c.dims);
      expect(s.toString()).toBe(c.str);
      expect(s.toRepr()).toBe(c.repr);
      expect(s.rank).toBe(c.rank);
      expect(s.ndims).toBe(c.ndims);
      expect(s.numElements()).toBe(c.num_elements);
      expect(s.isFullyDefined()).toBe(c.is_fully_defined);
      expectOutcome(() => s.assertIsFullyDefined(), c.assert_is_fully_defined as Outcome, 'assert');
      expectOutcome(() => s.asList(), c.as_list as Outcome, 'asList');
      expectOutcome(() => s.length, c.len as Outcome, 'length');
      expectOutcome(() => [...s], c.iter as Outcome, 'iterate');
      expect(s.rank !== null).toBe(c.bool);
      const proto = s.asProto();
      expect(proto.unknownRank).toBe(c.as_proto?.unknown_rank);
      expect(proto.dim.map((d) => d.size)).toEqual(c.as_proto?.dim);
      // The wire form round-trips through -1.
      expect(TensorShape.fromProto(proto).equals(s)).toBe(true);
      expect(TensorShape.fromDims(s.toDims()).toString()).toBe(c.str);
      // A copy constructed from the shape is the same shape.
      expect(new TensorShape(s).toString()).toBe(c.str);
    });
  }

  for (const u of fixture.unknown) {
    it(`TensorShape.unknown(${u.rank})`, () => {
      expectOutcome(() => TensorShape.unknown(u.rank), u.result);
    });
  }

  for (const p of fixture.proto) {
    it(`fromProto(dim=${JSON.stringify(p.dim)}, unknownRank=${p.unknown_rank})`, () => {
      expectOutcome(
        () =>
          TensorShape.fromProto({
            dim: p.dim.map((size) => ({ size })),
            unknownRank: p.unknown_rank,
          }),
        p.result,
      );
      // protobufjs hands int64 sizes over as Long objects or bigint.
      expectOutcome(
        () =>
          TensorShape.fromProto({
            dim: p.dim.map((size) => ({ size: BigInt(size) })),
            unknownRank: p.unknown_rank,
          }),
        p.result,
      );
    });
  }
});

describe('TensorShape construction beyond the fixtures', () => {
  it('reads -1 as unknown only in wire-style dims', () => {
    expect(TensorShape.fromDims([2, -1, 3]).toString()).toBe('(2, None, 3)');
    expect(TensorShape.fromDims(null).toString()).toBe('<unknown>');
    expect(() => TensorShape.fromDims([-2])).toThrow(ValueError);
    expect(() => TensorShape.fromDims([-2])).toThrow('Dimension -2 must be >= 0');
    expect(new TensorShape([2, null]).toDims()).toEqual([2, -1]);
  });

  it('reads Long-like int64 sizes and refuses what is not an integer', () => {
    const long = (text: string) => ({ toString: () => text });
    expect(
      TensorShape.fromProto({ dim: [{ size: long('5') }, { size: long('-1') }] }).toString(),
    ).toBe('(5, None)');
    expect(() => TensorShape.fromProto({ dim: [{ size: long('x') }] })).toThrow(TypeError);
  });

  it('refuses proto sizes below -1 that TF would keep', () => {
    // TF 2.21: TensorShape(TensorShapeProto(dim=[Dim(size=-2)])) is (-2,).
    expect(() => TensorShape.fromProto({ dim: [{ size: -2 }] })).toThrow(ValueError);
  });

  it('accepts any iterable and bigint dims', () => {
    expect(new TensorShape(new Set([4, 5])).toString()).toBe('(4, 5)');
    expect(new TensorShape(Int32Array.from([1, 2])).toString()).toBe('(1, 2)');
    expect(new TensorShape([2n, null]).toString()).toBe('(2, None)');
    expect(new TensorShape(7n).toString()).toBe('(7,)');
    expect(() => new TensorShape(Float32Array.from([1.5]))).toThrow(
      "Failed to convert '[1.5]' to a shape: '1.5'could not be converted to a dimension.",
    );
  });

  it('refuses booleans and undefined, which Python has no equivalent for', () => {
    // Python's True is the int 1 and TensorShape([True]) prints as (True,).
    expect(() => new TensorShape([true] as never)).toThrow(TypeError);
    expect(() => new TensorShape([undefined] as never)).toThrow(TypeError);
    expect(() => new TensorShape(undefined as never)).toThrow(TypeError);
  });

  it('refuses sizes a double cannot hold exactly instead of rounding them', () => {
    // A double past 2**53 reads as a Python float; a bigint past it is too large.
    expect(() => new TensorShape([2 ** 53])).toThrow(
      "got value '9007199254740992.0' with type '<class 'float'>'",
    );
    expect(() => new TensorShape([2n ** 60n])).toThrow(ValueError);
    expect(() => new TensorShape([2 ** 30, 2 ** 30, 2 ** 30]).numElements()).toThrow(ValueError);
    expect(new TensorShape([2 ** 26, 2 ** 26]).numElements()).toBe(2 ** 52);
  });

  it('is immutable', () => {
    const s = new TensorShape([1, 2]);
    expect(() => (s.dims as (number | null)[]).push(3)).toThrow(TypeError);
    const list = s.asList();
    list.push(3);
    expect(s.toString()).toBe('(1, 2)');
    expect(errorClassFor('ValueError')).toBe(ValueError);
  });
});
