import { describe, expect, it } from 'vitest';
import { BUILTIN_OPS, type NDArray } from '@tensorgraph/core';
import {
  arrayFromJson,
  attrsFromJson,
  compareToJson,
  runKernel,
  type JsonArray,
} from '@tensorgraph/core/testing';
import { cpu } from '@tensorgraph/backend-cpu';
import { loadPrograms, replay } from './kernel-programs.js';

// StackV2 programs as TF 2.21 ran them (tools/oracle/gen_stack_fixtures.py): each step is
// one kernel call run after the one before, its outputs (the handle) feeding later steps.
const FIXTURE = { programs: loadPrograms(new URL('./fixtures/stack.json', import.meta.url)) };
const backend = cpu();

/** TF numbers stacks process-wide (`Stack[s0_2]`); the number is not the point. */
const unnumbered = (m: string | undefined) => m?.replace(/^Stack\[(.*)_\d+\]/, 'Stack[$1_N]');

describe('Stack kernels against TF', () => {
  it('has the programs', () => expect(FIXTURE.programs.length).toBe(16));

  it.each(FIXTURE.programs.map((p) => [p.name, p] as const))('%s', async (_name, program) => {
    if (program.error) {
      const error = await replay(program, backend).then(
        () => null,
        (e: Error & { step?: number }) => e,
      );
      expect(error?.name).toBe(program.error.class);
      expect(unnumbered(error?.message)).toBe(unnumbered(program.error.message));
      // TF names no step for the executor's output-type check; ours is the pop.
      if (program.error.step !== null) expect(error?.step).toBe(program.error.step);
      return;
    }
    const results = await replay(program, backend);
    (program.fetch ?? []).forEach(([s, o], i) => {
      const got = results[s]?.[o] as NDArray;
      expect(compareToJson(got, (program.outputs as JsonArray[])[i] as JsonArray)).toBeNull();
    });
  });

  it('numbers each stack it makes, after its node or stack_name', async () => {
    const make = (stackName: string) =>
      runKernel({
        op: 'StackV2',
        inputs: [arrayFromJson({ dtype: 'int32', shape: [], values: [-1] } as JsonArray)],
        attrs: attrsFromJson(BUILTIN_OPS.get('StackV2'), {
          elem_type: 'float32',
          stack_name: stackName,
        }),
        backend,
        nodeName: 'node',
      });
    const name = async (stackName: string) => {
      const [handle] = await make(stackName);
      return ((handle as NDArray).data as { name: string }[])[0]?.name;
    };
    const a = await name('');
    const b = await name('acc');
    expect(a).toMatch(/^node_\d+$/);
    expect(b).toMatch(/^acc_\d+$/);
    expect(Number(b?.split('_')[1])).toBe(Number(a?.split('_')[1]) + 1);
  });
});
