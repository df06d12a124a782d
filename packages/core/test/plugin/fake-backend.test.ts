import { InternalError } from '@tensorgraph/errors';
import { describe, expect, it } from 'vitest';
import { fakeBackend } from '@tensorgraph/core/testing';
import { NDArray } from '../../src/index.js';

const prefix = '/job:localhost/replica:0/task:0';

describe('fake backend', () => {
  it('creates named devices, honouring maxDevices', async () => {
    const backend = fakeBackend({ deviceType: 'FAKE', deviceCount: 3 });
    expect(await backend.isAvailable()).toEqual({ available: true });
    const devices = await backend.createDevices({ namePrefix: prefix, maxDevices: 2 });
    expect(devices.map((d) => d.attributes.name)).toEqual([
      `${prefix}/device:FAKE:0`,
      `${prefix}/device:FAKE:1`,
    ]);
    expect(devices[0]!.attributes.deviceType).toBe('FAKE');
  });

  it('an unavailable backend says why and creates nothing', async () => {
    const backend = fakeBackend({ available: 'no hardware in this test' });
    expect(await backend.isAvailable()).toEqual({
      available: false,
      reason: 'no hardware in this test',
    });
    expect(await backend.createDevices({ namePrefix: prefix })).toEqual([]);
  });

  it('uploads and downloads copies, and counts what it holds', async () => {
    const [device] = await fakeBackend().createDevices({ namePrefix: prefix });
    if (device === undefined) throw new Error('no device');
    const host = new NDArray('float32', [2], new Float32Array([1, 2]));
    const t = device.upload(host);
    host.data[0] = 99; // the device holds its own copy
    expect(t.shape).toEqual([2]);
    expect(t.device).toBe(`${prefix}/device:FAKE:0`);
    const back = await device.download(t);
    expect(Array.from(back.data as Float32Array)).toEqual([1, 2]);
    const z = device.allocate('int64', [3]);
    expect(device.stats).toEqual({ allocations: 1, uploads: 1, downloads: 1, frees: 0, live: 2 });
    device.free(t);
    device.free(z);
    expect(device.stats.live).toBe(0);
    expect(() => device.free(t)).toThrow(InternalError);
    await expect(device.download(t)).rejects.toBeInstanceOf(InternalError);
    await device.dispose();
    expect(() => device.allocate('float32', [1])).toThrow(/has been disposed/);
  });
});
