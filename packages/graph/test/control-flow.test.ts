import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValueError } from '@tensorgraph/errors';
import { GraphDef, TensorProto, tensorProtoToNDArray } from '@tensorgraph/core';
import {
  add,
  cond,
  constant,
  Graph,
  less,
  multiply,
  placeholder,
  whileLoop,
  type Tensor,
} from '../src/index.js';
import { PROGRAMS } from './control-flow-programs.js';

// What TF 2.21 builds for tf.cond / tf.while_loop / tf.switch_case in a tf.compat.v1 graph
// (tools/oracle/gen_functional_fixtures.py), against what our builders build.
interface Program {
  readonly name: string;
  readonly builder: boolean;
  readonly graph_def: string;
  readonly outputs: readonly string[];
}

const FIXTURE = JSON.parse(
  readFileSync(
    new URL('../../../tools/oracle/fixtures/functional/programs.json', import.meta.url),
    'utf8',
  ),
) as { programs: Program[] };

// Oneof fields of AttrValue: their zero values are set values, kept when comparing.
const ATTR_FIELDS = new Set([
  's',
  'i',
  'f',
  'b',
  'type',
  'shape',
  'tensor',
  'list',
  'func',
  'placeholder',
]);
// Attrs TF's graph adds that are not control flow's business.
const IGNORED_ATTRS = new Set(['_has_manual_control_dependencies']);

/** Function names carry TF's process-wide uid (`cond_true_12`): compare without it. */
function withoutUids(text: string): string {
  return text.replace(/_(true|false|cond|body|branch\d+)_\d+/g, '_$1_N');
}

/** Drops proto3 zero values (one side writes them, the other does not) outside AttrValues. */
function prune(value: unknown, inAttr = false): unknown {
  if (Array.isArray(value)) return value.map((v) => prune(v));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (IGNORED_ATTRS.has(k)) continue;
    const keep = inAttr && ATTR_FIELDS.has(k);
    if (!keep && (v === '' || v === false || v === 0 || v === '0')) continue;
    if (!keep && Array.isArray(v) && v.length === 0) continue;
    const child = prune(v);
    if (!keep && child !== null && typeof child === 'object' && Object.keys(child).length === 0) {
      continue;
    }
    out[k] = child;
  }
  return out;
}

/** A GraphDef as comparable data: AttrValues kept whole, functions sorted by name. */
function canonical(bytes: Uint8Array): unknown {
  const gd = GraphDef.toObject(GraphDef.decode(bytes), {
    longs: String,
    enums: String,
    bytes: String,
    defaults: false,
  }) as { node?: unknown[]; library?: { function?: { signature: { name: string } }[] } };
  const text = withoutUids(JSON.stringify(gd));
  const parsed = JSON.parse(text) as typeof gd;
  const fns = [...(parsed.library?.function ?? [])].sort((a, b) =>
    a.signature.name < b.signature.name ? -1 : 1,
  );
  return {
    node: (parsed.node ?? []).map((n) => pruneNode(n)),
    function: fns.map((f) => pruneFunction(f)),
  };
}

function pruneAttrs(attrs: unknown): unknown {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries((attrs ?? {}) as Record<string, unknown>)) {
    if (IGNORED_ATTRS.has(k)) continue;
    const tensor = (v as { tensor?: unknown }).tensor;
    out[k] = tensor === undefined ? prune(v, true) : { tensor: tensorValue(tensor) };
  }
  return out;
}

/**
 * A TensorProto by its value: TF writes `float_val: 0` for zeros where our `zeros` builder
 * writes `tensor_content`; both are the same tensor to TF.
 */
function tensorValue(proto: unknown): unknown {
  const a = tensorProtoToNDArray(TensorProto.fromObject(proto as Record<string, unknown>));
  const values = Array.from(a.data as ArrayLike<unknown>, (v) =>
    typeof v === 'bigint'
      ? String(v)
      : v instanceof Uint8Array
        ? Buffer.from(v).toString('hex')
        : v,
  );
  return { dtype: a.dtype, shape: [...a.shape], values };
}

function pruneNode(node: unknown): unknown {
  const n = node as Record<string, unknown>;
  return { ...(prune({ ...n, attr: undefined }) as object), attr: pruneAttrs(n.attr) };
}

function pruneFunction(fn: unknown): unknown {
  const f = fn as Record<string, unknown>;
  const argAttr: Record<string, unknown> = {};
  for (const [k, v] of Object.entries((f.argAttr ?? {}) as Record<string, { attr?: unknown }>)) {
    argAttr[k] = pruneAttrs(v.attr);
  }
  return {
    signature: prune(f.signature),
    attr: pruneAttrs(f.attr),
    argAttr,
    nodeDef: ((f.nodeDef ?? []) as unknown[]).map(pruneNode),
    ret: f.ret ?? {},
    controlRet: f.controlRet ?? {},
  };
}

function build(name: string): { graph: Graph; outputs: Tensor[] } {
  const graph = new Graph();
  const outputs = graph.asDefault(() => (PROGRAMS[name] as () => Tensor[])());
  return { graph, outputs };
}

const builderPrograms = FIXTURE.programs.filter((p) => p.builder);

describe.each(builderPrograms.map((p) => [p.name, p] as const))('builders: %s', (name, program) => {
  it('returns the tensors TF returns', () => {
    expect(build(name).outputs.map((t) => t.name)).toEqual(program.outputs);
  });

  it('builds the GraphDef TF builds (ops, attrs, library functions; uids aside)', () => {
    const ours = GraphDef.encode(build(name).graph.asGraphDef()).finish();
    const theirs = Uint8Array.from(Buffer.from(program.graph_def, 'base64'));
    expect(canonical(ours)).toEqual(canonical(theirs));
  });
});

describe('cond', () => {
  it('refuses a JS boolean predicate and uncallable branches, as TF', () => {
    const g = new Graph();
    g.asDefault(() => {
      expect(() =>
        cond(
          true as never,
          () => 1,
          () => 2,
        ),
      ).toThrow(new TypeError('pred must not be a Python bool'));
      const p = placeholder('bool', [], 'p');
      expect(() => cond(p, 1 as never, () => 2)).toThrow("'true_fn' must be callable.");
    });
  });

  it('refuses branches of different dtypes or structures, leaving the graph as it was', () => {
    const g = new Graph();
    g.asDefault(() => {
      const p = placeholder('bool', [], 'p');
      const before = g.version;
      expect(() =>
        cond(
          p,
          () => constant(1, 'int32'),
          () => constant(1.5),
        ),
      ).toThrow(TypeError);
      expect(() =>
        cond(
          p,
          () => [constant(1.5)] as unknown,
          () => constant(1.5),
        ),
      ).toThrow(
        /true_fn and false_fn arguments to tf.cond must have the same number, type, and overall structure/,
      );
      expect(g.version).toBe(before);
      expect(g.library.size).toBe(0);
    });
  });

  it('makes the If op unfetchable and its branches library functions', () => {
    const g = new Graph();
    g.asDefault(() => {
      const p = placeholder('bool', [], 'p');
      const x = placeholder('float32', [2], 'x');
      const r = cond(
        p,
        () => multiply(x, 2, 'mul'),
        () => x,
      );
      const op = g.getOperationByName('cond');
      expect(op.type).toBe('StatelessIf');
      expect(g.isFetchable(op)).toBe(false);
      expect(r.name).toBe('cond/Identity:0');
      expect(r.shape.dims).toEqual([2]);
      const names = g.library.names();
      expect(names.map((n) => n.replace(/_\d+$/, ''))).toEqual(['cond_true', 'cond_false']);
      // The true branch captures x inside the scope of `mul`: its argument is `mul_x`.
      const fdef = g.library.get(names[0] as string);
      expect(fdef?.signature?.inputArg?.map((a) => a.name)).toEqual(['mul_x']);
      expect(fdef?.ret).toEqual({ mul: 'mul_0:z:0' });
    });
  });

  it('keeps tensors of a branch out of the other branch, as TF', () => {
    const g = new Graph();
    g.asDefault(() => {
      const p = placeholder('bool', [], 'p');
      let leaked: Tensor | null = null;
      expect(() =>
        cond(
          p,
          () => (leaked = constant(1.5)),
          () => add(leaked as Tensor, 1, 'add'),
        ),
      ).toThrow(ValueError);
    });
  });
});

describe('whileLoop', () => {
  it('refuses a body that changes a dtype or a shape, as TF', () => {
    const g = new Graph();
    g.asDefault(() => {
      const x = constant([1.0, 2.0]);
      expect(() =>
        whileLoop(
          (v: Tensor) => less(v, 3),
          () => constant(1, 'int32'),
          [constant(0.0)],
        ),
      ).toThrow(
        /enters the loop with type <dtype: 'float32'> but has type <dtype: 'int32'> after 1 iteration/,
      );
      expect(() =>
        whileLoop(
          () => true,
          (v: Tensor) => constant([1.0, 2.0, 3.0]).shape.dims && add(v, x, 'add'),
          [constant(0.0)],
        ),
      ).toThrow(
        /Input tensor `Const_\d+:0` enters the loop with shape \(\), but has shape \(2,\) after one iteration/,
      );
    });
  });

  it('returns the loop variables in the structure given, Identities outside functions', () => {
    const g = new Graph();
    g.asDefault(() => {
      const out = whileLoop(
        (a: Tensor) => less(a, 10),
        (a: Tensor, b: Tensor) => [add(a, 1, 'add'), add(b, a, 'add')],
        [constant(0, 'int32'), constant(0, 'int32')],
      );
      expect(out.map((t) => t.name)).toEqual(['while/Identity_2:0', 'while/Identity_3:0']);
      const op = g.getOperationByName('while');
      expect(op.type).toBe('StatelessWhile');
      expect(op.getAttr('_num_original_outputs')).toBe(4);
    });
  });
});
