import { afterEach, describe, expect, it } from 'vitest';
import {
  CancelledError,
  InternalError,
  InvalidArgumentError,
  PermissionDeniedError,
  UnimplementedError,
} from '@tensorgraph/errors';
import { NDArray, ResourceManager, type AttrValue } from '@tensorgraph/core';
import { runKernel } from '@tensorgraph/core/testing';
import { CPU_KERNELS, cpu } from '@tensorgraph/backend-cpu';
import { FIFOQueue, readRef, refVariableOf } from '../src/kernels/state/index.js';

// Behaviour the TF fixtures cannot show: waits that never block the event loop, results
// that come back synchronously, values that stay as they were fetched, the ref-edge rule,
// the browser path and resource bookkeeping across kernel rebuilds.

const backend = cpu();
const f32 = (values: number[] | number) => NDArray.from(values, 'float32');
const str = (s: string) => new NDArray('string', [], [new TextEncoder().encode(s)]);

function session() {
  const resources = new ResourceManager();
  const run = (
    op: string,
    inputs: NDArray[],
    attrs: Record<string, AttrValue> = {},
    nodeName = op,
    signal?: AbortSignal,
  ) => runKernel({ op, inputs, attrs, backend, resources, nodeName, signal });
  const one = async (...args: Parameters<typeof run>) => (await run(...args))[0] as NDArray;
  return { resources, run, one };
}

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe('stateful kernel registration', () => {
  it('has a CPU kernel for every stateful op', () => {
    const ops = [
      'VariableV2', 'Variable', 'Assign', 'AssignAdd', 'AssignSub', 'IsVariableInitialized',
      'VarHandleOp', 'ReadVariableOp', 'AssignVariableOp', 'AssignAddVariableOp',
      'AssignSubVariableOp', 'VarIsInitializedOp', 'DestroyResourceOp',
      'ApplyGradientDescent', 'ApplyMomentum', 'ApplyAdam', 'ApplyRMSProp',
      'ResourceApplyGradientDescent', 'ResourceApplyMomentum', 'ResourceApplyAdam',
      'ResourceApplyRMSProp', 'FIFOQueueV2', 'QueueEnqueueV2', 'QueueEnqueueManyV2',
      'QueueDequeueV2', 'QueueDequeueManyV2', 'QueueDequeueUpToV2', 'QueueCloseV2',
      'QueueSizeV2', 'WholeFileReaderV2', 'ReaderReadV2', 'ReadFile',
    ]; // prettier-ignore
    const have = new Set(CPU_KERNELS.filter((k) => k.deviceType === 'CPU').map((k) => k.opType));
    expect(ops.filter((op) => !have.has(op))).toEqual([]);
  });
});

describe('ref variables', () => {
  it('keep fetched values unchanged and read refs when the consumer runs', async () => {
    const s = session();
    const attrs = { shape: [2], dtype: 'float32' } as const;
    const standIn = await s.one('VariableV2', [], attrs, 'v');
    expect(() => readRef(standIn)).toThrowError('Attempting to use uninitialized value v');
    await s.run('Assign', [standIn, f32([1, 2])], { T: 'float32' });
    // Identity(v) under a control dependency on the Assign sees the assigned value.
    expect(readRef(standIn).toArray()).toEqual([1, 2]);
    const fetched = await s.one('VariableV2', [], attrs, 'v');
    await s.run('AssignAdd', [fetched, f32([10, 10])], { T: 'float32' });
    await s.run('ApplyGradientDescent', [fetched, f32(1), f32([1, 1])], { T: 'float32' });
    expect(fetched.toArray()).toEqual([1, 2]);
    expect(readRef(fetched).toArray()).toEqual([10, 11]);
    expect(refVariableOf(fetched)?.nodeName).toBe('v');
    expect(readRef(f32([5])).toArray()).toEqual([5]);
  });

  it('reject a ref input that no variable produced', async () => {
    const s = session();
    await expect(s.run('Assign', [f32([1]), f32([2])], { T: 'float32' })).rejects.toThrow(
      InternalError,
    );
  });
});

describe('resource variables', () => {
  it('keep values read earlier when updated', async () => {
    const s = session();
    const h = await s.one('VarHandleOp', [], { dtype: 'float64', shape: [2], shared_name: 'w' });
    await s.run('AssignVariableOp', [h, NDArray.from([1, 2], 'float64')], { dtype: 'float64' });
    const before = await s.one('ReadVariableOp', [h], { dtype: 'float64' });
    await s.run('AssignAddVariableOp', [h, NDArray.from([1, 1], 'float64')], { dtype: 'float64' });
    await s.run('ResourceApplyMomentum', [
      h, h, NDArray.from(0.5, 'float64'), NDArray.from([1, 1], 'float64'),
      NDArray.from(0.9, 'float64'),
    ], { T: 'float64' }); // prettier-ignore
    expect(before.toArray()).toEqual([1, 2]);
  });

  it('refuse a training op of another dtype (TF 2.21 aborts the process there)', async () => {
    const s = session();
    const h = await s.one('VarHandleOp', [], { dtype: 'float32', shape: [2], shared_name: 'w' });
    await s.run('AssignVariableOp', [h, f32([1, 2])], { dtype: 'float32' });
    const args = [h, NDArray.from(1, 'float64'), NDArray.from([1, 2], 'float64')];
    await expect(s.run('ResourceApplyGradientDescent', args, { T: 'float64' })).rejects.toThrow(
      InvalidArgumentError,
    );
  });

  it('cannot share a name with a resource of another kind', async () => {
    const s = session();
    await s.run('FIFOQueueV2', [], { component_types: ['float32'], shared_name: 'x' });
    const h = await s.one('VarHandleOp', [], { dtype: 'float32', shape: [], shared_name: 'x' });
    await expect(s.run('AssignVariableOp', [h, f32(1)], { dtype: 'float32' })).rejects.toThrow(
      InternalError,
    );
  });
});

describe('FIFOQueue', () => {
  const never = new AbortController().signal;
  const tuple = (x: number) => [f32(x)];

  it('answers at once when it can, with a Promise only when it must wait', async () => {
    const q = new FIFOQueue('q', ['float32'], [[]], 1);
    expect(q.enqueue(tuple(1), never)).toBeUndefined();
    const blocked = q.enqueue(tuple(2), never);
    expect(blocked).toBeInstanceOf(Promise);
    const first = q.dequeue(never);
    expect(Array.isArray(first)).toBe(true);
    await blocked;
    expect(q.size).toBe(1);
  });

  it('waits without blocking the event loop', async () => {
    const s = session();
    const q = await s.one('FIFOQueueV2', [], { component_types: ['float32'], shapes: [[]] }, 'q');
    let value: unknown;
    const waiting = s
      .one('QueueDequeueV2', [q], { component_types: ['float32'] })
      .then((v) => (value = v.item()));
    await tick();
    expect(value).toBeUndefined();
    await s.run('QueueEnqueueV2', [q, f32(7)], { Tcomponents: ['float32'] });
    await waiting;
    expect(value).toBe(7);
  });

  it('fails at once on an aborted step and leaves the queue as it was', async () => {
    const q = new FIFOQueue('q', ['float32'], [[]], -1);
    const aborted = AbortSignal.abort();
    expect(() => q.dequeue(aborted)).toThrow(CancelledError);
    expect(() => q.enqueue(tuple(1), aborted)).toThrow('Enqueue operation was cancelled');
    expect(q.size).toBe(0);
    // A cancelled wait takes nothing that arrives later.
    const controller = new AbortController();
    const waiting = q.dequeue(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow('Dequeue operation was cancelled');
    q.enqueue(tuple(3), never);
    expect(q.size).toBe(1);
  });

  it('fails its waiters when its session lets it go', async () => {
    const q = new FIFOQueue('q', ['float32'], [[]], -1);
    const waiting = q.dequeue(never);
    q.dispose();
    await expect(waiting).rejects.toThrow(CancelledError);
  });

  it('keeps a private queue per node across kernel rebuilds, until destroyed', async () => {
    const s = session();
    const attrs = { component_types: ['float32'], shapes: [[]] } as const;
    const name = async (node: string) =>
      ((await s.one('FIFOQueueV2', [], attrs, node)).data as { name: string }[])[0]?.name;
    expect(await name('a')).toBe('_0_a');
    expect(await name('b')).toBe('_1_b');
    expect(await name('a')).toBe('_0_a');
    const h = await s.one('FIFOQueueV2', [], attrs, 'a');
    await s.run('DestroyResourceOp', [h]);
    expect(await name('a')).toBe('_2_a');
  });
});

describe('readers and files', () => {
  const realGetBuiltinModule = process.getBuiltinModule;
  afterEach(() => {
    process.getBuiltinModule = realGetBuiltinModule;
  });

  it('are unimplemented where there is no Node file system (browsers)', async () => {
    (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
    const s = session();
    await expect(s.run('ReadFile', [str('/tmp/x')])).rejects.toThrow(UnimplementedError);
  });

  it("map errno codes to TF's IOError classes and wording", async () => {
    const failing = { code: 'EACCES', message: 'EACCES: permission denied' };
    process.getBuiltinModule = ((id: string) =>
      id === 'node:fs/promises'
        ? { stat: () => Promise.reject(failing), readFile: () => Promise.reject(failing) }
        : realGetBuiltinModule(id)) as typeof process.getBuiltinModule;
    const s = session();
    const rejected = s.run('ReadFile', [str('/secret')]);
    await expect(rejected).rejects.toThrow(PermissionDeniedError);
    await expect(rejected).rejects.toThrow('/secret; Permission denied');
  });

  it('serve concurrent reads of one reader in order', async () => {
    const s = session();
    const q = await s.one('FIFOQueueV2', [], { component_types: ['string'], shapes: [[]] }, 'q');
    const r = await s.one('WholeFileReaderV2', [], {}, 'r');
    const dir = new URL('../../../tools/oracle/fixtures/state/files/', import.meta.url).pathname;
    const names = ['a.txt', 'b.bin', 'empty.txt'].map((n) => dir + n);
    const reads = names.map(() => s.run('ReaderReadV2', [r, q]));
    await tick();
    const batch = new NDArray(
      'string',
      [3],
      names.map((n) => new TextEncoder().encode(n)),
    );
    await s.run('QueueEnqueueManyV2', [q, batch], { Tcomponents: ['string'] });
    const keys = (await Promise.all(reads)).map((out) =>
      new TextDecoder().decode((out[0]?.data as Uint8Array[])[0]),
    );
    expect(keys).toEqual(names);
  });
});
