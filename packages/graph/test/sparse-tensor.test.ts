import { describe, expect, it } from 'vitest';
import { ValueError } from '@tensorgraph/errors';
import type { NDArray } from '@tensorgraph/core';
import { convertToTensor, Graph, SparseTensor } from '@tensorgraph/graph';
import * as tf from '@tensorgraph/graph';

// SparseTensor's fields and refusals; its ops and TF's messages are in the oracle fixtures
// (tools/oracle/fixtures/builders/sparse.json, run by builders.test.ts).

describe('SparseTensor', () => {
  it('holds int64 indices and dense shape, and the static shape a constant shape gives', () => {
    const g = new Graph();
    g.asDefault(() => {
      const sp = new SparseTensor(
        [
          [0, 0],
          [1, 2],
        ],
        [1.5, 2.5],
        [3, 4],
      );
      expect(sp.indices.dtype).toBe('int64');
      expect(sp.denseShape.dtype).toBe('int64');
      expect(sp.dtype).toBe('float32');
      expect(sp.shape.dims).toEqual([3, 4]);
      expect(sp.getShape()).toBe(sp.shape);
      expect(sp.op).toBe(sp.values.op);
      expect(sp.graph).toBe(g);
      expect(sp.indices.op.getAttr<NDArray>('value').toArray()).toEqual([
        [0n, 0n],
        [1n, 2n],
      ]);
      expect(String(sp)).toBe(
        'SparseTensor(indices=Tensor("SparseTensor/indices:0", shape=(2, 2), dtype=int64), values=Tensor("SparseTensor/values:0", shape=(2,), dtype=float32), dense_shape=Tensor("SparseTensor/dense_shape:0", shape=(2,), dtype=int64))',
      );
    });
  });

  it('keeps tensors it is given, in their graph', () => {
    const g = new Graph();
    const [i, v, d] = g.asDefault(() => [
      tf.placeholder('int64', [null, 2]),
      tf.placeholder('string', [null]),
      tf.placeholder('int64', [2]),
    ]);
    const sp = new SparseTensor(i, v, d);
    expect([sp.indices, sp.values, sp.denseShape]).toEqual([i, v, d]);
    expect(sp.graph).toBe(g);
    expect(sp.shape.dims).toEqual([null, null]);
  });

  it('refuses bad parts before adding anything', () => {
    const g = new Graph();
    g.asDefault(() => {
      const i32 = tf.placeholder('int32', [1]);
      const cases: [() => unknown, string | RegExp][] = [
        [() => new SparseTensor([0, 1], [1, 2], [3]), 'Shape (2,) must have rank 2'],
        [() => new SparseTensor([[0], [1]], [1], [3]), 'Dimensions 2 and 1 are not compatible'],
        [() => new SparseTensor([[0, 0]], [1], [3]), 'Dimensions 2 and 1 are not compatible'],
        [
          () => new SparseTensor([[0]], [1], i32),
          /^dense_shape: Tensor conversion requested dtype int64/,
        ],
      ];
      for (const [fn, message] of cases) {
        const before = g.getOperations().length;
        expect(fn).toThrow(ValueError);
        expect(fn).toThrow(message);
        expect(g.getOperations().length).toBe(before);
      }
    });
  });

  it('is not a tensor', () => {
    new Graph().asDefault(() => {
      const sp = new SparseTensor([[0]], [1], [2]);
      expect(() => convertToTensor(sp)).toThrow(
        /^Failed to convert elements of SparseTensor\(indices=/,
      );
    });
  });
});
