import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NDArray, ResourceManager, type DeviceTensor, type KernelContext } from '@tensorgraph/core';
import { Graph, type Operation } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';
import { cpu, CPU_KERNELS, CpuDevice } from '@tensorgraph/backend-cpu';
import { ConstantOperands } from '../src/wasm/constant-operands.js';
import { WasmRuntime } from '../src/wasm/runtime.js';
import { device, seeded } from './wasm/helpers.js';

// Float32 tensors of a CPU device live in the WebAssembly memory (shared in Node), so the
// kernels read and write them in place; constant filters are packed once. Results must be
// the same bits as the copying path, at any thread count.

const rt = WasmRuntime.get() as WasmRuntime;

// A real collection, to check the safety net for tensors nobody frees.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects until `done()` (finalizers run in later tasks), at most `tries` times. */
async function collectUntil(done: () => boolean, tries = 40): Promise<boolean> {
  for (let i = 0; i < tries && !done(); i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
  return done();
}

const constant = (g: Graph, name: string, shape: number[], seed: number) =>
  g.createOp(
    'Const',
    [],
    {
      value: new NDArray(
        'float32',
        shape,
        seeded(
          shape.reduce((a, b) => a * b, 1),
          seed,
        ),
      ),
      dtype: 'float32',
    },
    { name },
  );
const o = (op: Operation) => op.outputs[0]!;

/** Conv -> BiasAdd -> Relu6 -> depthwise -> residual Add -> MaxPool -> Reshape -> MatMul. */
function net(): Graph {
  const g = new Graph();
  const x = g.createOp(
    'Placeholder',
    [],
    { dtype: 'float32', shape: [1, 32, 32, 16] },
    { name: 'x' },
  );
  const same = { T: 'float32', strides: [1, 1, 1, 1], padding: 'SAME' };
  const conv = g.createOp('Conv2D', [o(x), o(constant(g, 'w1', [3, 3, 16, 32], 1))], same, {
    name: 'conv',
  });
  const ba = g.createOp(
    'BiasAdd',
    [o(conv), o(constant(g, 'b1', [32], 2))],
    { T: 'float32' },
    {
      name: 'ba',
    },
  );
  const r6 = g.createOp('Relu6', [o(ba)], { T: 'float32' }, { name: 'r6' });
  const dw = g.createOp(
    'DepthwiseConv2dNative',
    [o(r6), o(constant(g, 'w2', [3, 3, 32, 1], 3))],
    same,
    { name: 'dw' },
  );
  const add = g.createOp('AddV2', [o(dw), o(r6)], { T: 'float32' }, { name: 'add' });
  const mp = g.createOp(
    'MaxPool',
    [o(add)],
    { T: 'float32', ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: 'VALID' },
    { name: 'mp' },
  );
  const shape = g.createOp(
    'Const',
    [],
    { value: new NDArray('int32', [2], Int32Array.from([1, 8192])), dtype: 'int32' },
    { name: 'flat' },
  );
  const view = g.createOp('Reshape', [o(mp), o(shape)], { T: 'float32' }, { name: 'view' });
  g.createOp(
    'MatMul',
    [o(view), o(constant(g, 'w3', [8192, 64], 4))],
    { T: 'float32' },
    {
      name: 'fc',
    },
  );
  return g;
}

const FETCHES = ['conv:0', 'r6:0', 'add:0', 'mp:0', 'fc:0'];
const X_SHAPE = [1, 32, 32, 16];
const input = (seed: number) => new NDArray('float32', X_SHAPE, seeded(16384, seed));
const bits = (a: NDArray) => new Uint32Array(Float32Array.from(a.data as Float32Array).buffer);

const allocate = CpuDevice.prototype.allocate;

/**
 * The CpuDevice a session allocates on (from its first allocation). A plain wrapper, not a
 * spy: a spy's record of results would keep every tensor alive.
 */
function captureDevice(): () => CpuDevice {
  const seen: CpuDevice[] = [];
  CpuDevice.prototype.allocate = function (this: CpuDevice, dtype, shape) {
    if (seen.length === 0) seen.push(this);
    return allocate.call(this, dtype, shape);
  };
  return () => seen[0] as CpuDevice;
}

afterEach(() => {
  CpuDevice.prototype.allocate = allocate;
  vi.restoreAllMocks();
});

describe('WebAssembly-resident tensors', () => {
  it('keeps activations in WebAssembly memory: only the fed input is copied in', async () => {
    expect(rt.resident).toBe(true);
    const allocated: DeviceTensor<NDArray>[] = [];
    CpuDevice.prototype.allocate = function (this: CpuDevice, dtype, shape) {
      const t = allocate.call(this, dtype, shape);
      allocated.push(t);
      return t;
    };
    const put = vi.spyOn(rt, 'put');
    const take = vi.spyOn(rt, 'take');
    const session = new Session({ graph: net(), backends: [cpu()] });
    await session.run(FETCHES, { 'x:0': input(0) });
    allocated.length = 0;
    put.mockClear();
    const copied = rt.copiedBytes;
    const fed = input(1);
    const got = (await session.run(FETCHES, { 'x:0': fed })) as NDArray[];
    // Every float32 output lives in the memory; fetched values are plain copies.
    expect(allocated.length).toBeGreaterThanOrEqual(5);
    for (const t of allocated)
      expect(rt.addressOf(t.handle.data as Float32Array)).toBeGreaterThan(0);
    for (const v of got) expect(rt.addressOf(v.data as Float32Array)).toBe(-1);
    // One copy in (the fed image, read by the conv), nothing copied out.
    expect(put).toHaveBeenCalledTimes(1);
    expect(put.mock.calls[0]![0]).toBe(fed.data);
    expect(take).not.toHaveBeenCalled();
    expect(rt.copiedBytes - copied).toBe(16384 * 4);
    await session.close();
  });

  it('gives the same bits as the copying path, on 1 and 2 threads, run after run', async () => {
    const sessions = [
      new Session({ graph: net(), backends: [cpu({ poolBytes: 0 })] }),
      new Session({ graph: net(), backends: [cpu()] }),
      new Session({
        graph: net(),
        backends: [cpu()],
        config: { intraOpParallelismThreads: 2 },
      }),
    ];
    await rt.warmUp(2);
    for (let run = 0; run < 3; run++) {
      const feed = { 'x:0': input(run) };
      const [want, ...others] = await Promise.all(
        sessions.map(async (s) => (await s.run(FETCHES, feed)) as NDArray[]),
      );
      for (const got of others) {
        got.forEach((v, i) => expect(bits(v), FETCHES[i]).toEqual(bits(want![i]!)));
      }
    }
    for (const s of sessions) await s.close();
  });

  it('packs constant filters once: the second run only hits the cache', async () => {
    const deviceOf = captureDevice();
    const session = new Session({ graph: net(), backends: [cpu()] });
    await session.run(FETCHES, { 'x:0': input(0) });
    const constants = deviceOf().constants!;
    const firstMisses = constants.misses;
    expect(firstMisses).toBeGreaterThan(0);
    expect(constants.bytes).toBeGreaterThan(8192 * 64 * 4 - 1);
    const hits = constants.hits;
    await session.run(FETCHES, { 'x:0': input(1) });
    expect(constants.misses).toBe(firstMisses);
    // conv, depthwise and matmul filters and the bias, every one from the cache.
    expect(constants.hits - hits).toBeGreaterThanOrEqual(4);
    await session.close();
    expect(constants.bytes).toBe(0);
    expect(deviceOf().resident!.count).toBe(0);
  });

  it('never caches a variable filter that changes between runs', async () => {
    const g = new Graph();
    const x = g.createOp('Placeholder', [], { dtype: 'float32', shape: X_SHAPE }, { name: 'x' });
    const w = g.createOp(
      'Placeholder',
      [],
      { dtype: 'float32', shape: [3, 3, 16, 32] },
      {
        name: 'w',
      },
    );
    const v = g.createOp(
      'VarHandleOp',
      [],
      { dtype: 'float32', shape: [3, 3, 16, 32], shared_name: 'v' },
      { name: 'v' },
    );
    g.createOp('AssignVariableOp', [o(v), o(w)], { dtype: 'float32' }, { name: 'assign' });
    const read = g.createOp('ReadVariableOp', [o(v)], { dtype: 'float32' }, { name: 'read' });
    const same = { T: 'float32', strides: [1, 1, 1, 1], padding: 'SAME' };
    g.createOp('Conv2D', [o(x), o(read)], same, { name: 'conv' });
    const deviceOf = captureDevice();
    const session = new Session({ graph: g, backends: [cpu()] });
    const feed = input(3);
    for (let step = 0; step < 3; step++) {
      const filter = new NDArray('float32', [3, 3, 16, 32], seeded(4608, 20 + step));
      await session.run('assign', { 'w:0': filter });
      const [got] = (await session.run(['conv:0'], { 'x:0': feed })) as NDArray[];
      // The same convolution with that filter as a constant, in a fresh session.
      const cg = new Graph();
      const cx = cg.createOp(
        'Placeholder',
        [],
        { dtype: 'float32', shape: X_SHAPE },
        {
          name: 'x',
        },
      );
      const cw = cg.createOp('Const', [], { value: filter, dtype: 'float32' }, { name: 'w' });
      cg.createOp('Conv2D', [o(cx), o(cw)], same, { name: 'conv' });
      const ref = new Session({ graph: cg, backends: [cpu()] });
      const [want] = (await ref.run(['conv:0'], { 'x:0': feed })) as NDArray[];
      await ref.close();
      expect(bits(got!)).toEqual(bits(want!));
    }
    const constants = deviceOf().constants!;
    expect(constants.hits + constants.misses).toBe(0);
    await session.close();
  });
});

describe('KernelContext.inputIsConstant', () => {
  const conv = CPU_KERNELS.find((k) => k.opType === 'Conv2D')!;
  const attrs = {
    T: 'float32',
    strides: [1, 1, 1, 1],
    padding: 'SAME',
    explicit_paddings: [],
    data_format: 'NHWC',
    dilations: [1, 1, 1, 1],
    use_cudnn_on_gpu: true,
  };

  /** Runs the CPU Conv2D kernel once with a hand-made context. */
  async function runConv(d: CpuDevice, x: NDArray, f: NDArray, filterConstant: boolean) {
    const compute = conv.create({
      nodeName: 'conv',
      opType: 'Conv2D',
      attrs: attrs as never,
      device: d,
      inputDTypes: ['float32', 'float32'],
      outputDTypes: ['float32'],
    });
    const inputs = [d.upload(x), d.upload(f)];
    let out: DeviceTensor | null = null;
    const ctx: KernelContext = {
      nodeName: 'conv',
      opType: 'Conv2D',
      device: d,
      numInputs: 2,
      numOutputs: 1,
      input: (i) => inputs[i] as DeviceTensor,
      inputList: () => [],
      inputIsConstant: (i) => filterConstant && i === 1,
      hostInput: () => {
        throw new Error('no host inputs');
      },
      allocateOutput: (_i, shape) => (out = d.allocate('float32', shape)),
      forwardInputOrAllocate: (_i, _o, shape) => (out = d.allocate('float32', shape)),
      setOutput: (_i, t) => {
        out = t;
      },
      setHostOutput: () => {},
      resources: new ResourceManager(),
      signal: new AbortController().signal,
      stepId: 1,
    };
    await compute(ctx);
    return Float32Array.from((out! as DeviceTensor<NDArray>).handle.data as Float32Array);
  }

  it('is what the filter cache trusts: an array changed in place is re-read unless constant', async () => {
    const x = new NDArray('float32', [1, 6, 6, 4], seeded(144, 1));
    const values = seeded(3 * 3 * 4 * 8, 2);
    const f = new NDArray('float32', [3, 3, 4, 8], values);
    const d = device(true);
    // The same kernel on a fresh device, given a fresh copy of the filter.
    const fresh = async () => {
      const other = device(true);
      const y = await runConv(other, x, new NDArray('float32', f.shape, values.slice()), false);
      await other.dispose();
      return y;
    };
    const first = await runConv(d, x, f, false);
    expect(first).toEqual(await fresh());
    values.set(seeded(values.length, 3));
    // Not constant: the new values are used, and nothing was cached.
    const second = await runConv(d, x, f, false);
    expect(second).toEqual(await fresh());
    expect(second).not.toEqual(first);
    expect(d.constants!.misses).toBe(0);
    // Constant: packed once, then served from the cache (the kernel may rely on the value).
    await runConv(d, x, f, true);
    await runConv(d, x, f, true);
    expect(d.constants!.misses).toBe(1);
    expect(d.constants!.hits).toBe(1);
    await d.dispose();
  });
});

describe('leaks', () => {
  it(
    'gives a block nobody frees back once every array over it is collected',
    { timeout: 30000 },
    async () => {
      const d = device(true);
      const heap = rt.heap;
      const make = () => {
        const t = d.allocate('float32', [1024]);
        // A view another tensor holds: the block must outlive the first array.
        const view = d.wrap(
          new NDArray('float32', [512], (t.handle.data as Float32Array).subarray(512)),
        );
        return {
          at: rt.addressOf(t.handle.data as Float32Array),
          view: view.handle.data as unknown,
        };
      };
      // Only `held` refers to the view, so dropping it there leaves it unreachable.
      const held = make();
      const at = held.at;
      expect(d.resident!.count).toBe(1);
      // The first array goes; the view keeps the block.
      await collectUntil(() => false, 3);
      expect(held.view).not.toBeNull();
      expect(heap.blockAt(at)).toBe(at);
      expect(d.resident!.count).toBe(1);
      held.view = null;
      expect(await collectUntil(() => d.resident!.count === 0)).toBe(true);
      expect(d.resident!.collected).toBe(1);
      expect(heap.blockAt(at)).toBe(-1);
      await d.dispose();
    },
  );

  it(
    "frees a cached constant's blocks when its array is collected",
    { timeout: 30000 },
    async () => {
      const d = device(true);
      const constants = d.constants!;
      (() => {
        const values = new Float32Array(256).fill(1);
        constants.mark(values);
        const at = ConstantOperands.lookup(values, 'copy', 1024, (to) =>
          rt.f32().set(values, to >> 2),
        );
        expect(at).toBeGreaterThan(0);
      })();
      expect(constants.bytes).toBe(1024);
      expect(await collectUntil(() => constants.bytes === 0)).toBe(true);
      await d.dispose();
    },
  );

  it(
    'does not grow without bound when a session keeps activations in a variable',
    { timeout: 30000 },
    async () => {
      const g = new Graph();
      const x = g.createOp('Placeholder', [], { dtype: 'float32', shape: [256] }, { name: 'x' });
      const v = g.createOp(
        'VarHandleOp',
        [],
        { dtype: 'float32', shape: [256], shared_name: 'v' },
        { name: 'v' },
      );
      const relu = g.createOp('Relu', [o(x)], { T: 'float32' }, { name: 'relu' });
      g.createOp('AssignVariableOp', [o(v), o(relu)], { dtype: 'float32' }, { name: 'assign' });
      const deviceOf = captureDevice();
      const session = new Session({ graph: g, backends: [cpu()] });
      for (let i = 0; i < 30; i++) {
        await session.run('assign', { 'x:0': new NDArray('float32', [256], seeded(256, i)) });
      }
      const resident = deviceOf().resident!;
      expect(resident.count).toBeGreaterThan(1);
      // Every value but the variable's current one is garbage: all but one block come back.
      expect(await collectUntil(() => resident.count <= 1)).toBe(true);
      expect(resident.collected).toBeGreaterThan(0);
      await session.close();
      expect(resident.count).toBe(0);
    },
  );
});
