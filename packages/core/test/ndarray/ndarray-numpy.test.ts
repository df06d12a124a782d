import { describe, expect, it } from 'vitest';
import { ValueError } from '@tensorgraph/errors';
import { convertToNDArray, NDArray, type DType } from '@tensorgraph/core';
import { jsValue, loadValueFixture, type JsonValue } from './value-cases.js';

interface NumpyFixture {
  str: (
    | { value: JsonValue; to: DType; str: string }
    | { arange: number; to: DType; reshape?: number[]; str: string }
  )[];
  item: (
    { shape: number[]; value: number } | { shape: number[]; error: string; message: string }
  )[];
  reshape: (
    | { shape: number[]; new: number[]; result: number[] }
    | { shape: number[]; new: number[]; error: string; message: string }
  )[];
}

const NP = loadValueFixture<NumpyFixture>('numpy.json');

const zeros = (shape: number[]): NDArray => {
  const size = shape.reduce((a, b) => a * b, 1);
  return new NDArray('float32', shape, new Float32Array(size));
};

describe('NDArray.toString prints as numpy str() does', () => {
  for (const c of NP.str) {
    const name =
      'arange' in c ? `arange(${c.arange}) ${c.to}` : `${JSON.stringify(c.value)} ${c.to}`;
    it(name, () => {
      let a: NDArray;
      if ('arange' in c) {
        const values = Array.from({ length: c.arange }, (_, i) => i);
        a = convertToNDArray(values, c.to);
        if (c.reshape !== undefined) a = a.reshape(c.reshape);
      } else {
        a = convertToNDArray(jsValue(c.value), c.to);
      }
      expect(a.toString()).toBe(c.str);
      expect(String(a)).toBe(c.str);
    });
  }
});

describe('NDArray.item follows numpy', () => {
  for (const c of NP.item) {
    it(`shape [${c.shape.join(', ')}]`, () => {
      const a = zeros(c.shape);
      if ('error' in c) {
        expect(() => a.item()).toThrow(ValueError);
        expect(() => a.item()).toThrow(c.message);
      } else {
        expect(a.item()).toBe(c.value);
      }
    });
  }
});

describe('NDArray.reshape follows numpy', () => {
  for (const c of NP.reshape) {
    it(`[${c.shape.join(', ')}] → [${c.new.join(', ')}]`, () => {
      const a = zeros(c.shape);
      if ('error' in c) {
        expect(() => a.reshape(c.new)).toThrow(ValueError);
        expect(() => a.reshape(c.new)).toThrow(c.message);
      } else {
        const b = a.reshape(c.new);
        expect(b.shape).toEqual(c.result);
        expect(b.data).toBe(a.data);
      }
    });
  }
});
