import { describe, expect, it } from 'vitest';
import type { NDArray } from '@tensorgraph/core';
import { compareToJson, type JsonArray } from '@tensorgraph/core/testing';
import { cpu } from '@tensorgraph/backend-cpu';
import { loadPrograms, replay } from './kernel-programs.js';

// TensorArrayV3 programs as TF 2.21 ran them (tools/oracle/zoo_tensor_array_cases.py): each
// step is one kernel call, its outputs (the handle, the flow) feeding later steps.
const FIXTURE = {
  programs: loadPrograms(new URL('./fixtures/tensor-array.json', import.meta.url)),
};
const backend = cpu();

/** TF numbers TensorArrays process-wide (`TensorArray s0_13:`); the number is not the point. */
const unnumbered = (m: string | undefined) => m?.replace(/^(TensorArray \S+?)_\d+:/, '$1_N:');

const runnable = FIXTURE.programs.filter((p) => p.build_error === undefined);

describe('TensorArrayV3 kernels against TF', () => {
  it('has the programs', () => expect(runnable.length).toBe(30));

  it.each(runnable.map((p) => [p.name, p] as const))('%s', async (_name, program) => {
    if (program.error) {
      const error = await replay(program, backend).then(
        () => null,
        (e: Error & { step?: number }) => e,
      );
      expect(error?.name).toBe(program.error.class);
      expect(unnumbered(error?.message)).toBe(unnumbered(program.error.message));
      expect(error?.step).toBe(program.error.step);
      return;
    }
    const results = await replay(program, backend);
    (program.fetch ?? []).forEach(([s, o], i) => {
      const got = results[s]?.[o] as NDArray;
      expect(compareToJson(got, (program.outputs as JsonArray[])[i] as JsonArray)).toBeNull();
    });
  });
});
