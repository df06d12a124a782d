import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KernelIndex, NDArray } from '@tensorgraph/core';
import { arrayFromJson, type JsonArray } from '@tensorgraph/core/testing';
import { Session } from '@tensorgraph/session';
import { compareArrays, DEFAULT_FLOAT_TOLERANCE } from './compare.js';
import { pinnedGraph } from './pinned-graph.js';
import { missingKernel, type SuiteContext } from './suite-context.js';
import { errorProblem, type TfError } from './tf-error.js';

interface Scenario {
  readonly name: string;
  readonly note: string;
  readonly fetches: unknown;
  readonly feeds: Readonly<Record<string, JsonArray>>;
  /** Targets run first, one run each (initializers, updates). */
  readonly before: readonly string[];
  readonly result?: unknown;
  readonly error?: TfError;
}

/** fixtures/session/semantics.json (tools/oracle/gen_kernel_fixtures_session.py). */
interface SemanticsFixture {
  readonly graph_def: string;
  readonly scenarios: readonly Scenario[];
  readonly reset: { readonly before: JsonArray; readonly error: TfError };
  readonly closed: { readonly error: TfError };
}

const isJsonArray = (v: unknown): v is JsonArray =>
  typeof v === 'object' && v !== null && 'dtype' in v && 'values' in v && 'shape' in v;

/** Where `got` differs from TF's result structure (nested lists, dicts, None, arrays). */
function structureProblem(got: unknown, want: unknown, path = 'result'): string | null {
  if (want === null) return got === null ? null : `${path}: ${String(got)}, TF: None`;
  if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length) {
      return `${path}: not a list of ${want.length}`;
    }
    for (const [i, w] of want.entries()) {
      const p = structureProblem(got[i], w, `${path}[${i}]`);
      if (p !== null) return p;
    }
    return null;
  }
  if (isJsonArray(want)) {
    if (!(got instanceof NDArray)) return `${path}: not an NDArray`;
    const p = compareArrays(got, arrayFromJson(want), DEFAULT_FLOAT_TOLERANCE);
    return p === null ? null : `${path}: ${p}`;
  }
  const w = want as Record<string, unknown>;
  if (typeof got !== 'object' || got === null || Array.isArray(got)) return `${path}: not a dict`;
  const g = got as Record<string, unknown>;
  const keys = (o: object) => Object.keys(o).sort().join();
  if (keys(g) !== keys(w)) return `${path}: keys ${keys(g)}, TF: ${keys(w)}`;
  for (const k of Object.keys(w)) {
    const p = structureProblem(g[k], w[k], `${path}.${k}`);
    if (p !== null) return p;
  }
  return null;
}

async function outcomeProblem(
  run: () => Promise<unknown>,
  want: { result?: unknown; error?: TfError },
): Promise<string | null> {
  try {
    const got = await run();
    if (want.error !== undefined) {
      return `succeeded; TF threw ${want.error.class}: ${want.error.message}`;
    }
    return structureProblem(got, want.result);
  } catch (e) {
    if (want.error === undefined) return `threw ${(e as Error).name}: ${(e as Error).message}`;
    return errorProblem(e, want.error);
  }
}

/**
 * Session semantics on the backend: TF's fetch structures, kernels' runtime errors with TF's
 * class, message and node, state across runs, placement onto the device, close and reset.
 */
export function registerSessionChecks(ctx: SuiteContext): void {
  const fixture = JSON.parse(
    readFileSync(join(ctx.fixturesDir, 'session', 'semantics.json'), 'utf8'),
  ) as SemanticsFixture;
  const graphBytes = Uint8Array.from(Buffer.from(fixture.graph_def, 'base64'));
  const backends = [ctx.backend, ...(ctx.options.fallbackBackends ?? [])];
  const open = (logger?: (line: string) => void) =>
    new Session({
      graph: pinnedGraph(graphBytes, ctx.deviceType),
      backends,
      config: { allowSoftPlacement: true, logDevicePlacement: logger !== undefined },
      ...(logger ? { logger } : {}),
    });
  const check = (name: string, problem: string | null, skip?: (note: string) => void) => {
    // A kernel the backend lacks (with no fallback backend to land on) is unsupported.
    const unsupported = problem !== null && missingKernel(problem);
    const status = problem === null ? 'pass' : unsupported ? 'unsupported' : 'fail';
    ctx.report.record('session', name, '-', status, name, problem ?? '');
    if (unsupported && ctx.options.unsupported !== 'fail' && skip !== undefined) {
      skip(`unsupported on ${ctx.deviceType}: ${problem}`);
    }
    expect(problem ?? '', name).toBe('');
  };

  describe('session semantics', () => {
    describe('scenarios, in order, in one session (as TF ran them)', () => {
      let session: Session;
      beforeAll(() => {
        session = open();
      });
      afterAll(async () => {
        await session.close();
      });
      for (const sc of fixture.scenarios) {
        it(sc.name, async (t) => {
          const feeds = Object.fromEntries(
            Object.entries(sc.feeds).map(([k, v]) => [k, arrayFromJson(v)]),
          );
          const problem = await outcomeProblem(async () => {
            for (const target of sc.before) await session.run(target);
            return session.run(sc.fetches, feeds);
          }, sc);
          check(sc.name, problem, (note) => t.skip(note));
        });
      }
    });

    it(`places the graph's ops on ${ctx.deviceType}:0`, async () => {
      const kernels = KernelIndex.fromBackends([ctx.backend]);
      const lines: string[] = [];
      const session = open((line) => lines.push(line));
      try {
        await session.run('s:0', { 'x:0': NDArray.from([[1, 2, 3]], 'float32') });
        const devices = await session.listDevices();
        expect(devices.map((d) => d.deviceType)).toContain(ctx.deviceType);
      } finally {
        await session.close();
      }
      // Every op of the graph the backend has a kernel for is placed on its device, except
      // ops colocated (`_class: loc:@x`) with an op it has no kernel for: TF keeps those
      // with their group, as a variable's reader stays with the variable.
      const graph = pinnedGraph(graphBytes, ctx.deviceType);
      const heldByGroup = (name: string) =>
        graph
          .getOperationByName(name)
          .colocationGroups()
          .some((group) => {
            const leader = graph.getOperationByName(group.replace(/^loc:@/, ''));
            return !kernels.has(leader.type, ctx.deviceType);
          });
      const wrong = lines.filter((line) => {
        const m = /^(\S+): \((\w+)\): (.*)$/.exec(line);
        if (m === null) return false;
        const [, name, type, device] = m as unknown as [string, string, string, string];
        return (
          kernels.has(type, ctx.deviceType) &&
          !device.endsWith(`/device:${ctx.deviceType}:0`) &&
          !heldByGroup(name)
        );
      });
      expect(lines.length).toBeGreaterThan(0);
      check('placement', wrong.length === 0 ? null : `placed elsewhere: ${wrong.join('; ')}`);
    });

    it('closes: a closed session refuses to run, as TF', async () => {
      const session = open();
      await session.run('s:0', { 'x:0': NDArray.from([[1, 2, 3]], 'float32') });
      await session.close();
      check(
        'close',
        await outcomeProblem(
          () => session.run('s:0', { 'x:0': NDArray.from([[1, 2, 3]], 'float32') }),
          fixture.closed,
        ),
      );
    });

    it('resets: Session.reset closes the in-process sessions and drops their variables', async () => {
      const session = open();
      try {
        await session.run('counter/Assign');
        const before = (await session.run('read:0')) as NDArray;
        const first = compareArrays(before, arrayFromJson(fixture.reset.before), {});
        await Session.reset('');
        const after = await outcomeProblem(() => session.run('read:0'), fixture.reset);
        check('reset', first ?? after);
      } finally {
        await session.close();
      }
    });
  });
}
