import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpu } from '@tensorgraph/backend-cpu';
import { ConfigProto, NDArray } from '@tensorgraph/core';
import {
  arrayFromJson,
  compareToJson,
  type JsonArray,
  type Tolerance,
} from '@tensorgraph/core/testing';
import { InvalidArgumentError } from '@tensorgraph/errors';
import { Graph, type Tensor } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';
import { runTraced as run, seeded, size, zooMobileNetV2 } from './helpers.js';

// Plan-time fusion of a CPU contraction with its bias add and activation into one
// grappler-style fused node (_FusedConv2D, _FusedDepthwiseConv2dNative, _FusedMatMul): the
// same bits as the ops run one by one, fewer nodes run, and only where it is safe.

function konst(g: Graph, name: string, shape: number[], seed: number) {
  const value = new NDArray('float32', shape, seeded(size(shape), seed));
  return g.createOp('Const', [], { value, dtype: 'float32' }, { name }).outputs[0] as Tensor;
}

function op(
  g: Graph,
  type: string,
  inputs: Tensor[],
  attrs: Record<string, unknown>,
  name: string,
) {
  return g.createOp(type, inputs, { T: 'float32', ...attrs } as never, { name })
    .outputs[0] as Tensor;
}

type Kind = 'Conv2D' | 'DepthwiseConv2dNative' | 'MatMul';

interface Built {
  readonly g: Graph;
  readonly feeds: Record<string, NDArray>;
}

/** x -> conv = kind(x, W) -> b = adder(conv, bias) -> y = activation(b) -> out = Neg(y). */
function graph(
  kind: Kind,
  adder: 'BiasAdd' | 'AddV2' | 'Add',
  activation: string | null,
  options: { biasFirst?: boolean; fedBias?: boolean } = {},
): Built {
  const g = new Graph();
  const xShape = kind === 'MatMul' ? [37, 29] : [2, 13, 11, 6];
  const wShape = kind === 'Conv2D' ? [3, 3, 6, 10] : kind === 'MatMul' ? [29, 10] : [3, 3, 6, 1];
  const channels = kind === 'DepthwiseConv2dNative' ? 6 : 10;
  const x = op(g, 'Placeholder', [], { dtype: 'float32', shape: xShape, T: undefined }, 'x');
  const w = konst(g, 'w', wShape, 7);
  const conv =
    kind === 'MatMul'
      ? op(g, 'MatMul', [x, w], {}, 'conv')
      : op(g, kind, [x, w], { strides: [1, 1, 1, 1], padding: 'SAME' }, 'conv');
  const bias = options.fedBias
    ? op(g, 'Placeholder', [], { dtype: 'float32', shape: [channels], T: undefined }, 'bias')
    : konst(g, 'bias', [channels], 11);
  const b = op(g, adder, options.biasFirst ? [bias, conv] : [conv, bias], {}, 'b');
  const y =
    activation === null
      ? b
      : op(g, activation, [b], activation === 'LeakyRelu' ? { alpha: 0.25 } : {}, 'y');
  op(g, 'Neg', [y], {}, 'out');
  const feeds: Record<string, NDArray> = {
    'x:0': new NDArray('float32', xShape, seeded(size(xShape), 3)),
  };
  if (options.fedBias) {
    feeds['bias:0'] = new NDArray('float32', [channels], seeded(channels, 5));
  }
  return { g, feeds };
}

const NO_REMAP = ConfigProto.fromObject({
  graphOptions: { rewriteOptions: { remapping: 'OFF' } },
});

function sameBits(a: NDArray, b: NDArray): boolean {
  const x = new Uint32Array((a.data as Float32Array).slice().buffer);
  const y = new Uint32Array((b.data as Float32Array).slice().buffer);
  return a.shape.join() === b.shape.join() && x.every((v, i) => v === y[i]);
}

/** Fused and unfused runs give the same bits; the names of the ops that no longer ran. */
async function compare(built: Built, fetches: string[]): Promise<string[]> {
  const fused = await run(built, fetches);
  const plain = await run(built, fetches, NO_REMAP);
  fused.values.forEach((v, i) => {
    if (v !== null) expect(sameBits(v, plain.values[i] as NDArray)).toBe(true);
  });
  return plain.nodes.filter((n) => !fused.nodes.includes(n));
}

describe('fusing a CPU contraction with its bias and activation', () => {
  for (const kind of ['Conv2D', 'DepthwiseConv2dNative', 'MatMul'] as const) {
    for (const act of ['Relu', 'Relu6', 'Elu', 'LeakyRelu', null]) {
      it(`fuses ${kind} + BiasAdd + ${act ?? 'nothing'}`, async () => {
        const gone = await compare(graph(kind, 'BiasAdd', act), ['out:0']);
        expect(gone.sort()).toEqual(act === null ? ['b'] : ['b', 'y']);
      });
    }
  }

  it('fuses an AddV2 or Add of a constant vector, on either side', async () => {
    expect(await compare(graph('Conv2D', 'AddV2', 'Relu6'), ['out:0'])).toEqual(['b', 'y']);
    const first = graph('Conv2D', 'Add', 'Relu', { biasFirst: true });
    expect(await compare(first, ['out:0'])).toEqual(['b', 'y']);
  });

  it('names the fused op and what it absorbed in the timeline', async () => {
    const traced = await run(graph('Conv2D', 'BiasAdd', 'Relu6'), ['out:0']);
    expect(traced.labels.find((l) => l.startsWith('conv = Conv2D'))).toContain(
      '[fused as _FusedConv2D with b = BiasAdd, y = Relu6]',
    );
  });

  it('stops before an activation whose input is fetched, and keeps it fetchable', async () => {
    expect(await compare(graph('Conv2D', 'BiasAdd', 'Relu'), ['out:0', 'b:0'])).toEqual(['b']);
  });

  it('does not fuse when the contraction output is fetched or read elsewhere', async () => {
    expect(await compare(graph('Conv2D', 'BiasAdd', 'Relu'), ['out:0', 'conv:0'])).toEqual([]);
    const built = graph('MatMul', 'BiasAdd', 'Relu');
    op(built.g, 'Neg', [built.g.getTensorByName('conv:0')], {}, 'n');
    expect(await compare(built, ['out:0', 'n:0'])).toEqual([]);
  });

  it('does not fuse an AddV2 of a fed vector, but does fuse BiasAdd of one', async () => {
    expect(await compare(graph('Conv2D', 'AddV2', 'Relu', { fedBias: true }), ['out:0'])).toEqual(
      [],
    );
    expect(
      (await compare(graph('Conv2D', 'BiasAdd', 'Relu', { fedBias: true }), ['out:0'])).sort(),
    ).toEqual(['b', 'y']);
  });

  it('does not fuse an AddV2 of a constant with constant folding OFF', async () => {
    const noFolding = ConfigProto.fromObject({
      graphOptions: { rewriteOptions: { constantFolding: 'OFF' } },
    });
    const built = graph('Conv2D', 'AddV2', 'Relu');
    expect((await run(built, ['out:0'], noFolding)).nodes).toContain('b');
    expect(
      (await run(graph('Conv2D', 'BiasAdd', 'Relu'), ['out:0'], noFolding)).nodes,
    ).not.toContain('b');
  });

  it('does not fuse an op with a control edge, or one that is a target', async () => {
    const built = graph('Conv2D', 'BiasAdd', 'Relu');
    const g = built.g;
    g.controlDependencies(['b'], () => g.createOp('NoOp', [], {}, { name: 'after' }));
    expect(await compare(built, ['out:0', 'after'])).toEqual([]);
    const targeted = graph('Conv2D', 'BiasAdd', 'Relu');
    expect(await compare(targeted, ['out:0', 'y'])).toEqual(['b']);
  });

  it('reports a run-time failure under the name of the last op it absorbed, as TF does', async () => {
    const g = new Graph();
    const x = op(g, 'Placeholder', [], { dtype: 'float32', shape: null, T: undefined }, 'x');
    const conv = op(
      g,
      'Conv2D',
      [x, konst(g, 'w', [3, 3, 6, 10], 7)],
      {
        strides: [1, 1, 1, 1],
        padding: 'SAME',
      },
      'conv',
    );
    const b = op(g, 'BiasAdd', [conv, konst(g, 'bias', [10], 11)], {}, 'b');
    op(g, 'Relu6', [b], {}, 'y');
    const session = new Session({ graph: g, backends: [cpu()] });
    const bad = new NDArray('float32', [2, 5, 5, 4], seeded(200, 1));
    const error = await session.run('y:0', { 'x:0': bad }).catch((e: unknown) => e);
    await session.close();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).message).toContain(
      'input depth must be evenly divisible by filter depth: 4 vs 6',
    );
    expect((error as InvalidArgumentError).message).toContain('[[{{node y}}]]');
  });

  it('leaves the graph as it was', async () => {
    const built = graph('Conv2D', 'BiasAdd', 'Relu');
    const before = built.g.getOperations().map((o) => `${o.name}=${o.type}`);
    await run(built, ['out:0']);
    expect(built.g.getOperations().map((o) => `${o.name}=${o.type}`)).toEqual(before);
    expect(built.g.getOperationByName('y').inputs[0]?.op.name).toBe('b');
  });
});

describe("fusing the zoo's frozen Keras MobileNetV2", () => {
  const { step, built } = zooMobileNetV2();
  const threads = (n: number) => ConfigProto.fromObject({ intraOpParallelismThreads: n });

  it('runs fewer nodes, matches TF within the zoo tolerance, and 1 and 2 threads agree', async () => {
    const fetch = step.fetches[0] as string;
    const fused = await run(built(), [fetch], threads(1));
    const plain = await run(
      built(),
      [fetch],
      ConfigProto.fromObject({
        intraOpParallelismThreads: 1,
        graphOptions: { rewriteOptions: { remapping: 'OFF' } },
      }),
    );
    const labels = fused.labels.filter((l) => l.includes('[fused as '));
    expect(labels.some((l) => l.includes('_FusedConv2D'))).toBe(true);
    expect(labels.some((l) => l.includes('_FusedDepthwiseConv2dNative'))).toBe(true);
    // Each fusion drops its bias add and, mostly, an activation: 157 nodes become 69.
    const gone = plain.nodes.filter((n) => !fused.nodes.includes(n));
    expect(fused.nodes.length).toBe(plain.nodes.length - gone.length);
    expect(gone.length).toBeGreaterThan(labels.length);
    expect(fused.nodes.length).toBeLessThan(plain.nodes.length / 2);
    const want = step.expected[fetch] as { values: number[] };
    const tol = step.tolerance[fetch] as { rtol: number; atol: number };
    const got = fused.values[0] as NDArray;
    got.data.forEach((v, i) => {
      const w = want.values[i] as number;
      expect(Math.abs((v as number) - w)).toBeLessThanOrEqual(tol.atol + tol.rtol * Math.abs(w));
    });
    expect(sameBits(got, plain.values[0] as NDArray)).toBe(true);
    const two = await run(built(), [fetch], threads(2));
    expect(sameBits(got, two.values[0] as NDArray)).toBe(true);
  });
});

describe('a GraphDef that TF 2.21 grappler fused', () => {
  // tools/oracle/gen_fused_contraction_fixtures.py: Conv2D + BiasAdd + Relu6 and MatMul +
  // BiasAdd + Elu rewritten by TF's remapper into _FusedConv2D `y` and _FusedMatMul `out`.
  const fixture = JSON.parse(
    readFileSync(
      new URL('../../../tools/oracle/fixtures/graphdef/fused-contractions.json', import.meta.url),
      'utf8',
    ),
  ) as {
    fused: Record<string, string>;
    graph_def: string;
    feeds: Record<string, JsonArray>;
    fetch: string;
    expected: JsonArray;
    tolerance: Tolerance;
  };

  it("imports and runs with TF's results, the same bits on 1 and 2 threads", async () => {
    const g = new Graph();
    g.importGraphDef(Uint8Array.from(Buffer.from(fixture.graph_def, 'base64')), { name: '' });
    for (const [name, type] of Object.entries(fixture.fused)) {
      expect(g.getOperationByName(name).type).toBe(type);
    }
    const feeds = Object.fromEntries(
      Object.entries(fixture.feeds).map(([k, v]) => [k, arrayFromJson(v)]),
    );
    const results: NDArray[] = [];
    for (const threads of [1, 2]) {
      const config = ConfigProto.fromObject({ intraOpParallelismThreads: threads });
      const session = new Session({ graph: g, backends: [cpu()], config });
      results.push((await session.run(fixture.fetch, feeds)) as NDArray);
      await session.close();
    }
    expect(compareToJson(results[0] as NDArray, fixture.expected, fixture.tolerance)).toBeNull();
    expect(sameBits(results[0] as NDArray, results[1] as NDArray)).toBe(true);
  });
});
