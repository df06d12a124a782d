import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ResourceExhaustedError } from '@tensorgraph/errors';
import { cpu } from '@tensorgraph/backend-cpu';
import { cuda } from '@tensorgraph/backend-cuda';
import { NDArray, type Backend } from '@tensorgraph/core';
import { Graph, importGraphDef } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';
import { loadAddon } from '../src/addon.js';
import type { CudaDevice } from '../src/cuda-device.js';

const CPU = '/job:localhost/replica:0/task:0/device:CPU:0';
const GPU = '/job:localhost/replica:0/task:0/device:GPU:0';
const built = loadAddon().addon !== null;
const gpuPresent = built && (loadAddon().addon?.deviceCount().count ?? 0) > 0;

/** What real TF said for a GPU request on a machine without CUDA (gen_session_fixtures.py). */
const behaviours = JSON.parse(
  readFileSync(
    new URL('../../../tools/oracle/fixtures/session/behaviours.json', import.meta.url),
    'utf8',
  ),
).scenarios as Record<string, { core?: string; error?: string }>;

/** y = relu(x @ w + b) and a reduction, all pinned to /device:GPU:0, as Python would pin it. */
function pinnedGraph(): Graph {
  const g = new Graph();
  g.device('/device:GPU:0', () => {
    const x = g.createOp(
      'Const',
      [],
      {
        value: NDArray.from(
          [
            [1, -2],
            [3, 4],
          ],
          'float32',
        ),
        dtype: 'float32',
      },
      { name: 'x' },
    );
    const w = g.createOp(
      'Const',
      [],
      {
        value: NDArray.from(
          [
            [0.5, -1],
            [2, 0.25],
          ],
          'float32',
        ),
        dtype: 'float32',
      },
      { name: 'w' },
    );
    const b = g.createOp(
      'Const',
      [],
      { value: NDArray.from([0.1, -0.2], 'float32'), dtype: 'float32' },
      { name: 'b' },
    );
    const m = g.createOp('MatMul', [x.outputs[0]!, w.outputs[0]!], { T: 'float32' }, { name: 'm' });
    const a = g.createOp(
      'BiasAdd',
      [m.outputs[0]!, b.outputs[0]!],
      { T: 'float32' },
      { name: 'a' },
    );
    g.createOp('Relu', [a.outputs[0]!], { T: 'float32' }, { name: 'y' });
  });
  return g;
}

async function runLogged(g: Graph, backends: Backend[], config: Record<string, unknown>) {
  const lines: string[] = [];
  const s = new Session({
    graph: g,
    backends,
    config: { logDevicePlacement: true, ...config },
    logger: (l) => lines.push(l),
  });
  try {
    const y = (await s.run('y:0')) as NDArray;
    const placed = Object.fromEntries(
      lines.filter((l) => l.includes(': (')).map((l) => [l.split(':')[0], l.split('): ')[1]]),
    );
    return { y, placed, lines };
  } finally {
    await s.close();
  }
}

// relu([[1,-2],[3,4]] @ [[0.5,-1],[2,0.25]] + [0.1,-0.2]) = relu([[-3.4,-1.7],[9.6,-2.2]])
const EXPECTED = [0, 0, 9.6, 0];

describe.skipIf(gpuPresent)('a GPU-pinned graph on a machine without a usable GPU', () => {
  it('runs on CPU with soft placement, and the placement log says so', async () => {
    const { y, placed } = await runLogged(pinnedGraph(), [cpu(), cuda()], {
      allowSoftPlacement: true,
    });
    expect(Array.from(y.data as Float32Array).map((v) => Math.round(v * 1e5) / 1e5)).toEqual(
      EXPECTED,
    );
    expect(placed).toEqual({ x: CPU, w: CPU, b: CPU, m: CPU, a: CPU, y: CPU });
  });

  it('the same GraphDef imported (NodeDef.device set) also falls back', async () => {
    const g = new Graph();
    importGraphDef(pinnedGraph().asGraphDef(), { graph: g, name: '' });
    expect(g.getOperationByName('m').device).toBe('/device:GPU:0');
    const { placed } = await runLogged(g, [cpu(), cuda()], { allowSoftPlacement: true });
    expect(placed.m).toBe(CPU);
  });

  it("without soft placement it is TF's InvalidArgumentError", async () => {
    const s = new Session({
      graph: pinnedGraph(),
      backends: [cpu(), cuda()],
      config: { allowSoftPlacement: false },
    });
    const err = await s.run('y:0').catch((e: unknown) => e);
    await s.close();
    expect(err).toBeInstanceOf(InvalidArgumentError);
    const tf = behaviours.gpu_request_no_soft_placement!;
    // TF's wording, for our first pinned op.
    expect((err as Error).message.split('\n')[0]).toBe(
      tf.core!.replaceAll('operation c: {{node c}}', 'operation x: {{node x}}'),
    );
  });
});

describe.skipIf(!built)('a GPU-pinned graph on the emulated CUDA device', () => {
  it('runs every op on GPU:0 and agrees with the CPU', async () => {
    const { y, placed, lines } = await runLogged(
      pinnedGraph(),
      [cpu(), cuda({ emulate: true })],
      {},
    );
    expect(Array.from(y.data as Float32Array).map((v) => Math.round(v * 1e5) / 1e5)).toEqual(
      EXPECTED,
    );
    expect(placed).toEqual({ x: GPU, w: GPU, b: GPU, m: GPU, a: GPU, y: GPU });
    expect(lines.join('\n')).toContain(`${GPU} -> device: 0, name: emulated CUDA device`);
  });

  it('places ops without a GPU kernel on CPU and moves tensors between them', async () => {
    const g = new Graph();
    const x = g.createOp(
      'Const',
      [],
      {
        value: NDArray.from(
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
          'float32',
        ),
        dtype: 'float32',
      },
      { name: 'x' },
    );
    const axes = g.createOp(
      'Const',
      [],
      { value: NDArray.from([1], 'int32'), dtype: 'int32' },
      { name: 'axes' },
    );
    const s = g.createOp(
      'Sum',
      [x.outputs[0]!, axes.outputs[0]!],
      { T: 'float32', Tidx: 'int32', keep_dims: false },
      { name: 's' },
    );
    // Cumsum has no GPU kernel here: it lands on CPU, fed from the GPU.
    const zero = g.createOp(
      'Const',
      [],
      { value: NDArray.from(0, 'int32'), dtype: 'int32' },
      { name: 'zero' },
    );
    g.createOp(
      'Cumsum',
      [s.outputs[0]!, zero.outputs[0]!],
      { T: 'float32', Tidx: 'int32' },
      { name: 'c' },
    );
    g.createOp('Softmax', [g.getTensorByName('c:0')], { T: 'float32' }, { name: 'y' });
    const { y, placed } = await runLogged(g, [cpu(), cuda({ emulate: true })], {});
    expect(placed.s).toBe(GPU);
    expect(placed.c).toBe(CPU);
    expect(placed.y).toBe(GPU);
    expect(placed.axes).toBe(GPU); // an int32 Const on GPU, its value in host memory
    const e = [Math.exp(6 - 21), 1];
    const want = e.map((v) => v / (e[0]! + e[1]!));
    Array.from(y.data as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
  });

  it('int32 constants on GPU feed shape arguments from host memory and device arguments by copy', async () => {
    const g = new Graph();
    g.device('/device:GPU:0', () => {
      const p = g.createOp(
        'Const',
        [],
        {
          value: NDArray.from(
            [
              [1, 2],
              [3, 4],
              [5, 6],
            ],
            'float32',
          ),
          dtype: 'float32',
        },
        { name: 'p' },
      );
      const idx = g.createOp(
        'Const',
        [],
        { value: NDArray.from([2, 0], 'int32'), dtype: 'int32' },
        { name: 'idx' },
      );
      const axis = g.createOp(
        'Const',
        [],
        { value: NDArray.from(0, 'int32'), dtype: 'int32' },
        { name: 'axis' },
      );
      const gathered = g.createOp(
        'GatherV2',
        [p.outputs[0]!, idx.outputs[0]!, axis.outputs[0]!],
        { Tparams: 'float32', Tindices: 'int32', Taxis: 'int32', batch_dims: 0 },
        { name: 'g' },
      );
      const shape = g.createOp(
        'Const',
        [],
        { value: NDArray.from([-1], 'int32'), dtype: 'int32' },
        { name: 'shape' },
      );
      const flat = g.createOp(
        'Reshape',
        [gathered.outputs[0]!, shape.outputs[0]!],
        { T: 'float32', Tshape: 'int32' },
        { name: 'flat' },
      );
      const asFloat = g.createOp(
        'Cast',
        [idx.outputs[0]!],
        { SrcT: 'int32', DstT: 'float32' },
        { name: 'f' },
      );
      const sum = g.createOp(
        'Sum',
        [flat.outputs[0]!, axis.outputs[0]!],
        { T: 'float32', Tidx: 'int32', keep_dims: false },
        { name: 's' },
      );
      const si = g.createOp(
        'Sum',
        [asFloat.outputs[0]!, axis.outputs[0]!],
        { T: 'float32', Tidx: 'int32', keep_dims: false },
        { name: 'si' },
      );
      g.createOp('Add', [sum.outputs[0]!, si.outputs[0]!], { T: 'float32' }, { name: 'y' });
    });
    const { y, placed } = await runLogged(g, [cpu(), cuda({ emulate: true })], {});
    expect(Object.values(placed).every((d) => d === GPU)).toBe(true);
    // Rows 2 and 0 -> [5, 6, 1, 2], sum 14; the indices as floats sum to 2.
    expect(Array.from(y.data as Float32Array)).toEqual([16]);
  });

  it('deviceCount {GPU: 0} turns the GPU off', async () => {
    const { placed } = await runLogged(pinnedGraph(), [cpu(), cuda({ emulate: true })], {
      deviceCount: { GPU: 0 },
      allowSoftPlacement: true,
    });
    expect(placed.m).toBe(CPU);
  });

  it('out of device memory is ResourceExhaustedError naming the node and the bytes', async () => {
    const backend = cuda({ emulate: true });
    const [device] = await backend.createDevices({ namePrefix: '/job:localhost/replica:0/task:0' });
    let err: unknown;
    try {
      device!.allocate('float32', [1 << 29]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ResourceExhaustedError);
    expect((err as Error).message).toBe(
      `OOM when allocating tensor with shape[536870912] and type float32 (2147483648 bytes) on ${GPU} by allocator GPU_0_caching`,
    );
    await device!.dispose();
  });

  it('close() frees the device memory and later use is an error', async () => {
    const backend = cuda({ emulate: true });
    const [device] = await backend.createDevices({ namePrefix: '/job:localhost/replica:0/task:0' });
    const d = device as CudaDevice;
    const t = d.upload(NDArray.from([1, 2, 3], 'float32'));
    expect(d.memoryStats().inUse).toBe(512);
    d.free(t);
    d.free(t); // a second free of the same view is harmless
    expect(d.memoryStats()).toMatchObject({ inUse: 0, cached: 512 });
    await d.dispose();
    await d.dispose();
    expect(() => d.allocate('float32', [2])).toThrow(/has been disposed/);
  });
});
