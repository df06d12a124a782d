import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpu } from '@tensorgraph/backend-cpu';
import { NDArray, storageOf, checkDType } from '@tensorgraph/core';
import { arrayFromJson, elementsOf, type JsonArray } from '@tensorgraph/core/testing';
import { Graph } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';

// Temporary runner for the model zoo (tools/oracle/gen_model_zoo.py) on backend-cpu, until
// @tensorgraph/conformance runs it: each case's model.pb imported as TF wrote it, its steps
// run in order on one Session, every fetch compared with what TF computed.
type FileArray = {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly file: string;
};
type ArraySpec = JsonArray | FileArray;
interface Tol {
  readonly rtol: number;
  readonly atol: number;
}
interface Step {
  readonly feeds?: Record<string, ArraySpec>;
  readonly fetches?: readonly string[];
  readonly targets?: readonly string[];
  readonly expected?: Record<string, ArraySpec>;
  readonly tolerance?: Record<string, Tol>;
}
interface ErrorCase {
  readonly what: string;
  readonly setup?: readonly string[];
  readonly feeds: Record<string, ArraySpec>;
  readonly fetches: readonly string[];
  readonly targets?: readonly string[];
  readonly error: {
    readonly class: string;
    readonly message: string;
    readonly node: string | null;
  };
}
interface Case {
  readonly name: string;
  readonly graph: string;
  readonly steps: readonly Step[];
  readonly ops: readonly string[];
}

const ZOO = new URL('../fixtures/zoo/', import.meta.url);
const names = existsSync(ZOO)
  ? readdirSync(ZOO).filter((n) => existsSync(new URL(`${n}/case.json`, ZOO)))
  : [];

function load(dir: URL, spec: ArraySpec): NDArray {
  if (!('file' in spec)) return arrayFromJson(spec);
  const dtype = checkDType(spec.dtype);
  const bytes = readFileSync(new URL(spec.file, dir));
  const Ctor = storageOf(dtype).arrayType!;
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  const data = new Ctor(copy.buffer);
  return new NDArray(dtype, spec.shape, data as never);
}

function compare(got: NDArray, want: NDArray, tol: Tol): string | null {
  if (got.dtype !== want.dtype) return `dtype ${got.dtype}, expected ${want.dtype}`;
  if (got.shape.join(',') !== want.shape.join(',')) {
    return `shape [${got.shape}], expected [${want.shape}]`;
  }
  const g = elementsOf(got);
  const w = elementsOf(want);
  if (process.env.ZOO_ERRORS) {
    let abs = 0;
    let rel = 0;
    for (let i = 0; i < w.length; i++) {
      const a = g[i];
      const b = w[i];
      if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(b)) continue;
      abs = Math.max(abs, Math.abs(a - b));
      if (Math.abs(b) > 1e-2) rel = Math.max(rel, Math.abs(a - b) / Math.abs(b));
    }
    console.log(
      `ERR ${process.env.ZOO_CASE} abs=${abs.toExponential(2)} rel=${rel.toExponential(2)}`,
    );
  }
  const bad: string[] = [];
  let worst = 0;
  for (let i = 0; i < w.length; i++) {
    const a = g[i];
    const b = w[i];
    let ok: boolean;
    if (typeof a === 'number' && typeof b === 'number') {
      if (Number.isNaN(a) || Number.isNaN(b)) ok = Number.isNaN(a) && Number.isNaN(b);
      else if (a === b) ok = true;
      else {
        const err = Math.abs(a - b);
        ok = err <= tol.atol + tol.rtol * Math.abs(b);
        worst = Math.max(worst, err / (tol.atol + tol.rtol * Math.abs(b) || 1e-30));
      }
    } else ok = a === b;
    if (!ok && bad.length < 5) bad.push(`[${i}] got ${String(a)}, expected ${String(b)}`);
  }
  return bad.length === 0
    ? null
    : `values differ (worst ${worst.toFixed(1)}x tol): ${bad.join('; ')}`;
}

describe.each(names)('model zoo on cpu: %s', (name) => {
  it('runs as TF ran it', async () => {
    const dir = new URL(`${name}/`, ZOO);
    process.env.ZOO_CASE = name;
    const spec = JSON.parse(readFileSync(new URL('case.json', dir), 'utf8')) as Case;
    const graph = new Graph();
    graph.importGraphDef(new Uint8Array(readFileSync(new URL(spec.graph, dir))), { name: '' });
    const session = new Session({ graph, backends: [cpu()] });
    try {
      for (const [i, step] of spec.steps.entries()) {
        const feeds = Object.fromEntries(
          Object.entries(step.feeds ?? {}).map(([k, v]) => [k, load(dir, v)]),
        );
        const fetches = step.fetches ?? [];
        const values = (await session.run(
          [...fetches, ...(step.targets ?? [])],
          feeds,
        )) as NDArray[];
        const problems = fetches.flatMap((f, j) => {
          const want = load(dir, step.expected![f]!);
          const why = compare(values[j]!, want, step.tolerance?.[f] ?? { rtol: 0, atol: 0 });
          return why === null ? [] : [`step ${i} ${f}: ${why}`];
        });
        expect(problems).toEqual([]);
      }
    } finally {
      await session.close();
    }
  }, 120_000);
});

const withErrors = names.filter((n) => existsSync(new URL(`${n}/errors.json`, ZOO)));

describe.each(withErrors)('model zoo on cpu, bad runtime values: %s', (name) => {
  const dir = new URL(`${name}/`, ZOO);
  const spec = JSON.parse(readFileSync(new URL('errors.json', dir), 'utf8')) as {
    graph: string;
    cases: ErrorCase[];
  };
  it.each(spec.cases.map((c) => [c.what, c] as const))('%s', async (_what, c) => {
    const graph = new Graph();
    graph.importGraphDef(new Uint8Array(readFileSync(new URL(spec.graph, dir))), { name: '' });
    const session = new Session({ graph, backends: [cpu()] });
    try {
      if (c.setup) await session.run([...c.setup]);
      const feeds = Object.fromEntries(Object.entries(c.feeds).map(([k, v]) => [k, load(dir, v)]));
      const error = await session.run([...c.fetches, ...(c.targets ?? [])], feeds).then(
        () => null,
        (e: Error) => e,
      );
      expect(error?.name).toBe(c.error.class);
      // TF names the node only outside functions; inside one, the message alone is compared.
      const want =
        c.error.node === null
          ? c.error.message
          : `${c.error.message}\n\t [[{{node ${c.error.node}}}]]`;
      expect(c.error.node === null ? error?.message.split('\n')[0] : error?.message).toBe(want);
    } finally {
      await session.close();
    }
  });
});
