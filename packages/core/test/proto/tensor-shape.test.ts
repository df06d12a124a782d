import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  TensorShapeProto,
  decodeProto,
  dimsToTensorShapeProto,
  tensorShapeProtoToDims,
} from '../../src/index.js';
import { fixtureJson, toHex } from './proto-fixtures.js';

interface ShapeCase {
  dims?: (number | null)[] | null;
  name?: string;
  hex: string;
  as_list?: (number | null)[] | null;
  error?: string;
  tf_message?: string;
}

const { cases } = fixtureJson<{ cases: ShapeCase[] }>('shapes.json');
const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));

describe.each(cases.filter((c) => c.error === undefined))('shape $dims', (c) => {
  it('reads the dims TF reads (null = unknown)', () => {
    const proto = decodeProto(TensorShapeProto, fromHex(c.hex));
    expect(tensorShapeProtoToDims(proto)).toEqual(c.as_list);
  });

  it('writes the bytes TF writes', () => {
    expect(toHex(TensorShapeProto.encode(dimsToTensorShapeProto(c.dims ?? null)).finish())).toBe(
      c.hex,
    );
  });
});

describe.each(cases.filter((c) => c.error !== undefined))('$name', (c) => {
  it("is an InvalidArgumentError with TF's message", () => {
    const proto = decodeProto(TensorShapeProto, fromHex(c.hex));
    expect(c.error).toBe('InvalidArgumentError');
    expect(() => tensorShapeProtoToDims(proto)).toThrow(InvalidArgumentError);
    expect(() => tensorShapeProtoToDims(proto)).toThrow(c.tf_message ?? '');
  });
});

describe('tensorShapeProtoToDims / dimsToTensorShapeProto', () => {
  it('reads a missing shape as a scalar, as TF does', () => {
    expect(tensorShapeProtoToDims(undefined)).toEqual([]);
    expect(tensorShapeProtoToDims(null)).toEqual([]);
  });

  it('rejects sizes that are not integers >= -1 and too many dims', () => {
    expect(() => dimsToTensorShapeProto([2, -3])).toThrow(InvalidArgumentError);
    expect(() => dimsToTensorShapeProto([1.5])).toThrow(InvalidArgumentError);
    expect(() => dimsToTensorShapeProto(new Array<number>(255).fill(1))).toThrow(
      InvalidArgumentError,
    );
    expect(() => tensorShapeProtoToDims({ dim: new Array(255).fill({ size: 1 }) })).toThrow(
      /has too many dimensions/,
    );
  });

  it('treats -1 and null alike when writing', () => {
    expect(dimsToTensorShapeProto([-1]).dim[0]?.size).toBe(-1);
    expect(tensorShapeProtoToDims(dimsToTensorShapeProto([null, 4]))).toEqual([null, 4]);
  });
});
