import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NDArray } from '@tensorgraph/core';
import { runKernel } from '@tensorgraph/core/testing';
import { cpu } from '@tensorgraph/backend-cpu';

// What TF's Print and PrintV2 kernels wrote to stdout/stderr (tools/oracle/zoo_print_cases.py),
// against what ours write for the same op.
interface Case {
  readonly name: string;
  readonly runs: number;
  readonly stdout: string;
  readonly stderr: string;
}
const FIXTURE = JSON.parse(
  readFileSync(new URL('./fixtures/print.json', import.meta.url), 'utf8'),
) as { cases: Case[] };
const backend = cpu();
const f32 = (v: number[], shape: number[]) => new NDArray('float32', shape, Float32Array.from(v));
const i32 = (v: number) => NDArray.from(v, 'int32');
const bytes = (s: string) => new TextEncoder().encode(s);

/** The same ops as the fixture's Python expressions, as (op, inputs, attrs). */
const OPS: Record<string, () => Promise<[string, NDArray[], Record<string, unknown>]>> = {
  print_message_and_data: async () => [
    'Print',
    [
      f32([1.5], []),
      new NDArray('int32', [5], Int32Array.of(0, 1, 2, 3, 4)),
      f32([0.5, -1.25], [1, 2]),
    ],
    { message: 'values: ', U: ['int32', 'float32'] },
  ],
  print_summarize: async () => [
    'Print',
    [
      i32(3),
      new NDArray(
        'int64',
        [3, 4],
        BigInt64Array.from({ length: 12 }, (_, i) => BigInt(i)),
      ),
      new NDArray('bool', [2], Uint8Array.of(1, 0)),
    ],
    { message: 'm', summarize: 5, U: ['int64', 'bool'] },
  ],
  print_strings: async () => [
    'Print',
    [i32(3), new NDArray('string', [2], [bytes('a'), bytes('b\\n')])],
    { message: 's=', U: ['string'] },
  ],
  print_first_n: async () => [
    'Print',
    [i32(3), i32(7)],
    { message: 'once ', first_n: 2, U: ['int32'] },
  ],
  print_v2_stderr: async () => {
    const [formatted] = await runKernel({
      op: 'StringFormat',
      inputs: [new NDArray('int64', [4], BigInt64Array.of(0n, 1n, 2n, 3n)), f32([0.25], [])],
      attrs: { template: 'x={} y={}', placeholder: '{}', T: ['int64', 'float32'] },
      backend,
    });
    return ['PrintV2', [formatted as NDArray], {}];
  },
  print_v2_stdout_end: async () => [
    'PrintV2',
    [new NDArray('string', [], [bytes('to stdout')])],
    { output_stream: 'stdout', end: '!' },
  ],
};

afterEach(() => vi.restoreAllMocks());

/** Builds `op`'s CPU kernel once and runs it `runs` times on `inputs`. */
async function runRepeatedly(
  op: string,
  inputs: NDArray[],
  attrs: Record<string, unknown>,
  runs: number,
): Promise<void> {
  const kernel = backend.kernels.find((k) => k.opType === op)!;
  const device = (
    await backend.createDevices({ namePrefix: '/job:localhost/replica:0/task:0' })
  )[0]!;
  const full = { message: '', first_n: -1, summarize: 3, ...attrs };
  const compute = kernel.create({
    nodeName: 'p',
    opType: op,
    attrs: full as never,
    device,
    inputDTypes: inputs.map((t) => t.dtype),
    outputDTypes: [inputs[0]!.dtype],
  });
  const tensors = await Promise.all(inputs.map((t) => device.upload(t)));
  const ctx = {
    nodeName: 'p',
    opType: op,
    device,
    numInputs: inputs.length,
    numOutputs: 1,
    input: (i: number) => tensors[i]!,
    setOutput: () => {},
  };
  for (let i = 0; i < runs; i++) await compute(ctx as never);
}

describe('Print kernels against TF', () => {
  it('covers every fixture case', () => {
    expect(FIXTURE.cases.map((c) => c.name).sort()).toEqual(Object.keys(OPS).sort());
  });

  it.each(FIXTURE.cases.map((c) => [c.name, c] as const))('%s', async (name, c) => {
    const [op, inputs, attrs] = await (
      OPS[name] as () => Promise<[string, NDArray[], Record<string, unknown>]>
    )();
    let out = '';
    let err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
    const results: (NDArray | null)[][] = [];
    if (name === 'print_first_n') {
      // first_n counts the runs of one node: one kernel instance, run `runs` times.
      await runRepeatedly(op, inputs, attrs, c.runs);
    } else {
      for (let i = 0; i < c.runs; i++) {
        results.push(await runKernel({ op, inputs, attrs: attrs as never, backend }));
      }
    }
    vi.restoreAllMocks();
    expect(err).toBe(c.stderr);
    expect(out).toBe(c.stdout);
    if (op === 'Print' && results.length > 0)
      expect(results[0]?.[0]?.data).toEqual(inputs[0]?.data);
  });
});
