import { describe, expect, it } from 'vitest';
import {
  bfloat16BitsToNumber,
  float16BitsToNumber,
  float32ToBfloat16Bits,
  float64ArrayToFloatBits,
  floatBitsToNumber,
  numberToBfloat16Bits,
  numberToFloat16Bits,
  numberToFloatBits,
  type FloatBitsDType,
} from '@tensorgraph/core';
import { encodeInputs } from './encode-inputs.js';
import {
  fromJsonFloat,
  loadValueFixture,
  sha256,
  toJsonFloat,
  type JsonFloat,
} from './value-fixtures.js';

type DecodeFixture = Record<
  FloatBitsDType,
  | { values: JsonFloat[] }
  | { count: number; sha256_float64le: string; samples: [number, JsonFloat][] }
>;

interface EncodeFixture {
  count: number;
  inputs_sha256_float64le: string;
  paths: { 'python-float': string; 'astype-float64': string; 'astype-float32': string };
  samples: [JsonFloat, number, number, number][];
}

const DECODE = loadValueFixture<DecodeFixture>('float-decode.json');
const ENCODE = loadValueFixture<Record<FloatBitsDType, EncodeFixture>>('float-encode.json');
const DTYPES = Object.keys(DECODE) as FloatBitsDType[];

function f64Bytes(values: Float64Array): Uint8Array {
  const copy = Float64Array.from(values, (v) => (Number.isNaN(v) ? NaN : v));
  return new Uint8Array(copy.buffer);
}

function bitsBytes(dtype: FloatBitsDType, bits: number[]): Uint8Array {
  return dtype === 'float16' || dtype === 'bfloat16'
    ? new Uint8Array(Uint16Array.from(bits).buffer)
    : Uint8Array.from(bits);
}

describe('narrow floats decode every bit pattern as ml_dtypes/numpy do', () => {
  for (const dtype of DTYPES) {
    const want = DECODE[dtype];
    if ('values' in want) {
      it(`${dtype}: all ${want.values.length} patterns`, () => {
        const got = want.values.map((_, bits) => toJsonFloat(floatBitsToNumber(dtype, bits)));
        expect(got).toEqual(want.values);
      });
    } else {
      it(`${dtype}: all ${want.count} patterns (SHA-256 of the float64 table)`, () => {
        const table = new Float64Array(want.count);
        for (let b = 0; b < want.count; b++) table[b] = floatBitsToNumber(dtype, b);
        for (const [bits, value] of want.samples) {
          expect(toJsonFloat(table[bits] as number), `bits ${bits}`).toEqual(value);
        }
        expect(sha256(f64Bytes(table))).toBe(want.sha256_float64le);
      });
    }
  }

  it('float16 and bfloat16 shorthands', () => {
    expect(float16BitsToNumber(0x3c00)).toBe(1);
    expect(float16BitsToNumber(0x7bff)).toBe(65504);
    expect(float16BitsToNumber(0x0001)).toBe(2 ** -24);
    expect(Object.is(float16BitsToNumber(0x8000), -0)).toBe(true);
    expect(bfloat16BitsToNumber(0x3f80)).toBe(1);
    expect(bfloat16BitsToNumber(0xff80)).toBe(-Infinity);
    expect(bfloat16BitsToNumber(0x7fc1)).toBeNaN();
  });

  it('rejects a pattern wider than the format', () => {
    expect(() => floatBitsToNumber('float8_e4m3fn', 256)).toThrow(RangeError);
    expect(() => floatBitsToNumber('float4_e2m1fn', 16)).toThrow(RangeError);
  });
});

describe('narrow floats encode as ml_dtypes/numpy do', () => {
  for (const dtype of DTYPES) {
    const want = ENCODE[dtype];
    const inputs = encodeInputs(dtype);

    it(`${dtype}: the generator's input stream is rebuilt exactly`, () => {
      expect(inputs.length).toBe(want.count);
      expect(sha256(f64Bytes(inputs))).toBe(want.inputs_sha256_float64le);
    });

    it(`${dtype}: samples on each path`, () => {
      for (const [x, direct, via64, via32] of want.samples) {
        const v = fromJsonFloat(x);
        expect(numberToFloatBits(dtype, v), `python float ${String(x)}`).toBe(direct);
        expect(float64ArrayToFloatBits(dtype, v), `astype from float64 ${String(x)}`).toBe(via64);
        expect(
          float64ArrayToFloatBits(dtype, Math.fround(v)),
          `astype from float32 ${String(x)}`,
        ).toBe(via32);
      }
    });

    it(`${dtype}: ${want.count} inputs from a Python float (one rounding per ml_dtypes)`, () => {
      const bits = Array.from(inputs, (v) => numberToFloatBits(dtype, v));
      expect(sha256(bitsBytes(dtype, bits))).toBe(want.paths['python-float']);
    });

    it(`${dtype}: ${want.count} inputs from a float64 array (astype)`, () => {
      const bits = Array.from(inputs, (v) => float64ArrayToFloatBits(dtype, v));
      expect(sha256(bitsBytes(dtype, bits))).toBe(want.paths['astype-float64']);
    });

    it(`${dtype}: ${want.count} inputs from a float32 array (astype)`, () => {
      const bits = Array.from(inputs, (v) => float64ArrayToFloatBits(dtype, Math.fround(v)));
      expect(sha256(bitsBytes(dtype, bits))).toBe(want.paths['astype-float32']);
    });
  }

  it('float16 and bfloat16 shorthands round to nearest even', () => {
    expect(numberToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie → even
    expect(numberToFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(numberToFloat16Bits(65520)).toBe(0x7c00); // tie above max → inf
    expect(numberToFloat16Bits(-0)).toBe(0x8000);
    expect(numberToFloat16Bits(2 ** -25)).toBe(0); // tie with the smallest subnormal → 0
    expect(numberToFloat16Bits(NaN)).toBe(0x7e00);
    // bfloat16 goes through float32: 1 + 2^-8 + 2^-30 becomes the tie 1 + 2^-8, then 1.
    expect(numberToBfloat16Bits(1 + 2 ** -8 + 2 ** -30)).toBe(0x3f80);
    expect(float32ToBfloat16Bits(1 + 2 ** -8 + 2 ** -9)).toBe(0x3f81);
  });
});
