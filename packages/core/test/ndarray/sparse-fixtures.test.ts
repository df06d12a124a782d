import { describe, expect, it } from 'vitest';
import { NDArray, SparseTensorValue } from '@tensorgraph/core';
import {
  encodeNDArray,
  errorClassFor,
  jsValue,
  loadValueFixture,
  type Answer,
  type JsonValue,
} from './value-cases.js';

interface Parts<T> {
  indices: T;
  values: T;
  dense_shape: T;
}

type SparseCase = { in: Parts<JsonValue> } & (
  { out: Parts<Answer> } | { error: string; message: string }
);

const CASES = loadValueFixture<SparseCase[]>('sparse.json');

describe('SparseTensorValue checks its parts as tf.SparseTensor does', () => {
  for (const c of CASES) {
    const { indices, values, dense_shape } = c.in;
    it([indices, values, dense_shape].map((x) => JSON.stringify(x)).join(', '), () => {
      const make = (): SparseTensorValue =>
        new SparseTensorValue(jsValue(indices), jsValue(values), jsValue(dense_shape));
      if ('error' in c) {
        expect(make).toThrow(errorClassFor(c.error));
        expect(make).toThrow(c.message);
        return;
      }
      const v = make();
      expect(v.indices).toBeInstanceOf(NDArray);
      expect({
        indices: encodeNDArray(v.indices),
        values: encodeNDArray(v.values),
        dense_shape: encodeNDArray(v.denseShape),
      }).toEqual(c.out);
    });
  }
});
