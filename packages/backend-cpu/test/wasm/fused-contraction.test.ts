import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { NDArray } from '@tensorgraph/core';
import { type AttrValue } from '@tensorgraph/core';
import {
  checkKernelCase,
  diffKernelOutputs,
  kernelCaseArgs,
  runKernel,
  type KernelCase,
} from '@tensorgraph/core/testing';
import { WasmRuntime } from '../../src/wasm/runtime.js';
import { backend, device, f32, run, sameBits } from './helpers.js';

// TF 2.21's answers for its fused contractions (tools/oracle/gen_fused_contraction_fixtures.py).
const fixture = JSON.parse(
  readFileSync(new URL('../../../conformance/fixtures/ops/nn-fused.json', import.meta.url), 'utf8'),
) as { tolerance: Record<string, { atol: number; rtol: number }>; cases: KernelCase[] };

const wasm1 = device(true, 1);
const wasm2 = device(true, 2);
const plain = device(false, 1);
const rt = WasmRuntime.get();

afterAll(async () => {
  await Promise.all([wasm1.dispose(), wasm2.dispose(), plain.dispose()]);
});

describe("TF's fused contraction vectors", () => {
  it('has outputs and errors to check', () => {
    expect(fixture.cases.filter((c) => c.outputs !== undefined).length).toBeGreaterThan(20);
    expect(fixture.cases.filter((c) => c.error !== undefined).length).toBeGreaterThan(8);
  });
  for (const [i, c] of fixture.cases.entries()) {
    const dtype = c.outputs?.[0]?.dtype ?? 'float32';
    it(`${i} ${c.op} ${c.note ?? ''}`, async () => {
      expect(await checkKernelCase(backend, c, fixture.tolerance[dtype])).toBeNull();
    });
  }
});

describe('fused contractions: WebAssembly epilogue', () => {
  it('the JavaScript path (no WebAssembly) matches the same vectors', async () => {
    for (const c of fixture.cases.filter((v) => v.outputs !== undefined)) {
      const { attrs, inputs } = kernelCaseArgs(c);
      const outputs = await runKernel({ op: c.op, inputs, attrs, backend, device: plain });
      const tol = fixture.tolerance[c.outputs?.[0]?.dtype ?? 'float32'];
      expect(diffKernelOutputs(c, outputs, tol), `${c.op} ${c.note}`).toBeNull();
    }
  });

  const big: [string, string, number[][], Record<string, AttrValue>][] = [
    [
      '_FusedConv2D 3x3 BiasAdd+Relu6',
      '_FusedConv2D',
      [[1, 30, 29, 32], [3, 3, 32, 40], [40]],
      {
        strides: [1, 1, 1, 1],
        padding: 'SAME',
        fused_ops: ['BiasAdd', 'Relu6'],
        num_args: 1,
        TArgs: ['float32'],
      },
    ],
    [
      '_FusedDepthwiseConv2dNative BiasAdd+Relu',
      '_FusedDepthwiseConv2dNative',
      [[1, 64, 64, 96], [3, 3, 96, 1], [96]],
      { strides: [1, 1, 1, 1], padding: 'SAME', fused_ops: ['BiasAdd', 'Relu'], num_args: 1 },
    ],
    [
      '_FusedMatMul BiasAdd+LeakyRelu',
      '_FusedMatMul',
      [[203, 300], [300, 131], [131]],
      { fused_ops: ['BiasAdd', 'LeakyRelu'], num_args: 1, leakyrelu_alpha: 0.3 },
    ],
  ];
  for (const [name, op, shapes, attrs] of big) {
    it(`${name}: bit-identical on 1 and 2 threads, and equal to the unfused ops`, async () => {
      await rt!.warmUp(2);
      const inputs = shapes.map((s, i) => f32(s, 11 + i));
      const y1 = await run(wasm1, op, inputs, attrs);
      const y2 = await run(wasm2, op, inputs, attrs);
      expect(rt!.lastParts).toBe(2);
      expect(sameBits(y1, y2)).toBe(true);
      // The same result, op by op: contraction, BiasAdd, activation.
      const plainOp = op.replace('_Fused', '');
      const { fused_ops: fusedOps, ...rest } = attrs;
      const plainAttrs = Object.fromEntries(
        Object.entries(rest).filter(([k]) => !['num_args', 'TArgs', 'leakyrelu_alpha'].includes(k)),
      );
      let y = await run(wasm1, plainOp, inputs.slice(0, 2), plainAttrs);
      y = await run(wasm1, 'BiasAdd', [y, inputs[2] as NDArray]);
      const act = (fusedOps as string[])[1] as string;
      y = await run(wasm1, act, [y], act === 'LeakyRelu' ? { alpha: 0.3 } : {});
      expect(sameBits(y1, y)).toBe(true);
    });
  }
});

describe('fused contractions: the tile epilogue at the edges of float32', () => {
  // Least normal float32 and its neighbours, subnormals, signed zeros, NaN, infinities and
  // the Relu6 cut: each product a[i] * b[j] (K = 1) is one of these or a rounding of them.
  const TINY = 1.1754943508222875e-38;
  const edges = [
    0,
    -0,
    1e-39,
    -1e-39,
    TINY,
    -TINY,
    1.5e-38,
    -1.5e-38,
    2 * TINY,
    NaN,
    Infinity,
    -Infinity,
    6,
    6.0000005,
    5.9999995,
    -6,
    1,
    -1,
    3e38,
    -3e38,
  ];
  const a = new NDArray('float32', [edges.length, 1], Float32Array.from(edges));
  const b = new NDArray('float32', [1, 11], Float32Array.of(1, -1, 0.5, 2, 1, 1, 1, -0.5, 1, 1, 1));
  const bias = new NDArray(
    'float32',
    [11],
    Float32Array.of(0, -0, 0, 0, 1e-39, TINY, -TINY, 0, 1, -1, NaN),
  );
  for (const act of ['BiasAdd', 'Relu', 'Relu6', 'LeakyRelu']) {
    const withBias = act === 'BiasAdd' ? ['BiasAdd'] : ['BiasAdd', act];
    it(`_FusedMatMul ${withBias.join('+')}: the same bits as the unfused ops`, async () => {
      const attrs: Record<string, AttrValue> = { fused_ops: withBias, num_args: 1 };
      if (act === 'LeakyRelu') attrs.leakyrelu_alpha = 0.3;
      const fused = await run(wasm1, '_FusedMatMul', [a, b, bias], attrs);
      let y = await run(wasm1, 'MatMul', [a, b]);
      y = await run(wasm1, 'BiasAdd', [y, bias]);
      if (act !== 'BiasAdd')
        y = await run(wasm1, act, [y], act === 'LeakyRelu' ? { alpha: 0.3 } : {});
      expect(sameBits(fused, y)).toBe(true);
    });
  }
});
