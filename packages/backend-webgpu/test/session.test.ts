import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, UnavailableError } from '@tensorgraph/errors';
import { cpu } from '@tensorgraph/backend-cpu';
import { webgpu, type WebGpuDevice } from '@tensorgraph/backend-webgpu';
import type { Backend, Device, NDArray } from '@tensorgraph/core';
import { compareToJson, type JsonArray } from '@tensorgraph/core/testing';
import { Session } from '@tensorgraph/session';
import { UNAVAILABLE } from './gpu-env.js';
import {
  modelGraph as modelGraphOf,
  runModel as runModelOf,
  type ModelFixture,
} from './model-graph.js';

// A small model graph, as TF recorded it (fixtures/gen_session_fixture.py), run in a
// session with CPU and WEBGPU: the float32 ops go to WEBGPU, the int64 tail (Cast to
// int64, Cumsum) has no WEBGPU kernel and lands on CPU with transfers between.
const FIXTURE = JSON.parse(
  readFileSync(new URL('./fixtures/session-graph.json', import.meta.url), 'utf8'),
) as ModelFixture;

const modelGraph = (device?: string) => modelGraphOf(FIXTURE, device);
const runModel = (session: Session) => runModelOf(session, FIXTURE);

function expectTf(out: Record<string, NDArray>): void {
  const tol = { rtol: 1e-5, atol: 1e-6 };
  for (const key of ['sm', 'total', 'cum']) {
    expect(
      compareToJson(
        out[key] as NDArray,
        FIXTURE.outputs[key] as JsonArray,
        key === 'cum' ? {} : tol,
      ),
      key,
    ).toBeNull();
  }
}

function webgpuDeviceOf(backend: Backend & { last?: Device }): WebGpuDevice {
  return backend.last as WebGpuDevice;
}

/** webgpu() that remembers the device it created, to read its counters. */
function tracked(): Backend & { last?: Device } {
  const inner = webgpu();
  const b: Backend & { last?: Device } = {
    ...inner,
    isAvailable: () => inner.isAvailable(),
    async createDevices(o) {
      const devices = await inner.createDevices(o);
      b.last = devices[0];
      return devices;
    },
  };
  return b;
}

describe.skipIf(UNAVAILABLE !== null)(
  `sessions with CPU and WEBGPU (${UNAVAILABLE ?? 'Dawn'})`,
  () => {
    it('places float32 ops on WEBGPU, the int64 tail on CPU, and gives TF numbers', async () => {
      const lines: string[] = [];
      const session = new Session({
        graph: modelGraph(),
        backends: [cpu(), webgpu()],
        config: { logDevicePlacement: true },
        logger: (l) => lines.push(l),
      });
      try {
        expectTf(await runModel(session));
        const placed = Object.fromEntries(
          lines.filter((l) => l.includes(': (')).map((l) => [l.split(':')[0], l.split('): ')[1]]),
        );
        const gpu = '/job:localhost/replica:0/task:0/device:WEBGPU:0';
        const host = '/job:localhost/replica:0/task:0/device:CPU:0';
        for (const n of [
          'm',
          'bias',
          'h',
          'img',
          'conv',
          'pool',
          'flat',
          'sm',
          'total',
          'scaled',
          'rounded',
        ]) {
          expect(placed[n], n).toBe(gpu);
        }
        expect(placed.big).toBe(host);
        expect(placed.cum).toBe(host);
        // A second run reuses the plan and the compiled pipelines.
        expectTf(await runModel(session));
      } finally {
        await session.close();
      }
    });

    it('soft placement moves an op pinned to WEBGPU without a kernel there to CPU', async () => {
      const lines: string[] = [];
      const soft = new Session({
        graph: modelGraph('/device:WEBGPU:0'),
        backends: [cpu(), webgpu()],
        config: { allowSoftPlacement: true, logDevicePlacement: true },
        logger: (l) => lines.push(l),
      });
      try {
        expectTf(await runModel(soft));
        expect(lines.find((l) => l.startsWith('cum: '))).toContain('device:CPU:0');
      } finally {
        await soft.close();
      }
      const hard = new Session({
        graph: modelGraph('/device:WEBGPU:0'),
        backends: [cpu(), webgpu()],
      });
      try {
        await expect(runModel(hard)).rejects.toThrow(InvalidArgumentError);
      } finally {
        await hard.close();
      }
    });

    it('holds no GPU buffers after close(), however many runs came before', async () => {
      const backend = tracked();
      const session = new Session({ graph: modelGraph(), backends: [cpu(), backend] });
      await runModel(session);
      const device = webgpuDeviceOf(backend);
      const after1 = device.stats;
      for (let i = 0; i < 1000; i++) await runModel(session);
      const after1000 = device.stats;
      expectTf(await runModel(session));
      await session.close();
      const closed = device.stats;
      console.log(
        `WEBGPU buffers: after 1 run ${after1.liveBuffers} live (${after1.liveTensors} tensors), ` +
          `after 1001 runs ${after1000.liveBuffers} live (${after1000.liveTensors} tensors, ` +
          `${after1000.buffersCreated} created, ${after1000.buffersReused} reused, ${after1000.submits} submits), ` +
          `after close ${closed.liveBuffers}`,
      );
      // The pool reuses buffers: after a thousand runs no more exist than a few runs needed.
      expect(after1000.liveTensors).toBe(0);
      expect(after1000.buffersCreated).toBeLessThanOrEqual(2 * after1.liveBuffers + 8);
      expect(closed.liveBuffers).toBe(0);
      expect(closed.liveTensors).toBe(0);
    }, 120_000);

    it('a lost device fails the run with UnavailableError and the session still closes', async () => {
      const backend = tracked();
      const session = new Session({ graph: modelGraph(), backends: [cpu(), backend] });
      await runModel(session);
      webgpuDeviceOf(backend).gpuDevice.destroy();
      await expect(runModel(session)).rejects.toThrow(UnavailableError);
      await session.close();
      expect(webgpuDeviceOf(backend).stats.liveBuffers).toBe(0);
    });
  },
);
