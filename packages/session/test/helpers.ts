import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { cpu } from '@tensorgraph/backend-cpu';
import { NDArray, RunMetadata, RunOptions, type Backend } from '@tensorgraph/core';
import { arrayFromJson, compareToJson, type JsonArray } from '@tensorgraph/core/testing';
import { Graph } from '@tensorgraph/graph';
import { Session, type SessionOptions } from '@tensorgraph/session';

/** What real TF did in each scenario (tools/oracle/gen_session_fixtures.py). */
export interface Outcome {
  readonly result?: unknown;
  readonly error?: string;
  readonly message?: string;
  readonly core?: string;
}

export const behaviours: Record<string, Outcome> = JSON.parse(
  readFileSync(
    new URL('../../../tools/oracle/fixtures/session/behaviours.json', import.meta.url),
    'utf8',
  ),
).scenarios;

export const backends: readonly Backend[] = [cpu()];

export function session(graph: Graph, options: Omit<SessionOptions, 'graph'> = {}): Session {
  return new Session({ backends, graph, ...options });
}

/** The graph of the oracle's `basic_graph()`: a, b constants, x placeholder, y = x * b, n. */
export function basicGraph(): Graph {
  const g = new Graph();
  g.createOp(
    'Const',
    [],
    { value: NDArray.from([10, 20], 'int32'), dtype: 'int32' },
    { name: 'a' },
  );
  const b = g.createOp(
    'Const',
    [],
    { value: NDArray.from([1, 2], 'float32'), dtype: 'float32' },
    { name: 'b' },
  );
  const x = g.createOp('Placeholder', [], { dtype: 'float32', shape: [2] }, { name: 'x' });
  g.createOp('Mul', [x.outputs[0]!, b.outputs[0]!], { T: 'float32' }, { name: 'y' });
  g.createOp('NoOp', [], {}, { name: 'n' });
  return g;
}

/** A fetched result in the oracle's JSON form, for comparison with TF's. */
export function encode(value: unknown): unknown {
  if (value === null) return null;
  if (value instanceof NDArray) {
    return {
      dtype: value.dtype,
      shape: [...value.shape],
      values: Array.from(value.data as ArrayLike<number | bigint>, (v) =>
        typeof v === 'bigint' ? String(v) : value.dtype === 'bool' ? v !== 0 : v,
      ),
    };
  }
  if (Array.isArray(value)) return { list: value.map(encode) };
  if (value instanceof Map)
    return { dict: Object.fromEntries([...value].map(([k, v]) => [String(k), encode(v)])) };
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('indices' in v && 'denseShape' in v)
      return { sparse: [encode(v.indices), encode(v.values), encode(v.denseShape)] };
    return { dict: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)])) };
  }
  return value;
}

/** Runs `fn` and gives its outcome in the oracle's form. */
export async function outcome(fn: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { result: encode(await fn()) };
  } catch (e) {
    return { error: (e as Error).name, message: (e as Error).message };
  }
}

/** One session.run of an oracle program and what TF 2.21 gave for it. */
export interface OracleRun {
  readonly feeds: Record<string, JsonArray>;
  readonly fetches: readonly string[];
  readonly init?: readonly string[];
  readonly expected?: readonly JsonArray[];
  readonly error?: { class: string; message: string; node: string | null };
}

/** A graph imported from the oracle's base64 GraphDef bytes, without a name prefix. */
export function importBase64GraphDef(graphDef: string): Graph {
  const graph = new Graph();
  graph.importGraphDef(Uint8Array.from(Buffer.from(graphDef, 'base64')), { name: '' });
  return graph;
}

// float32 results of a few adds and matmuls: TF's CPU order of accumulation, ~1 ulp.
export const ORACLE_TOLERANCE = { rtol: 1e-6, atol: 1e-6 };

/**
 * Runs `run` in a fresh session on `graph` and expects TF's values or TF's error (class
 * and message with the node trailer). With `again`, a run without `init` (so no variable
 * changes) goes a second time, through the cached plan, to the same answer.
 */
export async function checkOracleRun(graph: Graph, run: OracleRun, again = false): Promise<void> {
  const session = new Session({ graph, backends });
  try {
    if (run.init) await session.run([...run.init]);
    const feeds = Object.fromEntries(
      Object.entries(run.feeds).map(([name, spec]) => [name, arrayFromJson(spec)]),
    );
    if (run.error) {
      const error = await session.run([...run.fetches], feeds).then(
        () => null,
        (e: Error) => e,
      );
      expect(error?.name).toBe(run.error.class);
      expect(error?.message).toBe(`${run.error.message}\n\t [[{{node ${run.error.node}}}]]`);
      return;
    }
    for (let i = 0; i < (again && !run.init ? 2 : 1); i++) {
      const values = (await session.run([...run.fetches], feeds)) as NDArray[];
      values.forEach((v, j) => {
        const want = (run.expected as JsonArray[])[j] as JsonArray;
        expect(compareToJson(v, want, ORACLE_TOLERANCE)).toBeNull();
      });
    }
  } finally {
    await session.close();
  }
}

/**
 * Runs `fetches` on the CPU twice (the second traced, so the plan is the cached one): the
 * values, and the node names and timeline labels the step stats list.
 */
export async function runTraced(
  built: { readonly g: Graph; readonly feeds: Record<string, NDArray> },
  fetches: string[],
  config: SessionOptions['config'] = {},
): Promise<{ values: NDArray[]; nodes: string[]; labels: string[] }> {
  const s = new Session({ graph: built.g, backends: [cpu()], config });
  await s.run(fetches, built.feeds);
  const metadata = new RunMetadata();
  const values = (await s.run(
    fetches,
    built.feeds,
    { traceLevel: RunOptions.TraceLevel.FULL_TRACE },
    metadata,
  )) as NDArray[];
  await s.close();
  const stats = (metadata.stepStats?.devStats ?? []).flatMap((d) => d.nodeStats ?? []);
  return {
    values,
    nodes: stats.map((n) => n.nodeName ?? ''),
    labels: stats.map((n) => n.timelineLabel ?? ''),
  };
}

/** One step of a conformance zoo case: feeds from files, fetches, TF's values and tolerances. */
export interface ZooStep {
  readonly feeds: Record<string, { shape: number[]; file: string }>;
  readonly fetches: string[];
  readonly expected: Record<string, { shape: number[]; values: number[] }>;
  readonly tolerance: Record<string, { rtol: number; atol: number }>;
}

/**
 * The conformance zoo's frozen Keras MobileNetV2 (written by TF 2.21): its first step, and a
 * fresh graph of it with that step's (single, float32) feed.
 */
export function zooMobileNetV2(): {
  step: ZooStep;
  built: () => { g: Graph; feeds: Record<string, NDArray> };
} {
  const dir = new URL('../../conformance/fixtures/zoo/mobilenet_v2/', import.meta.url);
  const zooCase = JSON.parse(readFileSync(new URL('case.json', dir), 'utf8')) as {
    steps: ZooStep[];
  };
  const step = zooCase.steps[0] as ZooStep;
  const [feedName, feedSpec] = Object.entries(step.feeds)[0] as [
    string,
    { shape: number[]; file: string },
  ];
  const bytes = readFileSync(new URL(feedSpec.file, dir));
  const input = new NDArray(
    'float32',
    feedSpec.shape,
    new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
  );
  const model = new Uint8Array(readFileSync(new URL('model.pb', dir)));
  const built = () => {
    const g = new Graph();
    g.importGraphDef(model, { name: '' });
    return { g, feeds: { [feedName]: input } };
  };
  return { step, built };
}

/** `n` repeatable pseudo-random floats in [-scale, scale) (a linear congruential sequence). */
export function seeded(n: number, seed: number, scale = 3): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 31 - 1) * scale;
  }
  return out;
}

/** Elements of a shape. */
export const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
