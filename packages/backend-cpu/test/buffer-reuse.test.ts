import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigProto, NDArray, RunMetadata, RunOptions } from '@tensorgraph/core';
import { Graph, type Operation } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';
import { cpu, CpuDevice } from '@tensorgraph/backend-cpu';

// Buffer forwarding (TF's forward_input): an elementwise kernel that is the last reader of a
// tensor the step allocated writes its output over that tensor's buffer. Results must be the
// same as with fresh buffers whatever else reads, fetches or feeds the tensor.

const arr = (values: number[], shape: number[]) =>
  new NDArray('float32', shape, Float32Array.from(values));
const f32 = (g: Graph, name: string, shape: number[], values: number[]) =>
  g.createOp(
    'Const',
    [],
    { value: arr(values, shape), dtype: 'float32' },
    {
      name,
    },
  );
const op = (g: Graph, type: string, inputs: Operation[], name: string) =>
  g.createOp(
    type,
    inputs.map((o) => o.outputs[0]!),
    { T: 'float32' },
    { name },
  );

/** x [2,3] -> MatMul(w [3,4]) -> BiasAdd -> Relu -> Tanh, and its reference values. */
function chain(): { g: Graph; expected: (x: number[]) => number[] } {
  const g = new Graph();
  const x = g.createOp('Placeholder', [], { dtype: 'float32', shape: [2, 3] }, { name: 'x' });
  const wv = [0.5, -1, 0.25, 2, -0.5, 1, 0.75, -2, 1, 0.5, -0.25, 1.5];
  const bv = [0.1, -0.2, 0.3, -0.4];
  const w = f32(g, 'w', [3, 4], wv);
  const b = f32(g, 'b', [4], bv);
  const mm = g.createOp('MatMul', [x.outputs[0]!, w.outputs[0]!], { T: 'float32' }, { name: 'mm' });
  const ba = op(g, 'BiasAdd', [mm, b], 'ba');
  const r = op(g, 'Relu', [ba], 'relu');
  op(g, 'Tanh', [r], 'tanh');
  const expected = (xv: number[]) => {
    const out: number[] = [];
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 4; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++)
          s = Math.fround(s + Math.fround(xv[i * 3 + k]! * wv[k * 4 + j]!));
        out.push(Math.fround(Math.tanh(Math.max(0, Math.fround(s + bv[j]!)))));
      }
    }
    return out;
  };
  return { g, expected };
}

const X = [1, 2, 3, -1, 0.5, 2];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('buffer forwarding on CPU', () => {
  it('writes BiasAdd -> Relu -> Tanh into one buffer, with the same values', async () => {
    const { g, expected } = chain();
    const allocate = vi.spyOn(CpuDevice.prototype, 'allocate');
    const session = new Session({ graph: g, backends: [cpu()] });
    const [y] = (await session.run(['tanh:0'], { 'x:0': arr(X, [2, 3]) })) as NDArray[];
    expect(Array.from(y!.data as Float32Array)).toEqual(expected(X));
    // MatMul allocates its output; BiasAdd, Relu and Tanh write over it: 1 allocation where
    // there would be 4.
    expect(allocate).toHaveBeenCalledTimes(1);
    await session.close();
  });

  it('never writes over a fetched intermediate', async () => {
    const { g, expected } = chain();
    const allocate = vi.spyOn(CpuDevice.prototype, 'allocate');
    const session = new Session({ graph: g, backends: [cpu()] });
    const [ba, relu, y] = (await session.run(['ba:0', 'relu:0', 'tanh:0'], {
      'x:0': arr(X, [2, 3]),
    })) as NDArray[];
    expect(Array.from(y!.data as Float32Array)).toEqual(expected(X));
    const relued = Array.from(ba!.data as Float32Array, (v) => Math.max(0, v));
    expect(Array.from(relu!.data as Float32Array)).toEqual(relued);
    expect(ba!.data).not.toBe(relu!.data);
    expect(relu!.data).not.toBe(y!.data);
    expect(allocate).toHaveBeenCalledTimes(3);
    await session.close();
  });

  it('never writes over a fed value', async () => {
    const g = new Graph();
    const x = g.createOp('Placeholder', [], { dtype: 'float32', shape: [3] }, { name: 'x' });
    const r = op(g, 'Relu', [x], 'relu');
    op(g, 'Neg', [r], 'neg');
    const session = new Session({ graph: g, backends: [cpu()] });
    const fed = arr([-1, 2, -3], [3]);
    const [y] = (await session.run(['neg:0'], { 'x:0': fed })) as NDArray[];
    expect(Array.from(y!.data as Float32Array)).toEqual([-0, -2, -0]);
    expect(Array.from(fed.data as Float32Array)).toEqual([-1, 2, -3]);
    await session.close();
  });

  it('keeps a value read by two consumers until both have read it', async () => {
    const g = new Graph();
    const x = g.createOp('Placeholder', [], { dtype: 'float32', shape: [3] }, { name: 'x' });
    const e = op(g, 'Exp', [x], 'e');
    const n = op(g, 'Neg', [e], 'n');
    const s = op(g, 'Square', [e], 's');
    op(g, 'AddV2', [n, s], 'sum');
    // x * x: one tensor read twice by one node is forwarded only when both reads are its.
    op(g, 'Mul', [e, e], 'ee');
    const session = new Session({ graph: g, backends: [cpu()] });
    const xv = [0, 1, -1];
    for (let i = 0; i < 3; i++) {
      const [sum, ee] = (await session.run(['sum:0', 'ee:0'], {
        'x:0': arr(xv, [3]),
      })) as NDArray[];
      const ev = xv.map((v) => Math.fround(Math.exp(v)));
      expect(Array.from(sum!.data as Float32Array)).toEqual(
        ev.map((v) => Math.fround(-v + Math.fround(v * v))),
      );
      expect(Array.from(ee!.data as Float32Array)).toEqual(ev.map((v) => Math.fround(v * v)));
    }
    await session.close();
  });

  it('never writes over a buffer a Reshape view shares', async () => {
    const g = new Graph();
    const x = g.createOp('Placeholder', [], { dtype: 'float32', shape: [2, 2] }, { name: 'x' });
    const e = op(g, 'Exp', [x], 'e');
    const shape = g.createOp(
      'Const',
      [],
      { value: new NDArray('int32', [1], Int32Array.from([4])), dtype: 'int32' },
      { name: 'shape' },
    );
    // Neg is made first so the executor runs Reshape before it: Neg is then e's last
    // reader, while the view still shares e's buffer and Sqrt (after Neg) reads it.
    const negOp = op(g, 'Neg', [e], 'neg');
    const v = g.createOp(
      'Reshape',
      [e.outputs[0]!, shape.outputs[0]!],
      { T: 'float32' },
      {
        name: 'view',
      },
    );
    g.controlDependencies([negOp], () => op(g, 'Sqrt', [v], 'root'));
    const session = new Session({ graph: g, backends: [cpu()] });
    const xv = [0, 1, 2, 3];
    const [neg, root] = (await session.run(['neg:0', 'root:0'], {
      'x:0': arr(xv, [2, 2]),
    })) as NDArray[];
    const ev = xv.map((t) => Math.fround(Math.exp(t)));
    expect(Array.from(neg!.data as Float32Array)).toEqual(ev.map((t) => -t));
    expect(Array.from(root!.data as Float32Array)).toEqual(
      ev.map((t) => Math.fround(Math.sqrt(t))),
    );
    await session.close();
  });

  it('reports the step memory in FULL_TRACE step stats', async () => {
    const { g } = chain();
    // Unfused, so that BiasAdd and Relu run as nodes of their own (not inside the MatMul).
    const config = ConfigProto.fromObject({
      graphOptions: { rewriteOptions: { remapping: 'OFF' } },
    });
    const session = new Session({ graph: g, backends: [cpu()], config });
    const metadata = new RunMetadata();
    await session.run(
      ['tanh:0'],
      { 'x:0': arr(X, [2, 3]) },
      { traceLevel: RunOptions.TraceLevel.FULL_TRACE },
      metadata,
    );
    const stats = metadata.stepStats!.devStats.flatMap((d) => d.nodeStats);
    const mem = (name: string) => stats.find((n) => n.nodeName === name)?.memory[0];
    const bytes = 2 * 4 * 4;
    expect(mem('mm')?.allocatorName).toBe('cpu');
    expect(Number(mem('mm')?.totalBytes)).toBe(bytes);
    // BiasAdd, Relu and Tanh reuse MatMul's buffer: nothing new, and the peak stays at one.
    expect(Number(mem('ba')?.totalBytes)).toBe(0);
    expect(Number(mem('relu')?.totalBytes)).toBe(0);
    expect(Number(mem('tanh')?.totalBytes)).toBe(0);
    expect(Math.max(...stats.map((n) => Number(n.memory[0]?.peakBytes ?? 0)))).toBe(bytes);
    expect(Number(mem('tanh')?.liveBytes)).toBe(bytes);
    await session.close();
  });
});
