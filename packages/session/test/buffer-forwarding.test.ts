import { describe, expect, it } from 'vitest';
import {
  defineKernel,
  NDArray,
  ops,
  RunMetadata,
  RunOptions,
  type DeviceTensor,
  type KernelContext,
  type KernelDef,
} from '@tensorgraph/core';
import { fakeBackend, type FakeBackend } from '@tensorgraph/core/testing';
import { Graph } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';

// Buffer forwarding and step memory on a fake device that counts allocations and refuses
// double frees: a kernel asking to write over its input gets the input's buffer only when it
// is that input's last reader, and FULL_TRACE reports the bytes live per node.

type Out = (ctx: KernelContext, shape: readonly number[]) => DeviceTensor;
const forwarding: Out = (ctx, shape) => ctx.forwardInputOrAllocate(0, 0, shape);
const allocating: Out = (ctx, shape) => ctx.allocateOutput(0, shape);

/** Neg and Exp kernels taking their output from `out`. */
function backend(out: Out): FakeBackend {
  const unary = (op: typeof ops.Neg | typeof ops.Exp, f: (x: number) => number): KernelDef =>
    defineKernel(op, {
      deviceType: 'FAKE',
      create: () => (ctx) => {
        const x = (ctx.input(0) as DeviceTensor<NDArray>).handle;
        const o = (out(ctx, x.shape) as DeviceTensor<NDArray>).handle.data as Float32Array;
        const v = x.data as Float32Array;
        for (let i = 0; i < v.length; i++) o[i] = f(v[i] as number);
      },
    });
  return fakeBackend({ kernels: [unary(ops.Neg, (x) => -x), unary(ops.Exp, Math.exp)] });
}

/** x -> Exp -> Neg -> Exp -> Neg, on [8]. */
function chain(): Graph {
  const g = new Graph();
  let t = g.createOp('Placeholder', [], { dtype: 'float32', shape: [8] }, { name: 'x' });
  ['Exp', 'Neg', 'Exp', 'Neg'].forEach((type, i) => {
    t = g.createOp(type, [t.outputs[0]!], { T: 'float32' }, { name: `op${i}` });
  });
  return g;
}

const X = Float32Array.from([0, 1, -1, 2, -2, 0.5, -0.5, 3]);
const expected = Array.from(X, (x) => -Math.fround(Math.exp(-Math.fround(Math.exp(x)))));

async function traced(b: FakeBackend, g = chain(), fetches = ['op3:0']) {
  const session = new Session({ graph: g, backends: [b] });
  const metadata = new RunMetadata();
  const values = (await session.run(
    fetches,
    { 'x:0': new NDArray('float32', [8], X.slice()) },
    { traceLevel: RunOptions.TraceLevel.FULL_TRACE },
    metadata,
  )) as NDArray[];
  const stats = metadata.stepStats!.devStats.flatMap((d) => d.nodeStats);
  const peak = Math.max(...stats.map((n) => Number(n.memory[0]?.peakBytes ?? 0)));
  const total = stats.reduce((s, n) => s + Number(n.memory[0]?.totalBytes ?? 0), 0);
  const device = b.devices[0]!;
  // What the step left on the device (fetched values are freed once downloaded).
  const live = device.stats.live;
  await session.close();
  return { values, peak, total, allocations: device.stats.allocations, stats, live };
}

describe('buffer forwarding', () => {
  it('reuses one buffer along a chain: fewer allocations, lower peak, same values', async () => {
    const fwd = await traced(backend(forwarding));
    const alloc = await traced(backend(allocating));
    expect(Array.from(fwd.values[0]!.data as Float32Array)).toEqual(expected);
    expect(Array.from(alloc.values[0]!.data as Float32Array)).toEqual(expected);
    expect(fwd.allocations).toBe(1);
    expect(alloc.allocations).toBe(4);
    expect(fwd.total).toBe(32);
    expect(alloc.total).toBe(4 * 32);
    expect(fwd.peak).toBe(32);
    expect(alloc.peak).toBe(2 * 32);
    expect(fwd.stats[0]?.memory[0]?.allocatorName).toBe('FAKE_0_bfc');
  });

  it('does not forward fetched values, and still frees each buffer once', async () => {
    const b = backend(forwarding);
    const r = await traced(b, chain(), ['op0:0', 'op1:0', 'op3:0']);
    const e = Array.from(X, (x) => Math.fround(Math.exp(x)));
    expect(Array.from(r.values[0]!.data as Float32Array)).toEqual(e);
    expect(Array.from(r.values[1]!.data as Float32Array)).toEqual(e.map((v) => -v));
    expect(Array.from(r.values[2]!.data as Float32Array)).toEqual(expected);
    // op0 and op1 are fetched: op1 and op2 allocate, op3 writes over op2's buffer.
    expect(r.allocations).toBe(3);
    expect(r.live).toBe(0);
  });

  it('gives the same values step after step', async () => {
    const session = new Session({ graph: chain(), backends: [backend(forwarding)] });
    for (let i = 0; i < 3; i++) {
      const [y] = (await session.run(['op3:0'], {
        'x:0': new NDArray('float32', [8], X.slice()),
      })) as NDArray[];
      expect(Array.from(y!.data as Float32Array)).toEqual(expected);
    }
    await session.close();
  });
});
