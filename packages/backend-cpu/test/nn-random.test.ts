import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpu, CPU_KERNELS, CpuDevice } from '@tensorgraph/backend-cpu';
import {
  BUILTIN_OPS,
  expandArgs,
  type AttrValue,
  type DeviceTensor,
  type KernelContext,
  type NDArray,
} from '@tensorgraph/core';
import {
  arrayFromJson,
  attrsFromJson,
  compareToJson,
  runKernel,
  type JsonArray,
} from '@tensorgraph/core/testing';

interface SequenceCase {
  readonly op: string;
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly inputs: readonly (readonly [string, JsonArray])[];
  readonly runs: readonly JsonArray[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../../conformance/fixtures/ops/nn-random.json', import.meta.url), 'utf8'),
) as { partial_cases: SequenceCase[] };

/** One kernel instance (one node) run several times, as a session runs a stateful op. */
function statefulNode(op: string, attrs: Record<string, AttrValue>, inputs: readonly NDArray[]) {
  const opDef = BUILTIN_OPS.get(op);
  const kernel = CPU_KERNELS.find((k) => k.opType === op);
  if (kernel === undefined) throw new Error(`no CPU kernel for ${op}`);
  for (const def of opDef.attrs) {
    if (attrs[def.name] === undefined && def.defaultValue !== undefined)
      attrs[def.name] = def.defaultValue;
  }
  const device = new CpuDevice({
    name: '/job:localhost/replica:0/task:0/device:CPU:0',
    deviceType: 'CPU',
    memoryLimitBytes: 1 << 28,
    incarnation: 1n,
  });
  const compute = kernel.create({
    nodeName: op,
    opType: op,
    attrs: attrs as never,
    device,
    inputDTypes: expandArgs(opDef, opDef.inputs, new Map(Object.entries(attrs))).flatMap(
      (e) => e.dtypes,
    ),
    outputDTypes: expandArgs(opDef, opDef.outputs, new Map(Object.entries(attrs))).flatMap(
      (e) => e.dtypes,
    ),
  });
  return async (): Promise<NDArray> => {
    let out: DeviceTensor | undefined;
    const ctx = {
      nodeName: op,
      opType: op,
      device,
      numInputs: inputs.length,
      numOutputs: 1,
      input: (i: number) => device.upload(inputs[i] as NDArray),
      setOutput: (_i: number, t: DeviceTensor) => {
        out = t;
      },
    } as unknown as KernelContext;
    await compute(ctx);
    return (out as DeviceTensor<NDArray>).handle;
  };
}

describe('stateful random ops continue their Philox stream from run to run', () => {
  it.each(fixture.partial_cases.map((c) => [c.op, c] as const))('%s', async (_op, c) => {
    const opDef = BUILTIN_OPS.get(c.op);
    const attrs = attrsFromJson(opDef, c.attrs);
    const inputs = c.inputs.map(([, spec]) => arrayFromJson(spec));
    // Type attrs of the inputs, as runKernel infers them.
    opDef.inputs.forEach((arg, i) => {
      if (arg.typeAttr !== undefined) attrs[arg.typeAttr] ??= (inputs[i] as NDArray).dtype;
    });
    const run = statefulNode(c.op, attrs, inputs);
    for (const want of c.runs) {
      expect(compareToJson(await run(), want, { rtol: 2e-6, atol: 1e-7 })).toBeNull();
    }
  });
});

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
