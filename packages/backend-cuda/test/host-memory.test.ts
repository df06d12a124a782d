import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InternalError, InvalidArgumentError } from '@tensorgraph/errors';
import { cpu } from '@tensorgraph/backend-cpu';
import { cuda } from '@tensorgraph/backend-cuda';
import { GraphDef, NDArray, type Backend } from '@tensorgraph/core';
import {
  arrayFromJson,
  compareToJson,
  kernelCaseArgs,
  runKernel,
  type JsonArray,
  type KernelCase,
  type Tolerance,
} from '@tensorgraph/core/testing';
import { Graph, importGraphDef } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';
import { loadAddon } from '../src/addon.js';
import type { CudaDevice, GpuTensor } from '../src/cuda-device.js';
import { addr } from '../src/kernels/helpers.js';
import { INT32_HOST_KERNELS } from '../src/kernels/int32-host.js';
import { fixtureDir, runFixtures } from './fixture-runner.js';

// Dtypes without GPU kernels held in host memory on the GPU device, TF's int32 host-memory
// kernels, and IdentityN: all checked on the emulated device against TF's fixtures.
const built = loadAddon().addon !== null;
const repoRoot = new URL('../../../', import.meta.url).pathname;
const namePrefix = '/job:localhost/replica:0/task:0';
const GPU = `${namePrefix}/device:GPU:0`;

async function emulatedDevice(): Promise<CudaDevice> {
  const [device] = await cuda({ emulate: true }).createDevices({ namePrefix });
  return device as CudaDevice;
}

/** `backend` with only `kernels`: the cases that run are these kernels' own. */
function only(kernels: Backend['kernels']): Backend {
  return { ...cuda({ emulate: true }), kernels };
}

describe.skipIf(!built)('host-memory values on the GPU device', () => {
  it('holds variant, string and resource tensors in host memory', async () => {
    const device = await emulatedDevice();
    const list = { elementDtype: 'float32', elements: [] };
    const variant = new NDArray('variant', [], [list] as never);
    const t = device.upload(variant) as GpuTensor;
    expect(t.device).toBe(GPU);
    expect(t.dtype).toBe('variant');
    const back = await device.download(t);
    expect(back.data[0]).toBe(list);
    // Device kernels never see them: asking for an address is TF's InternalError.
    expect(() => addr(t)).toThrow(InternalError);
    const s = device.allocate('string', [2]);
    expect((await device.download(s)).shape).toEqual([2]);
    const r = device.allocate('resource', []);
    device.free(r);
    device.free(r);
    await expect(device.download(r)).rejects.toThrow(InternalError);
    // Device memory is untouched by them.
    expect(device.memoryStats().inUse).toBe(0);
    await device.dispose();
  });

  it('IdentityN forwards inputs of every dtype (float32, string, int64)', async () => {
    const device = await emulatedDevice();
    const outcomes = await runFixtures(fixtureDir(repoRoot), cuda({ emulate: true }), device, {
      files: (f) => f === 'array-shape.json',
    });
    const identityN = outcomes.filter((o) => o.op === 'IdentityN');
    expect(identityN.length).toBeGreaterThan(0);
    expect(identityN.map((o) => o.status)).toEqual(identityN.map(() => 'pass'));
    await device.dispose();
  });

  it("runs TF's int32 host-memory elementwise kernels as TF computed them", async () => {
    const device = await emulatedDevice();
    const outcomes = await runFixtures(fixtureDir(repoRoot), only(INT32_HOST_KERNELS), device, {
      files: (f) => f.startsWith('math-') || f === 'edges-elementwise.json',
    });
    await device.dispose();
    const failed = outcomes.filter((o) => o.status === 'fail');
    expect(failed.map((o) => `${o.file}#${o.index} ${o.op}: ${o.detail}`)).toEqual([]);
    const passedOps = new Set(outcomes.filter((o) => o.status === 'pass').map((o) => o.op));
    for (const k of INT32_HOST_KERNELS) expect(passedOps, k.opType).toContain(k.opType);
    expect(outcomes.filter((o) => o.status === 'pass').length).toBeGreaterThan(150);
  });

  it("reports an integer division by zero with TF's class and message", async () => {
    const device = await emulatedDevice();
    const cases = (
      JSON.parse(readFileSync(`${fixtureDir(repoRoot)}/math-binary.json`, 'utf8')) as {
        cases: KernelCase[];
      }
    ).cases.filter(
      (c) =>
        c.error !== undefined &&
        (c.inputs[0]?.[1] as JsonArray | undefined)?.dtype === 'int32' &&
        ['Div', 'FloorDiv', 'FloorMod', 'Mod', 'TruncateMod'].includes(c.op),
    );
    const ops = new Set<string>();
    for (const c of cases) {
      const err = await runKernel({
        op: c.op,
        ...kernelCaseArgs(c),
        backend: only(INT32_HOST_KERNELS),
        device,
      }).catch((e: unknown) => e as Error);
      expect(err).toBeInstanceOf(Error);
      expect([(err as Error).name, (err as Error).message]).toEqual([
        c.error!.class,
        c.error!.message,
      ]);
      ops.add(c.op);
    }
    expect([...ops].sort()).toEqual(['Div', 'FloorDiv', 'FloorMod', 'Mod', 'TruncateMod']);
    await device.dispose();
  });
});

interface ZooStep {
  readonly feeds: Record<string, JsonArray>;
  readonly fetches: readonly string[];
  readonly expected: Record<string, JsonArray>;
  readonly tolerance: Record<string, Tolerance>;
}

/** The zoo's GraphDef with every node that names no device pinned to GPU:0. */
function pinnedZooGraph(model: string): { graph: Graph; steps: ZooStep[] } {
  const dir = `${repoRoot}packages/conformance/fixtures/zoo/${model}`;
  const gdef = GraphDef.decode(new Uint8Array(readFileSync(`${dir}/model.pb`)));
  for (const node of gdef.node) if (!node.device) node.device = '/device:GPU:0';
  const graph = new Graph();
  importGraphDef(gdef, { graph, name: '' });
  const steps = (JSON.parse(readFileSync(`${dir}/case.json`, 'utf8')) as { steps: ZooStep[] })
    .steps;
  return { graph, steps };
}

describe.skipIf(!built)('TF2 While loops carrying TensorLists, pinned to GPU', () => {
  it.each(['keras_lstm', 'keras_gru'])(
    '%s runs its loops on GPU:0 and matches TF',
    async (model) => {
      const { graph, steps } = pinnedZooGraph(model);
      const lines: string[] = [];
      const s = new Session({
        graph,
        backends: [cuda({ emulate: true }), cpu()],
        config: { allowSoftPlacement: true, logDevicePlacement: true },
        logger: (l) => lines.push(l),
      });
      try {
        for (const step of steps) {
          const feeds = new Map(
            Object.entries(step.feeds).map(([k, v]) => [k, arrayFromJson(v)] as const),
          );
          const got = (await s.run([...step.fetches], feeds)) as NDArray[];
          step.fetches.forEach((name, i) => {
            const diff = compareToJson(
              got[i] as NDArray,
              step.expected[name] as JsonArray,
              step.tolerance[name],
            );
            expect(diff, name).toBeNull();
          });
        }
      } finally {
        await s.close();
      }
      // The loops themselves (which carry the TensorLists) ran on the GPU device.
      const whiles = lines.filter((l) => / \((StatelessWhile|While)\): /.test(l));
      expect(whiles.length).toBeGreaterThan(0);
      for (const l of whiles) expect(l.endsWith(GPU), l).toBe(true);
    },
  );

  it('places int32 FloorDiv on GPU:0 with host-memory args; zero is InvalidArgumentError', async () => {
    const g = new Graph();
    const x = g.createOp('Placeholder', [], { dtype: 'int32' }, { name: 'x' });
    const y = g.createOp('Placeholder', [], { dtype: 'int32' }, { name: 'y' });
    g.device('/device:GPU:0', () => {
      g.createOp('FloorDiv', [x.outputs[0]!, y.outputs[0]!], { T: 'int32' }, { name: 'q' });
    });
    const lines: string[] = [];
    const s = new Session({
      graph: g,
      backends: [cuda({ emulate: true }), cpu()],
      config: { logDevicePlacement: true },
      logger: (l) => lines.push(l),
    });
    try {
      const feeds = (a: number[], b: number[]) =>
        new Map([
          ['x:0', NDArray.from(a, 'int32')],
          ['y:0', NDArray.from(b, 'int32')],
        ]);
      const q = (await s.run('q:0', feeds([7, -7], [2, 2]))) as NDArray;
      expect(q.dtype).toBe('int32');
      expect(lines.find((l) => l.startsWith('q: (FloorDiv)'))?.endsWith(GPU)).toBe(true);
      const err = await s.run('q:0', feeds([1], [0])).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as Error).message).toContain('Integer division by zero');
    } finally {
      await s.close();
    }
  });
});
