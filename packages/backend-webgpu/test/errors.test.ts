import { describe, expect, it } from 'vitest';
import { InternalError, ResourceExhaustedError } from '@tensorgraph/errors';
import { webgpu, type WebGpuDevice } from '@tensorgraph/backend-webgpu';
import { defineKernel, NDArray, ops, type Backend } from '@tensorgraph/core';
import { runKernel } from '@tensorgraph/core/testing';
import { sharedDevice, UNAVAILABLE } from './gpu-env.js';

describe('WEBGPU availability', () => {
  it('says why when Dawn has no adapter for the requested backend', async () => {
    const backend = webgpu({ backend: 'no-such-backend' });
    const availability = await backend.isAvailable();
    expect(availability.available).toBe(false);
    if (!availability.available)
      expect(availability.reason).toMatch(/no WebGPU adapter|did not load/);
    expect(await backend.createDevices({ namePrefix: '/job:localhost/replica:0/task:0' })).toEqual(
      [],
    );
  });
});

describe.skipIf(UNAVAILABLE !== null)(`WEBGPU errors (${UNAVAILABLE ?? 'Dawn'})`, () => {
  it('a shader that does not compile is an InternalError naming the kernel', async () => {
    const device = await sharedDevice();
    const broken = defineKernel(ops.Relu, {
      deviceType: 'WEBGPU',
      create: () => (ctx) => {
        const out = ctx.allocateOutput(0, [4]);
        return (ctx.device as WebGpuDevice).run({
          name: `Relu (${ctx.nodeName})`,
          code: 'fn main( { this is not WGSL',
          inputs: [ctx.input(0)],
          outputs: [out],
          workgroups: [1, 1, 1],
        });
      },
    });
    const backend: Backend = { ...webgpu(), kernels: [broken] };
    const run = runKernel({
      op: 'Relu',
      inputs: [NDArray.from([1, -2, 3, -4], 'float32')],
      backend,
      device,
      nodeName: 'bad_relu',
    });
    await expect(run).rejects.toThrow(InternalError);
    await expect(run).rejects.toThrow(/bad_relu.*WGSL shader failed to compile/);
    // The device stays usable for the next kernel.
    const ok = await runKernel({
      op: 'Relu',
      inputs: [NDArray.from([1, -2], 'float32')],
      backend: webgpu(),
      device,
    });
    expect(Array.from((ok[0] as NDArray).data as Float32Array)).toEqual([1, 0]);
  });

  it('an allocation over the memory limit is a ResourceExhaustedError (OOM)', async () => {
    const backend = webgpu({ memoryLimitBytes: 1 << 20 });
    const [device] = (await backend.createDevices({
      namePrefix: '/job:localhost/replica:0/task:0',
    })) as WebGpuDevice[];
    try {
      const held = device!.allocate('float32', [1 << 18]);
      expect(() => device!.allocate('float32', [1 << 18])).toThrow(ResourceExhaustedError);
      expect(() => device!.allocate('float32', [1 << 18])).toThrow(
        /OOM when allocating tensor with shape\[262144\]/,
      );
      device!.free(held);
      expect(device!.allocate('float32', [1 << 18]).shape).toEqual([1 << 18]);
    } finally {
      await device!.dispose();
    }
  });
});
