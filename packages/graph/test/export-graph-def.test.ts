import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AttrValueProto, GraphDef, NDArray, decodeProto } from '@tensorgraph/core';
import { GRAPH_DEF_VERSION, Graph, type Tensor } from '../src/index.js';

const MODELS = new URL('../../../tools/oracle/fixtures/graphdef/models/', import.meta.url);
const modelBytes = (name: string) => new Uint8Array(readFileSync(new URL(`${name}.pb`, MODELS)));
const b64 = (p: AttrValueProto) =>
  Buffer.from(AttrValueProto.encode(p).finish()).toString('base64');

function built(): Graph {
  const g = new Graph();
  const c = g.createOp(
    'Const',
    [],
    { value: new NDArray('float32', [2], Float32Array.of(1, 2)), dtype: 'float32' },
    { name: 'c' },
  );
  const p = g.createOp('Placeholder', [], { dtype: 'bool', shape: [] }, { name: 'p' });
  const s = g.createOp(
    'Switch',
    [c.outputs[0] as Tensor, p.outputs[0] as Tensor],
    { T: 'float32' },
    { name: 's' },
  );
  g.device('/gpu:0', () =>
    g.controlDependencies([p], () =>
      g.createOp('Identity', [s.outputs[1] as Tensor], { T: 'float32' }, { name: 'y' }),
    ),
  );
  g.createOp('NoOp', [], {}, { name: 'n' });
  return g;
}

describe('asGraphDef', () => {
  it("writes TF 2.21's versions for a graph nothing was imported into", () => {
    const gd = new Graph().asGraphDef();
    expect(GRAPH_DEF_VERSION).toBe(2474);
    expect(gd.versions?.producer).toBe(2474);
    expect(gd.versions?.minConsumer).toBe(0);
    expect(gd.library).toBeNull();
    expect(gd.node).toEqual([]);
  });

  it('writes nodes in creation order as NodeDefs', () => {
    const gd = built().asGraphDef();
    expect(gd.node.map((n) => n.name)).toEqual(['c', 'p', 's', 'y', 'n']);
    const y = gd.node[3];
    expect(y?.input).toEqual(['s:1', '^p']);
    expect(y?.device).toBe('/device:GPU:0');
    expect(Object.keys(y?.attr ?? {})).toEqual(['T']);
    // Attrs by their op-definition types: T is a type, value a tensor, shape a shape.
    expect(y?.attr.T?.type).toBe(1);
    expect(gd.node[0]?.attr.value?.tensor?.dtype).toBe(1);
    expect(gd.node[1]?.attr.shape?.shape?.dim).toEqual([]);
  });

  it('adds _output_shapes to nodes with outputs when asked, as add_shapes=True', () => {
    const gd = built().asGraphDef({ addShapes: true });
    const shapes = (name: string) =>
      gd.node.find((n) => n.name === name)?.attr._output_shapes?.list?.shape;
    expect(shapes('c')?.map((s) => s.dim.map((d) => Number(d.size)))).toEqual([[2]]);
    expect(shapes('s')?.length).toBe(2);
    expect(shapes('n')).toBeUndefined();
    expect(
      built()
        .asGraphDef()
        .node.every((n) => !('_output_shapes' in n.attr)),
    ).toBe(true);
  });

  it('round-trips through bytes', () => {
    const bytes = GraphDef.encode(built().asGraphDef()).finish();
    const g = new Graph();
    g.importGraphDef(bytes, { name: '' });
    expect(GraphDef.encode(g.asGraphDef()).finish()).toEqual(bytes);
  });
});

describe('export after import', () => {
  it.each(['keras_cnn', 'keras_lstm', 'dynamic_rnn', 'tf1_train', 'nested_functions'])(
    '%s: export, import again, export again gives the same GraphDef',
    (name) => {
      const g = new Graph();
      g.importGraphDef(modelBytes(name), { name: '' });
      const first = GraphDef.encode(g.asGraphDef({ addShapes: true })).finish();
      const h = new Graph();
      h.importGraphDef(first, { name: '' });
      expect(GraphDef.encode(h.asGraphDef({ addShapes: true })).finish()).toEqual(first);
    },
  );

  it('keeps attrs outside the op definition exactly (f: 1 stays f; bytes stay bytes)', () => {
    const g = new Graph();
    g.importGraphDef(
      GraphDef.fromObject({
        node: [
          {
            name: 'x',
            op: 'NoOp',
            attr: {
              _f: { f: 1 },
              _s: { s: Uint8Array.of(0xff, 0) },
              foo: { i: 1 },
              _t: { type: 101 },
            },
          },
        ],
      }),
      { name: '' },
    );
    const attr = g.getOperationByName('x').nodeDef.attr;
    expect(b64(attr._f as AttrValueProto)).toBe(b64(AttrValueProto.create({ f: 1 })));
    expect(attr._s?.s).toEqual(Uint8Array.of(0xff, 0));
    expect(attr._t?.type).toBe(101);
    expect(Number(attr.foo?.i)).toBe(1);
  });

  it('writes the original GraphDef bytes of every attr of a TF model', () => {
    const original = decodeProto(GraphDef, modelBytes('tf1_train'));
    const g = new Graph();
    g.importGraphDef(original, { name: '' });
    const ours = g.asGraphDef();
    original.node.forEach((n, i) => {
      for (const [k, v] of Object.entries(n.attr)) {
        if (k === '_output_shapes') continue;
        expect(b64(ours.node[i]?.attr[k] as AttrValueProto), `${n.name} ${k}`).toBe(
          b64(v as AttrValueProto),
        );
      }
    });
  });
});
