import { describe, expect, it } from 'vitest';
import { cpu } from '@tensorgraph/backend-cpu';
import { NDArray } from '@tensorgraph/core';
import { runKernel } from '@tensorgraph/core/testing';

// FusedBatchNorm's float32 inference path (one pass, kernels/nn/fused-batch-norm.ts): per
// element (x - mean) * (scale / sqrt(fround(var + eps))) + offset in float64, rounded to
// float32 once; the channel found the same way in NHWC, NCHW and NCDHW.

function seeded(n: number, seed: number, lo = -2, hi = 2): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((hi - lo) * s) / 2 ** 32;
  }
  return out;
}

describe('FusedBatchNorm inference on float32', () => {
  const backend = cpu();
  const C = 5;
  const scale = seeded(C, 1);
  const offset = seeded(C, 2);
  const mean = seeded(C, 3);
  const variance = seeded(C, 4, 0.1, 3);
  const eps = Math.fround(0.001);
  const run = async (op: string, x: NDArray, format: string) =>
    (
      await runKernel({
        op,
        inputs: [x, ...[scale, offset, mean, variance].map((v) => new NDArray('float32', [C], v))],
        attrs: { epsilon: 0.001, data_format: format, is_training: false },
        backend,
      })
    ).map((t) => t as NDArray);
  const want = (v: number, c: number) =>
    Math.fround(
      (v - (mean[c] as number)) *
        ((scale[c] as number) / Math.sqrt(Math.fround((variance[c] as number) + eps))) +
        (offset[c] as number),
    );

  for (const op of ['FusedBatchNorm', 'FusedBatchNormV3']) {
    it(`${op}: NHWC and NCHW give the formula, channel by channel`, async () => {
      const [n, h, w] = [2, 3, 4];
      const nhwc = seeded(n * h * w * C, 5);
      const nchw = new Float32Array(nhwc.length);
      for (let b = 0; b < n; b++)
        for (let p = 0; p < h * w; p++)
          for (let c = 0; c < C; c++)
            nchw[(b * C + c) * h * w + p] = nhwc[(b * h * w + p) * C + c] as number;
      const [y1, m1, v1] = await run(op, new NDArray('float32', [n, h, w, C], nhwc), 'NHWC');
      const [y2] = await run(op, new NDArray('float32', [n, C, h, w], nchw), 'NCHW');
      expect(Array.from(y1!.data as Float32Array)).toEqual(
        Array.from(nhwc, (v, i) => want(v, i % C)),
      );
      expect(Array.from(y2!.data as Float32Array)).toEqual(
        Array.from(nchw, (v, i) => want(v, Math.floor(i / (h * w)) % C)),
      );
      // Inference passes the population statistics through.
      expect(Array.from(m1!.data as Float32Array)).toEqual(Array.from(mean));
      expect(Array.from(v1!.data as Float32Array)).toEqual(Array.from(variance));
    });
  }

  it('FusedBatchNormV3 NCDHW and an empty batch', async () => {
    const x = seeded(2 * C * 2 * 2 * 3, 6);
    const [y] = await run('FusedBatchNormV3', new NDArray('float32', [2, C, 2, 2, 3], x), 'NCDHW');
    expect(Array.from(y!.data as Float32Array)).toEqual(
      Array.from(x, (v, i) => want(v, Math.floor(i / 12) % C)),
    );
    const [e] = await run(
      'FusedBatchNormV3',
      new NDArray('float32', [0, 2, 2, C], new Float32Array(0)),
      'NHWC',
    );
    expect(e!.shape).toEqual([0, 2, 2, C]);
  });
});
