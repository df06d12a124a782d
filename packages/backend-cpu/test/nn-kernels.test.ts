import { describe, expect, it } from 'vitest';
import { cpu } from '@tensorgraph/backend-cpu';
import { NDArray } from '@tensorgraph/core';
import { runKernel } from '@tensorgraph/core/testing';

const backend = cpu();

function seeded(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

describe('Conv2D on CPU', () => {
  it('runs a 1x56x56x64 * 3x3x64x64 SAME convolution in well under a second', async () => {
    const x = new NDArray('float32', [1, 56, 56, 64], seeded(56 * 56 * 64, 1));
    const f = new NDArray('float32', [3, 3, 64, 64], seeded(3 * 3 * 64 * 64, 2));
    const attrs = { strides: [1, 1, 1, 1], padding: 'SAME' };
    await runKernel({ op: 'Conv2D', inputs: [x, f], attrs, backend }); // warm-up
    const t0 = performance.now();
    const [y] = await runKernel({ op: 'Conv2D', inputs: [x, f], attrs, backend });
    const ms = performance.now() - t0;
    console.log(`Conv2D 1x56x56x64 * 3x3x64x64: ${ms.toFixed(0)} ms`);
    expect(y?.shape).toEqual([1, 56, 56, 64]);
    // One output element against a direct sum.
    const [oh, ow, co] = [20, 31, 17];
    let want = 0;
    for (let kh = 0; kh < 3; kh++) {
      for (let kw = 0; kw < 3; kw++) {
        for (let ci = 0; ci < 64; ci++) {
          const xv = x.data[((oh + kh - 1) * 56 + (ow + kw - 1)) * 64 + ci] as number;
          want += xv * (f.data[((kh * 3 + kw) * 64 + ci) * 64 + co] as number);
        }
      }
    }
    expect((y?.data as Float32Array)[(oh * 56 + ow) * 64 + co]).toBeCloseTo(want, 4);
    expect(ms).toBeLessThan(3000);
  });
});
