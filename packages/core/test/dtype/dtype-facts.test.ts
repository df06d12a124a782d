import { describe, expect, it } from 'vitest';
import {
  ALL_DTYPES,
  byteSize,
  dtypeMax,
  dtypeMin,
  dtypeToEnum,
  isBool,
  isComplex,
  isFloating,
  isInteger,
  isQuantized,
  isUnsigned,
  realDType,
  type DType,
} from '@tensorgraph/core';
import { fromJsonFloat, loadValueFixture, type JsonFloat } from './value-fixtures.js';

type Limit = string | JsonFloat | { error: string; message: string };

interface Facts {
  enum: number;
  is_floating: boolean;
  is_integer: boolean;
  is_unsigned: boolean;
  is_complex: boolean;
  is_quantized: boolean;
  is_bool: boolean;
  real_dtype: DType;
  size: number;
  min: Limit;
  max: Limit;
}

const FACTS = loadValueFixture<Record<DType, Facts>>('dtype-facts.json');

describe('dtype facts match TensorFlow', () => {
  it('covers every dtype', () => {
    expect(Object.keys(FACTS).sort()).toEqual([...ALL_DTYPES].sort());
  });

  for (const dtype of ALL_DTYPES) {
    const tf = FACTS[dtype];
    it(`${dtype}: flags, real dtype and size`, () => {
      expect({
        enum: dtypeToEnum(dtype),
        is_floating: isFloating(dtype),
        is_integer: isInteger(dtype),
        is_unsigned: isUnsigned(dtype),
        is_complex: isComplex(dtype),
        is_quantized: isQuantized(dtype),
        is_bool: isBool(dtype),
        real_dtype: realDType(dtype),
        size: byteSize(dtype),
      }).toEqual({
        enum: tf.enum,
        is_floating: tf.is_floating,
        is_integer: tf.is_integer,
        is_unsigned: tf.is_unsigned,
        is_complex: tf.is_complex,
        is_quantized: tf.is_quantized,
        is_bool: tf.is_bool,
        real_dtype: tf.real_dtype,
        size: tf.size,
      });
    });

    for (const [which, fn] of [
      ['min', dtypeMin],
      ['max', dtypeMax],
    ] as const) {
      it(`${dtype}: ${which}`, () => {
        const want = tf[which];
        if (typeof want === 'object') {
          expect(() => fn(dtype)).toThrow(TypeError);
          expect(() => fn(dtype)).toThrow(want.message);
        } else if (isInteger(dtype)) {
          const got = fn(dtype);
          expect(String(got)).toBe(want);
          expect(typeof got).toBe(dtype === 'int64' || dtype === 'uint64' ? 'bigint' : 'number');
        } else {
          expect(fn(dtype)).toBe(fromJsonFloat(want as JsonFloat));
        }
      });
    }
  }
});
