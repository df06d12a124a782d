import { describe, expect, it } from 'vitest';
import type { AttrValue } from '@tensorgraph/core';
import { wasmFeatures } from '../../src/wasm/features.js';
import { NDArray } from '@tensorgraph/core';
import { device, f32, maxRelErr, run, sameBits } from './helpers.js';

// The WebAssembly float32 kernels against the typed-array kernels (which accumulate in
// float64): shapes chosen to hit every edge of the tiling (rows not a multiple of 4,
// columns not a multiple of 8, reductions longer than one 256-row block, one-row images).
const wasm = device(true);
const js = device(false);

async function compare(
  op: string,
  shapes: number[][],
  attrs: Record<string, AttrValue>,
  tol = 1e-5,
) {
  const inputs = shapes.map((s, i) => f32(s, 17 + i));
  const got = await run(wasm, op, inputs, attrs);
  const want = await run(js, op, inputs, attrs);
  expect(maxRelErr(got, want)).toBeLessThan(tol);
  return got;
}

describe('WebAssembly SIMD kernels', () => {
  it('are available in this Node (SIMD128 is on since Node 16)', () => {
    expect(wasmFeatures().simd).toBe(true);
    expect(wasm.wasm).not.toBeNull();
    expect(js.wasm).toBeNull();
  });

  const mm: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 7],
    [4, 8, 8],
    [5, 300, 9],
    [17, 13, 33],
    [130, 20, 11],
    [9, 600, 70],
  ];
  for (const [m, k, n] of mm) {
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      it(`MatMul ${m}x${k} * ${k}x${n} transpose_a=${ta} transpose_b=${tb}`, async () => {
        const a = ta ? [k, m] : [m, k];
        const b = tb ? [n, k] : [k, n];
        const y = await compare('MatMul', [a, b], { transpose_a: ta, transpose_b: tb });
        expect(y.shape).toEqual([m, n]);
      });
    }
  }

  it('MatMul with an empty reduction gives zeros', async () => {
    const y = await compare(
      'MatMul',
      [
        [3, 0],
        [0, 5],
      ],
      {},
    );
    expect([...(y.data as Float32Array)]).toEqual(new Array(15).fill(0));
  });

  it('BatchMatMulV2 broadcasts batch dims, with adjoints', async () => {
    for (const [adjX, adjY] of [
      [false, false],
      [true, true],
    ] as const) {
      const x = adjX ? [2, 1, 5, 3] : [2, 1, 3, 5];
      const y = adjY ? [3, 6, 5] : [3, 5, 6];
      const out = await compare('BatchMatMulV2', [x, y], { adj_x: adjX, adj_y: adjY });
      expect(out.shape).toEqual([2, 3, 3, 6]);
    }
  });

  const convs: [string, number[], number[], Record<string, AttrValue>][] = [
    ['3x3 SAME', [1, 7, 9, 3], [3, 3, 3, 5], { strides: [1, 1, 1, 1], padding: 'SAME' }],
    ['3x3 VALID stride 2', [2, 9, 8, 4], [3, 3, 4, 9], { strides: [1, 2, 2, 1], padding: 'VALID' }],
    [
      '3x3 dilated 2',
      [1, 10, 11, 6],
      [3, 3, 6, 8],
      { strides: [1, 1, 1, 1], padding: 'SAME', dilations: [1, 2, 2, 1] },
    ],
    [
      '2x2, 300 input channels',
      [2, 5, 5, 300],
      [2, 2, 300, 10],
      { strides: [1, 1, 1, 1], padding: 'SAME' },
    ],
    ['1x1 pointwise', [1, 6, 6, 16], [1, 1, 16, 24], { strides: [1, 1, 1, 1], padding: 'VALID' }],
    ['1x1 stride 2', [1, 7, 7, 16], [1, 1, 16, 12], { strides: [1, 2, 2, 1], padding: 'SAME' }],
    [
      'explicit padding',
      [1, 6, 5, 3],
      [2, 3, 3, 4],
      { strides: [1, 1, 2, 1], padding: 'EXPLICIT', explicit_paddings: [0, 0, 1, 2, 0, 3, 0, 0] },
    ],
    [
      '5x5 on a one-row image',
      [1, 1, 9, 8],
      [5, 5, 8, 8],
      { strides: [1, 1, 1, 1], padding: 'SAME' },
    ],
  ];
  for (const [name, x, f, attrs] of convs) {
    it(`Conv2D ${name}`, async () => {
      await compare('Conv2D', [x, f], attrs);
    });
  }

  const depthwise: [string, number[], number[], Record<string, AttrValue>][] = [
    [
      '3x3 SAME, 37 channels',
      [1, 9, 9, 37],
      [3, 3, 37, 1],
      { strides: [1, 1, 1, 1], padding: 'SAME' },
    ],
    [
      '3x3 stride 2 VALID',
      [2, 10, 11, 32],
      [3, 3, 32, 1],
      { strides: [1, 2, 2, 1], padding: 'VALID' },
    ],
    ['5x5, 3 channels', [1, 8, 7, 3], [5, 5, 3, 1], { strides: [1, 1, 1, 1], padding: 'SAME' }],
    [
      'channel multiplier 2 (typed-array path)',
      [1, 6, 6, 8],
      [3, 3, 8, 2],
      { strides: [1, 1, 1, 1], padding: 'SAME' },
    ],
  ];
  for (const [name, x, f, attrs] of depthwise) {
    it(`DepthwiseConv2dNative ${name}`, async () => {
      await compare('DepthwiseConv2dNative', [x, f], attrs);
    });
  }

  const pools: [string, number[], Record<string, AttrValue>][] = [
    [
      '3x3 stride 2 SAME',
      [1, 9, 9, 6],
      { ksize: [1, 3, 3, 1], strides: [1, 2, 2, 1], padding: 'SAME' },
    ],
    ['2x2 VALID', [2, 8, 7, 5], { ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: 'VALID' }],
    [
      '3x2 stride 1 SAME',
      [1, 5, 6, 17],
      { ksize: [1, 3, 2, 1], strides: [1, 1, 1, 1], padding: 'SAME' },
    ],
  ];
  for (const op of ['MaxPool', 'AvgPool']) {
    for (const [name, shape, attrs] of pools) {
      it(`${op} ${name}: the same bits as the typed-array kernel`, async () => {
        const x = f32(shape, 3);
        const got = await run(wasm, op, [x], attrs);
        const want = await run(js, op, [x], attrs);
        expect(got.shape).toEqual(want.shape);
        expect(sameBits(got, want)).toBe(true);
      });
    }
  }

  it('MaxPool ignores NaN and floors at the lowest float, as TF', async () => {
    // Windows of two: [NaN, 5], [-inf, -inf], [NaN, NaN], [-0, 0] (the first zero is kept).
    const v = new Float32Array([NaN, 5, -Infinity, -Infinity, NaN, NaN, -0, 0]);
    const x = new NDArray('float32', [1, 1, 8, 1], v);
    const attrs = { ksize: [1, 1, 2, 1], strides: [1, 1, 2, 1], padding: 'VALID' };
    const got = await run(wasm, 'MaxPool', [x], attrs);
    const want = await run(js, 'MaxPool', [x], attrs);
    expect(sameBits(got, want)).toBe(true);
    const lowest = -3.4028234663852886e38;
    expect([...(got.data as Float32Array)]).toEqual([5, lowest, lowest, -0]);
  });
});
