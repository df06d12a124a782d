import { describe, expect, it } from 'vitest';
import { cpu, setOutputArray, inputArray } from '@tensorgraph/backend-cpu';
import { defineKernel, NDArray, ops, type Backend } from '@tensorgraph/core';
import { Graph, type Operation } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';

// KernelContext.inputIsConstant: true for a Const's output and for values constant folding
// keeps (the same every step, so a kernel may cache work derived from them); false for feeds,
// variables and anything computed per step.

/** The CPU backend with an AddV2 that records, per node and step, which inputs are constant. */
function probing(seen: Map<string, boolean[][]>): Backend {
  const probe = defineKernel(ops.AddV2, {
    deviceType: 'CPU',
    priority: 100,
    create: () => (ctx) => {
      const steps = seen.get(ctx.nodeName) ?? [];
      steps.push([ctx.inputIsConstant(0), ctx.inputIsConstant(1)]);
      seen.set(ctx.nodeName, steps);
      const a = inputArray(ctx, 0).data as Float32Array;
      const b = inputArray(ctx, 1).data as Float32Array;
      const out = Float32Array.from(a, (v, i) => v + (b[i] as number));
      setOutputArray(ctx, 0, new NDArray('float32', [a.length], out));
    },
  });
  const base = cpu();
  return { ...base, kernels: [...base.kernels, probe] };
}

function graph(): Graph {
  const g = new Graph();
  const o = (op: Operation) => op.outputs[0]!;
  const c = (v: number[], name: string) =>
    g.createOp('Const', [], { value: NDArray.from(v, 'float32'), dtype: 'float32' }, { name });
  const x = g.createOp('Placeholder', [], { dtype: 'float32', shape: [2] }, { name: 'x' });
  const a = c([1, 2], 'a');
  // Folded: computed from constants only, kept for later steps.
  const m = g.createOp('Mul', [o(a), o(c([3, 4], 'b'))], { T: 'float32' }, { name: 'm' });
  const v = g.createOp(
    'VarHandleOp',
    [],
    { dtype: 'float32', shape: [2], shared_name: 'v' },
    { name: 'v' },
  );
  g.createOp('AssignVariableOp', [o(v), o(x)], { dtype: 'float32' }, { name: 'init' });
  const read = g.createOp('ReadVariableOp', [o(v)], { dtype: 'float32' }, { name: 'read' });
  const neg = g.createOp('Neg', [o(x)], { T: 'float32' }, { name: 'neg' });
  g.createOp('AddV2', [o(a), o(x)], { T: 'float32' }, { name: 'const_feed' });
  g.createOp('AddV2', [o(m), o(read)], { T: 'float32' }, { name: 'folded_variable' });
  g.createOp('AddV2', [o(neg), o(x)], { T: 'float32' }, { name: 'computed_feed' });
  // Within the folded part a value not kept for later steps may be written over in place.
  const inner = g.createOp('AddV2', [o(a), o(a)], { T: 'float32' }, { name: 'inner' });
  const outer = g.createOp('AddV2', [o(inner), o(a)], { T: 'float32' }, { name: 'outer' });
  g.createOp('AddV2', [o(outer), o(x)], { T: 'float32' }, { name: 'kept_feed' });
  return g;
}

describe('KernelContext.inputIsConstant', () => {
  it('is true for Const and folded inputs, every step, and false for feeds and variables', async () => {
    const seen = new Map<string, boolean[][]>();
    const session = new Session({ graph: graph(), backends: [probing(seen)] });
    await session.run('init', { 'x:0': [5, 6] });
    const fetches = ['const_feed:0', 'folded_variable:0', 'computed_feed:0', 'kept_feed:0'];
    for (let step = 0; step < 3; step++) {
      const [cf, fv, cx, kf] = (await session.run(fetches, { 'x:0': [step, 1] })) as NDArray[];
      expect(Array.from(kf!.data as Float32Array)).toEqual([3 + step, 7]);
      expect(Array.from(cf!.data as Float32Array)).toEqual([1 + step, 3]);
      expect(Array.from(fv!.data as Float32Array)).toEqual([8, 14]);
      expect(Array.from(cx!.data as Float32Array)).toEqual([0, 0]);
    }
    const thrice = (v: boolean[]) => [v, v, v];
    expect(seen.get('const_feed')).toEqual(thrice([true, false]));
    expect(seen.get('folded_variable')).toEqual(thrice([true, false]));
    expect(seen.get('computed_feed')).toEqual(thrice([false, false]));
    // Folded: run in the first step only.
    expect(seen.get('inner')).toEqual([[true, true]]);
    expect(seen.get('outer')).toEqual([[false, true]]);
    expect(seen.get('kept_feed')).toEqual(thrice([true, false]));
    await session.close();
  });

  it('is false for every input when a kernel runs alone (runKernel)', async () => {
    const { runKernel } = await import('@tensorgraph/core/testing');
    const seen = new Map<string, boolean[][]>();
    await runKernel({
      op: 'AddV2',
      inputs: [NDArray.from([1, 2], 'float32'), NDArray.from([3, 4], 'float32')],
      backend: probing(seen),
    });
    expect(seen.get('AddV2')).toEqual([[false, false]]);
  });
});
