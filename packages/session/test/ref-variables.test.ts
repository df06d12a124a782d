import { describe, expect, it } from 'vitest';
import { FailedPreconditionError } from '@tensorgraph/errors';
import { NDArray } from '@tensorgraph/core';
import { Graph } from '@tensorgraph/graph';
import { behaviours, session } from './helpers.js';

// TF1 ref variables through the executor: a value input reading a ref sees the variable
// as it is when the consumer runs (TF dereferences refs), and an uninitialized one is TF's
// FailedPreconditionError.
function graph() {
  const g = new Graph();
  const v = g.createOp('VariableV2', [], { shape: [1], dtype: 'float32' }, { name: 'v' });
  const init = g.createOp(
    'Const',
    [],
    { value: NDArray.from([1], 'float32'), dtype: 'float32' },
    { name: 'init' },
  );
  const assign = g.createOp(
    'Assign',
    [v.outputs[0]!, init.outputs[0]!],
    { T: 'float32' },
    { name: 'assign' },
  );
  const two = g.createOp(
    'Const',
    [],
    { value: NDArray.from([2], 'float32'), dtype: 'float32' },
    { name: 'two' },
  );
  const add = g.createOp(
    'AssignAdd',
    [v.outputs[0]!, two.outputs[0]!],
    { T: 'float32' },
    { name: 'add' },
  );
  g.controlDependencies([add], () =>
    g.createOp('Identity', v.outputs, { T: 'float32' }, { name: 'after_add' }),
  );
  g.createOp('Identity', v.outputs, { T: 'float32' }, { name: 'read' });
  return { g, assign };
}

describe('ref variables', () => {
  it("reading before initialisation is TF's FailedPreconditionError", async () => {
    const { g } = graph();
    const s = session(g);
    const direct = await s.run('v:0').catch((e) => e);
    expect(direct).toBeInstanceOf(FailedPreconditionError);
    const sentence = 'Attempting to use uninitialized value v';
    expect(behaviours.uninitialized_ref_variable?.message).toContain(sentence);
    expect(direct.message.split('\n')[0]).toBe(sentence);
    await expect(s.run('read:0')).rejects.toThrow('Attempting to use uninitialized value v');
    await s.close();
  });

  it('a read after an update in the same step sees the update', async () => {
    const { g } = graph();
    const s = session(g);
    await s.run('assign');
    expect(Array.from((await s.run('read:0')).data)).toEqual([1]);
    expect(Array.from((await s.run('after_add:0')).data)).toEqual([3]);
    expect(Array.from((await s.run('v:0')).data)).toEqual([3]);
    await s.close();
  });
});
