import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ValueError } from '@tensorgraph/errors';
import { castForFeed, convertToNDArray, NDArray, SparseTensorValue } from '@tensorgraph/core';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('new NDArray validates its parts', () => {
  it('accepts matching storage and reports size and rank', () => {
    const a = new NDArray('float32', [2, 3], new Float32Array(6));
    expect(a.size).toBe(6);
    expect(a.rank).toBe(2);
    expect(Object.isFrozen(a.shape)).toBe(true);
    expect(new NDArray('int32', [], Int32Array.of(7)).rank).toBe(0);
  });

  it('rejects storage of the wrong class', () => {
    expect(() => new NDArray('float32', [2], new Float64Array(2) as never)).toThrow(TypeError);
    expect(() => new NDArray('int64', [1], Int32Array.of(1) as never)).toThrow(
      'needs a BigInt64Array',
    );
    expect(() => new NDArray('string', [1], ['a'] as never)).toThrow(TypeError);
  });

  it('rejects a length that does not match the shape', () => {
    expect(() => new NDArray('float32', [2, 2], new Float32Array(3))).toThrow(InvalidArgumentError);
    expect(() => new NDArray('complex64', [2], new Float32Array(2))).toThrow(
      'needs 4 storage values',
    );
  });

  it('rejects negative and non-integer dimensions, and a non-array shape', () => {
    expect(() => new NDArray('float32', [-1], new Float32Array(0))).toThrow(InvalidArgumentError);
    expect(() => new NDArray('float32', [1.5], new Float32Array(1))).toThrow('dimension 0 is 1.5');
    expect(() => new NDArray('float32', 3 as never, new Float32Array(3))).toThrow(TypeError);
  });

  it('rejects a dtype that is not one', () => {
    expect(() => new NDArray('float' as never, [1], new Float32Array(1) as never)).toThrow(
      ValueError,
    );
    expect(() => new NDArray(1 as never, [1], new Float32Array(1) as never)).toThrow(ValueError);
  });
});

describe('toArray and item give JS values per dtype', () => {
  it('numbers, nested by shape', () => {
    const a = NDArray.from([
      [1, 2.5],
      [3, 4],
    ]);
    expect(a.dtype).toBe('float32');
    expect(a.toArray()).toEqual([
      [1, 2.5],
      [3, 4],
    ]);
  });

  it('float16/bfloat16/float8 decoded to numbers', () => {
    expect(NDArray.from([1.5, 65504, 70000], 'float16').toArray()).toEqual([1.5, 65504, Infinity]);
    expect(NDArray.from([1 + 2 ** -9, 3], 'bfloat16').toArray()).toEqual([1, 3]);
    expect(NDArray.from([464, 465], 'float8_e4m3fn').toArray()).toEqual([448, NaN]);
  });

  it('bigint for int64/uint64', () => {
    expect(NDArray.from([1n, -2n]).toArray()).toEqual([1n, -2n]);
    expect(NDArray.from([1, 2], 'uint64').toArray()).toEqual([1n, 2n]);
    expect(NDArray.from(5, 'int64').item()).toBe(5n);
  });

  it('booleans for bool', () => {
    const a = NDArray.from([true, false]);
    expect(a.dtype).toBe('bool');
    expect(a.data).toEqual(Uint8Array.of(1, 0));
    expect(a.toArray()).toEqual([true, false]);
    expect(NDArray.from(true).item()).toBe(true);
  });

  it('Uint8Array (UTF-8 bytes) for strings', () => {
    const a = NDArray.from(['h\u00e9', 'x']);
    expect(a.dtype).toBe('string');
    expect(a.toArray()).toEqual([bytes('h\u00e9'), bytes('x')]);
    expect(NDArray.from('\u2603').item()).toEqual(Uint8Array.of(0xe2, 0x98, 0x83));
  });

  it('{ re, im } for complex', () => {
    const a = NDArray.from([{ re: 1, im: -2 }, 3]);
    expect(a.dtype).toBe('complex128');
    expect(a.data).toEqual(Float64Array.of(1, -2, 3, 0));
    expect(a.toArray()).toEqual([
      { re: 1, im: -2 },
      { re: 3, im: 0 },
    ]);
    expect(NDArray.from({ re: 0.1, im: 0 }, 'complex64').item()).toEqual({
      re: Math.fround(0.1),
      im: 0,
    });
  });

  it('a scalar toArray is its element; item needs exactly one element', () => {
    expect(NDArray.from(2).toArray()).toBe(2);
    expect(NDArray.from([[7]]).item()).toBe(7);
    expect(() => NDArray.from([1, 2]).item()).toThrow(ValueError);
  });
});

describe('equals and reshape', () => {
  it('compares dtype, shape and elements (NaN equal to NaN)', () => {
    const a = NDArray.from([1, NaN]);
    expect(a.equals(NDArray.from([1, NaN]))).toBe(true);
    expect(a.equals(NDArray.from([1, NaN], 'float64'))).toBe(false);
    expect(a.equals(NDArray.from([[1, NaN]]))).toBe(false);
    expect(a.equals(NDArray.from([1, 2]))).toBe(false);
    expect(a.equals([1, NaN])).toBe(false);
    expect(NDArray.from(['a']).equals(NDArray.from(['a']))).toBe(true);
    expect(NDArray.from(['a']).equals(NDArray.from(['b']))).toBe(false);
    expect(NDArray.from([NaN], 'bfloat16').equals(NDArray.from([NaN], 'bfloat16'))).toBe(true);
  });

  it('reshape shares storage and infers one -1', () => {
    const a = NDArray.from([1, 2, 3, 4, 5, 6], 'int32');
    const b = a.reshape([3, -1]);
    expect(b.shape).toEqual([3, 2]);
    expect(b.data).toBe(a.data);
    expect(b.toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(() => a.reshape([1.5, 4])).toThrow(ValueError);
    expect(() => a.reshape('6' as never)).toThrow(TypeError);
  });
});

describe('TypedArrays and NDArrays as input', () => {
  const table: [ArrayBufferView, string][] = [
    [Float32Array.of(1.5), 'float32'],
    [Float64Array.of(1.5), 'float64'],
    [Int8Array.of(-1), 'int8'],
    [Int16Array.of(-1), 'int16'],
    [Int32Array.of(-1), 'int32'],
    [Uint8Array.of(255), 'uint8'],
    [Uint8ClampedArray.of(255), 'uint8'],
    [Uint16Array.of(65535), 'uint16'],
    [Uint32Array.of(4294967295), 'uint32'],
    [BigInt64Array.of(-1n), 'int64'],
    [BigUint64Array.of(2n ** 64n - 1n), 'uint64'],
  ];
  for (const [array, dtype] of table) {
    it(`${array.constructor.name} is ${dtype}, copied`, () => {
      const a = NDArray.from(array);
      expect(a.dtype).toBe(dtype);
      expect(a.shape).toEqual([1]);
      expect(Array.from(a.data as ArrayLike<unknown>)).toEqual(
        Array.from(array as unknown as ArrayLike<unknown>),
      );
      expect(a.data).not.toBe(array);
    });
  }

  it('an NDArray of the same dtype comes back as is; another dtype is cast', () => {
    const a = NDArray.from([1.7, -1.7]);
    expect(NDArray.from(a)).toBe(a);
    expect(NDArray.from(a, 'float32')).toBe(a);
    expect(NDArray.from(a, 'int32').toArray()).toEqual([1, -1]);
    expect(castForFeed(a, 'int32').toArray()).toEqual([1, -1]);
  });

  it('arrays of TypedArrays/NDArrays stack, keeping their dtype when alone', () => {
    const rows = NDArray.from([Int32Array.of(1, 2), Int32Array.of(3, 4)]);
    expect(rows.dtype).toBe('int32');
    expect(rows.shape).toEqual([2, 2]);
    expect(rows.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    const nd = NDArray.from([NDArray.from([1, 2], 'int16'), NDArray.from([3, 4], 'int16')]);
    expect(nd.dtype).toBe('int16');
    expect(NDArray.from([Int32Array.of(1), [2.5]]).dtype).toBe('float32');
    expect(() => NDArray.from([Int32Array.of(1, 2), Int32Array.of(3)])).toThrow(ValueError);
  });

  it('a Uint8Array is one string element only with dtype string', () => {
    const s = NDArray.from(Uint8Array.of(0xff, 0), 'string');
    expect(s.shape).toEqual([]);
    expect(s.item()).toEqual(Uint8Array.of(0xff, 0));
    expect(NDArray.from([Uint8Array.of(1), 'b'], 'string').toArray()).toEqual([
      Uint8Array.of(1),
      bytes('b'),
    ]);
    expect(NDArray.from([Uint8Array.of(1), Uint8Array.of(2)]).shape).toEqual([2, 1]);
    expect(castForFeed(Uint8Array.of(97), 'string').item()).toEqual(bytes('a'));
  });
});

describe('conversion rules worth spelling out (DESIGN.md)', () => {
  it('a JS number with no dtype is float32, bigint int64, boolean bool, string string', () => {
    expect(NDArray.from(5).dtype).toBe('float32');
    expect(NDArray.from(5n).dtype).toBe('int64');
    expect(NDArray.from(false).dtype).toBe('bool');
    expect(NDArray.from('s').dtype).toBe('string');
    expect(NDArray.from([]).dtype).toBe('float32');
  });

  it('convertToNDArray refuses a float for an int dtype; castForFeed truncates', () => {
    expect(() => convertToNDArray(1.5, 'int32')).toThrow(TypeError);
    expect(() => convertToNDArray(1.5, 'int32')).toThrow(
      "Expected int32, but got 1.5 of type 'float'.",
    );
    expect(castForFeed(1.9, 'int32').item()).toBe(1);
    expect(castForFeed([1.9, -1.9], 'int32').toArray()).toEqual([1, -1]);
  });

  it('an integral number fed alone must fit; inside an array it wraps', () => {
    expect(() => castForFeed(256, 'uint8')).toThrow(TypeError);
    expect(castForFeed([256, -1], 'uint8').toArray()).toEqual([0, 255]);
    expect(castForFeed(255, 'uint8').item()).toBe(255);
    expect(castForFeed(3, 'int64').item()).toBe(3n);
  });
});

describe('bad input is a typed error, never a crash or a silent value', () => {
  const f = function named(): void {};
  const bad: [string, unknown][] = [
    ['a function', f],
    ['a symbol', Symbol('s')],
    ['undefined', undefined],
    ['a plain object', { a: 1 }],
    ['a Date', new Date(0)],
    ['a Map', new Map()],
    ['an array holding a function', [1, f]],
    ['an array with a hole', [1, , 3]], // eslint-disable-line no-sparse-arrays
    ['a DataView', new DataView(new ArrayBuffer(4))],
  ];
  for (const [what, value] of bad) {
    it(`${what}: TypeError, with and without a dtype, fed or converted`, () => {
      expect(() => convertToNDArray(value)).toThrow(TypeError);
      for (const dtype of ['float32', 'int32', 'bool', 'float16', 'int4', 'complex64'] as const) {
        expect(() => convertToNDArray(value, dtype), dtype).toThrow(TypeError);
        expect(() => castForFeed(value, dtype), dtype).toThrow(TypeError);
      }
    });
  }

  it('null is a ValueError for tf.constant rules, NaN for a float feed', () => {
    expect(() => NDArray.from(null)).toThrow(ValueError);
    expect(() => NDArray.from(null)).toThrow('None values not supported.');
    expect(castForFeed(null, 'float32').item()).toBeNaN();
  });

  it('names an unknown dtype', () => {
    expect(() => NDArray.from(1, 'float33')).toThrow(TypeError);
    expect(() => NDArray.from(1, 'float33')).toThrow("Cannot convert 'float33' to a dtype.");
    expect(() => castForFeed(1, 'nope')).toThrow(TypeError);
    expect(() => castForFeed(1, undefined as never)).toThrow(TypeError);
  });

  it('refuses host values for resource and variant', () => {
    expect(() => castForFeed(1, 'resource')).toThrow(TypeError);
    expect(() => convertToNDArray([1], 'variant')).toThrow(TypeError);
    expect(() => convertToNDArray(Float32Array.of(1), 'resource')).toThrow(TypeError);
  });

  it('a cyclic array is a ValueError, not a stack overflow', () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(() => NDArray.from(cyclic)).toThrow(ValueError);
  });
});

describe('SparseTensorValue', () => {
  it('holds int64 indices/denseShape and converted values', () => {
    const v = new SparseTensorValue(
      [
        [0, 0],
        [1, 2],
      ],
      [1.5, 2],
      [3, 4],
    );
    expect(v.indices.dtype).toBe('int64');
    expect(v.indices.shape).toEqual([2, 2]);
    expect(v.values.dtype).toBe('float32');
    expect(v.denseShape.toArray()).toEqual([3n, 4n]);
  });

  it('accepts NDArrays, including an empty one', () => {
    const indices = new NDArray('int64', [0, 2], new BigInt64Array(0));
    const v = new SparseTensorValue(indices, new NDArray('float32', [0], new Float32Array(0)), [
      5n,
      5n,
    ]);
    expect(v.indices).toBe(indices);
    expect(v.values.size).toBe(0);
  });

  it('reports mismatched parts', () => {
    expect(() => new SparseTensorValue([[0, 0]], [1, 2], [3, 4])).toThrow(ValueError);
    expect(() => new SparseTensorValue([[0, 0]], [1], [3, 4, 5])).toThrow(
      'Dimensions 2 and 3 are not compatible',
    );
    expect(() => new SparseTensorValue([[0.5, 0]], [1], [3, 4])).toThrow(TypeError);
  });
});
