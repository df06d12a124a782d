import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataLossError, NotFoundError, RuntimeError, ValueError } from '@tensorgraph/errors';
import { GraphDef, NDArray, OpRegistry, BUILTIN_OPS } from '@tensorgraph/core';
import {
  Graph,
  getDefaultGraph,
  importGraphDef,
  parseInputName,
  resetDefaultGraph,
  withDefaultGraph,
  type Operation,
  type Tensor,
} from '../src/index.js';

const MODELS = new URL('../../../tools/oracle/fixtures/graphdef/models/', import.meta.url);
const modelBytes = (name: string) => new Uint8Array(readFileSync(new URL(`${name}.pb`, MODELS)));

const FLOAT = { type: 1 };
const scalarConst = (name: string, v = 1) => ({
  name,
  op: 'Const',
  attr: { dtype: FLOAT, value: { tensor: { dtype: 1, tensorShape: {}, floatVal: [v] } } },
});
const identity = (name: string, ...input: string[]) => ({
  name,
  op: 'Identity',
  input,
  attr: { T: FLOAT },
});

function small(): GraphDef {
  return GraphDef.fromObject({
    node: [scalarConst('c'), identity('y', 'c'), { name: 'z', op: 'NoOp', input: ['^y'] }],
    versions: { producer: 2474 },
  });
}

/** Everything a failed import must leave as it was. */
function snapshot(g: Graph) {
  return {
    version: g.version,
    ops: g.getOperations().map((op) => op.name),
    consumers: g
      .getOperations()
      .flatMap((op) => op.outputs.map((t) => g.consumersOf(t).map((o) => o.name))),
    library: g.library.names(),
    graphDef: GraphDef.encode(g.asGraphDef()).finish(),
  };
}

describe('importGraphDef arguments', () => {
  it('takes a GraphDef, its fields, or its bytes', () => {
    const g = new Graph();
    g.importGraphDef(small());
    g.importGraphDef(GraphDef.toObject(small()) as GraphDef.$Properties);
    g.importGraphDef(GraphDef.encode(small()).finish());
    expect(g.getOperations().map((o) => o.name)).toEqual([
      'import/c',
      'import/y',
      'import/z',
      'import_1/c',
      'import_1/y',
      'import_1/z',
      'import_2/c',
      'import_2/y',
      'import_2/z',
    ]);
  });

  it('refuses bytes that do not parse with DataLossError, leaving the graph alone', () => {
    const g = new Graph();
    const bytes = modelBytes('keras_cnn');
    const before = snapshot(g);
    expect(() => g.importGraphDef(bytes.subarray(0, bytes.length - 7))).toThrow(DataLossError);
    expect(() => g.importGraphDef(Uint8Array.of(0x0a, 0xff, 0xff))).toThrow(/Can't parse GraphDef/);
    expect(snapshot(g)).toEqual(before);
  });

  it("refuses what is not a GraphDef with TF's TypeError", () => {
    expect(() => importGraphDef('nope' as unknown as Uint8Array, { graph: new Graph() })).toThrow(
      'graph_def must be a GraphDef proto.',
    );
  });

  it('imports into the default graph when given none', () => {
    resetDefaultGraph();
    importGraphDef(small());
    expect(getDefaultGraph().getOperationByName('import/y').type).toBe('Identity');
    const g = new Graph();
    withDefaultGraph(g, () => importGraphDef(small(), { name: 'mine' }));
    expect(g.getOperations().map((o) => o.name)).toEqual(['mine/c', 'mine/y', 'mine/z']);
  });

  it('takes the input map as a Map or an object; keys must be strings', () => {
    const g = new Graph();
    const f = g.createOp(
      'Const',
      [],
      { value: new NDArray('float32', [], Float32Array.of(5)), dtype: 'float32' },
      { name: 'f' },
    );
    const t = f.outputs[0] as Tensor;
    const [y] = g.importGraphDef(small(), {
      inputMap: new Map([['c:0', t]]),
      returnElements: ['y:0'],
    }) as [Tensor];
    expect(y.op.inputs[0]).toBe(t);
    expect(() =>
      g.importGraphDef(small(), { inputMap: new Map([[1 as unknown as string, t]]) }),
    ).toThrow('All keys for argument `input_map` must be strings. Obtained keys: [1]');
    expect(() => g.importGraphDef(small(), { inputMap: { '^c': f as unknown as Tensor } })).toThrow(
      "can't convert Operation 'f' to Tensor",
    );
    expect(() => g.importGraphDef(small(), { returnElements: 'y' as unknown as string[] })).toThrow(
      TypeError,
    );
  });

  it("maps control inputs with '^name' keys to the op of the given tensor", () => {
    const g = new Graph();
    const f = g.createOp(
      'Const',
      [],
      { value: new NDArray('float32', [], Float32Array.of(5)), dtype: 'float32' },
      { name: 'f' },
    );
    g.importGraphDef(small(), { inputMap: { '^y': f.outputs[0] as Tensor } });
    expect(g.getOperationByName('import/z').controlInputs).toEqual([f]);
  });

  it('returns tensors and operations in the order asked, or null', () => {
    const g = new Graph();
    expect(g.importGraphDef(small())).toBeNull();
    const r = g.importGraphDef(small(), { returnElements: ['z', 'y:0', 'c'] }) as (
      Tensor | Operation
    )[];
    expect(r.map((e) => e.name)).toEqual(['import_1/z', 'import_1/y:0', 'import_1/c']);
  });

  it('uses the given op registry', () => {
    const g = new Graph();
    const noIdentity = new OpRegistry(
      BUILTIN_OPS.opTypes()
        .filter((t) => t !== 'Identity')
        .map((t) => BUILTIN_OPS.get(t)),
    );
    expect(() => g.importGraphDef(small(), { opRegistry: noIdentity })).toThrow(NotFoundError);
    expect(() => g.importGraphDef(small(), { opRegistry: noIdentity })).toThrow(
      /^Op type not registered 'Identity' in binary running on tensorgraph\. .*; NodeDef: \{\{node import_1\/y\}\}$/,
    );
  });
});

describe('a failed import', () => {
  it('leaves ops, consumers, names, library and versions as they were', () => {
    const g = new Graph();
    g.importGraphDef(small(), { name: '' });
    const before = snapshot(g);
    const bad = GraphDef.fromObject({
      node: [identity('y2', 'c'), scalarConst('k'), identity('bad', 'k', 'k')],
      library: { function: [{ signature: { name: 'fn' } }] },
      versions: { producer: 5, minConsumer: 3 },
    });
    expect(() => g.importGraphDef(bad, { inputMap: { 'c:0': g.getTensorByName('c:0') } })).toThrow(
      ValueError,
    );
    expect(snapshot(g)).toEqual(before);
    // The names it would have used stay free; only the scope name is taken, as in TF.
    expect(g.uniqueName('import/y2', false)).toBe('import/y2');
    expect(g.uniqueName('import', false)).toBe('import_1');
  });

  it('removes constants it made for input-map values', () => {
    const g = new Graph();
    const before = snapshot(g);
    expect(() => g.importGraphDef(small(), { inputMap: { 'nothere:0': 2.5 } })).toThrow(
      'Attempted to map inputs that were not found in graph_def: [nothere:0]',
    );
    expect(snapshot(g)).toEqual(before);
  });

  it('refuses a finalized graph with RuntimeError', () => {
    const g = new Graph();
    g.finalize();
    expect(() => g.importGraphDef(small())).toThrow(RuntimeError);
    expect(g.getOperations()).toEqual([]);
  });
});

describe('imported graphs', () => {
  it('make loop back edges real inputs, and consumers know them', () => {
    const g = new Graph();
    g.importGraphDef(
      GraphDef.fromObject({
        node: [
          scalarConst('c'),
          { name: 'm', op: 'Merge', input: ['c', 'n'], attr: { T: FLOAT, N: { i: 2 } } },
          { name: 'n', op: 'NextIteration', input: ['m'], attr: { T: FLOAT } },
        ],
      }),
      { name: '' },
    );
    const m = g.getOperationByName('m');
    const n = g.getOperationByName('n');
    expect(m.inputs[1]).toBe(n.outputs[0]);
    expect(g.consumersOf(n.outputs[0] as Tensor)).toEqual([m]);
    expect(m.nodeDef.input).toEqual(['c', 'n']);
  });

  it('build NodeDefs as TF: output indices, control inputs, device, attrs', () => {
    const g = new Graph();
    g.importGraphDef(
      GraphDef.fromObject({
        node: [
          scalarConst('c'),
          { name: 's', op: 'Switch', input: ['c', 'p'], attr: { T: FLOAT } },
          { name: 'p', op: 'Placeholder', attr: { dtype: { type: 10 }, shape: { shape: {} } } },
          {
            name: 'y',
            op: 'Identity',
            input: ['s:1', '^p', '^c'],
            device: '/gpu:0',
            attr: { T: FLOAT },
          },
        ],
      }),
      { name: '' },
    );
    const nd = g.getOperationByName('y').nodeDef;
    expect(nd.name).toBe('y');
    expect(nd.op).toBe('Identity');
    expect(nd.input).toEqual(['s:1', '^c', '^p']);
    expect(nd.device).toBe('/device:GPU:0');
    expect(Object.keys(nd.attr)).toEqual(['T']);
    expect(parseInputName('s:1')).toEqual({ node: 's', index: 1 });
    expect(parseInputName('^p')).toEqual({ node: 'p', index: -1 });
    expect(parseInputName('^p:0')).toEqual({ node: '^p', index: 0 });
  });

  it('keep function definitions for the executor, by name', () => {
    const g = new Graph();
    g.importGraphDef(modelBytes('keras_lstm'));
    const loop = g.getOperations().find((op) => op.type === 'While') as Operation;
    const body = (loop.getAttr('body') as { name: string }).name;
    const fdef = g.library.get(body);
    expect(fdef?.signature?.name).toBe(body);
    expect(fdef?.nodeDef.length).toBeGreaterThan(0);
    expect(g.library.opDefinitionOf(body)?.inputs.length).toBe(loop.inputs.length);
  });

  it('import again with the same library, and export it', () => {
    const g = new Graph();
    g.importGraphDef(modelBytes('nested_functions'));
    g.importGraphDef(modelBytes('nested_functions'));
    const gd = g.asGraphDef();
    expect(gd.library?.function.length).toBe(2);
    expect(gd.versions?.minConsumer).toBe(12);
  });
});
