import { describe, expect, it } from 'vitest';
import { ConfigProto, NDArray } from '@tensorgraph/core';
import { Graph, type Tensor } from '@tensorgraph/graph';
import { runTraced as run, seeded, size, zooMobileNetV2 } from './helpers.js';

// Plan-time folding of a zero spatial Pad into the VALID conv that alone reads it (the conv
// takes EXPLICIT padding instead): the same bits as with the Pad run, the Pad no longer
// runs, and nothing is folded where the padded tensor is seen elsewhere or is not zeros.

function konst(g: Graph, name: string, value: NDArray): Tensor {
  return g.createOp('Const', [], { value, dtype: value.dtype }, { name }).outputs[0] as Tensor;
}

interface Built {
  readonly g: Graph;
  readonly feeds: Record<string, NDArray>;
}

type Conv = 'Conv2D' | 'DepthwiseConv2dNative';

interface Options {
  readonly pad?: 'Pad' | 'PadV2';
  readonly padValue?: number;
  readonly amounts?: number[];
  readonly convPadding?: string;
  readonly biasRelu6?: boolean;
  readonly alsoRead?: boolean;
}

/** x -> p = Pad(x) -> c = conv(p, W) (stride 2) [-> BiasAdd -> Relu6] -> out = Neg. */
function graph(kind: Conv, o: Options = {}): Built {
  const g = new Graph();
  const xShape = [2, 11, 12, 6];
  const x = g.createOp('Placeholder', [], { dtype: 'float32' }, { name: 'x' }).outputs[0] as Tensor;
  const amounts = o.amounts ?? [0, 0, 0, 1, 1, 1, 0, 0];
  const paddings = konst(g, 'paddings', new NDArray('int32', [4, 2], Int32Array.from(amounts)));
  const inputs = [x, paddings];
  if (o.pad === 'PadV2') {
    inputs.push(konst(g, 'value', new NDArray('float32', [], Float32Array.of(o.padValue ?? 0))));
  }
  const p = g.createOp(o.pad ?? 'Pad', inputs, { T: 'float32' } as never, { name: 'p' })
    .outputs[0] as Tensor;
  const fShape = kind === 'Conv2D' ? [3, 3, 6, 5] : [3, 3, 6, 1];
  const w = konst(g, 'w', new NDArray('float32', fShape, seeded(size(fShape), 3)));
  const attrs = { T: 'float32', strides: [1, 2, 2, 1], padding: o.convPadding ?? 'VALID' };
  let y = g.createOp(kind, [p, w], attrs as never, { name: 'c' }).outputs[0] as Tensor;
  if (o.biasRelu6 === true) {
    const channels = kind === 'Conv2D' ? 5 : 6;
    const b = konst(g, 'bias', new NDArray('float32', [channels], seeded(channels, 9)));
    y = g.createOp('BiasAdd', [y, b], { T: 'float32' } as never, { name: 'b' })
      .outputs[0] as Tensor;
    y = g.createOp('Relu6', [y], { T: 'float32' } as never, { name: 'r' }).outputs[0] as Tensor;
  }
  g.createOp('Neg', [y], { T: 'float32' } as never, { name: 'out' });
  if (o.alsoRead === true) g.createOp('Neg', [p], { T: 'float32' } as never, { name: 'other' });
  const feeds = { 'x:0': new NDArray('float32', xShape, seeded(size(xShape), 7)) };
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

/** Whether the Pad `p` ran with the rewrites on; the output's bits match remapping OFF. */
async function padRuns(built: Built, fetches = ['out:0']): Promise<boolean> {
  const on = await run(built, fetches);
  const off = await run(built, fetches, NO_REMAP);
  expect(off.nodes).toContain('p');
  on.values.forEach((v, i) => expect(sameBits(v, off.values[i] as NDArray)).toBe(true));
  return on.nodes.includes('p');
}

describe('folding a zero spatial Pad into the VALID conv reading it', () => {
  for (const kind of ['Conv2D', 'DepthwiseConv2dNative'] as const) {
    it(`folds Pad into ${kind}, same bits`, async () => {
      expect(await padRuns(graph(kind))).toBe(false);
    });
    it(`folds Pad into ${kind} fused with BiasAdd + Relu6, same bits`, async () => {
      expect(await padRuns(graph(kind, { biasRelu6: true }))).toBe(false);
    });
    it(`folds PadV2 of 0 into ${kind}`, async () => {
      expect(await padRuns(graph(kind, { pad: 'PadV2', padValue: 0 }))).toBe(false);
    });
    it(`leaves PadV2 of 1 before ${kind}`, async () => {
      expect(await padRuns(graph(kind, { pad: 'PadV2', padValue: 1 }))).toBe(true);
    });
    it(`leaves a Pad whose output is fetched (${kind})`, async () => {
      expect(await padRuns(graph(kind), ['out:0', 'p:0'])).toBe(true);
    });
    it(`leaves a Pad another op also reads (${kind})`, async () => {
      expect(await padRuns(graph(kind, { alsoRead: true }), ['out:0', 'other:0'])).toBe(true);
    });
    it(`leaves a Pad of the batch dim (${kind})`, async () => {
      const amounts = [1, 0, 0, 1, 1, 1, 0, 0];
      expect(await padRuns(graph(kind, { amounts }))).toBe(true);
    });
    it(`leaves a Pad before a SAME ${kind}`, async () => {
      expect(await padRuns(graph(kind, { convPadding: 'SAME' }))).toBe(true);
    });
  }
});

describe("folding the zoo's frozen Keras MobileNetV2 Pads", () => {
  const { step, built } = zooMobileNetV2();
  const one = ConfigProto.fromObject({ intraOpParallelismThreads: 1 });

  it('runs none of its Pads, with the same bits as when they run', async () => {
    const g = built();
    const pads = g.g.getOperations().filter((op) => op.type === 'Pad');
    expect(pads.length).toBeGreaterThan(0);
    const fetch = step.fetches[0] as string;
    const folded = await run(g, [fetch], one);
    for (const p of pads) expect(folded.nodes).not.toContain(p.name);
    // Fetching the Pads keeps them (and their convs unfolded): the reference bits.
    const kept = await run(g, [fetch, ...pads.map((p) => `${p.name}:0`)], one);
    for (const p of pads) expect(kept.nodes).toContain(p.name);
    expect(sameBits(folded.values[0] as NDArray, kept.values[0] as NDArray)).toBe(true);
  });
});
