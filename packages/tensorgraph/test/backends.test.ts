import { afterEach, describe, expect, it } from 'vitest';
import { fakeBackend } from '@tensorgraph/core/testing';
import * as tf from 'tensorgraph';

const CPU0 = '/job:localhost/replica:0/task:0/device:CPU:0';

afterEach(() => tf.resetBackends());

describe('default backends', () => {
  it('are CPU, then CUDA (GPU) and WebGPU (WEBGPU) loaded lazily', () => {
    const b = tf.getBackends();
    expect(b.map((x) => [x.name, x.deviceType])).toEqual([
      ['cpu', 'CPU'],
      ['cuda', 'GPU'],
      ['webgpu', 'WEBGPU'],
    ]);
    expect(b[1]).toBeInstanceOf(tf.LazyBackend);
    expect((b[1] as tf.LazyBackend).source).toBe(tf.CUDA_PACKAGE);
    expect((b[2] as tf.LazyBackend).source).toBe(tf.WEBGPU_PACKAGE);
  });

  it('diagnose() in Node: CPU available, WebGPU opt-in, CUDA says why (or shows its GPUs)', async () => {
    let printed = '';
    const report = await tf.diagnose({ print: (t) => (printed = t) });
    expect(report.runtime).toBe('node');
    const [cpu, cuda, webgpu] = report.backends;
    expect(cpu).toMatchObject({
      name: 'cpu',
      status: 'available',
      source: '@tensorgraph/backend-cpu',
    });
    expect(cpu!.devices.map((d) => d.name)).toEqual([CPU0]);
    expect(webgpu).toMatchObject({ name: 'webgpu', status: 'not loaded' });
    expect(webgpu!.reason).toMatch(/only in browsers.*registerBackend\(webgpu\(\)\)/);
    // On a machine without the CUDA package or a GPU, the reason is the point of diagnose().
    if (cuda!.status === 'available') expect(cuda!.devices.length).toBeGreaterThan(0);
    else expect(cuda!.reason).toMatch(/\S/);
    expect(printed).toContain(`✓ cpu`);
    expect(printed).toContain(CPU0);
    expect(printed).toContain('✗ webgpu');
    expect(printed).toContain(`why: ${webgpu!.reason}`);
  });

  it('a backend package that fails to load is "failed" with the error, and sessions still run', async () => {
    const broken = new tf.LazyBackend({
      name: 'cuda',
      deviceType: 'GPU',
      priority: 200,
      source: '@acme/missing',
      load: () => Promise.reject(new Error("Cannot find package '@acme/missing'")),
    });
    tf.registerBackend(broken);
    const report = await tf.diagnose({ print: false });
    const gpu = report.backends.find((b) => b.deviceType === 'GPU');
    expect(gpu).toMatchObject({
      status: 'failed',
      reason: "@acme/missing did not load: Cannot find package '@acme/missing'",
    });
    await new tf.Graph().asDefault(async () => {
      const c = tf.mul(tf.constant(2.0), tf.constant(21.0));
      await using sess = new tf.Session();
      expect((await sess.run(c)).item()).toBe(42);
      expect((await sess.listDevices()).map((d) => d.name)).toEqual([CPU0]);
    });
  });

  it('a lazy backend that loads delegates kernels, priority and devices to the real one', async () => {
    const fake = fakeBackend({ deviceType: 'FAKE', priority: 77 });
    const lazy = new tf.LazyBackend({
      name: 'fake',
      deviceType: 'FAKE',
      priority: 1,
      source: '@acme/fake',
      load: () => Promise.resolve(fake),
    });
    expect(lazy.loadState.state).toBe('pending');
    expect(lazy.priority).toBe(1);
    expect(await lazy.isAvailable()).toEqual({ available: true });
    expect(lazy.priority).toBe(77);
    expect(lazy.kernels).toBe(fake.kernels);
    const report = await tf.diagnose({ backends: [lazy], print: false });
    expect(report.backends[0]).toMatchObject({ status: 'available', priority: 77 });
    expect(report.backends[0]!.devices.map((d) => d.name)).toEqual([
      '/job:localhost/replica:0/task:0/device:FAKE:0',
    ]);
  });

  it('a lazy backend skipped in this runtime is "not loaded" and makes no devices', async () => {
    const lazy = new tf.LazyBackend({
      name: 'x',
      deviceType: 'X',
      priority: 1,
      source: '@acme/x',
      load: () => Promise.resolve('needs a browser'),
    });
    expect(await lazy.isAvailable()).toEqual({ available: false, reason: 'needs a browser' });
    expect(await lazy.createDevices({ namePrefix: '/job:localhost/replica:0/task:0' })).toEqual([]);
  });

  it('registerBackend replaces a default of the same device type; removeBackend drops by name', () => {
    tf.registerBackend(fakeBackend({ name: 'my-gpu', deviceType: 'GPU' }));
    expect(tf.getBackends().map((b) => b.name)).toEqual(['cpu', 'webgpu', 'my-gpu']);
    expect(tf.removeBackend('my-gpu')).toBe(true);
    expect(tf.removeBackend('my-gpu')).toBe(false);
    tf.resetBackends();
    expect(tf.getBackends().map((b) => b.name)).toEqual(['cpu', 'cuda', 'webgpu']);
  });
});
