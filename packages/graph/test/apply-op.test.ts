import { describe, expect, expectTypeOf, it } from 'vitest';
import { RuntimeError, ValueError } from '@tensorgraph/errors';
import { NDArray } from '@tensorgraph/core';
import type { Operation, Tensor } from '@tensorgraph/graph';
import {
  applyOp,
  convertToTensor,
  Graph,
  opOutputs,
  raw,
  type TensorConvertible,
} from '@tensorgraph/graph';
import * as tf from '@tensorgraph/graph';

// What the oracle fixtures (builders.test.ts) cannot show: the typed surface of `raw`, and
// that a refused call leaves the graph exactly as it was.

function inGraph<R>(fn: (g: Graph) => R): R {
  const g = new Graph();
  return g.asDefault(() => fn(g));
}

describe('raw builders are typed from the op definitions', () => {
  it('inputs, attrs and outputs follow the definition', () => {
    inGraph(() => {
      const x = tf.placeholder('float32', [2, 3]);
      const mm = raw.MatMul([x, x], { transpose_b: true }, 'mm');
      expectTypeOf(mm).toEqualTypeOf<Tensor>();
      const parts = raw.Split([1, x], { num_split: 3 });
      expectTypeOf(parts).toEqualTypeOf<Tensor[]>();
      const noop = raw.NoOp([]);
      expectTypeOf(noop).toEqualTypeOf<Operation>();
      const top = raw.TopKV2([x, 2]);
      expectTypeOf(top).toEqualTypeOf<[Tensor, Tensor]>();
      expect(top.map((t) => t.name)).toEqual(['TopKV2:0', 'TopKV2:1']);
      // A list input is an array; an inferred attr is not an attr the caller may give.
      raw.ConcatV2([[x, x], 0]);
      // @ts-expect-error T is inferred from the inputs
      expect(() => raw.AddV2([x, x], { T: 'float32' })).toThrow(TypeError);
      // @ts-expect-error Cast's DstT is required
      expect(() => raw.Cast([x])).toThrow('No argument found for attr DstT for Cast');
      // @ts-expect-error MatMul takes two inputs
      expect(() => raw.MatMul([x])).toThrow(TypeError);
    });
  });

  it('covers every op of the registry', () => {
    const g = new Graph();
    expect(Object.keys(raw).sort()).toEqual(g.opRegistry.opTypes());
  });
});

describe('a refused call leaves the graph unchanged', () => {
  const refused: [string, (x: Tensor, i: Tensor) => unknown][] = [
    ['a dtype mismatch after a converted input', (_x, i) => raw.AddV2([1, i])],
    ['a shape error of the op itself', (x) => raw.AddV2([x, [1, 2]])],
    [
      'a bad attr after converted inputs',
      (x) => raw.Sum([x, [0, 1]], { keep_dims: 'yes' as never }),
    ],
    ['a list with one bad element', (x) => raw.ConcatV2([[x, [[1, 2, 3]], 'a'], 0])],
    ['a ragged value', (x) => tf.add(x, [[1], [2, 3]])],
    ['a builder refusing its second operand', (x, i) => tf.truediv(x, i)],
    ['an unknown dtype', (x) => tf.cast(x, 'float33')],
    ['a bad SparseTensor', () => new tf.SparseTensor([[0], [1]], [1], [3])],
    ['a bad name', (x) => tf.multiply(x, 2, 'no spaces allowed')],
  ];
  it.each(refused)('%s', (_what, fn) => {
    inGraph((g) => {
      const x = tf.placeholder('float32', [2, 3], 'x');
      const i = tf.placeholder('int32', [2, 3], 'i');
      const before = g.getOperations().length;
      const version = g.version;
      expect(() => fn(x, i)).toThrow();
      expect(g.getOperations().length).toBe(before);
      expect(g.version).toBe(version);
      // The names the refused call would have used are still free.
      expect(tf.add(x, 1).op.name).toBe('Add');
      expect(raw.AddV2([x, 1]).op.name).toBe('AddV2');
    });
  });

  it('a finalized graph refuses before converting anything', () => {
    const g = new Graph();
    const x = g.asDefault(() => tf.placeholder('float32', [2]));
    g.finalize();
    expect(() => applyOp(g, 'AddV2', [x, 1])).toThrow(RuntimeError);
    expect(g.getOperations().map((o) => o.name)).toEqual(['Placeholder']);
  });
});

describe('applyOp', () => {
  it('builds in the graph it is given, with TF names for its Consts', () => {
    const g = new Graph();
    const x = g.asDefault(() => tf.placeholder('float32', [2], 'x'));
    const op = applyOp(g, 'AddV2', [x, 1], {}, 'plus');
    expect(op.name).toBe('plus');
    expect(op.inputs.map((t) => t.name)).toEqual(['x:0', 'plus/y:0']);
    expect(opOutputs(op)).toBe(op.outputs[0]);
  });

  it('refuses tensors of another graph', () => {
    const g1 = new Graph();
    const g2 = new Graph();
    const x = g1.asDefault(() => tf.placeholder('float32', [2], 'x'));
    expect(() => applyOp(g2, 'Identity', [x])).toThrow(ValueError);
    expect(g2.getOperations()).toEqual([]);
  });

  it('raw builders add to the graph of their inputs, else the default graph', () => {
    const g1 = new Graph();
    const x = g1.asDefault(() => tf.placeholder('float32', [2], 'x'));
    inGraph((g2) => {
      const y = raw.Identity([x]);
      expect(y.graph).toBe(g1);
      expect(raw.Identity([1]).graph).toBe(g2);
      const other = tf.placeholder('float32', [2], 'other');
      expect(() => raw.AddV2([x, other])).toThrow(/must be from the same graph/);
    });
  });

  it('an integral JS number converts as an int where the op takes ints only', () => {
    inGraph(() => {
      const x = tf.placeholder('float32', [4, 4], 'x');
      const s = raw.StridedSlice([x, [0, 1], [2, 3], [1, 1]]);
      expect(s.op.inputs.slice(1).map((t) => t.dtype)).toEqual(['int32', 'int32', 'int32']);
      expect(s.shape.dims).toEqual([2, 2]);
      // Where floats are allowed, a JS number is a float, as DESIGN.md says.
      expect(raw.Range([0, 5, 1]).dtype).toBe('float32');
    });
  });

  it('takes mutable inputs from ref tensors only, and colocates with them', () => {
    inGraph(() => {
      const v = raw.VariableV2([], { shape: [2], dtype: 'float32' }, 'v');
      const assign = raw.Assign([v, [1, 2]]);
      expect(tf.isRefTensor(assign)).toBe(true);
      expect(assign.op.getAttr('_class')).toEqual(['loc:@v']);
      expect(() => raw.Assign([tf.identity(v), [1, 2]])).toThrow(
        "'Assign' Op requires that input 'ref' be a mutable tensor (e.g.: a tf.Variable)",
      );
    });
  });
});

describe('convertToTensor', () => {
  it('passes tensors through and refuses a dtype change as TF does', () => {
    inGraph(() => {
      const x = tf.placeholder('float32', [2], 'x');
      expect(convertToTensor(x)).toBe(x);
      expect(() => convertToTensor(x, { dtype: 'int32' })).toThrow(
        "Tensor conversion requested dtype int32 for Tensor with dtype float32: <tf.Tensor 'x:0' shape=(2,) dtype=float32>",
      );
      expect(() => convertToTensor(x, { dtype: 'int32', name: 'y' })).toThrow(
        /^y: Tensor conversion requested/,
      );
    });
  });

  it('makes Consts named Const by default, with the preferred dtype when it fits', () => {
    inGraph(() => {
      const a = convertToTensor([1, 2]);
      expect([a.op.name, a.dtype]).toEqual(['Const', 'float32']);
      const b = convertToTensor(3, { preferredDtype: 'int32', name: 'three' });
      expect([b.op.name, b.dtype]).toEqual(['three', 'int32']);
      const c = convertToTensor(3.5, { dtypeHint: 'int32' });
      expect([c.op.name, c.dtype]).toEqual(['Const_1', 'float32']);
      const d = convertToTensor(new NDArray('int64', [1], BigInt64Array.of(5n)));
      expect(d.dtype).toBe('int64');
    });
  });

  it('packs a list holding tensors', () => {
    inGraph(() => {
      const n = tf.placeholder('int32', [], 'n');
      const packed = convertToTensor([n, 3]);
      expect(packed.op.type).toBe('Pack');
      expect(packed.op.inputs.map((t) => t.name)).toEqual(['n:0', 'packed/1:0']);
      expect(() => convertToTensor([n, tf.placeholder('int64', [])])).toThrow(
        /Cannot convert a list containing a tensor of dtype <dtype: 'int64'> to <dtype: 'int32'>/,
      );
    });
  });

  it('uses a convertible object as TF uses a registered conversion', () => {
    inGraph(() => {
      const x = tf.placeholder('float32', [2], 'x');
      const wrapped: TensorConvertible = {
        dtype: 'float32',
        toTensor: () => tf.identity(x, 'read'),
      };
      const y = tf.add(wrapped, 1);
      expect(y.op.inputs[0]?.op.name).toBe('Add/read');
      expect(() => convertToTensor(wrapped, { dtype: 'int32' })).toThrow(ValueError);
    });
  });

  it('refuses operations and unknown dtypes with TF messages', () => {
    inGraph(() => {
      const op = tf.noOp('n');
      expect(() => convertToTensor(op)).toThrow("can't convert Operation 'n' to Tensor");
      expect(() => convertToTensor(1, { dtype: 'foo' })).toThrow(
        "Cannot convert the argument `type_value`: 'foo' to a TensorFlow DType.",
      );
    });
  });
});

describe('builders bind Python arguments', () => {
  it('positional and options spellings agree', () => {
    const names = (fn: () => Tensor) =>
      inGraph((g) => {
        fn();
        return g.getOperations().map((o) => `${o.name}:${o.type}`);
      });
    expect(names(() => tf.placeholder('float32', [null, 3], 'x'))).toEqual(
      names(() => tf.placeholder('float32', { shape: [null, 3], name: 'x' })),
    );
    expect(names(() => tf.reduceSum(tf.placeholder('float32', [2, 3]), 1, true, 's'))).toEqual(
      names(() =>
        tf.reduceSum(tf.placeholder('float32', [2, 3]), 1, { keepdims: true, name: 's' }),
      ),
    );
  });

  it('unknown options and doubled arguments are TypeErrors', () => {
    inGraph(() => {
      expect(() => tf.placeholder('float32', { shap: [2] } as never)).toThrow(
        "placeholder() got an unexpected keyword argument 'shap'",
      );
      expect(() => tf.placeholder('float32', [2], { shape: [2] } as never)).toThrow(
        "placeholder() got multiple values for argument 'shape'",
      );
    });
  });

  it('scope helpers work over the default graph and return what fn returns', async () => {
    const g = new Graph();
    await g.asDefault(async () => {
      const r = await tf.nameScope('outer', async (scope) => {
        await Promise.resolve();
        return [scope, tf.constant(1).name];
      });
      expect(r).toEqual(['outer/', 'outer/Const:0']);
      const c = tf.device('/device:CPU:0', () => tf.constant(2));
      expect(c.device).toBe('/device:CPU:0');
      const d = tf.controlDependencies([c], () => tf.constant(3));
      expect(d.op.controlInputs).toEqual([c.op]);
      const e = tf.colocateWith(c, () => tf.identity(d));
      expect(e.op.getAttr('_class')).toEqual([`loc:@${c.op.name}`]);
    });
  });
});
