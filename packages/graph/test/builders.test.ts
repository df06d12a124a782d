import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NDArray } from '@tensorgraph/core';
import * as graphApi from '@tensorgraph/graph';
import { Graph, isRefTensor, Operation, SparseTensor, Tensor } from '@tensorgraph/graph';
import { jop, withoutGraphMarks, type OpRecord } from './op-records.js';

// Builder calls that real TensorFlow ran (tools/oracle/gen_builder_fixtures.py). Each case
// is one call written in Python and in JavaScript; we run the JavaScript in a fresh graph
// after the same setup and must make the same ops (names, types, inputs, devices, attrs,
// output dtypes and shapes) and return the same structure, or throw TF's error.

interface Case {
  id: string;
  setup: string;
  py: string;
  ts: string;
  ops: OpRecord[];
  result?: unknown;
  error?: string;
  message?: string;
}
interface Fixture {
  setups: Record<string, string>;
  cases: Case[];
}

const dir = new URL('../../../tools/oracle/fixtures/builders/', import.meta.url);
const families = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map(
    (f) =>
      [
        f.replace(/\.json$/, ''),
        JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Fixture,
      ] as const,
  );

const tf = { ...graphApi };

// Python's error classes as ours: TypeError is JavaScript's own (DESIGN.md).
const ourClass = (tfClass: string): string => (tfClass === 'KeyError' ? 'ValueError' : tfClass);

function jresult(r: unknown): unknown {
  if (r === null || r === undefined) return null;
  if (r instanceof Tensor) {
    const dtype = isRefTensor(r) ? `${r.dtype}_ref` : r.dtype;
    return { tensor: r.name, dtype, shape: r.shape.dims === null ? null : [...r.shape.dims] };
  }
  if (r instanceof Operation) return { op: r.name };
  if (r instanceof SparseTensor) {
    return {
      sparse: {
        indices: jresult(r.indices),
        values: jresult(r.values),
        dense_shape: jresult(r.denseShape),
        dtype: r.dtype,
        shape: r.shape.dims === null ? null : [...r.shape.dims],
      },
    };
  }
  if (Array.isArray(r)) return r.map(jresult);
  if (typeof r === 'string') return { str: r };
  return { value: r };
}

// Python ints in the JavaScript spelling of a case (a JS number would be a float).
const i32 = (v: number | number[]): NDArray =>
  Array.isArray(v)
    ? new NDArray('int32', [v.length], Int32Array.from(v))
    : new NDArray('int32', [], Int32Array.of(v));
const i64 = (v: number | number[]): NDArray =>
  Array.isArray(v)
    ? new NDArray('int64', [v.length], BigInt64Array.from(v, BigInt))
    : new NDArray('int64', [], BigInt64Array.of(BigInt(v)));

function runCase(
  setup: string,
  code: string,
): { graph: Graph; before: number; value?: unknown; error?: Error } {
  const graph = new Graph();
  return graph.asDefault(() => {
    const body = code.includes('return ') ? code : `return (${code});`;
    const params = ['tf', 'NDArray', 'i32', 'i64'];
    const fn = new Function(
      ...params,
      `${setup}\nconst __before = tf.getDefaultGraph().getOperations().length;\nreturn [__before, (() => {${body}})()];`,
    ) as (...a: unknown[]) => [number, unknown];
    const setupOnly = new Function(
      ...params,
      `${setup}\nreturn tf.getDefaultGraph().getOperations().length;`,
    ) as (...a: unknown[]) => number;
    try {
      const [before, value] = fn(tf, NDArray, i32, i64);
      return { graph, before, value };
    } catch (e) {
      // Count the setup's ops in a graph of their own to know what the case added.
      const before = new Graph().asDefault(() => setupOnly(tf, NDArray, i32, i64));
      return { graph, before, error: e as Error };
    }
  });
}

// Where TF knows more than our graph does, for reasons outside the builders. The op
// structure must still match; the difference is checked to be only that.
// - shapes: TF's shape inference folds small constant subgraphs (Cast, Sub, Pack of Consts:
//   its EvaluateConstantTensor); the graph's constantValue reads Consts, Shape, Size, Rank,
//   so the ops after such a subgraph get less specific (still compatible) static shapes.
// - messages: the core Reshape/BroadcastTo shape functions read the shape input as a value,
//   so the error says "computed input tensors" where TF says "computed as partial shapes".
const SHAPE_GAPS = new Set([
  'nn/softmax_axis0',
  'nn/softmax_axis0_named',
  'nn/log_softmax_axis0',
  'nn/softmax_xent',
  'nn/softmax_xent_named',
]);
const MESSAGE_GAPS = new Set(['array/reshape_bad', 'array/broadcast_to_bad']);

type Dims = (number | null)[] | null;

function compatible(ours: Dims, theirs: Dims): boolean {
  if (ours === null || theirs === null) return ours === null || theirs !== null;
  return ours.length === theirs.length && ours.every((d, i) => d === null || d === theirs[i]);
}

/** TF's op records with the static shapes replaced by ours where ours are compatible. */
function allowLessSpecificShapes(ours: OpRecord[], theirs: OpRecord[]): OpRecord[] {
  return theirs.map((op, k) => {
    const mine = ours[k];
    if (mine === undefined || mine.name !== op.name) return op;
    const outputs = op.outputs.map(([dtype, dims], j): [string, Dims] => {
      const m = mine.outputs[j];
      return m !== undefined && compatible(m[1], dims) ? [dtype, m[1]] : [dtype, dims];
    });
    return { ...op, outputs };
  });
}

for (const [family, fixture] of families) {
  describe(`builders: ${family}`, () => {
    it.each(fixture.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
      const setup = fixture.setups[c.setup] ?? '';
      const got = runCase(setup, c.ts);
      if (c.error !== undefined) {
        const cut = (m: string | undefined) =>
          MESSAGE_GAPS.has(`${family}/${c.id}`) ? m?.replace(/ and with .*$/, '') : m;
        expect(
          got.error === undefined
            ? { returned: jresult(got.value) }
            : { error: got.error.name, message: cut(got.error.message) },
        ).toEqual({ error: ourClass(c.error), message: cut(c.message) });
        // A refused call leaves nothing behind: the ops left are those the case made before
        // the failing call, which TF has too (TF may also keep the failing call's own).
        const left = got.graph
          .getOperations()
          .slice(got.before)
          .map((o) => `${o.name}:${o.type}`);
        const tfLeft = new Set(c.ops.map((o) => `${o.name}:${o.type}`));
        expect(left.filter((n) => !tfLeft.has(n))).toEqual([]);
        return;
      }
      if (got.error !== undefined) throw got.error;
      const ours = got.graph.getOperations().slice(got.before).map(jop);
      const theirs = c.ops.map(withoutGraphMarks);
      if (SHAPE_GAPS.has(`${family}/${c.id}`)) {
        expect(ours).toEqual(allowLessSpecificShapes(ours, theirs));
        expect(jresult(got.value)).toMatchObject({
          tensor: (c.result as { tensor: string }).tensor,
        });
      } else {
        expect(ours).toEqual(theirs);
        expect(jresult(got.value)).toEqual(c.result);
      }
    });
  });
}
