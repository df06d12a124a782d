import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  DeadlineExceededError,
  InternalError,
  UnimplementedError,
} from '@tensorgraph/errors';
import { cpu, setOutputArray } from '@tensorgraph/backend-cpu';
import { BUILTIN_OPS, defineKernel, defineOp, NDArray, type Backend } from '@tensorgraph/core';
import { Graph } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';
import { behaviours } from './helpers.js';

// Custom ops, brought by a backend as a third party would: one that waits until the step is
// cancelled, one that counts its runs, one that fails.
const Wait = defineOp({
  name: 'TestWait',
  inputs: [],
  outputs: [{ name: 'out', type: 'float32' }],
  attrs: [],
  isStateful: true,
  shapeFn: () => [[]],
});
const Count = defineOp({
  name: 'TestCount',
  inputs: [],
  outputs: [{ name: 'out', type: 'int32' }],
  attrs: [],
  isStateful: true,
  shapeFn: () => [[]],
});
const Fail = defineOp({
  name: 'TestFail',
  inputs: [],
  outputs: [{ name: 'out', type: 'float32' }],
  attrs: [{ name: 'kind', type: 'string' }],
  shapeFn: () => [[]],
});

let counted = 0;
const extra: Backend = {
  ...cpu(),
  opDefinitions: [Wait, Count, Fail],
  kernels: [
    ...cpu().kernels,
    defineKernel(Wait, {
      deviceType: 'CPU',
      create: () => (ctx) =>
        new Promise<void>((_, reject) =>
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)),
        ),
    }),
    defineKernel(Count, {
      deviceType: 'CPU',
      create: () => (ctx) => setOutputArray(ctx, 0, NDArray.from(++counted, 'int32')),
    }),
    defineKernel(Fail, {
      deviceType: 'CPU',
      create:
        ({ attrs }) =>
        () => {
          if (attrs.kind === 'op') throw new UnimplementedError(null, null, 'not today');
          throw new RangeError('a bug');
        },
    }),
  ],
};

function graph() {
  const g = new Graph({ opRegistry: BUILTIN_OPS.with([Wait, Count, Fail]) });
  g.createOp('TestWait', [], {}, { name: 'wait' });
  g.createOp('TestCount', [], {}, { name: 'count' });
  g.createOp('TestFail', [], { kind: 'op' }, { name: 'fail_op' });
  g.createOp('TestFail', [], { kind: 'bug' }, { name: 'fail_bug' });
  g.createOp('Const', [], { value: NDArray.from(1, 'float32'), dtype: 'float32' }, { name: 'one' });
  return g;
}

describe('execution', () => {
  it('RunOptions.timeoutInMs gives DeadlineExceededError, and the session stays usable', async () => {
    const s = new Session({ graph: graph(), backends: [extra] });
    const err = await s.run('wait:0', undefined, { timeoutInMs: 30 }).catch((e) => e);
    expect(err).toBeInstanceOf(DeadlineExceededError);
    expect(behaviours.blocked_dequeue_timeout?.error).toBe('DeadlineExceededError');
    expect(err.message).toContain('Timed out waiting for notification');
    expect((await s.run('one:0')).item()).toBe(1);
    await s.close();
  });

  it('ConfigProto.operationTimeoutInMs applies to every run', async () => {
    const s = new Session({
      graph: graph(),
      backends: [extra],
      config: { operationTimeoutInMs: 20 },
    });
    await expect(s.run('wait:0')).rejects.toBeInstanceOf(DeadlineExceededError);
    await s.close();
  });

  it('close() cancels runs in flight with CancelledError', async () => {
    const s = new Session({ graph: graph(), backends: [extra] });
    const pending = s.run('wait:0');
    await new Promise((r) => setTimeout(r, 5));
    await s.close();
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  });

  it('ops the fetches do not need never run (pruning)', async () => {
    counted = 0;
    const s = new Session({ graph: graph(), backends: [extra] });
    await s.run('one:0');
    await s.run(['one:0', 'one']);
    expect(counted).toBe(0);
    expect((await s.run('count:0')).item()).toBe(1);
    expect((await s.run(['count:0', 'count:0'])).map((v: NDArray) => v.item())).toEqual([2, 2]);
    await s.close();
  });

  it("a kernel's OpError keeps its class, gains the node; other exceptions are InternalError", async () => {
    const s = new Session({ graph: graph(), backends: [extra] });
    const opErr = await s.run('fail_op:0').catch((e) => e);
    expect(opErr).toBeInstanceOf(UnimplementedError);
    expect(opErr.message).toBe('not today\n\t [[{{node fail_op}}]]');
    expect(opErr.op?.name).toBe('fail_op');
    const bug = await s.run('fail_bug:0').catch((e) => e);
    expect(bug).toBeInstanceOf(InternalError);
    expect(bug.message).toContain('RangeError: a bug');
    expect((await s.run('one:0')).item()).toBe(1);
    await s.close();
  });

  it('fetched values belong to the caller: changing them changes nothing in the graph', async () => {
    const s = new Session({ graph: graph(), backends: [extra] });
    const v = await s.run('one:0');
    v.data[0] = 42;
    expect((await s.run('one:0')).item()).toBe(1);
    await s.close();
  });

  it('10,000 steps do not grow memory', async () => {
    const g = new Graph();
    const x = g.createOp('Placeholder', [], { dtype: 'float32', shape: [] }, { name: 'x' });
    g.createOp('Identity', x.outputs, { T: 'float32' }, { name: 'y' });
    const s = new Session({ graph: g, backends: [cpu()] });
    const step = (i: number) => s.run('y:0', { 'x:0': i });
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    for (let i = 0; i < 1000; i++) await step(i);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 10000; i++) await step(i);
    gc();
    const after = process.memoryUsage().heapUsed;
    // A leak of even 100 bytes a step would show.
    expect(after - before).toBeLessThan(1_000_000);
    expect((await step(3)).item()).toBe(3);
    await s.close();
  });
});
