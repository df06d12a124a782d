import { describe, expect, it } from 'vitest';
import { cpu } from '@tensorgraph/backend-cpu';
import { ConfigProto, NDArray, RunMetadata, RunOptions } from '@tensorgraph/core';
import { Graph, type Tensor } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';
import { findMulFolds } from '../src/optimize/fold-mul-into-conv.js';
import { runTraced as run, seeded as seededIn } from './helpers.js';

// Plan-time folding of a constant per-channel Mul into the conv before it (TF's grappler
// does the same to frozen BatchNormalization scales): same results as the unfolded plan
// within float rounding, the Mul's output still fetchable, and the fold only where it is safe.

type Float = 'float32' | 'float64';

/** Values in [-1, 1). */
const seeded = (n: number, seed: number) => seededIn(n, seed, 1);

function konst(g: Graph, name: string, shape: number[], seed: number, dtype: Float = 'float32') {
  const size = shape.reduce((a, b) => a * b, 1);
  const value = new NDArray(dtype, shape, data(dtype, seeded(size, seed)));
  return g.createOp('Const', [], { value, dtype }, { name }).outputs[0] as Tensor;
}

function op(
  g: Graph,
  type: string,
  inputs: Tensor[],
  attrs: Record<string, unknown>,
  name: string,
) {
  return g.createOp(type, inputs, attrs as never, { name }).outputs[0] as Tensor;
}

const data = (dtype: Float, v: Float32Array) =>
  dtype === 'float32' ? v : Float64Array.from(v, (x) => x * (1 + 2 ** -30));

interface Built {
  readonly g: Graph;
  readonly feeds: Record<string, NDArray>;
}

/** x -> conv(x, Identity(W)) -> m = Mul(conv, s) -> y = Relu(m). */
function convGraph(
  kind: 'Conv2D' | 'DepthwiseConv2dNative' | 'MatMul',
  scale: (g: Graph) => Tensor,
  options: { dtype?: Float; transposeB?: boolean; scaleFirst?: boolean; nchw?: boolean } = {},
): Built {
  const dtype = options.dtype ?? 'float32';
  const g = new Graph();
  const xShape = kind === 'MatMul' ? [3, 5] : options.nchw === true ? [1, 3, 6, 6] : [1, 6, 6, 3];
  const wShape =
    kind === 'Conv2D'
      ? [3, 3, 3, 4]
      : kind === 'DepthwiseConv2dNative'
        ? [3, 3, 3, 2]
        : options.transposeB === true
          ? [4, 5]
          : [5, 4];
  const x = op(g, 'Placeholder', [], { dtype, shape: xShape }, 'x');
  const w = op(g, 'Identity', [konst(g, 'w', wShape, 7, dtype)], { T: dtype }, 'w/read');
  const conv =
    kind === 'MatMul'
      ? op(g, 'MatMul', [x, w], { T: dtype, transpose_b: options.transposeB === true }, 'conv')
      : op(
          g,
          kind,
          [x, w],
          {
            T: dtype,
            strides: [1, 1, 1, 1],
            padding: 'SAME',
            data_format: options.nchw === true ? 'NCHW' : 'NHWC',
          },
          'conv',
        );
  const s = scale(g);
  const m = op(g, 'Mul', options.scaleFirst === true ? [s, conv] : [conv, s], { T: dtype }, 'm');
  op(g, 'Relu', [m], { T: dtype }, 'y');
  const size = xShape.reduce((a, b) => a * b, 1);
  return { g, feeds: { 'x:0': new NDArray(dtype, xShape, data(dtype, seeded(size, 3))) } };
}

// The switch as a user writes it in a plain object (the enum's name).
const OFF = ConfigProto.fromObject({
  graphOptions: { rewriteOptions: { constantFolding: 'OFF' } },
});

function expectClose(got: NDArray, want: NDArray, rel = 1e-5) {
  expect(got.shape).toEqual(want.shape);
  expect(got.dtype).toBe(want.dtype);
  const g = got.data as Float32Array;
  const w = want.data as Float32Array;
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < w.length; i++) scale = Math.max(scale, Math.abs(w[i] as number));
  for (let i = 0; i < w.length; i++) {
    worst = Math.max(worst, Math.abs((g[i] as number) - (w[i] as number)));
  }
  expect(scale).toBeGreaterThan(0);
  expect(worst / scale).toBeLessThanOrEqual(rel);
}

/** Folded and unfolded runs agree; whether the Mul still ran in the folded one. */
async function compare(built: Built, fetches: string[]): Promise<boolean> {
  const folded = await run(built, fetches);
  const plain = await run(built, fetches, OFF);
  expect(plain.nodes).toContain('m');
  folded.values.forEach((v, i) => expectClose(v, plain.values[i] as NDArray));
  return !folded.nodes.includes('m');
}

const vector =
  (n: number, dtype: Float = 'float32') =>
  (g: Graph) =>
    konst(g, 's', [n], 11, dtype);

describe('folding a constant Mul into the conv before it', () => {
  it('folds Conv2D and keeps the Mul output fetchable', async () => {
    const built = convGraph('Conv2D', vector(4));
    expect(await compare(built, ['y:0', 'm:0'])).toBe(true);
    const traced = await run(built, ['y:0']);
    expect(traced.nodes).toContain('conv');
    expect(traced.labels.find((l) => l.startsWith('conv = Conv2D'))).toContain('folded m = Mul');
  });

  it('folds with the scale as the first input, a scalar or a [1, 1, 1, C] scale', async () => {
    expect(await compare(convGraph('Conv2D', vector(4), { scaleFirst: true }), ['y:0'])).toBe(true);
    expect(
      await compare(
        convGraph('Conv2D', (g) => konst(g, 's', [], 5)),
        ['y:0'],
      ),
    ).toBe(true);
    expect(
      await compare(
        convGraph('Conv2D', (g) => konst(g, 's', [1, 1, 1, 4], 5)),
        ['y:0'],
      ),
    ).toBe(true);
  });

  it('folds DepthwiseConv2dNative over its C * M output channels', async () => {
    expect(await compare(convGraph('DepthwiseConv2dNative', vector(6)), ['y:0'])).toBe(true);
  });

  it('folds MatMul with and without transpose_b', async () => {
    expect(await compare(convGraph('MatMul', vector(4)), ['y:0'])).toBe(true);
    expect(await compare(convGraph('MatMul', vector(4), { transposeB: true }), ['y:0'])).toBe(true);
  });

  it('folds NCHW with a [C, 1, 1] scale, not with one along the width', () => {
    // The CPU backend, as TF's, runs no NCHW convolution: check the rewrite itself.
    const folds = (scale: (g: Graph) => Tensor) => {
      const { g } = convGraph('Conv2D', scale, { nchw: true });
      return findMulFolds({
        ops: g.getOperations(),
        isFed: () => false,
        fetched: new Set([g.getTensorByName('y:0')]),
        targets: new Set(),
        deviceOf: () => 'CPU:0',
      });
    };
    const [fold, ...more] = folds((g) => konst(g, 's', [4, 1, 1], 5));
    expect(more).toEqual([]);
    expect(fold?.mul.name).toBe('m');
    expect(fold?.conv.name).toBe('conv');
    expect(fold?.weight.name).toBe('w');
    const w = seeded(108, 7);
    const s = seeded(4, 5);
    expect(fold?.value.shape).toEqual([3, 3, 3, 4]);
    expect(Array.from(fold?.value.data as Float32Array)).toEqual(
      Array.from(w, (v, i) => Math.fround(v * (s[i % 4] as number))),
    );
    expect(folds(vector(6))).toEqual([]);
  });

  it('folds float64', async () => {
    expect(
      await compare(convGraph('Conv2D', vector(4, 'float64'), { dtype: 'float64' }), ['y:0']),
    ).toBe(true);
  });

  it("folds a frozen BatchNormalization's scale, Rsqrt(var + eps) * gamma", async () => {
    const bnScale = (g: Graph) => {
      const variance = op(g, 'Abs', [konst(g, 'var', [4], 13)], { T: 'float32' }, 'var_abs');
      const eps = g.createOp(
        'Const',
        [],
        { value: NDArray.from(1e-3, 'float32'), dtype: 'float32' },
        { name: 'eps' },
      ).outputs[0] as Tensor;
      const plus = op(g, 'AddV2', [variance, eps], { T: 'float32' }, 'v');
      const r = op(
        g,
        'Rsqrt',
        [op(g, 'Abs', [plus], { T: 'float32' }, 'va')],
        { T: 'float32' },
        'r',
      );
      return op(g, 'Mul', [r, konst(g, 'gamma', [4], 19)], { T: 'float32' }, 'scale');
    };
    // Abs is not one the host evaluates: no fold, same results.
    expect(await compare(convGraph('Conv2D', bnScale), ['y:0'])).toBe(false);
    const keras = (g: Graph) => {
      const variance = op(g, 'Identity', [konst(g, 'var', [4], 13)], { T: 'float32' }, 'var/read');
      const one = g.createOp(
        'Const',
        [],
        { value: NDArray.from(2, 'float32'), dtype: 'float32' },
        { name: 'two' },
      ).outputs[0] as Tensor;
      const plus = op(g, 'AddV2', [variance, one], { T: 'float32' }, 'add');
      const r = op(g, 'Rsqrt', [plus], { T: 'float32' }, 'rsqrt');
      return op(g, 'Mul', [r, konst(g, 'gamma', [4], 19)], { T: 'float32' }, 'scale');
    };
    expect(await compare(convGraph('Conv2D', keras), ['y:0', 'scale:0'])).toBe(true);
  });

  it('does not fold when the conv output is fetched too', async () => {
    expect(await compare(convGraph('Conv2D', vector(4)), ['y:0', 'conv:0'])).toBe(false);
  });

  it('does not fold when the conv output has another consumer', async () => {
    const built = convGraph('Conv2D', vector(4));
    op(
      built.g,
      'Neg',
      [built.g.getOperationByName('conv').outputs[0] as Tensor],
      { T: 'float32' },
      'n',
    );
    expect(await compare(built, ['y:0', 'n:0'])).toBe(false);
  });

  it('does not fold a scale that varies along another axis', async () => {
    const built = convGraph('Conv2D', (g) => konst(g, 's', [6, 1, 1], 5));
    expect(await compare(built, ['y:0'])).toBe(false);
  });

  it('does not fold a fed filter or a fed scale', async () => {
    const built = convGraph('Conv2D', vector(4));
    const w = new NDArray('float32', [3, 3, 3, 4], seeded(108, 23));
    const s = new NDArray('float32', [4], seeded(4, 29));
    expect(await compare({ ...built, feeds: { ...built.feeds, 'w/read:0': w } }, ['y:0'])).toBe(
      false,
    );
    expect(await compare({ ...built, feeds: { ...built.feeds, 's:0': s } }, ['y:0'])).toBe(false);
  });

  it('never folds a variable filter', async () => {
    const g = new Graph();
    const x = op(g, 'Placeholder', [], { dtype: 'float32', shape: [1, 6, 6, 3] }, 'x');
    const v = op(g, 'VariableV2', [], { dtype: 'float32', shape: [3, 3, 3, 4] }, 'v');
    op(g, 'Assign', [v, konst(g, 'w', [3, 3, 3, 4], 7)], { T: 'float32' }, 'init');
    const read = op(g, 'Identity', [v], { T: 'float32' }, 'v/read');
    const conv = op(
      g,
      'Conv2D',
      [x, read],
      { T: 'float32', strides: [1, 1, 1, 1], padding: 'SAME' },
      'conv',
    );
    op(g, 'Mul', [conv, konst(g, 's', [4], 11)], { T: 'float32' }, 'm');
    const feeds = { 'x:0': new NDArray('float32', [1, 6, 6, 3], seeded(108, 3)) };
    const session = new Session({ graph: g, backends: [cpu()] });
    await session.run('init', {});
    const metadata = new RunMetadata();
    const [m] = (await session.run(
      ['m:0'],
      feeds,
      { traceLevel: RunOptions.TraceLevel.FULL_TRACE },
      metadata,
    )) as NDArray[];
    await session.close();
    const nodes = (metadata.stepStats?.devStats ?? []).flatMap((d) => d.nodeStats ?? []);
    expect(nodes.map((n) => n.nodeName)).toContain('m');
    expect(m?.shape).toEqual([1, 6, 6, 4]);
  });

  it('gives plans that fold the same filter by the same scale one value, not a copy each', () => {
    // Graphs that share the filter's value (as two plans over one graph do), scaled by `scale`.
    const w = convGraph('Conv2D', vector(4)).g.getOperationByName('w').getAttr<NDArray>('value');
    const foldWith = (scale: Float32Array) => {
      const g = new Graph();
      const x = op(g, 'Placeholder', [], { dtype: 'float32', shape: [1, 6, 6, 3] }, 'x');
      const filter = g.createOp('Const', [], { value: w, dtype: 'float32' }, { name: 'w' });
      const attrs = { T: 'float32', strides: [1, 1, 1, 1], padding: 'SAME' };
      const conv = op(g, 'Conv2D', [x, filter.outputs[0] as Tensor], attrs, 'conv');
      const value = new NDArray('float32', [4], scale);
      const s = g.createOp('Const', [], { value, dtype: 'float32' }, { name: 's' });
      const y = op(g, 'Mul', [conv, s.outputs[0] as Tensor], { T: 'float32' }, 'y');
      const [fold] = findMulFolds({
        ops: g.getOperations(),
        isFed: () => false,
        fetched: new Set([op(g, 'Relu', [y], { T: 'float32' }, 'r')]),
        targets: new Set(),
        deviceOf: () => 'CPU:0',
      });
      return fold?.value as NDArray;
    };
    const first = foldWith(seeded(4, 5));
    expect(foldWith(seeded(4, 5))).toBe(first);
    const other = foldWith(seeded(4, 6));
    expect(other).not.toBe(first);
    const scale = seeded(4, 6);
    expect(Array.from(other.data as Float32Array)).toEqual(
      Array.from(w.data as Float32Array, (v, i) => Math.fround(v * (scale[i % 4] as number))),
    );
  });

  it('is off with constantFolding OFF as the enum number, and leaves the graph as it was', async () => {
    const built = convGraph('Conv2D', vector(4));
    const before = built.g.getOperationByName('w').getAttr<NDArray>('value');
    const copy = Float32Array.from(before.data as Float32Array);
    const config = ConfigProto.fromObject({
      graphOptions: { rewriteOptions: { constantFolding: 2 } },
    });
    const off = await run(built, ['y:0'], config);
    expect(off.nodes).toContain('m');
    await run(built, ['y:0']);
    const after = built.g.getOperationByName('w').getAttr<NDArray>('value');
    expect(after).toBe(before);
    expect(Array.from(after.data as Float32Array)).toEqual(Array.from(copy));
    expect(built.g.getOperationByName('m').inputs[0]?.op.name).toBe('conv');
  });
});
