// The conformance package's session group (TF's fetch structures, runtime errors, state
// across runs, placement on GPU:0, close, reset) run outside vitest: its registration
// function is called as is, and the bundle's `vitest` is tools/gpu/vitest-shim.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend } from '@tensorgraph/core';
import { arrayFromJson, type JsonArray } from '@tensorgraph/core/testing';
import { Session } from '@tensorgraph/session';
import { ConformanceReport } from '@tensorgraph/conformance';
import { pinnedGraph } from '../../packages/conformance/src/pinned-graph.js';
import { registerSessionChecks } from '../../packages/conformance/src/session-semantics.js';
import { withSharedDevices } from '../../packages/conformance/src/suite-context.js';
import { runCollected, type ShimResult } from './vitest-shim.js';
import { GATHER_ON_GPU, tfGpuGather } from './zoo-on-gpu.js';

export interface SessionCheck extends Omit<ShimResult, 'status'> {
  /** `as-tf-gpu`: differs from TF's CPU-written fixture exactly as TF's GPU kernel does. */
  readonly status: ShimResult['status'] | 'as-tf-gpu';
}

interface Scenario {
  readonly name: string;
  readonly fetches: unknown;
  readonly feeds: Readonly<Record<string, JsonArray>>;
  readonly before: readonly string[];
  readonly error?: { readonly class: string; readonly message: string; readonly node: string };
}

export async function runSessionChecks(
  conformanceDir: string,
  backends: () => [Backend, Backend],
): Promise<SessionCheck[]> {
  const [backend, fallback] = backends();
  const kernelBackend = withSharedDevices(backend);
  registerSessionChecks({
    options: { backend, deviceType: 'GPU', fallbackBackends: [fallback], unsupported: 'skip' },
    backend,
    kernelBackend,
    deviceType: 'GPU',
    fixturesDir: conformanceDir,
    report: new ConformanceReport(backend.name, 'GPU'),
  });
  let results: ShimResult[];
  try {
    results = await runCollected();
  } finally {
    await kernelBackend.disposeDevices();
  }
  const fixture = JSON.parse(
    readFileSync(join(conformanceDir, 'session', 'semantics.json'), 'utf8'),
  ) as { graph_def: string; scenarios: Scenario[] };
  const out: SessionCheck[] = [];
  for (const r of results) {
    const sc = fixture.scenarios.find((s) => r.name.endsWith(` > ${s.name}`));
    const expected = sc?.error && `succeeded; TF threw ${sc.error.class}: ${sc.error.message}`;
    if (r.status !== 'fail' || sc === undefined || !expected || !r.detail.includes(expected)) {
      out.push(r);
      continue;
    }
    // A run TF failed that succeeded here: was the failing node a gather on the GPU?
    const where = await placementOf(fixture.graph_def, sc, backends());
    out.push(
      where !== undefined && tfGpuGather(where, expected)
        ? { ...r, status: 'as-tf-gpu', detail: `${GATHER_ON_GPU} (${expected})` }
        : r,
    );
  }
  return out;
}

/** The placement log line of the scenario's failing node, from a fresh pinned session. */
async function placementOf(
  graphDef: string,
  sc: Scenario,
  backends: Backend[],
): Promise<string | undefined> {
  const lines: string[] = [];
  const session = new Session({
    graph: pinnedGraph(Uint8Array.from(Buffer.from(graphDef, 'base64')), 'GPU'),
    backends,
    config: { allowSoftPlacement: true, logDevicePlacement: true },
    logger: (l) => lines.push(l),
  });
  const feeds = Object.fromEntries(Object.entries(sc.feeds).map(([k, v]) => [k, arrayFromJson(v)]));
  try {
    for (const target of sc.before) await session.run(target);
    await session.run(sc.fetches as string[], feeds);
  } catch {
    // Only the placement is wanted here.
  } finally {
    await session.close();
  }
  return lines.find((l) => l.startsWith(`${sc.error!.node}: (`));
}
