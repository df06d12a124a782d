// Runs one model-zoo case in a browser realm (page or worker): the files come over HTTP
// from the test's server, the numbers are compared with what TensorFlow recorded.
import { allocateStorage, checkDType, NDArray, type Backend } from '@tensorgraph/core';
import { arrayFromJson, elementsOf, type Tolerance } from '@tensorgraph/core/testing';
import { Session } from '@tensorgraph/session';
import type { ZooArray, ZooCase } from '../../../conformance/src/zoo-fixtures.js';
import { compareArrays, DEFAULT_FLOAT_TOLERANCE } from '../../../conformance/src/compare.js';
import { pinnedGraph } from '../../../conformance/src/pinned-graph.js';

/** How one fetch compared with TF's value. */
export interface FetchReport {
  readonly name: string;
  readonly tolerance: Tolerance;
  /** compareArrays' verdict: null when every element is within tolerance. */
  readonly problem: string | null;
  readonly maxAbs: number;
  /** Largest |got - want| / |want| over elements with |want| >= 1e-3 (tiny ones inflate it). */
  readonly maxRel: number;
  /** Largest |got - want| / (atol + rtol * |want|): under 1 passes. */
  readonly toleranceUsed: number;
}

export interface ModelReport {
  readonly model: string;
  readonly device: string;
  /** Wall time of the first run (includes kernel/pipeline compilation) and a second run. */
  readonly firstRunMs: number;
  readonly secondRunMs: number;
  readonly fetches: FetchReport[];
  /** Log lines of placement: `node: (Op): device`. */
  readonly placement: string[];
}

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return res.arrayBuffer();
}

/** A zoo array: inline values, or raw little-endian bytes fetched from beside case.json. */
async function zooArray(spec: ZooArray, base: string): Promise<NDArray> {
  if (spec.file === undefined) {
    return arrayFromJson({ dtype: spec.dtype, shape: spec.shape, values: spec.values ?? [] });
  }
  const dtype = checkDType(spec.dtype);
  const data = allocateStorage(
    dtype,
    spec.shape.reduce((a, b) => a * b, 1),
  );
  if (!ArrayBuffer.isView(data)) throw new TypeError(`${spec.file}: ${dtype} is not raw bytes`);
  const bytes = new Uint8Array(await fetchBytes(`${base}${spec.file}`));
  if (bytes.byteLength !== data.byteLength) {
    throw new RangeError(`${spec.file}: ${bytes.byteLength} bytes, need ${data.byteLength}`);
  }
  new Uint8Array(data.buffer, data.byteOffset, data.byteLength).set(bytes);
  return new NDArray(dtype, spec.shape, data as never);
}

function errorStats(got: NDArray, want: NDArray, tol: Tolerance) {
  const g = elementsOf(got);
  const w = elementsOf(want);
  let maxAbs = 0;
  let maxRel = 0;
  let toleranceUsed = 0;
  for (let i = 0; i < w.length; i++) {
    const a = Number(g[i]);
    const b = Number(w[i]);
    if (Number.isNaN(a) && Number.isNaN(b)) continue;
    if (a === b) continue;
    const d = Math.abs(a - b);
    maxAbs = Math.max(maxAbs, d);
    if (Math.abs(b) >= 1e-3) maxRel = Math.max(maxRel, d / Math.abs(b));
    const allowed = (tol.atol ?? 0) + (tol.rtol ?? 0) * Math.abs(b);
    toleranceUsed = Math.max(toleranceUsed, allowed > 0 ? d / allowed : Infinity);
  }
  return { maxAbs, maxRel, toleranceUsed };
}

/**
 * Every step of `model`'s case.json in one session on `backends`, the graph pinned to
 * `deviceType` with soft placement (ops it has no kernel for fall back to CPU), run twice.
 */
export async function runZooModel(
  model: string,
  deviceType: string,
  backends: Backend[],
): Promise<ModelReport> {
  const base = `/zoo/${model}/`;
  const zcase = (await (await fetch(`${base}case.json`)).json()) as ZooCase;
  const bytes = new Uint8Array(await fetchBytes(`${base}${zcase.graph}`));
  const steps = await Promise.all(
    zcase.steps.map(async (step) => ({
      step,
      feeds: Object.fromEntries(
        await Promise.all(
          Object.entries(step.feeds ?? {}).map(async ([k, v]) => [k, await zooArray(v, base)]),
        ),
      ) as Record<string, NDArray>,
      expected: Object.fromEntries(
        await Promise.all(
          Object.entries(step.expected).map(async ([k, v]) => [k, await zooArray(v, base)]),
        ),
      ) as Record<string, NDArray>,
    })),
  );
  const lines: string[] = [];
  const session = new Session({
    graph: pinnedGraph(bytes, deviceType),
    backends,
    config: { ...zcase.config, allowSoftPlacement: true, logDevicePlacement: true },
    logger: (l: string) => lines.push(l),
  });
  const fetches: FetchReport[] = [];
  const times: number[] = [];
  try {
    for (let pass = 0; pass < 2; pass++) {
      const t0 = performance.now();
      const outs: NDArray[][] = [];
      for (const { step, feeds } of steps) {
        const [values] = (await session.run(
          [[...step.fetches], [...(step.targets ?? [])]],
          feeds,
        )) as [NDArray[], null[]];
        outs.push(values);
      }
      times.push(performance.now() - t0);
      if (pass > 0) continue;
      steps.forEach(({ step, expected }, s) => {
        step.fetches.forEach((name, i) => {
          const want = expected[name];
          if (want === undefined) return;
          const got = outs[s]?.[i] as NDArray;
          const tolerance = step.tolerance?.[name] ?? DEFAULT_FLOAT_TOLERANCE;
          fetches.push({
            name: steps.length > 1 ? `step ${s} ${name}` : name,
            tolerance,
            problem: compareArrays(got, want, tolerance),
            ...errorStats(got, want, tolerance),
          });
        });
      });
    }
  } finally {
    await session.close();
  }
  return {
    model,
    device: deviceType,
    firstRunMs: Math.round(times[0] ?? 0),
    secondRunMs: Math.round(times[1] ?? 0),
    fetches,
    placement: lines.filter((l) => l.includes(': (')),
  };
}
