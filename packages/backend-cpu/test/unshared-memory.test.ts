import { describe, expect, it } from 'vitest';
import type { NDArray as NDArrayType } from '@tensorgraph/core';

// Without cross-origin isolation (a browser page) the WebAssembly memory is not shared:
// tensors stay plain arrays, the kernels copy operands in and results out, and only the
// constant-operand cache lives in the memory. Set before the backend's first import, so this
// file's runtime is made unshared (each test file has its own module graph).
(globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated = false;
const { NDArray } = await import('@tensorgraph/core');
const { Graph } = await import('@tensorgraph/graph');
const { Session } = await import('@tensorgraph/session');
const { cpu, CpuDevice } = await import('@tensorgraph/backend-cpu');
const { WasmRuntime } = await import('../src/wasm/runtime.js');
const { seeded } = await import('./wasm/helpers.js');

/**
 * A frozen BatchNormalization after a conv, as Keras writes it: the scale
 * `gamma * rsqrt(var + eps)` is folded into the filter, the shift computed from constants
 * once; inside that constant-only part values are written over in place.
 */
function convBn() {
  const g = new Graph();
  const c = (name: string, shape: number[], seed: number, offset = 0) =>
    g.createOp(
      'Const',
      [],
      {
        value: new NDArray(
          'float32',
          shape,
          seeded(
            shape.reduce((a, b) => a * b, 1),
            seed,
          ).map((v) => v + offset),
        ),
        dtype: 'float32',
      },
      { name },
    ).outputs[0]!;
  const op = (type: string, inputs: unknown[], name: string, attrs = {}) =>
    g.createOp(type, inputs as never, { T: 'float32', ...attrs }, { name }).outputs[0]!;
  const x = g.createOp(
    'Placeholder',
    [],
    { dtype: 'float32', shape: [1, 12, 12, 8] },
    { name: 'x' },
  ).outputs[0]!;
  const conv = op('Conv2D', [x, c('w', [3, 3, 8, 16], 1)], 'conv', {
    strides: [1, 1, 1, 1],
    padding: 'SAME',
  });
  const variance = op('AddV2', [c('var', [16], 2, 1.5), c('eps', [], 3, 1)], 'var_eps');
  const scale = op('Mul', [op('Rsqrt', [variance], 'rsqrt'), c('gamma', [16], 4)], 'scale');
  const shift = op(
    'Sub',
    [c('beta', [16], 5), op('Mul', [c('mean', [16], 6), scale], 'ms')],
    'shift',
  );
  const y = op('AddV2', [op('Mul', [conv, scale], 'scaled'), shift], 'bn');
  op('Relu6', [y], 'out');
  return g;
}

/**
 * A constant-only chain where a value is written over in place between two reads:
 * `c = a * b` forwards over `a` after `b = a * k1` has read it, and `d = c * k2` then reads
 * that same array. Only what the folded part leaves may count as constant.
 */
function overwrittenInFolding() {
  const g = new Graph();
  const k = (name: string, seed: number) =>
    g.createOp(
      'Const',
      [],
      { value: new NDArray('float32', [1024], seeded(1024, seed)), dtype: 'float32' },
      { name },
    ).outputs[0]!;
  const op = (type: string, inputs: unknown[], name: string) =>
    g.createOp(type, inputs as never, { T: 'float32' }, { name }).outputs[0]!;
  const a = op('AddV2', [k('c1', 1), k('c2', 2)], 'a');
  const b = op('Mul', [a, k('k1', 3)], 'b');
  const c = op('Mul', [a, b], 'c');
  const d = op('Mul', [c, k('k2', 4)], 'd');
  const x = g.createOp('Placeholder', [], { dtype: 'float32', shape: [1024] }, { name: 'x' })
    .outputs[0]!;
  op('AddV2', [x, d], 'out');
  return g;
}

describe('an unshared WebAssembly memory', () => {
  it('never serves a cached copy of a value the constant-only part wrote over', async () => {
    const wasm = new Session({ graph: overwrittenInFolding(), backends: [cpu()] });
    const plain = new Session({ graph: overwrittenInFolding(), backends: [cpu({ wasm: false })] });
    const feed = { 'x:0': new NDArray('float32', [1024], seeded(1024, 9)) };
    const [want] = (await plain.run(['out:0'], feed)) as NDArrayType[];
    for (let run = 0; run < 3; run++) {
      const [got] = (await wasm.run(['out:0'], feed)) as NDArrayType[];
      // Elementwise float32 ops: the same bits in WebAssembly and in typed arrays.
      expect(got!.data).toEqual(want!.data);
    }
    await wasm.close();
    await plain.close();
  });

  it('keeps tensors out of the memory and gives the same values run after run', async () => {
    const rt = WasmRuntime.get()!;
    expect(rt.resident).toBe(false);
    const device = new CpuDevice({
      name: '/job:localhost/replica:0/task:0/device:CPU:0',
      deviceType: 'CPU',
      memoryLimitBytes: 1 << 28,
      incarnation: 1n,
    });
    expect(device.resident).toBeNull();
    const t = device.allocate('float32', [1024]);
    expect(rt.addressOf(t.handle.data as Float32Array)).toBe(-1);
    await device.dispose();

    const wasm = new Session({ graph: convBn(), backends: [cpu()] });
    const plain = new Session({ graph: convBn(), backends: [cpu({ wasm: false })] });
    const feed = { 'x:0': new NDArray('float32', [1, 12, 12, 8], seeded(1152, 9)) };
    const [want] = (await plain.run(['out:0'], feed)) as NDArrayType[];
    const first = (await wasm.run(['out:0'], feed)) as NDArrayType[];
    for (let run = 0; run < 3; run++) {
      const [got] = (await wasm.run(['out:0'], feed)) as NDArrayType[];
      // Later steps start from the folded constants: the same bits as the first.
      expect(got!.data).toEqual(first[0]!.data);
      const g = got!.data as Float32Array;
      const w = want!.data as Float32Array;
      // The WebAssembly conv sums in another order than the typed-array one.
      for (let i = 0; i < g.length; i++) expect(Math.abs(g[i]! - w[i]!)).toBeLessThan(1e-5);
    }
    await wasm.close();
    await plain.close();
  });
});
