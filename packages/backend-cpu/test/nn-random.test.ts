import { describe, expect, it } from 'vitest';
import { cpu } from '@tensorgraph/backend-cpu';
import { arrayFromJson, runKernel } from '@tensorgraph/core/testing';

// With both seeds 0 TF draws a fresh random seed per node, so there is no stream to pin in a
// fixture: each node's numbers must differ and stay in the op's range. (The seeded runs that
// continue TF's Philox stream are nn-random.json's `runs` cases in @tensorgraph/conformance.)
describe('seed == seed2 == 0', () => {
  const backend = cpu();
  const shape = arrayFromJson({ dtype: 'int32', shape: [1], values: [64] });

  it.each(['RandomUniform', 'RandomStandardNormal', 'TruncatedNormal'])(
    '%s draws fresh random seeds per node',
    async (op) => {
      const attrs = { dtype: 'float32', seed: 0, seed2: 0 };
      const [a] = await runKernel({ op, attrs, inputs: [shape], backend });
      const [b] = await runKernel({ op, attrs, inputs: [shape], backend });
      const x = Array.from(a?.data as Float32Array);
      const y = Array.from(b?.data as Float32Array);
      expect(x).toHaveLength(64);
      expect(x).not.toEqual(y);
      for (const v of x) {
        expect(Number.isFinite(v)).toBe(true);
        if (op === 'RandomUniform') expect(v >= 0 && v < 1).toBe(true);
        if (op === 'TruncatedNormal') expect(Math.abs(v)).toBeLessThan(2);
      }
    },
  );

  it('RandomUniformInt stays in [minval, maxval)', async () => {
    const [out] = await runKernel({
      op: 'RandomUniformInt',
      attrs: { seed: 0, seed2: 0 },
      inputs: [
        shape,
        arrayFromJson({ dtype: 'int32', shape: [], values: [-3] }),
        arrayFromJson({ dtype: 'int32', shape: [], values: [4] }),
      ],
      backend,
    });
    for (const v of out?.data as Int32Array) expect(v >= -3 && v < 4).toBe(true);
  });
});
