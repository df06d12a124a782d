import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@tensorgraph/errors';
import { cpu } from '@tensorgraph/backend-cpu';
import { defineKernel, NDArray, ops, type DeviceTensor } from '@tensorgraph/core';
import { fakeBackend, type FakeBackend } from '@tensorgraph/core/testing';
import { Graph } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';
import { behaviours, encode } from './helpers.js';

// A second device type, written as a third party would: a fake device with an Identity
// kernel for float32 only.
function testBackend(options: { available?: boolean | string } = {}): FakeBackend {
  const identity = defineKernel(ops.Identity, {
    deviceType: 'TEST',
    typeConstraints: { T: ['float32'] },
    create: () => (ctx) => {
      const input = ctx.input(0) as DeviceTensor<NDArray>;
      ctx.setOutput(0, ctx.device.upload(input.handle) as DeviceTensor);
    },
  });
  return fakeBackend({
    deviceType: 'TEST',
    name: 'test',
    priority: 100,
    kernels: [identity],
    ...options,
  });
}

function graph() {
  const g = new Graph();
  const c = g.createOp(
    'Const',
    [],
    { value: NDArray.from([1.5, 2.5], 'float32'), dtype: 'float32' },
    { name: 'c' },
  );
  const k = g.createOp(
    'Const',
    [],
    { value: NDArray.from([7], 'int32'), dtype: 'int32' },
    { name: 'k' },
  );
  g.createOp('Identity', c.outputs, { T: 'float32' }, { name: 'f' });
  g.createOp('Identity', k.outputs, { T: 'int32' }, { name: 'i' });
  return g;
}

async function placed(g: Graph, backend: FakeBackend, config = {}) {
  const lines: string[] = [];
  const s = new Session({
    graph: g,
    backends: [cpu(), backend],
    config: { logDevicePlacement: true, ...config },
    logger: (l) => lines.push(l),
  });
  const out = await s.run(['f:0', 'i:0']);
  await s.close();
  const devices = Object.fromEntries(
    lines.filter((l) => l.includes(': (')).map((l) => [l.split(':')[0], l.split('): ')[1]]),
  );
  return { out, lines, devices };
}

const CPU = '/job:localhost/replica:0/task:0/device:CPU:0';
const TEST = '/job:localhost/replica:0/task:0/device:TEST:0';

describe('placement', () => {
  it('puts an op on the highest-priority device with a kernel for its dtypes', async () => {
    const backend = testBackend();
    const { out, devices } = await placed(graph(), backend);
    expect(devices).toEqual({ c: CPU, k: CPU, f: TEST, i: CPU });
    // The float tensor crossed from CPU to TEST and back.
    expect(encode(out)).toEqual({
      list: [
        { dtype: 'float32', shape: [2], values: [1.5, 2.5] },
        { dtype: 'int32', shape: [1], values: [7] },
      ],
    });
    expect(backend.devices[0]?.stats.uploads).toBeGreaterThan(0);
    expect(backend.devices[0]?.stats.downloads).toBe(1);
  });

  it('honours device scopes and deviceCount', async () => {
    const g = new Graph();
    const c = g.createOp(
      'Const',
      [],
      { value: NDArray.from([1], 'float32'), dtype: 'float32' },
      { name: 'c' },
    );
    g.device('/device:CPU:0', () =>
      g.createOp('Identity', c.outputs, { T: 'float32' }, { name: 'f' }),
    );
    g.createOp('Const', [], { value: NDArray.from([7], 'int32'), dtype: 'int32' }, { name: 'k' });
    g.createOp('Identity', [g.getTensorByName('k:0')], { T: 'int32' }, { name: 'i' });
    expect((await placed(g, testBackend())).devices.f).toBe(CPU);
    expect((await placed(graph(), testBackend(), { deviceCount: { TEST: 0 } })).devices.f).toBe(
      CPU,
    );
  });

  it('colocates with `_class` groups', async () => {
    const g = new Graph();
    const c = g.device('/device:CPU:0', () =>
      g.createOp(
        'Const',
        [],
        { value: NDArray.from([1], 'float32'), dtype: 'float32' },
        { name: 'c' },
      ),
    );
    g.colocateWith(c, () => g.createOp('Identity', c.outputs, { T: 'float32' }, { name: 'f' }));
    g.createOp('Const', [], { value: NDArray.from([7], 'int32'), dtype: 'int32' }, { name: 'k' });
    g.createOp('Identity', [g.getTensorByName('k:0')], { T: 'int32' }, { name: 'i' });
    expect((await placed(g, testBackend())).devices.f).toBe(CPU);
  });

  it('an impossible request is refused without soft placement, with TF wording', async () => {
    const g = new Graph();
    g.device('/device:GPU:0', () =>
      g.createOp(
        'Const',
        [],
        { value: NDArray.from(1, 'float32'), dtype: 'float32' },
        { name: 'c' },
      ),
    );
    const s = new Session({ graph: g, backends: [cpu()], config: { allowSoftPlacement: false } });
    const err = await s.run('c:0').catch((e) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    const tf = behaviours.gpu_request_no_soft_placement!;
    expect(tf.error).toBe('InvalidArgumentError');
    expect(err.message).toBe(`${tf.core}\n\t [[c]]`);
    await s.close();
    const soft = new Session({ graph: g, backends: [cpu()], config: { allowSoftPlacement: true } });
    expect(encode(await soft.run('c:0'))).toEqual(behaviours.gpu_request_soft_placement?.result);
    await soft.close();
  });

  it('placement covers the whole graph: an unfetched impossible op fails the run', async () => {
    const g = graph();
    g.device('/device:GPU:3', () =>
      g.createOp(
        'Const',
        [],
        { value: NDArray.from(1, 'float32'), dtype: 'float32' },
        { name: 'far' },
      ),
    );
    const s = new Session({ graph: g, backends: [cpu()] });
    await expect(s.run('k:0')).rejects.toThrow(/Cannot assign a device for operation far/);
    await s.close();
  });

  it('a device of a type with no kernel for the op: TF wording, soft placement falls back', async () => {
    const g = new Graph();
    const k = g.createOp(
      'Const',
      [],
      { value: NDArray.from([7], 'int32'), dtype: 'int32' },
      { name: 'k' },
    );
    g.device('/device:TEST:0', () =>
      g.createOp('Identity', k.outputs, { T: 'int32' }, { name: 'i' }),
    );
    const hard = new Session({ graph: g, backends: [cpu(), testBackend()] });
    await expect(hard.run('i:0')).rejects.toThrow(
      "Cannot assign a device for operation i: Could not satisfy explicit device specification '/device:TEST:0' because no supported kernel for TEST devices is available.",
    );
    await hard.close();
    const soft = new Session({
      graph: g,
      backends: [cpu(), testBackend()],
      config: { allowSoftPlacement: true },
    });
    expect(encode(await soft.run('i:0'))).toEqual({ dtype: 'int32', shape: [1], values: [7] });
    await soft.close();
  });

  it("logDevicePlacement prints TF's lines, once per placement, not per run", async () => {
    const g = new Graph();
    const a = g.createOp(
      'Const',
      [],
      { value: NDArray.from(5, 'float32'), dtype: 'float32' },
      { name: 'a' },
    );
    const b = g.createOp(
      'Const',
      [],
      { value: NDArray.from(6, 'float32'), dtype: 'float32' },
      { name: 'b' },
    );
    g.createOp('Mul', [a.outputs[0]!, b.outputs[0]!], { T: 'float32' }, { name: 'c' });
    const lines: string[] = [];
    const s = new Session({
      graph: g,
      backends: [cpu()],
      config: { logDevicePlacement: true },
      logger: (l) => lines.push(l),
    });
    await s.run('a:0');
    await s.run('b:0');
    await s.close();
    const tfLines = (behaviours.log_device_placement?.result as string[]).map((l) =>
      l.replace(/^.*\] /, ''),
    );
    expect([...lines].sort()).toEqual([...tfLines].sort());
  });

  it('an unavailable backend creates no devices and says why', async () => {
    const s = new Session({
      graph: graph(),
      backends: [cpu(), testBackend({ available: 'no TEST hardware here' })],
    });
    expect((await s.listDevices()).map((d) => d.deviceType)).toEqual(['CPU']);
    expect((await s.unavailableBackends()).map((u) => u.reason)).toEqual(['no TEST hardware here']);
    await s.close();
  });
});
