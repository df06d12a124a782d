import { afterAll, describe, expect, it } from 'vitest';
import type { AttrValue, NDArray } from '@tensorgraph/core';
import { WasmRuntime } from '../../src/wasm/runtime.js';
import { device, f32, run, sameBits } from './helpers.js';

// Work is split between threads by output rows or (few rows, many columns) by output
// columns, never inside a reduction, and threads take the chunks in whatever order they
// come: every thread count must give the same bits.
const one = device(true, 1);
const two = device(true, 2);
const three = device(true, 3);
const rt = WasmRuntime.get();

afterAll(async () => {
  await Promise.all([one.dispose(), two.dispose(), three.dispose()]);
});

describe('the worker-thread pool', () => {
  it('starts its workers', async () => {
    expect(rt).not.toBeNull();
    expect(two.wasm).toBe(rt);
    expect(await rt!.warmUp(3)).toBe(true);
  });

  const cases: [string, string, number[][], Record<string, AttrValue>][] = [
    [
      'MatMul 203x257x131',
      'MatMul',
      [
        [203, 257],
        [257, 131],
      ],
      {},
    ],
    [
      'MatMul transposed',
      'MatMul',
      [
        [300, 90],
        [70, 300],
      ],
      { transpose_a: true, transpose_b: true },
    ],
    [
      'BatchMatMulV2',
      'BatchMatMulV2',
      [
        [3, 128, 96],
        [96, 100],
      ],
      {},
    ],
    [
      'Conv2D 3x3 SAME',
      'Conv2D',
      [
        [1, 30, 29, 32],
        [3, 3, 32, 40],
      ],
      { strides: [1, 1, 1, 1], padding: 'SAME' },
    ],
    [
      'Conv2D 1x1',
      'Conv2D',
      [
        [2, 20, 20, 48],
        [1, 1, 48, 72],
      ],
      { strides: [1, 1, 1, 1], padding: 'VALID' },
    ],
    [
      'Conv2D 3 channels, stride 2 (gathered over taps)',
      'Conv2D',
      [
        [1, 80, 79, 3],
        [3, 3, 3, 32],
      ],
      { strides: [1, 2, 2, 1], padding: 'SAME' },
    ],
    [
      'Conv2D 16 channels 6x6 dilated (gathered, K over two blocks)',
      'Conv2D',
      [
        [2, 19, 18, 16],
        [6, 6, 16, 12],
      ],
      { strides: [1, 1, 1, 1], padding: 'SAME', dilations: [1, 2, 1, 1] },
    ],
    [
      'MatMul one row (split by columns)',
      'MatMul',
      [
        [1, 1280],
        [1280, 300],
      ],
      {},
    ],
    [
      'Conv2D 1x1 at 7x7, 96 -> 200 (split by columns)',
      'Conv2D',
      [
        [1, 7, 7, 96],
        [1, 1, 96, 200],
      ],
      { strides: [1, 1, 1, 1], padding: 'VALID' },
    ],
    [
      'Conv2D 3x3 SAME at 5x6, 64 -> 75 (split by columns, a short last panel)',
      'Conv2D',
      [
        [1, 5, 6, 64],
        [3, 3, 64, 75],
      ],
      { strides: [1, 1, 1, 1], padding: 'SAME' },
    ],
    [
      '_FusedConv2D 1x1 BiasAdd+Relu6 at 7x7 (split by columns, epilogue per column)',
      '_FusedConv2D',
      [[1, 7, 7, 160], [1, 1, 160, 320], [320]],
      {
        strides: [1, 1, 1, 1],
        padding: 'VALID',
        fused_ops: ['BiasAdd', 'Relu6'],
        num_args: 1,
        TArgs: ['float32'],
      },
    ],
    [
      'AvgPool',
      'AvgPool',
      [[2, 112, 112, 32]],
      { ksize: [1, 3, 3, 1], strides: [1, 1, 1, 1], padding: 'SAME' },
    ],
    [
      'DepthwiseConv2dNative',
      'DepthwiseConv2dNative',
      [
        [1, 64, 64, 96],
        [3, 3, 96, 1],
      ],
      { strides: [1, 1, 1, 1], padding: 'SAME' },
    ],
    [
      'DepthwiseConv2dNative stride 2 EXPLICIT, 30 channels',
      'DepthwiseConv2dNative',
      [
        [1, 160, 161, 30],
        [3, 3, 30, 1],
      ],
      { strides: [1, 2, 2, 1], padding: 'EXPLICIT', explicit_paddings: [0, 0, 0, 1, 1, 1, 0, 0] },
    ],
  ];
  for (const [name, op, shapes, attrs] of cases) {
    it(`${name}: bit-identical on 1, 2 and 3 threads`, async () => {
      await rt!.warmUp(3);
      const inputs = shapes.map((s, i) => f32(s, 5 + i));
      const y1 = await run(one, op, inputs, attrs);
      expect(rt!.lastParts).toBe(1);
      const y2 = await run(two, op, inputs, attrs);
      expect(rt!.lastParts).toBe(2);
      const y3 = await run(three, op, inputs, attrs);
      expect(rt!.lastParts).toBe(3);
      expect(sameBits(y1, y2)).toBe(true);
      expect(sameBits(y1, y3)).toBe(true);
    });
  }

  it('gives the same bits over many back-to-back jobs (workers claiming late or not at all)', async () => {
    await rt!.warmUp(3);
    const byRows = [f32([64, 96], 11), f32([96, 64], 12)];
    const byCols = [f32([2, 200], 13), f32([200, 1500], 14)];
    const want = [await run(one, 'MatMul', byRows), await run(one, 'MatMul', byCols)];
    for (let i = 0; i < 200; i++) {
      const dev = i % 3 === 0 ? three : two;
      expect(sameBits(await run(dev, 'MatMul', byRows), want[0] as NDArray)).toBe(true);
      expect(rt!.lastParts).toBeGreaterThan(1);
      expect(sameBits(await run(dev, 'MatMul', byCols), want[1] as NDArray)).toBe(true);
      expect(rt!.lastParts).toBeGreaterThan(1);
    }
  });

  it('lets idle workers sleep (no CPU burnt between steps)', async () => {
    await rt!.warmUp(3);
    await run(three, 'MatMul', [f32([200, 200], 3), f32([200, 200], 4)]);
    expect(rt!.lastParts).toBe(3);
    // Workers poll for 50 us after a job, then sleep: over 300 ms idle the process
    // (all its threads) uses a small fraction of one core, where two polling workers
    // would use 600 ms.
    await new Promise((r) => setTimeout(r, 20));
    const before = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 300));
    const used = process.cpuUsage(before);
    expect((used.user + used.system) / 1000).toBeLessThan(100);
  });

  it('keeps small work on the calling thread', async () => {
    await run(three, 'MatMul', [f32([8, 8], 1), f32([8, 8], 2)]);
    expect(rt!.lastParts).toBe(1);
  });

  it('stops its workers when the last device using it is disposed', async () => {
    const d = device(true, 2);
    expect(d.wasm).toBe(rt);
    await Promise.all([one.dispose(), two.dispose(), three.dispose(), d.dispose()]);
    // A fresh device starts a fresh pool, which works like the first.
    const again = device(true, 2);
    expect(again.wasm).toBe(rt);
    expect(await rt!.warmUp(2)).toBe(true);
    const inputs = [f32([200, 200], 3), f32([200, 200], 4)];
    const y = await run(again, 'MatMul', inputs);
    expect(rt!.lastParts).toBe(2);
    expect(sameBits(y, await run(device(true, 1), 'MatMul', inputs))).toBe(true);
    await again.dispose();
  });
});
