import { describe, expect, it } from 'vitest';
import { defineKernel, NDArray, ops, type DeviceTensor } from '@tensorgraph/core';
import { fakeBackend } from '@tensorgraph/core/testing';
import { Graph, identity, placeholder, reshape } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';

// A host-memory argument (Reshape's `shape`) produced by a kernel in an accelerator's
// memory must be read back before the consumer runs, as TF copies it to host memory: the
// kernel must never see the accelerator's handle as if it were host data.

describe('host-memory inputs made on an accelerator', () => {
  it('are downloaded from the producing device before the kernel reads them', async () => {
    const seen: NDArray[] = [];
    const made: unknown[] = [];
    const identityKernel = defineKernel(ops.Identity, {
      deviceType: 'FAKE',
      create: () => (ctx) => {
        const handle = (ctx.input(0) as DeviceTensor<NDArray>).handle;
        const out = ctx.device.upload(handle) as DeviceTensor<NDArray>;
        made.push(out.handle);
        ctx.setOutput(0, out);
      },
    });
    const reshapeKernel = defineKernel(ops.Reshape, {
      deviceType: 'FAKE',
      hostMemory: ['shape'],
      create: () => (ctx) => {
        const shape = ctx.hostInput(1);
        seen.push(shape);
        const x = (ctx.input(0) as DeviceTensor<NDArray>).handle;
        const dims = Array.from(shape.data as Int32Array);
        ctx.setOutput(0, ctx.device.upload(x.reshape(dims)) as DeviceTensor);
      },
    });
    const fake = fakeBackend({ kernels: [identityKernel, reshapeKernel] });
    const graph = new Graph();
    const { y, x, s } = graph.asDefault(() => {
      const x = placeholder('float32', [6], 'x');
      const s = placeholder('int32', [2], 's');
      return { x, s, y: reshape(identity(x), identity(s, 'shape_on_fake'), 'y') };
    });
    const sess = new Session({ graph, backends: [fake] });
    try {
      const out = await sess.run(y, {
        [x.name]: NDArray.from([1, 2, 3, 4, 5, 6], 'float32'),
        [s.name]: NDArray.from([2, 3], 'int32'),
      });
      expect(out.shape).toEqual([2, 3]);
      expect(Array.from(out.data as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(seen).toHaveLength(1);
      // The kernel got a host copy, not the fake device's own buffer behind the handle.
      expect(made).not.toContain(seen[0]);
      expect(Array.from(seen[0]?.data as Int32Array)).toEqual([2, 3]);
      expect(fake.devices[0]?.stats.downloads).toBeGreaterThanOrEqual(2);
    } finally {
      await sess.close();
    }
  });
});
