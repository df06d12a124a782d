// MobileNetV2 end to end through Session.run: the zoo's 96x96 (alpha 0.35, batch 2, TF's
// expected logits) and, where prepare.sh carried it, tools/bench's 224x224 (alpha 1.0,
// batch 1) — on the GPU (pinned, soft placement, [cuda(), cpu()]) and on the CPU backend
// alone, on the same machine. Each time is one run: feeds uploaded, logits read back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphDef, NDArray, type Backend } from '@tensorgraph/core';
import { Graph, importGraphDef } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';
import { compareArrays, loadZoo, zooArray, type ZooCase } from '@tensorgraph/conformance';
import { pinnedGraph } from '../../packages/conformance/src/pinned-graph.js';

export interface MobileNetCase {
  readonly label: string;
  readonly bytes: Uint8Array;
  readonly feeds: Record<string, NDArray>;
  readonly fetch: string;
  /** TF's output and tolerance, where known (the zoo's case). */
  readonly expected?: { readonly value: NDArray; readonly rtol: number; readonly atol: number };
}

export interface MobileNetRow {
  readonly model: string;
  readonly device: 'GPU' | 'CPU';
  readonly warmup: number;
  readonly reps: number;
  readonly medianMs: number;
  readonly bestMs: number;
  /** Placed nodes per device type. */
  readonly nodes: Record<string, number>;
  /** Against TF's output (zoo case), or against the CPU backend's (224). */
  readonly check: string;
}

function seeded(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32;
  }
  return out;
}

/** The zoo's mobilenet_v2 case (first step), or null where the zoo has none. */
export function zooMobileNet(zooDir: string): MobileNetCase | null {
  const model = loadZoo(zooDir).find((m) => m.folder === 'mobilenet_v2');
  if (model === undefined || 'error' in model.case) return null;
  const zcase: ZooCase = model.case;
  const step = zcase.steps[0]!;
  const fetch = step.fetches[0]!;
  const want = step.expected[fetch]!;
  const tol = step.tolerance?.[fetch] ?? { rtol: 1e-5, atol: 1e-6 };
  const feeds = Object.fromEntries(
    Object.entries(step.feeds ?? {}).map(([k, v]) => [k, zooArray(v, model.dir)]),
  );
  const shape = Object.values(feeds)[0]?.shape.join('x') ?? '?';
  return {
    label: `mobilenet_v2 zoo (alpha 0.35, ${shape})`,
    bytes: new Uint8Array(readFileSync(join(model.dir, zcase.graph))),
    feeds,
    fetch,
    expected: { value: zooArray(want, model.dir), rtol: tol.rtol ?? 0, atol: tol.atol ?? 0 },
  };
}

/** tools/bench's frozen Keras MobileNetV2 224 (input:0 -> Identity:0), random input. */
export function mobileNet224(pb: string): MobileNetCase {
  return {
    label: 'mobilenet_v2 224 (alpha 1.0, 1x224x224x3)',
    bytes: new Uint8Array(readFileSync(pb)),
    feeds: { 'input:0': new NDArray('float32', [1, 224, 224, 3], seeded(224 * 224 * 3, 5)) },
    fetch: 'Identity:0',
  };
}

async function timeRuns(
  session: Session,
  c: MobileNetCase,
  warmup: number,
  reps: number,
  deadline: number,
): Promise<{ out: NDArray; median: number; best: number; reps: number }> {
  let out = (await session.run(c.fetch, c.feeds)) as NDArray;
  for (let i = 1; i < warmup; i++) out = (await session.run(c.fetch, c.feeds)) as NDArray;
  const ms: number[] = [];
  for (let r = 0; r < reps; r++) {
    // At least 3 timed runs; after that, stop at the deadline.
    if (r >= 3 && performance.now() > deadline) break;
    const t0 = performance.now();
    out = (await session.run(c.fetch, c.feeds)) as NDArray;
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { out, median: ms[ms.length >> 1]!, best: ms[0]!, reps: ms.length };
}

const PLACED = /: \(\w+\): .*\/device:(\w+):\d+$/;

/** GPU then CPU timings of one case; the GPU result checked against TF's (or the CPU's). */
export async function benchMobileNet(
  c: MobileNetCase,
  gpuBackends: () => Backend[],
  cpuBackend: () => Backend,
  opts: { warmup: number; gpuReps: number; cpuReps: number; deadline: number },
): Promise<MobileNetRow[]> {
  const rows: MobileNetRow[] = [];
  const lines: string[] = [];
  const gpu = new Session({
    graph: pinnedGraph(c.bytes, 'GPU'),
    backends: gpuBackends(),
    config: { allowSoftPlacement: true, logDevicePlacement: true },
    logger: (l) => lines.push(l),
  });
  const nodes: Record<string, number> = {};
  let onGpu: NDArray;
  try {
    const t = await timeRuns(gpu, c, opts.warmup, opts.gpuReps, opts.deadline);
    onGpu = t.out;
    for (const l of lines) {
      const d = PLACED.exec(l)?.[1];
      if (d !== undefined) nodes[d] = (nodes[d] ?? 0) + 1;
    }
    const vsTf =
      c.expected === undefined ? null : compareArrays(onGpu, c.expected.value, c.expected);
    rows.push({
      model: c.label,
      device: 'GPU',
      warmup: opts.warmup,
      reps: t.reps,
      medianMs: t.median,
      bestMs: t.best,
      nodes,
      check: c.expected === undefined ? '' : (vsTf ?? 'matches TF'),
    });
  } finally {
    await gpu.close();
  }
  const graph = new Graph();
  importGraphDef(GraphDef.decode(c.bytes), { graph, name: '' });
  const cpuSession = new Session({ graph, backends: [cpuBackend()] });
  try {
    const t = await timeRuns(cpuSession, c, opts.warmup, opts.cpuReps, opts.deadline);
    const vsCpu = compareArrays(onGpu, t.out, { rtol: 1e-3, atol: 1e-4 });
    const vsTf =
      c.expected === undefined ? null : compareArrays(t.out, c.expected.value, c.expected);
    rows.push({
      model: c.label,
      device: 'CPU',
      warmup: opts.warmup,
      reps: t.reps,
      medianMs: t.median,
      bestMs: t.best,
      nodes: {},
      check: c.expected === undefined ? '' : (vsTf ?? 'matches TF'),
    });
    // The GPU row also says how it compares with the CPU backend's logits.
    const g = rows[rows.length - 2]!;
    rows[rows.length - 2] = {
      ...g,
      check: `${g.check}${g.check ? '; ' : ''}${vsCpu === null ? 'matches CPU (rtol 1e-3, atol 1e-4)' : `vs CPU: ${vsCpu}`}`,
    };
  } finally {
    await cpuSession.close();
  }
  return rows;
}
