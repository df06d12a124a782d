import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AttrValueProto, NDArray, expandArgs } from '@tensorgraph/core';
import { Graph, type Operation, type Tensor } from '../src/index.js';

// Small GraphDefs imported by real TF into a prelude graph, with options and scopes, and what
// TF made or raised (tools/oracle/gen_graphdef_fixtures.py, cases.json).
const FILE = new URL('../../../tools/oracle/fixtures/graphdef/cases.json', import.meta.url);

type Scope = [kind: string, arg: unknown];
interface ImportSpec {
  graph_def: string;
  scopes: Scope[];
  kwargs: {
    name?: string;
    input_map?: Record<string, string | { const: number }>;
    return_elements?: string[];
  };
}
interface Result {
  returned?: string[] | null;
  error?: { class: string; message: string };
  ops_left_by_tf?: number;
}
interface OpFacts {
  name: string;
  type: string;
  device: string;
  inputs: string[];
  control_inputs: string[];
  outputs: { dtype: string; ref?: boolean; shape: (number | null)[] | null }[];
  attrs: Record<string, string>;
}
interface Case {
  name: string;
  imports: ImportSpec[];
  results: Result[];
  ops: OpFacts[];
  next_import_scope: string;
  versions: { producer: number; min_consumer: number; bad_consumers: number[] };
  functions: string[];
}

const { cases } = JSON.parse(readFileSync(FILE, 'utf8')) as { cases: Case[] };

/** The prelude graph of the fixtures: x, i, f, n, q/a. */
function prelude(): Graph {
  const g = new Graph();
  g.createOp('Placeholder', [], { dtype: 'float32', shape: [2, 3] }, { name: 'x' });
  g.createOp(
    'Const',
    [],
    { value: new NDArray('int32', [], Int32Array.of(3)), dtype: 'int32' },
    { name: 'i' },
  );
  g.createOp(
    'Const',
    [],
    { value: new NDArray('float32', [], Float32Array.of(2)), dtype: 'float32' },
    { name: 'f' },
  );
  g.createOp('NoOp', [], {}, { name: 'n' });
  g.createOp('NoOp', [], {}, { name: 'q/a' });
  return g;
}

function withScopes<R>(g: Graph, scopes: readonly Scope[], fn: () => R): R {
  const [first, ...rest] = scopes;
  if (first === undefined) return fn();
  const [kind, arg] = first;
  const inner = () => withScopes(g, rest, fn);
  switch (kind) {
    case 'device':
      return g.device(arg as string | null, inner);
    case 'control':
      return g.controlDependencies(
        (arg as string[]).map((n) => g.getOperationByName(n)),
        inner,
      );
    case 'name_scope':
      return g.nameScope(arg as string, inner);
    case 'colocate':
      return g.colocateWith(g.getOperationByName(arg as string), inner);
    case 'container':
      return g.container(arg as string, inner);
    default:
      throw new Error(`unknown scope ${kind}`);
  }
}

/** TF's message with what differs by design: the binary's name, and ours names the node. */
function normalize(message: string): string {
  return message
    .replace(/binary running on [^.]+\./, 'binary running on <host>.')
    .replace(/; NodeDef: \{\{node [^}]*\}\}(?=$|')/, '');
}

function runImport(g: Graph, spec: ImportSpec): Result {
  const bytes = Uint8Array.from(Buffer.from(spec.graph_def, 'base64'));
  const inputMap = spec.kwargs.input_map
    ? Object.fromEntries(
        Object.entries(spec.kwargs.input_map).map(([k, v]) => [
          k,
          typeof v === 'string' ? g.getTensorByName(v) : v.const,
        ]),
      )
    : undefined;
  try {
    const r = withScopes(g, spec.scopes, () =>
      g.importGraphDef(bytes, {
        ...(inputMap ? { inputMap } : {}),
        ...(spec.kwargs.return_elements ? { returnElements: spec.kwargs.return_elements } : {}),
        ...('name' in spec.kwargs ? { name: spec.kwargs.name } : {}),
      }),
    );
    return { returned: r === null ? null : r.map((e) => e.name) };
  } catch (e) {
    return { error: { class: (e as Error).name, message: (e as Error).message } };
  }
}

function describeOp(op: Operation): OpFacts {
  return {
    name: op.name,
    type: op.type,
    device: op.device,
    inputs: op.inputs.map((t: Tensor) => t.name),
    control_inputs: op.controlInputs.map((c) => c.name),
    outputs: op.outputs.map((t) => ({
      dtype: t.dtype,
      ...(refOutputs(op)[t.valueIndex] ? { ref: true } : {}),
      shape: t.shape.dims as (number | null)[] | null,
    })),
    attrs: Object.fromEntries(
      op.attrNames.map((k) => [
        k,
        Buffer.from(AttrValueProto.encode(op.nodeDef.attr[k] as AttrValueProto).finish()).toString(
          'base64',
        ),
      ]),
    ),
  };
}

/** Which outputs are references (TF's `float32_ref`; dtypes here have no ref kind). */
function refOutputs(op: Operation): boolean[] {
  const attrs = new Map(op.attrNames.map((k) => [k, op.getAttr(k)] as const));
  return expandArgs(op.opDef, op.opDef.outputs, attrs).flatMap((e) =>
    e.dtypes.map(() => e.arg.isRef === true),
  );
}

// TF 2.21 garbles this list (its keys outlive their strings); the keys are these, sorted.
const CLEAN_MESSAGES: Record<string, string> = {
  input_map_not_found:
    'Attempted to map inputs that were not found in graph_def: [a:1, a:3, b:0, y:0, z:1]',
};

describe.each(cases)('import case $name', (c) => {
  const g = prelude();
  const preludeCount = g.getOperations().length;
  const results: Result[] = [];
  const unchanged: boolean[] = [];
  for (const spec of c.imports) {
    const version = g.version;
    const ops = g.getOperations().length;
    const r = runImport(g, spec);
    results.push(r);
    unchanged.push(g.version === version && g.getOperations().length === ops);
  }

  it('returns or raises what TF does', () => {
    c.results.forEach((want, i) => {
      const got = results[i] as Result;
      if (want.error === undefined) {
        expect(got.error, `import ${i}`).toBeUndefined();
        expect(got.returned).toEqual(want.returned);
        return;
      }
      expect(got.error?.class, `import ${i}: ${got.error?.message}`).toBe(want.error.class);
      const expected = CLEAN_MESSAGES[c.name] ?? normalize(want.error.message);
      expect(normalize(got.error?.message ?? '')).toBe(expected);
    });
  });

  it('leaves the graph unchanged when an import fails', () => {
    c.results.forEach((want, i) => {
      if (want.error !== undefined) expect(unchanged[i], `import ${i}`).toBe(true);
    });
  });

  it('makes the ops TF makes: names, order, inputs, devices, colocation, attrs, shapes', () => {
    // Where TF left ops of a failed import behind, there is nothing to compare with.
    if (c.results.some((r) => (r.ops_left_by_tf ?? 0) > 0)) return;
    const ours = g.getOperations().slice(preludeCount).map(describeOp);
    expect(ours.map((o) => o.name)).toEqual(c.ops.map((o) => o.name));
    c.ops.forEach((want, i) => expect(ours[i], want.name).toEqual(want));
  });

  it('takes the name scopes TF takes, and merges versions and functions as TF', () => {
    expect(g.uniqueName('import', false)).toBe(c.next_import_scope);
    // TF keeps the functions and versions of an import that failed; we keep nothing of it.
    if (c.results.some((r) => r.error !== undefined)) return;
    const gd = g.asGraphDef();
    expect({
      producer: gd.versions?.producer ?? 0,
      min_consumer: gd.versions?.minConsumer ?? 0,
      bad_consumers: gd.versions?.badConsumers ?? [],
    }).toEqual(c.versions);
    expect((gd.library?.function ?? []).map((f) => f.signature?.name)).toEqual(c.functions);
  });
});

interface Malformed {
  name: string;
  bytes: string;
  python_error: { class: string; message: string } | null;
}

describe('bytes that are no GraphDef', () => {
  const { malformed } = JSON.parse(readFileSync(FILE, 'utf8')) as { malformed: Malformed[] };

  it.each(malformed)(
    '$name: TF cannot parse them; here a DataLossError, the graph untouched',
    (m) => {
      expect(m.python_error?.class).toBe('DecodeError');
      const g = prelude();
      const before = g.getOperations().length;
      let error: unknown = null;
      try {
        g.importGraphDef(Uint8Array.from(Buffer.from(m.bytes, 'base64')));
      } catch (e) {
        error = e;
      }
      expect((error as Error).name).toBe('DataLossError');
      expect((error as Error).message).toMatch(/^Can't parse GraphDef: /);
      expect(g.getOperations().length).toBe(before);
    },
  );
});
