import { afterAll, describe, expect, it } from 'vitest';
import type { AttrValue } from '@tensorgraph/core';
import { WasmRuntime } from '../../src/wasm/runtime.js';
import { device, f32, run, sameBits } from './helpers.js';

// Work is split between threads by output rows only (never inside a reduction), so every
// thread count must give the same bits.
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
