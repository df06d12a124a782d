import { describe, expect, it } from 'vitest';
import { ValueError } from '@tensorgraph/errors';
import { TensorShape } from '@tensorgraph/core';
import * as tf from '@tensorgraph/graph';
import {
  FIFOQueue,
  Graph,
  graphElementOf,
  isGraphElementConvertible,
  isTensorConvertible,
  RefVariable,
  ResourceVariable,
  Tensor,
  UnreadVariable,
  Variable,
  WholeFileReader,
} from '@tensorgraph/graph';

// The JavaScript side of the state builders that the TF fixtures (state-builders.test.ts)
// do not show: classes, protocols, graphs other than the default.

describe('Variable', () => {
  it('makes a ResourceVariable by default and a RefVariable with useResource: false', () => {
    new Graph().asDefault(() => {
      const r = new Variable(1);
      const f = new Variable(1, { useResource: false });
      expect(r).toBeInstanceOf(ResourceVariable);
      expect(r).toBeInstanceOf(Variable);
      expect(f).toBeInstanceOf(RefVariable);
      expect(f).toBeInstanceOf(Variable);
      expect(r.assign(2)).toBeInstanceOf(UnreadVariable);
      expect(f.assign(2)).toBeInstanceOf(Tensor);
    });
  });

  it('is a graph element and a tensor convertible', () => {
    new Graph().asDefault(() => {
      const v = new Variable([1, 2], { name: 'v' });
      expect(isGraphElementConvertible(v)).toBe(true);
      expect(isTensorConvertible(v)).toBe(true);
      expect((graphElementOf(v) as Tensor).name).toBe('v/Read/ReadVariableOp:0');
      const t = tf.constant(1);
      expect(graphElementOf(t)).toBe(t);
      expect(graphElementOf('v:0')).toBe('v:0');
    });
  });

  it('builds in its own graph, whatever the default graph is', () => {
    const g = new Graph();
    const v = g.asDefault(() => new Variable([1, 2]));
    const sum = new Graph().asDefault(() => tf.add(v, 1));
    expect(sum.graph).toBe(g);
    expect(v.assignAdd([1, 1]).graph).toBe(g);
    expect(v.value().shape.dims).toEqual([2]);
  });

  it('accepts a TensorShape for an unknown shape', () => {
    new Graph().asDefault(() => {
      const v = new Variable([1, 2], { shape: new TensorShape([null]) });
      expect(v.shape.dims).toEqual([null]);
      expect(v.value().shape.dims).toEqual([null]);
    });
  });

  it('eval() without a session is TF ValueError', async () => {
    const v = new Graph().asDefault(() => new Variable(1));
    await expect(v.eval()).rejects.toThrow(ValueError);
  });

  it('globalVariablesInitializer runs every initializer', () => {
    new Graph().asDefault(() => {
      const a = new Variable(1);
      const b = new Variable(2, { useResource: false });
      const init = tf.globalVariablesInitializer();
      expect(init.controlInputs).toEqual([a.initializer, b.initializer]);
      expect(tf.globalVariables()).toEqual([a, b]);
    });
  });
});

describe('FIFOQueue and WholeFileReader', () => {
  it('dequeue gives a Tensor, an array, or an object by names', () => {
    new Graph().asDefault(() => {
      expect(new FIFOQueue(2, 'int32').dequeue()).toBeInstanceOf(Tensor);
      const two = new FIFOQueue(2, ['int32', 'float32']).dequeue();
      expect(Array.isArray(two) && two.length === 2).toBe(true);
      const named = new FIFOQueue(2, ['int32', 'float32'], { names: ['a', 'b'] }).dequeue();
      expect(Object.keys(named)).toEqual(['a', 'b']);
    });
  });

  it('enqueue takes a Map keyed by names', () => {
    new Graph().asDefault(() => {
      const q = new FIFOQueue(2, ['int32', 'float32'], { names: ['a', 'b'] });
      const op = q.enqueue(
        new Map<string, unknown>([
          ['b', 1],
          ['a', tf.constant(1, 'int32')],
        ]),
      );
      expect(op.inputs.map((t) => t.dtype)).toEqual(['resource', 'int32', 'float32']);
    });
  });

  it('read gives [key, value] string scalars', () => {
    new Graph().asDefault(() => {
      const q = new FIFOQueue(2, 'string');
      const [key, value] = new WholeFileReader().read(q);
      expect([key.name, value.name]).toEqual(['ReaderReadV2:0', 'ReaderReadV2:1']);
      expect([key.dtype, value.dtype]).toEqual(['string', 'string']);
    });
  });
});
