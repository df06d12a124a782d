import { describe, expect, it } from 'vitest';
import { cpu } from '@tensorgraph/backend-cpu';
import {
  defineKernel,
  NDArray,
  ops,
  RunMetadata,
  RunOptions,
  type DeviceTensor,
} from '@tensorgraph/core';
import { fakeBackend } from '@tensorgraph/core/testing';
import { Graph } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';

// Plan-time constant folding: the constant-only part of a plan runs in the first step only;
// later steps start from the values it left, with the same results.

function graph(): Graph {
  const g = new Graph();
  const f32 = (v: number[], name: string) =>
    g.createOp('Const', [], { value: NDArray.from(v, 'float32'), dtype: 'float32' }, { name });
  const a = f32([1, 2], 'a');
  const b = f32([3, 4], 'b');
  const m = g.createOp('Mul', [a.outputs[0]!, b.outputs[0]!], { T: 'float32' }, { name: 'm' });
  const x = g.createOp('Placeholder', [], { dtype: 'float32', shape: [2] }, { name: 'x' });
  g.createOp('AddV2', [x.outputs[0]!, m.outputs[0]!], { T: 'float32' }, { name: 'y' });
  return g;
}

describe('constant folding', () => {
  it('runs the constant-only part once and gives the same results after', async () => {
    let calls = 0;
    const countingMul = defineKernel(ops.Mul, {
      deviceType: 'COUNT',
      typeConstraints: { T: ['float32'] },
      create: () => (ctx) => {
        calls++;
        const a = (ctx.input(0) as DeviceTensor<NDArray>).handle.data as Float32Array;
        const b = (ctx.input(1) as DeviceTensor<NDArray>).handle.data as Float32Array;
        const out = Float32Array.from(a, (v, i) => v * (b[i] as number));
        ctx.setOutput(0, ctx.device.upload(new NDArray('float32', [2], out)) as DeviceTensor);
      },
    });
    const counting = fakeBackend({ deviceType: 'COUNT', priority: 100, kernels: [countingMul] });
    const session = new Session({ graph: graph(), backends: [cpu(), counting] });
    for (let i = 0; i < 5; i++) {
      const [y, m] = (await session.run(['y:0', 'm:0'], { 'x:0': [i, 10] })) as NDArray[];
      expect(Array.from(y?.data as Float32Array)).toEqual([3 + i, 18]);
      expect(Array.from(m?.data as Float32Array)).toEqual([3, 8]);
    }
    expect(calls).toBe(1);
    await session.close();
  });

  it('leaves folded nodes out of later traces', async () => {
    const session = new Session({ graph: graph(), backends: [cpu()] });
    const traced = async () => {
      const metadata = new RunMetadata();
      await session.run(
        'y:0',
        { 'x:0': [1, 1] },
        { traceLevel: RunOptions.TraceLevel.FULL_TRACE },
        metadata,
      );
      return (metadata.stepStats?.devStats ?? []).flatMap((d) =>
        (d.nodeStats ?? []).map((n) => n.nodeName),
      );
    };
    expect((await traced()).sort()).toEqual(['a', 'b', 'm', 'y']);
    expect(await traced()).toEqual(['y']);
    await session.close();
  });

  it('never folds stateful ops (random numbers differ per step)', async () => {
    const g = new Graph();
    const shape = g.createOp(
      'Const',
      [],
      { value: NDArray.from([4], 'int32'), dtype: 'int32' },
      { name: 'shape' },
    );
    g.createOp(
      'RandomUniform',
      [shape.outputs[0]!],
      { dtype: 'float32', T: 'int32' },
      { name: 'r' },
    );
    const session = new Session({ graph: g, backends: [cpu()] });
    const first = (await session.run('r:0')) as NDArray;
    const second = (await session.run('r:0')) as NDArray;
    expect(Array.from(first.data as Float32Array)).not.toEqual(
      Array.from(second.data as Float32Array),
    );
    await session.close();
  });
});
