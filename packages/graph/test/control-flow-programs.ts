// The builder programs of tools/oracle/gen_functional_fixtures.py, written with our
// builders: each builds, in the default graph, what its Python twin builds and returns the
// tensors the Python program returns, in the same order. Python's operators name their ops
// in lower case (`x * c` is `mul`), so the calls here name theirs the same way.
import {
  add,
  cast,
  concat,
  cond,
  constant,
  controlDependencies,
  equal,
  expandDims,
  floormod,
  identity,
  less,
  multiply,
  nameScope,
  negative,
  noOp,
  placeholder,
  raw,
  reshape,
  subtract,
  switchCase,
  whileLoop,
  zeros,
  type Tensor,
} from '../src/index.js';

const f32 = (name: string, shape: readonly (number | null)[]) =>
  placeholder('float32', shape, name);

export const PROGRAMS: Record<string, () => Tensor[]> = {
  cond_capture: () => {
    const x = f32('x', [2]);
    const p = placeholder('bool', [], 'p');
    const c = constant(3.0, 'float32', null, 'c');
    return [
      cond(
        p,
        () => multiply(x, c, 'mul'),
        () => add(x, 1.0, 'add'),
        'mycond',
      ),
    ];
  },

  cond_nested: () => {
    const x = f32('x', [2]);
    const p = placeholder('bool', [], 'p');
    const q = placeholder('bool', [], 'q');
    const r = cond(
      p,
      () =>
        cond(
          q,
          () => multiply(x, 2.0, 'mul'),
          () => x,
        ),
      () => add(x, 1.0, 'add'),
      'outer',
    );
    return [r];
  },

  cond_structured: () => {
    const x = f32('x', [2]);
    const p = placeholder('bool', [], 'p');
    const d = cond(
      p,
      () => ({ a: x, b: [constant(1, 'int32'), 2.0] }),
      () => ({ a: multiply(x, 3.0, 'mul'), b: [constant(5, 'int32'), 4.0] }),
      { name: 'dc' },
    );
    return [d.a, d.b[0] as Tensor, d.b[1] as Tensor];
  },

  cond_scoped_squeeze: () => {
    const x = f32('x', [null]);
    const p = placeholder('bool', [1], 'p');
    const r = nameScope('outer', () =>
      cond(
        p,
        () => reshape(x, [-1, 1]),
        () => expandDims(multiply(x, 2.0, 'mul'), 1),
      ),
    );
    return [r];
  },

  cond_stateful: () => {
    const x = f32('x', [2]);
    const p = placeholder('bool', [], 'p');
    const r = cond(
      p,
      () => add(raw.RandomUniform([[2]], { dtype: 'float32', seed: 1, seed2: 2 }), x, 'add'),
      () => subtract(x, 1.0, 'sub'),
      'rc',
    );
    return [r];
  },

  cond_op_outputs: () => {
    const x = f32('x', [2]);
    const p = placeholder('bool', [], 'p');
    const a = constant(1.0, 'float32', null, 'a');
    const r = cond(
      p,
      () => controlDependencies([a], () => multiply(identity(x, 'w'), 2.0, 'mul')),
      () => constant([7.0, 8.0]),
      'cc',
    );
    return [r];
  },

  cond_returns_ops: () => {
    const p = placeholder('bool', [], 'p');
    return [
      cond(
        p,
        () => noOp('a'),
        () => noOp('b'),
        'co',
      ),
    ];
  },

  while_counter: () => {
    const x = f32('x', []);
    const k = constant(2.0, 'float32', null, 'k');
    const i0 = constant(0, 'int32', null, 'i0');
    return whileLoop(
      (i: Tensor) => less(i, 5),
      (i: Tensor, a: Tensor) => [add(i, 1, 'add'), multiply(a, k, 'mul')],
      [i0, x],
      { name: 'loop' },
    );
  },

  while_max_iterations: () => {
    const i0 = constant(0, 'int32', null, 'i0');
    return whileLoop(
      (i: Tensor) => less(i, 10),
      (i: Tensor) => add(i, 2, 'add'),
      [i0],
      { maximumIterations: 3 },
    );
  },

  while_invariants: () => {
    const n = placeholder('int32', [], 'n');
    return whileLoop(
      (i: Tensor) => less(i, n),
      (i: Tensor, acc: Tensor) => [add(i, 1, 'add'), concat([acc, [cast(i, 'float32')]], 0)],
      [constant(0, 'int32'), zeros([0])],
      { shapeInvariants: [[], [null]] },
    );
  },

  while_nested: () => {
    const n = placeholder('int32', [], 'n');
    return whileLoop(
      (i: Tensor) => less(i, n),
      (i: Tensor, total: Tensor) => {
        const inner = whileLoop(
          (j: Tensor) => less(j, i),
          (j: Tensor, s: Tensor) => [add(j, 1, 'add'), add(s, j, 'add')],
          [constant(0, 'int32'), total],
          { name: 'inner' },
        );
        return [add(i, 1, 'add'), inner[1]];
      },
      [constant(0, 'int32'), constant(0, 'int32')],
      { name: 'outer' },
    );
  },

  while_in_cond: () => {
    const p = placeholder('bool', [], 'p');
    const x = f32('x', []);
    const r = cond(
      p,
      () =>
        whileLoop(
          (v: Tensor) => less(v, 100.0),
          (v: Tensor) => multiply(v, 3.0, 'mul'),
          [x],
        )[0] as Tensor,
      () => negative(x),
      'wc',
    );
    return [r];
  },

  cond_in_while: () => {
    const x = f32('x', [3]);
    return whileLoop(
      (i: Tensor) => less(i, 4),
      (i: Tensor, acc: Tensor) => {
        const step = cond(
          equal(floormod(i, 2, 'mod'), 0),
          () => add(acc, x, 'add'),
          () => multiply(acc, 2.0, 'mul'),
        );
        return [add(i, 1, 'add'), step];
      },
      [constant(0, 'int32'), zeros([3])],
      { name: 'cw' },
    );
  },

  while_long: () =>
    whileLoop(
      (i: Tensor) => less(i, 1000),
      (i: Tensor, s: Tensor) => [add(i, 1, 'add'), add(s, i, 'add')],
      [constant(0, 'int32'), constant(0, 'int32')],
      { name: 'long' },
    ),

  while_stateful: () =>
    whileLoop(
      (i: Tensor) => less(i, 3),
      (i: Tensor, acc: Tensor) => {
        const u = raw.RandomUniform([[2]], { dtype: 'float32', seed: 3, seed2: 4 });
        return [add(i, 1, 'add'), add(acc, u, 'add')];
      },
      [constant(0, 'int32'), zeros([2])],
      { name: 'sw' },
    ),

  switch_case: () => {
    const x = f32('x', [null]);
    const idx = placeholder('int32', [], 'idx');
    const r = switchCase(idx, [
      () => multiply(x, 2.0, 'mul'),
      () => multiply(x, 3.0, 'mul'),
      () => reshape(x, [-1]),
    ]);
    return [r];
  },
};
