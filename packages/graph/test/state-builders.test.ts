import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NDArray, TensorShape } from '@tensorgraph/core';
import * as graphApi from '@tensorgraph/graph';
import {
  BaseResourceVariable,
  Graph,
  isRefTensor,
  Operation,
  QueueBase,
  RefVariable,
  Tensor,
  UnreadVariable,
  Variable,
} from '@tensorgraph/graph';
import { jop, type OpRecord } from './op-records.js';

// What real TensorFlow 2.21 builds for tf.compat.v1.Variable (resource and ref),
// global_variables_initializer, FIFOQueue and WholeFileReader
// (tools/oracle/gen_state_builder_fixtures.py). Each case is one program in Python and in
// JavaScript, run in a fresh graph; we must make the same ops (names, types, inputs with
// control inputs, devices, attrs, output dtypes and static shapes), the same collections
// and the same result, or throw TF's error class and message.

interface Case {
  id: string;
  py: string;
  ts: string;
  ops: OpRecord[];
  collections: Record<string, string[]>;
  result?: unknown;
  error?: string;
  message?: string;
}

const fixture = JSON.parse(
  readFileSync(
    new URL('../../../tools/oracle/fixtures/state-builders/graphs.json', import.meta.url),
    'utf8',
  ),
) as { cases: Case[] };

const tf = { ...graphApi };

// TF's records also write a NodeDef's inputs as `name` for output 0.
function withoutGraphMarks(op: OpRecord): OpRecord {
  const { _has_manual_control_dependencies: _mark, ...attrs } = op.attrs;
  return {
    ...op,
    inputs: op.inputs.map((i) => i.replace(/:0$/, '')),
    attrs,
  };
}

const dims = (s: TensorShape) => (s.dims === null ? null : [...s.dims]);

function jresult(r: unknown): unknown {
  if (r === null || r === undefined) return null;
  if (r instanceof Variable) {
    const kind =
      r instanceof UnreadVariable
        ? 'unread'
        : r instanceof BaseResourceVariable
          ? 'resource'
          : r instanceof RefVariable
            ? 'ref'
            : 'unknown';
    return {
      variable: r.name,
      kind,
      dtype: r.dtype,
      shape: dims(r.shape),
      op: r.op.name,
      device: r.device,
      initializer: kind === 'unread' ? null : r.initializer.name,
      element: r._asGraphElement().name,
      repr: String(r),
    };
  }
  if (r instanceof Tensor) {
    const dtype = isRefTensor(r) ? `${r.dtype}_ref` : r.dtype;
    return { tensor: r.name, dtype, shape: dims(r.shape) };
  }
  if (r instanceof Operation) return { op: r.name };
  if (r instanceof QueueBase) {
    return {
      queue: r.name,
      ref: r.queueRef.name,
      dtypes: [...r.dtypes],
      shapes: r.shapes.map(dims),
      names: r.names === null ? null : [...r.names],
    };
  }
  if (Array.isArray(r)) return r.map(jresult);
  if (typeof r === 'string') return { str: r };
  if (typeof r === 'boolean') return { value: r };
  if (typeof r === 'object') {
    return {
      dict: Object.fromEntries(Object.entries(r).map(([k, v]) => [k, jresult(v)])),
    };
  }
  return { value: r };
}

function collections(graph: Graph): Record<string, string[]> {
  return Object.fromEntries(
    graph
      .getAllCollectionKeys()
      .map((k) => [k, graph.getCollection(k).map((x) => (x as { name: string }).name)]),
  );
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

function runCase(code: string): { graph: Graph; value?: unknown; error?: Error } {
  const graph = new Graph();
  return graph.asDefault(() => {
    const body = code.includes('return ') ? code : `return (${code});`;
    const fn = new Function('tf', 'NDArray', 'i32', 'i64', 'TensorShape', body) as (
      ...a: unknown[]
    ) => unknown;
    try {
      return { graph, value: fn(tf, NDArray, i32, i64, TensorShape) };
    } catch (e) {
      return { graph, error: e as Error };
    }
  });
}

const ourClass = (tfClass: string): string => (tfClass === 'KeyError' ? 'ValueError' : tfClass);

describe('state builders: the graphs TF builds', () => {
  const cases = fixture.cases.map((c) => [c.id, c] as const);
  it.each(cases)('%s', (_id, c) => {
    checkCase(c);
  });
});

function checkCase(c: Case): void {
  const got = runCase(c.ts);
  if (c.error !== undefined) {
    expect(
      got.error === undefined
        ? { returned: jresult(got.value) }
        : { error: got.error.name, message: got.error.message },
    ).toEqual({ error: ourClass(c.error), message: c.message });
    // What a refused program leaves behind, TF leaves too.
    const theirs = new Set(c.ops.map((o) => `${o.name}:${o.type}`));
    const left = got.graph.getOperations().map((o) => `${o.name}:${o.type}`);
    expect(left.filter((n) => !theirs.has(n))).toEqual([]);
    return;
  }
  if (got.error !== undefined) throw got.error;
  expect(got.graph.getOperations().map((op) => withoutGraphMarks(jop(op)))).toEqual(
    c.ops.map(withoutGraphMarks),
  );
  expect(collections(got.graph)).toEqual(c.collections);
  expect(jresult(got.value)).toEqual(c.result);
}
