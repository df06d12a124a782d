import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NDArray } from '@tensorgraph/core';
import { BUILTIN_OPS } from '@tensorgraph/core';
import {
  arrayFromJson,
  attrsFromJson,
  compareToJson,
  runKernel,
  type JsonArray,
} from '@tensorgraph/core/testing';
import { cpu } from '@tensorgraph/backend-cpu';

// TensorArrayV3 programs as TF 2.21 ran them (tools/oracle/zoo_tensor_array_cases.py): each
// step is one kernel call, its outputs (the handle, the flow) feeding later steps.
type Spec = JsonArray | { ref: [number, number] };
interface Program {
  readonly name: string;
  readonly steps?: readonly {
    readonly op: string;
    readonly attrs: Record<string, unknown>;
    readonly inputs: readonly [string, Spec][];
  }[];
  readonly fetch?: readonly [number, number][];
  readonly outputs?: readonly JsonArray[];
  readonly error?: { class: string; message: string; step: number | null };
  readonly build_error?: unknown;
}

const FIXTURE = JSON.parse(
  readFileSync(new URL('./fixtures/tensor-array.json', import.meta.url), 'utf8'),
) as { programs: Program[] };
const backend = cpu();

async function replay(program: Program): Promise<(NDArray | null)[][]> {
  const results: (NDArray | null)[][] = [];
  for (const [k, step] of (program.steps ?? []).entries()) {
    const inputs = step.inputs.map(([, spec]) =>
      'ref' in spec
        ? (results[spec.ref[0]]?.[spec.ref[1]] as NDArray)
        : arrayFromJson(spec as JsonArray),
    );
    const attrs = attrsFromJson(BUILTIN_OPS.get(step.op), step.attrs);
    try {
      results.push(await runKernel({ op: step.op, inputs, attrs, backend, nodeName: `s${k}` }));
    } catch (e) {
      (e as { step?: number }).step = k;
      throw e;
    }
  }
  return results;
}

/** TF numbers TensorArrays process-wide (`TensorArray s0_13:`); the number is not the point. */
const unnumbered = (m: string | undefined) => m?.replace(/^(TensorArray \S+?)_\d+:/, '$1_N:');

const runnable = FIXTURE.programs.filter((p) => p.build_error === undefined);

describe('TensorArrayV3 kernels against TF', () => {
  it('has the programs', () => expect(runnable.length).toBe(30));

  it.each(runnable.map((p) => [p.name, p] as const))('%s', async (_name, program) => {
    if (program.error) {
      const error = await replay(program).then(
        () => null,
        (e: Error & { step?: number }) => e,
      );
      expect(error?.name).toBe(program.error.class);
      expect(unnumbered(error?.message)).toBe(unnumbered(program.error.message));
      expect(error?.step).toBe(program.error.step);
      return;
    }
    const results = await replay(program);
    (program.fetch ?? []).forEach(([s, o], i) => {
      const got = results[s]?.[o] as NDArray;
      expect(compareToJson(got, (program.outputs as JsonArray[])[i] as JsonArray)).toBeNull();
    });
  });
});
