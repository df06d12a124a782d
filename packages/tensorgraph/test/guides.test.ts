import { describe, expect, it } from 'vitest';
import * as tf from 'tensorgraph';

// docs/building-graphs.md, statement for statement: if this fails, the guide lies.
describe('docs/building-graphs.md', () => {
  it('graphs, builders, sessions, fetches and feeds', async () => {
    const graph = new tf.Graph();
    const { x, y } = graph.asDefault(() => {
      const x = tf.placeholder('float32', [null, 3], 'x');
      const w = tf.constant([[1], [2], [3]], { name: 'w' });
      const y = tf.nn.relu(tf.add(tf.matmul(x, w), 1), 'y');
      return { x, y };
    });
    await using sess = new tf.Session({ graph });
    const out = await sess.run(
      y,
      new Map([
        [
          x,
          [
            [1, 1, 1],
            [-1, -1, -1],
          ],
        ],
      ]),
    );
    expect(out.toArray()).toEqual([[7], [0]]);

    const { a, pair } = await sess.run({ a: y, pair: [y, 'x:0'] }, { 'x:0': [[0, 0, 1]] });
    expect(a.toArray()).toEqual([[4]]);
    expect(pair[0].toArray()).toEqual([[4]]);
    expect(pair[1].toArray()).toEqual([[0, 0, 1]]);
    expect(tf.placeholder('float32', { shape: [null, 3], name: 'x' }).shape.toString()).toBe(
      x.shape.toString(),
    );
  });

  it('scopes name and place ops', () => {
    const graph = new tf.Graph();
    graph.asDefault(() => {
      const w = tf.nameScope('layer1', () => tf.constant(1.0, { name: 'w' }));
      expect(w.op.name).toBe('layer1/w');
      const g = tf.device('/device:GPU:0', () => tf.constant(2.0, { name: 'g' }));
      expect(g.op.device).toBe('/device:GPU:0');
      const init = tf.noOp({ name: 'init' });
      const after = tf.controlDependencies([init], () => tf.constant(3.0, { name: 'after' }));
      expect(after.op.controlInputs.map((o) => o.name)).toEqual(['init']);
    });
  });

  it('variables, cond and whileLoop', async () => {
    const graph = new tf.Graph();
    const { v, step, r, i, init } = graph.asDefault(() => {
      const v = new tf.Variable(tf.zeros([2]), { name: 'v' });
      const step = v.assignAdd(tf.ones([2]));
      const x0 = tf.constant(-4.0);
      const r = tf.cond(
        tf.less(x0, 0),
        () => tf.negative(x0),
        () => x0,
      );
      const [i] = tf.whileLoop(
        (i) => tf.less(i, 10),
        (i) => [tf.add(i, 1)],
        [tf.constant(0)],
      );
      return { v, step, r, i, init: tf.globalVariablesInitializer() };
    });
    await using sess = new tf.Session({ graph });
    await sess.run(init);
    await sess.run(step);
    expect((await sess.run(v)).toArray()).toEqual([1, 1]);
    expect((await sess.run(r)).item()).toBe(4);
    expect((await sess.run(i)).item()).toBe(10);
    const q = graph.asDefault(() => new tf.FIFOQueue(10, ['float32'], { shapes: [[]] }));
    expect(q).toBeInstanceOf(tf.QueueBase);
  });

  it('asGraphDef bytes decode as a GraphDef', () => {
    const graph = new tf.Graph();
    graph.asDefault(() => tf.constant(1.0, { name: 'c' }));
    const bytes = tf.GraphDef.encode(graph.asGraphDef()).finish();
    expect(tf.GraphDef.decode(bytes).node.map((n) => n.name)).toEqual(['c']);
  });
});
