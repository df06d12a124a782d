import { describe, expect, it } from 'vitest';
import { NDArray } from '@tensorgraph/core';
import { compareToJson, runKernel, type JsonArray } from '@tensorgraph/core/testing';
import { cpu } from '@tensorgraph/backend-cpu';
import { loadPrograms, replay } from './kernel-programs.js';

// TensorList* programs as TF 2.21 ran them (tools/oracle/gen_list_fixtures.py): each step's
// variant output (a variant NDArray holding the list) feeds later steps, as in a graph.
const FIXTURE = {
  programs: loadPrograms(
    new URL('../../../tools/oracle/fixtures/list/lists.json', import.meta.url),
  ),
};
const backend = cpu();

const runnable = FIXTURE.programs.filter((p) => p.build_error === undefined);

describe('TensorList kernels against TF', () => {
  it('has runnable programs', () => expect(runnable.length).toBeGreaterThan(30));

  it.each(runnable.map((p) => [p.name, p] as const))('%s', async (_name, program) => {
    if (program.error) {
      const error = await replay(program, backend).then(
        () => null,
        (e: Error & { step?: number }) => e,
      );
      expect(error?.name).toBe(program.error.class);
      expect(error?.message).toBe(program.error.message);
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

describe('TensorList values', () => {
  it('never change an input list (copy on write)', async () => {
    const run = async (op: string, inputs: NDArray[], attrs = {}) =>
      (await runKernel({ op, inputs, attrs, backend })) as NDArray[];
    const shape = NDArray.from([2], 'int32');
    const [l0] = await run('TensorListReserve', [shape, NDArray.from(2, 'int32')], {
      element_dtype: 'float32',
    });
    const [l1] = await run('TensorListSetItem', [
      l0 as NDArray,
      NDArray.from(0, 'int32'),
      NDArray.from([1, 2], 'float32'),
    ]);
    const list = (l: NDArray) => (l.data as unknown[])[0] as { elements: unknown[] };
    expect(list(l0 as NDArray).elements).toEqual([null, null]);
    expect(list(l1 as NDArray).elements[0]).not.toBeNull();
    expect(Object.isFrozen(list(l1 as NDArray))).toBe(true);
  });
});
