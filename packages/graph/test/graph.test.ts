import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RuntimeError, ValueError } from '@tensorgraph/errors';
import {
  Graph,
  getDefaultGraph,
  resetDefaultGraph,
  withDefaultSession,
  type SessionLike,
} from '@tensorgraph/graph';
import { NDArray } from '@tensorgraph/core';
import { scalar, testRegistry } from './test-ops.js';

interface Outcome {
  error?: string;
  message?: string;
  result?: string;
}
const fixture: {
  cases: ({ fn: string; arg: unknown } & Outcome)[];
  finalized: Outcome;
  misc: Record<string, unknown>;
} = JSON.parse(
  readFileSync(
    new URL('../../../tools/oracle/fixtures/graph/lookups.json', import.meta.url),
    'utf8',
  ),
);
const misc = fixture.misc as Record<string, Outcome> & Record<string, unknown>;

// TF's KeyError is our ValueError (DESIGN.md); its TypeError and ValueError are the same.
const ourClass = (tfClass: string) => (tfClass === 'KeyError' ? 'ValueError' : tfClass);

function graphWithConstAndNoOp(): Graph {
  const g = new Graph({ opRegistry: testRegistry });
  g.createOp(
    'Const',
    [],
    { value: new NDArray('float32', [2], Float32Array.of(1, 2)), dtype: 'float32' },
    { name: 'c' },
  );
  g.createOp('NoOp', [], {}, { name: 'n' });
  return g;
}

function outcome(fn: () => { name: string }): Outcome {
  try {
    return { result: fn().name };
  } catch (e) {
    return { error: (e as Error).name, message: (e as Error).message };
  }
}

describe('getTensorByName / getOperationByName', () => {
  const g = graphWithConstAndNoOp();
  const cases = fixture.cases.filter((c) => c.fn !== 'as_graph_element');
  it.each(cases.map((c) => [c.fn, JSON.stringify(c.arg), c] as const))('%s(%s)', (_f, _a, c) => {
    const arg = c.arg as string;
    const got = outcome(() =>
      c.fn === 'get_tensor_by_name' ? g.getTensorByName(arg) : g.getOperationByName(arg),
    );
    if (c.result !== undefined) expect(got).toEqual({ result: c.result });
    else expect(got).toEqual({ error: ourClass(c.error as string), message: c.message });
  });

  it('an element of another graph is refused', () => {
    const other = new Graph({ opRegistry: testRegistry });
    const foreign = other.createOp('NoOp', [], {}, { name: 'f' });
    expect(() => g.asGraphElement(foreign)).toThrow(ValueError);
    expect(() => g.asGraphElement(foreign)).toThrow(/is not an element of this graph/);
    expect(() => g.asGraphElement(42)).toThrow('Can not convert a int into a Tensor or Operation.');
  });
});

describe('graph state', () => {
  it("finalize makes the graph read-only with TF's RuntimeError", () => {
    const g = new Graph({ opRegistry: testRegistry });
    g.createOp('NoOp', [], {}, { name: 'a' });
    g.finalize();
    expect(g.finalized).toBe(true);
    const add = () => g.createOp('NoOp', [], {}, { name: 'late' });
    expect(add).toThrow(RuntimeError);
    expect(add).toThrow(fixture.finalized.message as string);
    expect(g.getOperations().map((o) => o.name)).toEqual(['a']);
  });

  it('a refused op leaves no trace: its name stays free', () => {
    const g = new Graph({ opRegistry: testRegistry });
    expect(() => g.createOp('Identity', [], { T: 'float32' }, { name: 'x' })).toThrow(ValueError);
    expect(() => g.createOp('Nope', [], {}, { name: 'x' })).toThrow(
      "Op type not registered 'Nope'",
    );
    expect(g.createOp('NoOp', [], {}, { name: 'x' }).name).toBe('x');
    expect(g.version).toBe(1);
  });

  it('prevents feeding and fetching', () => {
    const g = graphWithConstAndNoOp();
    const c = g.getTensorByName('c:0');
    const n = g.getOperationByName('n');
    expect(g.isFeedable(c)).toBe(true);
    g.preventFeeding(c);
    expect(g.isFeedable(c)).toBe(false);
    expect(g.isFetchable(n)).toBe(true);
    g.preventFetching(c.op);
    expect(g.isFetchable(c)).toBe(false);
    expect(g.isFetchable(c.op)).toBe(false);
    expect(g.isFetchable(n)).toBe(true);
  });

  it("collections filter by scope as TF's re.match", () => {
    const g = new Graph({ opRegistry: testRegistry });
    for (const name of ['a/x', 'a/y', 'ab/z', 'b/a/w']) {
      g.addToCollection('things', g.createOp('NoOp', [], {}, { name }));
    }
    g.addToCollection('things', 42);
    const names = (items: unknown[]) => items.map((v) => (v as { name?: string }).name ?? v);
    expect(names(g.getCollection('things'))).toEqual(misc.collection_all);
    expect(names(g.getCollection('things', 'a'))).toEqual(misc.collection_scope_a);
    expect(names(g.getCollection('things', 'a/'))).toEqual(misc.collection_scope_a_slash);
    expect(names(g.getCollection('things', '.*/a'))).toEqual(misc.collection_scope_regex);
    expect(g.getAllCollectionKeys()).toEqual(misc.collection_keys);
    g.getCollection('things').pop();
    expect(g.getCollection('things')).toHaveLength(5);
    g.getCollectionRef('things').pop();
    expect(g.getCollection('things')).toHaveLength(4);
    g.clearCollection('things');
    expect(g.getCollection('things')).toEqual([]);
  });
});

describe('Tensor and Operation', () => {
  it('print as TF prints them', () => {
    const g = graphWithConstAndNoOp();
    expect(String(g.getTensorByName('c:0'))).toBe((misc.tensor_str as string[])[0]);
    expect(String(g.getOperationByName('n'))).toBe(misc.op_repr);
  });

  it("getAttr of a missing attr is TF's ValueError", () => {
    const g = graphWithConstAndNoOp();
    const m = misc.get_attr_missing as Outcome;
    expect(() => g.getOperationByName('n').getAttr('nope')).toThrow(m.message as string);
  });

  it('setShape merges and refuses incompatible shapes with TF wording', () => {
    const g = new Graph({ opRegistry: testRegistry });
    const c = g.createOp('Const', [], { value: scalar(1), dtype: 'float32' }, { name: 'c' });
    const t = g.createOp('Identity', c.outputs, { T: 'float32' }).outputs[0]!;
    expect(t.shape.toString()).toBe('()');
    expect(() => t.setShape([2])).toThrow('Shapes must be equal rank, but are 0 and 1.');
    expect(t.consumers()).toEqual([]);
    expect(c.outputs[0]!.consumers()).toEqual([t.op]);
    expect(t.op.inputs).toEqual(c.outputs);
    expect(t.name).toBe('Identity:0');
    expect(t.graph).toBe(g);
  });
});

describe('eval() and run() use the default session as TF does', () => {
  const g = graphWithConstAndNoOp();
  const c = g.getTensorByName('c:0');
  const n = g.getOperationByName('n');
  const fakeSession = (graph: Graph): SessionLike & { calls: unknown[] } => {
    const calls: unknown[] = [];
    return { graph, calls, run: async (f) => (calls.push(f), 'value') };
  };

  it.each([
    ['eval_no_session', () => c.eval()],
    ['run_no_session', () => n.run()],
  ])('%s', async (key, fn) => {
    await expect(fn()).rejects.toThrow((misc[key] as Outcome).message as string);
  });

  it('refuses a session of another graph, default or explicit', async () => {
    const other = fakeSession(new Graph({ opRegistry: testRegistry }));
    await withDefaultSession(other, async () => {
      await expect(c.eval()).rejects.toThrow(misc.eval_default_other_graph!.message as string);
      await expect(n.run()).rejects.toThrow(misc.run_default_other_graph!.message as string);
    });
    await expect(c.eval(undefined, other)).rejects.toThrow(
      misc.eval_explicit_other_graph!.message as string,
    );
    await expect(n.run(undefined, other)).rejects.toThrow(
      misc.run_explicit_other_graph!.message as string,
    );
  });

  it('runs in the default session of the async context', async () => {
    const s = fakeSession(g);
    await withDefaultSession(s, async () => {
      await Promise.resolve();
      expect(await c.eval()).toBe('value');
      expect(await n.run()).toBeNull();
    });
    expect(s.calls).toEqual([c, n]);
  });
});

describe('the default graph', () => {
  it('is scoped to the async context of asDefault(fn)', async () => {
    resetDefaultGraph();
    const outer = getDefaultGraph();
    expect(getDefaultGraph()).toBe(outer);
    const a = new Graph({ opRegistry: testRegistry });
    const b = new Graph({ opRegistry: testRegistry });
    const seen: Graph[] = [];
    await Promise.all([
      a.asDefault(async () => {
        await new Promise((r) => setTimeout(r, 5));
        seen.push(getDefaultGraph());
      }),
      b.asDefault(async () => {
        seen.push(getDefaultGraph());
        await new Promise((r) => setTimeout(r, 10));
        seen.push(getDefaultGraph());
      }),
    ]);
    expect(seen).toEqual([b, a, b]);
    expect(getDefaultGraph()).toBe(outer);
    expect(() => a.asDefault(() => resetDefaultGraph())).toThrow(
      /Do not use tf.reset_default_graph/,
    );
    resetDefaultGraph();
    expect(getDefaultGraph()).not.toBe(outer);
  });

  it('name scopes are per async context, like TF per thread', async () => {
    const g = new Graph({ opRegistry: testRegistry });
    const names: string[] = [];
    await Promise.all([
      g.nameScope('s1', async () => {
        await new Promise((r) => setTimeout(r, 5));
        names.push(g.createOp('NoOp', []).name);
      }),
      g.nameScope('s2', async () => {
        names.push(g.createOp('NoOp', []).name);
      }),
    ]);
    expect(names).toEqual(['s2/NoOp', 's1/NoOp']);
    expect(g.getNameScope()).toBe('');
  });
});
