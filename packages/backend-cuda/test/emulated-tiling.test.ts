import { describe, expect, it } from 'vitest';
import { cuda } from '@tensorgraph/backend-cuda';
import { NDArray } from '@tensorgraph/core';
import { runKernel } from '@tensorgraph/core/testing';
import { loadAddon } from '../src/addon.js';

// The fixtures' tensors are small; these shapes span several 64x64 GEMM tiles and 16-deep k
// steps with ragged edges, and rows long enough for the block reductions, so the device
// kernels' phases (run one after another on the host) are covered.
const built = loadAddon().addon !== null;

function seeded(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

function expectClose(got: Float32Array, want: Float64Array): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  got.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (want[i] as number)))));
  expect(worst).toBeLessThan(1e-4);
}

describe.skipIf(!built)('tiled GEMM on the emulated device', () => {
  const backend = cuda({ emulate: true });

  it('MatMul 130x70 @ 70x150 with transposes', async () => {
    const [m, k, n] = [130, 70, 150];
    const a = seeded(m * k, 1);
    const b = seeded(k * n, 2);
    // a given transposed ([k, m]), b as is.
    const at = new Float32Array(k * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) at[j * m + i] = a[i * k + j] as number;
    const want = new Float64Array(m * n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += (a[i * k + p] as number) * (b[p * n + j] as number);
        want[i * n + j] = s;
      }
    const [y] = await runKernel({
      op: 'MatMul',
      inputs: [new NDArray('float32', [k, m], at), new NDArray('float32', [k, n], b)],
      attrs: { transpose_a: true },
      backend,
    });
    expect(y?.shape).toEqual([m, n]);
    expectClose(y?.data as Float32Array, want);
  });

  it('BatchMatMulV2 broadcasting [3,1,40,33] @ [2,33,70]', async () => {
    const a = seeded(3 * 40 * 33, 3);
    const b = seeded(2 * 33 * 70, 4);
    const want = new Float64Array(3 * 2 * 40 * 70);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 2; j++)
        for (let r = 0; r < 40; r++)
          for (let c = 0; c < 70; c++) {
            let s = 0;
            for (let p = 0; p < 33; p++) {
              s += (a[(i * 40 + r) * 33 + p] as number) * (b[(j * 33 + p) * 70 + c] as number);
            }
            want[((i * 2 + j) * 40 + r) * 70 + c] = s;
          }
    const [y] = await runKernel({
      op: 'BatchMatMulV2',
      inputs: [new NDArray('float32', [3, 1, 40, 33], a), new NDArray('float32', [2, 33, 70], b)],
      backend,
    });
    expect(y?.shape).toEqual([3, 2, 40, 70]);
    expectClose(y?.data as Float32Array, want);
  });

  it('Conv2D 2x9x11x20 * 3x3x20x70, stride 2, SAME, as an implicit GEMM', async () => {
    const [n, h, w, c, oc] = [2, 9, 11, 20, 70];
    const x = seeded(n * h * w * c, 5);
    const f = seeded(9 * c * oc, 6);
    const [oh, ow] = [5, 6];
    const [pt, pl] = [1, 1]; // SAME: total (5-1)*2+3-9 = 2 -> 1 before; (6-1)*2+3-11 = 2 -> 1
    const want = new Float64Array(n * oh * ow * oc);
    for (let b = 0; b < n; b++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++)
          for (let o = 0; o < oc; o++) {
            let s = 0;
            for (let kh = 0; kh < 3; kh++)
              for (let kw = 0; kw < 3; kw++) {
                const ih = i * 2 - pt + kh;
                const iw = j * 2 - pl + kw;
                if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                for (let q = 0; q < c; q++) {
                  s +=
                    (x[((b * h + ih) * w + iw) * c + q] as number) *
                    (f[((kh * 3 + kw) * c + q) * oc + o] as number);
                }
              }
            want[((b * oh + i) * ow + j) * oc + o] = s;
          }
    const [y] = await runKernel({
      op: 'Conv2D',
      inputs: [new NDArray('float32', [n, h, w, c], x), new NDArray('float32', [3, 3, c, oc], f)],
      attrs: { strides: [1, 2, 2, 1], padding: 'SAME' },
      backend,
    });
    expect(y?.shape).toEqual([n, oh, ow, oc]);
    expectClose(y?.data as Float32Array, want);
  });

  it('Softmax and Sum over rows longer than one block', async () => {
    const [rows, cols] = [3, 1000];
    const x = seeded(rows * cols, 7).map((v) => v * 8);
    const want = new Float64Array(rows * cols);
    const sums = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let mx = -Infinity;
      for (let c = 0; c < cols; c++) mx = Math.max(mx, x[r * cols + c] as number);
      let sum = 0;
      for (let c = 0; c < cols; c++) sum += Math.exp((x[r * cols + c] as number) - mx);
      for (let c = 0; c < cols; c++) {
        want[r * cols + c] = Math.exp((x[r * cols + c] as number) - mx) / sum;
        sums[r] = (sums[r] as number) + (x[r * cols + c] as number);
      }
    }
    const input = new NDArray('float32', [rows, cols], x);
    const [y] = await runKernel({ op: 'Softmax', inputs: [input], backend });
    expectClose(y?.data as Float32Array, want);
    const [s] = await runKernel({
      op: 'Sum',
      inputs: [input, NDArray.from([1], 'int32')],
      backend,
    });
    expect(s?.shape).toEqual([rows]);
    Array.from(s?.data as Float32Array).forEach((v, r) =>
      expect(v).toBeCloseTo(sums[r] as number, 2),
    );
  });
});
