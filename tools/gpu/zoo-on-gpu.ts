// The conformance model zoo on the GPU: every model's steps in one Session with backends
// [cuda(), cpu()], nodes pinned to /device:GPU:0 (as the conformance harness pins them) and
// soft placement on, compared with the case's tolerances; plus errors.json's bad runs.
// Records where each placed node landed, so a pass that ran all on CPU shows as such.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend, NDArray } from '@tensorgraph/core';
import { Session } from '@tensorgraph/session';
import {
  compareArrays,
  DEFAULT_FLOAT_TOLERANCE,
  loadZoo,
  zooArray,
  type ZooArray,
  type ZooCase,
  type ZooErrorCase,
  type ZooModel,
} from '@tensorgraph/conformance';
import { pinnedGraph } from '../../packages/conformance/src/pinned-graph.js';
import { errorProblem } from '../../packages/conformance/src/tf-error.js';

export interface Placement {
  /** Placed nodes per device type (`GPU`, `CPU`). */
  readonly nodes: Record<string, number>;
  /** Op types placed on CPU, with counts: what the GPU has no kernel for (or host-only). */
  readonly onCpu: Record<string, number>;
}

export interface ZooOutcome {
  readonly model: string;
  readonly kind: 'model' | 'errors';
  readonly test: string;
  /** `as-tf-gpu`: differs from TF's (CPU-written) fixture exactly as TF's GPU kernel does. */
  readonly status: 'pass' | 'fail' | 'as-tf-gpu';
  readonly detail: string;
  readonly seconds: number;
  readonly placement?: Placement;
}

export interface ZooSelection {
  /** Only these folders (default all). */
  readonly models?: readonly string[];
  /** Only folders whose files add up to at most this many KiB (a dry run on the emulator). */
  readonly maxKiB?: number;
}

const PLACED = /^(\S+): \((\w+)\): .*\/device:(\w+):\d+$/;

function countPlacement(lines: readonly string[]): Placement {
  const nodes: Record<string, number> = {};
  const onCpu: Record<string, number> = {};
  for (const line of lines) {
    const m = PLACED.exec(line);
    if (m === null) continue;
    const [, , type, device] = m as unknown as [string, string, string, string];
    nodes[device] = (nodes[device] ?? 0) + 1;
    if (device === 'CPU') onCpu[type] = (onCpu[type] ?? 0) + 1;
  }
  return { nodes, onCpu };
}

const folderKiB = (dir: string) =>
  readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0) / 1024;

/** The zoo models `selection` picks, in folder order. */
export function selectZoo(zooDir: string, selection: ZooSelection): ZooModel[] {
  const only = selection.models === undefined ? null : new Set(selection.models);
  return loadZoo(zooDir).filter(
    (m) =>
      (only === null || only.has(m.folder)) &&
      (selection.maxKiB === undefined || folderKiB(m.dir) <= selection.maxKiB),
  );
}

export const GATHER_ON_GPU =
  "TF's GPU gather writes zeros for out-of-range indices (no host check), so TF on GPU does not throw either";

/**
 * Whether a run that TF (on CPU) failed with an out-of-range index succeeded because the
 * gather ran on the GPU: backend-cuda follows TF's GPU kernels there (its GPU_DIFFERS).
 */
export function tfGpuGather(placementLine: string, problem: string): boolean {
  return (
    /: \((GatherV2|Gather|ResourceGather)\): .*\/device:GPU:\d+$/.test(placementLine) &&
    /^succeeded; TF threw InvalidArgumentError: indices\[[\d,]+\] = -?\d+ is not in \[0, \d+\)/.test(
      problem,
    )
  );
}

const feedsOf = (model: ZooModel, feeds: Readonly<Record<string, ZooArray>> | undefined) =>
  Object.fromEntries(
    Object.entries(feeds ?? {}).map(([name, spec]) => [name, zooArray(spec, model.dir)]),
  );

/** A GPU-pinned session on `bytes` with its placement log collected into `lines`. */
function openSession(
  backends: () => Backend[],
  zcase: ZooCase,
  bytes: Uint8Array,
  lines: string[],
): Session {
  return new Session({
    graph: pinnedGraph(bytes, 'GPU'),
    backends: backends(),
    config: { ...zcase.config, allowSoftPlacement: true, logDevicePlacement: true },
    logger: (line) => lines.push(line),
  });
}

async function runModel(backends: () => Backend[], model: ZooModel): Promise<ZooOutcome> {
  const t0 = performance.now();
  const done = (status: 'pass' | 'fail', detail: string, placement?: Placement): ZooOutcome => ({
    model: model.folder,
    kind: 'model',
    test: model.folder,
    status,
    detail,
    seconds: (performance.now() - t0) / 1000,
    ...(placement ? { placement } : {}),
  });
  const zcase = model.case;
  if ('error' in zcase) return done('fail', zcase.error);
  const lines: string[] = [];
  const session = openSession(
    backends,
    zcase,
    new Uint8Array(readFileSync(join(model.dir, zcase.graph))),
    lines,
  );
  const problems: string[] = [];
  try {
    for (const [s, step] of zcase.steps.entries()) {
      const [values] = (await session.run(
        [[...step.fetches], [...(step.targets ?? [])]],
        feedsOf(model, step.feeds),
      )) as [NDArray[], null[]];
      step.fetches.forEach((name, i) => {
        const spec = step.expected[name];
        if (spec === undefined) return;
        const tol = step.tolerance?.[name] ?? DEFAULT_FLOAT_TOLERANCE;
        const problem = compareArrays(values[i] as NDArray, zooArray(spec, model.dir), tol);
        if (problem !== null) problems.push(`step ${s} ${name}: ${problem}`);
      });
    }
  } catch (e) {
    problems.push(`threw ${(e as Error).name}: ${(e as Error).message}`);
  } finally {
    await session.close();
  }
  return done(problems.length === 0 ? 'pass' : 'fail', problems.join('\n'), countPlacement(lines));
}

/** One errors.json case in a fresh session: TF's class, message and node. */
async function runErrorCase(
  backends: () => Backend[],
  model: ZooModel,
  zcase: ZooCase,
  graph: string,
  c: ZooErrorCase,
): Promise<ZooOutcome> {
  const t0 = performance.now();
  const lines: string[] = [];
  const session = openSession(
    backends,
    zcase,
    new Uint8Array(readFileSync(join(model.dir, graph))),
    lines,
  );
  let problem: string | null;
  try {
    if (c.setup !== undefined && c.setup.length > 0) await session.run([...c.setup]);
    await session.run([...c.fetches, ...(c.targets ?? [])], feedsOf(model, c.feeds));
    problem = `succeeded; TF threw ${c.error.class}: ${c.error.message}`;
  } catch (e) {
    problem = errorProblem(e, c.error, true);
  } finally {
    await session.close();
  }
  // Which device ran the failing node: a GPU error path is only tested where it is GPU.
  const where = lines.find((l) => c.error.node !== null && l.startsWith(`${c.error.node}: (`));
  const asTfGpu = problem !== null && where !== undefined && tfGpuGather(where, problem);
  return {
    model: model.folder,
    kind: 'errors',
    test: `${model.folder}: ${c.what}${where ? ` [${where.replace(/^.*\/device:/, '')}]` : ''}`,
    status: problem === null ? 'pass' : asTfGpu ? 'as-tf-gpu' : 'fail',
    detail: asTfGpu ? `${GATHER_ON_GPU} (${problem})` : (problem ?? ''),
    seconds: (performance.now() - t0) / 1000,
    placement: countPlacement(lines),
  };
}

/**
 * Runs the selected models (and their errors.json cases) with fresh backends from
 * `backends` per session; `onResult` sees each outcome as it lands. Stops starting models
 * once `deadline` (performance.now() ms) has passed; those left are returned as `skipped`.
 */
export async function runZoo(
  models: readonly ZooModel[],
  backends: () => Backend[],
  deadline: number,
  onResult: (o: ZooOutcome) => void,
): Promise<{ outcomes: ZooOutcome[]; skipped: string[] }> {
  const outcomes: ZooOutcome[] = [];
  const skipped: string[] = [];
  for (const model of models) {
    if (performance.now() > deadline) {
      skipped.push(model.folder);
      continue;
    }
    const o = await runModel(backends, model);
    outcomes.push(o);
    onResult(o);
    const { errors, case: zcase } = model;
    if (errors === null) continue;
    if ('error' in errors || 'error' in zcase) {
      const detail = 'error' in errors ? errors.error : (zcase as { error: string }).error;
      const bad: ZooOutcome = {
        model: model.folder,
        kind: 'errors',
        test: `${model.folder}: errors.json`,
        status: 'fail',
        detail,
        seconds: 0,
      };
      outcomes.push(bad);
      onResult(bad);
      continue;
    }
    for (const c of errors.cases) {
      const e = await runErrorCase(backends, model, zcase, errors.graph, c);
      outcomes.push(e);
      onResult(e);
    }
  }
  return { outcomes, skipped };
}
