import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  defineKernel,
  NDArray,
  ops,
  type DeviceTensor,
  type KernelContext,
  type KernelDef,
} from '@tensorgraph/core';
import { fakeBackend, type FakeBackend } from '@tensorgraph/core/testing';
import {
  add,
  constant,
  Graph,
  less,
  placeholder,
  whileLoop,
  type Tensor,
} from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';

// Intermediate device tensors go back to the device after their last reader: a fake device
// counting live tensors (and refusing double frees) stays flat over many runs.

const host = (ctx: KernelContext, i: number) => (ctx.input(i) as DeviceTensor<NDArray>).handle;

function binary(
  op: typeof ops.AddV2 | typeof ops.Mul | typeof ops.Less,
  f: (a: number, b: number) => number,
  outDtype?: 'bool',
): KernelDef {
  return defineKernel(op, {
    deviceType: 'FAKE',
    create: () => (ctx) => {
      const a = host(ctx, 0);
      const b = host(ctx, 1);
      const n = Math.max(a.size, b.size);
      const data = Array.from({ length: n }, (_v, i) =>
        f(Number(a.data[a.size === 1 ? 0 : i]), Number(b.data[b.size === 1 ? 0 : i])),
      );
      const shape = a.size >= b.size ? a.shape : b.shape;
      const dtype = outDtype ?? a.dtype;
      const out =
        dtype === 'bool'
          ? new NDArray('bool', shape, Uint8Array.from(data))
          : dtype === 'int32'
            ? new NDArray('int32', shape, Int32Array.from(data))
            : new NDArray('float32', shape, Float32Array.from(data));
      ctx.setOutput(0, ctx.device.upload(out) as DeviceTensor);
    },
  });
}

/** A fake backend whose Const caches its device tensor and whose Identity forwards. */
function memoryBackend(): FakeBackend {
  const constant = defineKernel(ops.Const, {
    deviceType: 'FAKE',
    create: ({ attrs }) => {
      let cached: DeviceTensor | null = null;
      return (ctx) => {
        cached ??= ctx.device.upload(attrs.value as NDArray) as DeviceTensor;
        ctx.setOutput(0, cached);
      };
    },
  });
  const identity = defineKernel(ops.Identity, {
    deviceType: 'FAKE',
    create: () => (ctx) => ctx.setOutput(0, ctx.input(0)),
  });
  return fakeBackend({
    kernels: [
      constant,
      identity,
      binary(ops.AddV2, (a, b) => a + b),
      binary(ops.Mul, (a, b) => a * b),
      binary(ops.Less, (a, b) => (a < b ? 1 : 0), 'bool'),
    ],
  });
}

const FIXTURE = JSON.parse(
  readFileSync(
    new URL('../../../tools/oracle/fixtures/control-flow-v1/programs.json', import.meta.url),
    'utf8',
  ),
) as { programs: { name: string; graph_def: string }[] };

function program(name: string): Graph {
  const p = FIXTURE.programs.find((x) => x.name === name);
  if (p === undefined) throw new Error(`no fixture ${name}`);
  const graph = new Graph();
  graph.importGraphDef(Uint8Array.from(Buffer.from(p.graph_def, 'base64')), { name: '' });
  return graph;
}

async function liveAfterRuns(
  graph: Graph,
  backend: FakeBackend,
  run: (s: Session) => Promise<unknown>,
  runs: number,
): Promise<number[]> {
  const session = new Session({ graph, backends: [backend] });
  const live: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      await run(session);
      live.push((backend.devices[0] as FakeBackend['devices'][number]).stats.live);
    }
  } finally {
    await session.close();
  }
  return live;
}

describe('device memory of a step', () => {
  it('frees intermediates, forwarded tensors once, uploaded feeds and fetched copies', async () => {
    const graph = new Graph();
    const x = graph.createOp('Placeholder', [], { dtype: 'float32', shape: [2] }, { name: 'x' });
    const c = graph.createOp(
      'Const',
      [],
      { value: NDArray.from([2, 3], 'float32'), dtype: 'float32' },
      { name: 'c' },
    );
    const y = graph.createOp(
      'Mul',
      [x.outputs[0]!, c.outputs[0]!],
      { T: 'float32' },
      { name: 'y' },
    );
    const z = graph.createOp(
      'AddV2',
      [y.outputs[0]!, y.outputs[0]!],
      { T: 'float32' },
      { name: 'z' },
    );
    const w = graph.createOp('Identity', [z.outputs[0]!], { T: 'float32' }, { name: 'w' });
    graph.createOp('Identity', [w.outputs[0]!], { T: 'float32' }, { name: 'unused' });
    const backend = memoryBackend();
    let last: NDArray | null = null;
    const live = await liveAfterRuns(
      graph,
      backend,
      async (s) => {
        last = (await s.run('w:0', { 'x:0': [1, 2] })) as NDArray;
      },
      50,
    );
    expect(Array.from((last as unknown as NDArray).data as Float32Array)).toEqual([4, 12]);
    // Only the constant the Const kernel caches stays.
    expect(live).toEqual(new Array(50).fill(1));
    const stats = (backend.devices[0] as FakeBackend['devices'][number]).stats;
    // Per run: the uploaded feed, y and z (w is z forwarded): 3 frees.
    expect(stats.frees).toBe(150);
  });

  it('keeps the device flat through a TF1 loop and a TF1 cond', async () => {
    const loop = memoryBackend();
    const loopLive = await liveAfterRuns(
      program('while_counter'),
      loop,
      async (s) => expect(((await s.run('loop/Exit:0', { 'n:0': 7 })) as NDArray).item()).toBe(7),
      20,
    );
    // The loop's constants (0, 1) stay; every per-iteration tensor is gone.
    expect(new Set(loopLive)).toEqual(new Set([2]));

    const cond = memoryBackend();
    const condLive = await liveAfterRuns(
      program('cond_v1_nested'),
      cond,
      async (s) => {
        const r = (await s.run('o/Merge:0', {
          'x:0': [1, 2],
          'p:0': true,
          'q:0': false,
        })) as NDArray;
        expect(Array.from(r.data as Float32Array)).toEqual([1, 2]);
      },
      20,
    );
    expect(new Set(condLive).size).toBe(1);
    expect(condLive[0]).toBeLessThanOrEqual(3);
  });

  it('keeps the device flat through a TF2 While loop (iteration values freed as the loop goes)', async () => {
    const graph = new Graph();
    graph.asDefault(() => {
      const start = placeholder('float32', [], 'start');
      whileLoop(
        (i: Tensor) => less(i, constant(5.0)),
        (i: Tensor) => add(i, constant(1.0), 'step'),
        [start],
        { name: 'loop' },
      );
    });
    const backend = memoryBackend();
    const live = await liveAfterRuns(
      graph,
      backend,
      async (s) =>
        expect(((await s.run('loop:2', { 'start:0': 0.5 })) as NDArray).item()).toBe(5.5),
      20,
    );
    console.log(live.join(','));
    expect(new Set(live.slice(1)).size).toBe(1);
  });
});
