import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cuda } from '@tensorgraph/backend-cuda';
import { addonPath, loadAddon, loadAddonFrom, type NativeAddon } from '../src/addon.js';

const packageRoot = new URL('..', import.meta.url).pathname;
const nvccPresent =
  existsSync('/usr/local/cuda/lib64/libcudart_static.a') || !!process.env.CUDA_HOME;
const load = loadAddon();
const addon = load.addon as NativeAddon;

describe('the install script', () => {
  it('skips with one clear line and exit 0 when there is no CUDA toolkit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-cuda-'));
    try {
      for (const p of ['scripts', 'native', 'binding.gyp']) {
        cpSync(join(packageRoot, p), join(dir, p), { recursive: true });
      }
      const run = spawnSync(process.execPath, [join(dir, 'scripts', 'build-addon.mjs')], {
        env: { ...process.env, TG_CUDA_CANDIDATES: '/nonexistent/cuda' },
        encoding: 'utf8',
      });
      expect(run.status).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^@tensorgraph\/backend-cuda: skipping native build: no CUDA toolkit/,
      );
      const status = JSON.parse(readFileSync(join(dir, 'build', 'addon-status.json'), 'utf8'));
      expect(status.built).toBe(false);
      expect(existsSync(join(dir, 'build', 'Release', 'tg_cuda.node'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!nvccPresent)('built the addon here, where nvcc exists, and it loads', () => {
    expect(load.addon, load.addon === null ? load.reason : '').not.toBeNull();
    expect(typeof addon.deviceCount).toBe('function');
  });
});

describe('availability', () => {
  it('a missing addon is a reason, not a crash', () => {
    const missing = loadAddonFrom(join(packageRoot, 'no-such-dir', 'tg_cuda.node'));
    expect(missing.addon).toBeNull();
    expect(missing.addon === null && missing.reason).toMatch(/the CUDA addon was not built/);
  });

  it.skipIf(load.addon === null)(
    'reports the CUDA error when there is no driver or device',
    async () => {
      const found = addon.deviceCount();
      const backend = cuda();
      const state = await backend.isAvailable();
      if (found.count > 0) {
        expect(state.available).toBe(true);
        return;
      }
      // This machine: no libcuda, so cudart says cudaErrorInsufficientDriver (35).
      expect(state.available).toBe(false);
      const reason = state.available ? '' : state.reason;
      expect(reason).toContain(found.error ?? 'no CUDA devices are visible');
      if (found.error !== null)
        expect(reason).toMatch(
          /^CUDA is unavailable: cudaGetDeviceCount failed with cuda\w+ \(\d+\)/,
        );
      // No devices, no silent CPU fallback.
      expect(
        await backend.createDevices({ namePrefix: '/job:localhost/replica:0/task:0' }),
      ).toEqual([]);
      // Opening a device throws a JS error that names the CUDA error.
      expect(() => addon.open(0, 0, false)).toThrow(found.error ?? /cuda/);
    },
  );

  it('names the addon path it loads', () => {
    expect(addonPath()).toMatch(/tg_cuda\.node$/);
  });
});

describe.skipIf(load.addon === null)('argument validation in the addon', () => {
  it('throws JS errors for bad input, never crashing the process', () => {
    const id = addon.open(-1, 1 << 20, true);
    const x = addon.alloc(id, 4096);
    const y = addon.alloc(id, 4096);
    // Wrong types.
    expect(() => addon.unary('0' as unknown as number, 0, x, y, 4)).toThrow(TypeError);
    expect(() => addon.unary(id, 0, 1 as unknown as bigint, y, 4)).toThrow(TypeError);
    expect(() => addon.unary(id, 0, x, y, '4' as unknown as number)).toThrow(TypeError);
    expect(() => addon.upload(id, x, [1, 2] as unknown as Float32Array)).toThrow(TypeError);
    expect(() => (addon.unary as (...a: unknown[]) => void)(id, 0, x)).toThrow(
      /expects 5 arguments/,
    );
    expect(() => addon.matmul(id, x, y, y, null as never, false)).toThrow(TypeError);
    // Null, unknown and freed handles.
    expect(() => addon.unary(id, 0, 0n, y, 4)).toThrow(/null or invalid address/);
    expect(() => addon.unary(id, 0, x + 8n, y, 4)).toThrow(/not a live allocation/);
    expect(() => addon.unary(9999, 0, x, y, 4)).toThrow(/unknown or closed device/);
    // Sizes past the allocation, negative sizes, bad enums.
    expect(() => addon.unary(id, 0, x, y, 4096)).toThrow(/needs 16384 bytes, allocation has 4096/);
    expect(() => addon.unary(id, 0, x, y, -1)).toThrow(RangeError);
    expect(() => addon.unary(id, 99, x, y, 4)).toThrow(RangeError);
    expect(() => addon.upload(id, x, new Float32Array(2048))).toThrow(RangeError);
    expect(() => addon.binary(id, 0, x, y, y, [4, 4], [4, 1], [1])).toThrow(/strides for rank 2/);
    expect(() => addon.binary(id, 0, x, y, y, [1024, 2], [2, 1], [2, 1])).toThrow(
      /needs 8192 bytes/,
    );
    expect(() => addon.stridedCopy(id, 4, x, 0, [-1], y, 0, [1], [4])).toThrow(/before its start/);
    expect(() => addon.stridedCopy(id, 3, x, 0, [1], y, 0, [1], [4])).toThrow(/elemSize/);
    expect(() => addon.binary(id, 0, x, y, y, [1, 1, 1, 1, 1, 1, 1, 1, 1], [], [])).toThrow(
      /at most 8/,
    );
    expect(() =>
      addon.conv2d(id, x, y, y, {
        n: 1,
        h: 64,
        w: 64,
        c: 1,
        kh: 1,
        kw: 1,
        oc: 1,
        oh: 64,
        ow: 64,
        strideH: 1,
        strideW: 1,
        dilationH: 1,
        dilationW: 1,
        padTop: 0,
        padLeft: 0,
        inStrides: [4096, 64, 1, 1],
        outStrides: [4096, 64, 1, 1],
      }),
    ).toThrow(/x needs 16384 bytes/);
    // Double free, then use after close.
    addon.free(id, y);
    expect(() => addon.free(id, y)).toThrow(/not a live allocation/);
    addon.close(id);
    expect(() => addon.alloc(id, 4)).toThrow(/unknown or closed device/);
  });

  it('an emulated device runs a kernel and copies back', async () => {
    const id = addon.open(-1, 0, true);
    const x = addon.alloc(id, 16);
    const y = addon.alloc(id, 16);
    addon.upload(id, x, new Float32Array([1, -2, 3, -4]));
    addon.unary(id, 9, x, y, 4); // Relu
    expect(Array.from(new Float32Array(await addon.download(id, y, 16)))).toEqual([1, 0, 3, 0]);
    expect(addon.memoryStats(id).inUse).toBe(1024);
    addon.close(id);
  });

  it('a memory limit is ResourceExhausted with the bytes', () => {
    const id = addon.open(-1, 1 << 20, true);
    let err: (Error & { code?: string; bytes?: number }) | undefined;
    try {
      addon.alloc(id, 4 << 20);
    } catch (e) {
      err = e as Error & { code?: string; bytes?: number };
    }
    expect(err?.code).toBe('RESOURCE_EXHAUSTED');
    expect(err?.bytes).toBe(4 << 20);
    addon.close(id);
  });
});
