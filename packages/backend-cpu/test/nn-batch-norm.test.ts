import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpu } from '@tensorgraph/backend-cpu';
import { BUILTIN_OPS } from '@tensorgraph/core';
import {
  arrayFromJson,
  attrsFromJson,
  compareToJson,
  runKernel,
  type JsonArray,
  type KernelCase,
  type Tolerance,
} from '@tensorgraph/core/testing';

// FusedBatchNorm in inference mode: TF's CPU kernel leaves reserve_space_1/2 uninitialized,
// so the fixture keeps their dtype and shape only and these cases compare the other outputs.
interface PartialCase extends KernelCase {
  readonly compare_outputs: readonly number[];
}

const fixture = JSON.parse(
  readFileSync(
    new URL('../../conformance/fixtures/ops/nn-batch-norm.json', import.meta.url),
    'utf8',
  ),
) as { tolerance: Record<string, Tolerance>; partial_cases: PartialCase[] };
const backend = cpu();

describe('FusedBatchNorm inference outputs (nn-batch-norm.json partial_cases)', () => {
  it.each(fixture.partial_cases.map((c) => [`${c.op} (${c.note ?? ''})`, c] as const))(
    '%s',
    async (_label, kcase) => {
      const opDef = BUILTIN_OPS.get(kcase.op);
      const attrs = attrsFromJson(opDef, kcase.attrs);
      const inputs = kcase.inputs.map(([, spec]) => arrayFromJson(spec as JsonArray));
      attrs['T'] ??= inputs[0]?.dtype ?? 'float32';
      attrs['U'] ??= 'float32';
      const outputs = await runKernel({ op: kcase.op, attrs, inputs, backend });
      const expected = kcase.outputs ?? [];
      expect(outputs.length).toBe(expected.length);
      expected.forEach((want, i) => {
        const got = outputs[i];
        expect(got?.dtype).toBe(want.dtype);
        expect(got?.shape).toEqual(want.shape);
        if (kcase.compare_outputs.includes(i) && got) {
          const tol = fixture.tolerance[want.dtype] ?? {};
          expect(compareToJson(got, want, tol)).toBeNull();
        }
      });
    },
  );
});
