import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CancelledError, DeadlineExceededError } from '@tensorgraph/errors';
import { cpu } from '@tensorgraph/backend-cpu';
import {
  defineKernel,
  NDArray,
  ops,
  RunMetadata,
  RunOptions,
  type DeviceTensor,
} from '@tensorgraph/core';
import {
  arrayFromJson,
  compareToJson,
  fakeBackend,
  type FakeBackend,
  type JsonArray,
} from '@tensorgraph/core/testing';
import { Graph } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';

// TF1 loops and conds (Enter/Exit/Switch/Merge/NextIteration/LoopCond frames) run in our
// Session against what TF 2.21 computed from the same GraphDef bytes
// (tools/oracle/gen_control_flow_v1_fixtures.py).
interface Run {
  readonly feeds: Record<string, JsonArray>;
  readonly fetches: readonly string[];
  readonly init?: readonly string[];
  readonly expected?: readonly JsonArray[];
  readonly error?: { class: string; message: string; node: string | null };
}

interface Program {
  readonly name: string;
  readonly ops: readonly string[];
  readonly graph_def: string;
  readonly runs: readonly Run[];
}

const FIXTURE = JSON.parse(
  readFileSync(
    new URL('../../../tools/oracle/fixtures/control-flow-v1/programs.json', import.meta.url),
    'utf8',
  ),
) as { programs: Program[]; left_out: Record<string, string[]> };

const backends = [cpu()];
// float32 results of a few adds and matmuls: TF's CPU order of accumulation, ~1 ulp.
const TOLERANCE = { rtol: 1e-6, atol: 1e-6 };

export function importProgram(program: Program): Graph {
  const graph = new Graph();
  graph.importGraphDef(Uint8Array.from(Buffer.from(program.graph_def, 'base64')), { name: '' });
  return graph;
}

async function check(graph: Graph, run: Run): Promise<void> {
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
    // Twice: the cached plan must give the same answer (not where a variable changes).
    for (let i = 0; i < (run.init ? 1 : 2); i++) {
      const values = (await session.run([...run.fetches], feeds)) as NDArray[];
      values.forEach((v, j) => {
        expect(
          compareToJson(v, (run.expected as JsonArray[])[j] as JsonArray, TOLERANCE),
        ).toBeNull();
      });
    }
  } finally {
    await session.close();
  }
}

describe('TF1 control-flow fixtures', () => {
  it('cover loops, nested loops, loops in conds, conds in loops, errors and a gradient', () => {
    expect(FIXTURE.programs.length).toBeGreaterThanOrEqual(19);
    // The one gradient program that needs stack ops (their kernels are not the executor's).
    expect(FIXTURE.left_out.while_gradient_mul).toEqual(['StackPopV2', 'StackPushV2', 'StackV2']);
  });
});

describe.each(FIXTURE.programs.map((p) => [p.name, p] as const))('TF GraphDef: %s', (_n, p) => {
  it('runs as TF ran it', async () => {
    for (const run of p.runs) await check(importProgram(p), run);
  });
});

describe('TF1 loops in a session', () => {
  const counter = FIXTURE.programs.find((p) => p.name === 'while_counter') as Program;

  it('stops an endless loop at the run timeout (the loop lets timers run)', async () => {
    const session = new Session({ graph: importProgram(counter), backends });
    const error = await session
      .run('loop/Exit:0', { 'n:0': 2 ** 31 - 1 }, { timeoutInMs: 50 })
      .then(
        () => null,
        (e: Error) => e,
      );
    expect(error).toBeInstanceOf(DeadlineExceededError);
    await session.close();
  });

  it('is cancelled by close()', async () => {
    const session = new Session({ graph: importProgram(counter), backends });
    const running = session.run('loop/Exit:0', { 'n:0': 2 ** 31 - 1 });
    setTimeout(() => void session.close(), 20);
    await expect(running).rejects.toThrow(CancelledError);
  });

  it('traces every iteration of every loop node (FULL_TRACE)', async () => {
    const session = new Session({ graph: importProgram(counter), backends });
    const metadata = new RunMetadata();
    await session.run(
      'loop/Exit:0',
      { 'n:0': 4 },
      { traceLevel: RunOptions.TraceLevel.FULL_TRACE },
      metadata,
    );
    const names = (metadata.stepStats?.devStats ?? []).flatMap((d) =>
      (d.nodeStats ?? []).map((n) => n.nodeName),
    );
    // The loop body's add runs once per iteration, its Merge once more (the last test).
    expect(names.filter((n) => n === 'loop/add').length).toBe(4);
    expect(names.filter((n) => n === 'loop/Merge').length).toBe(5);
    expect(names.filter((n) => n === 'loop/Exit').length).toBe(1);
    await session.close();
  });

  it('fetches a fed tensor beside the loop', async () => {
    const session = new Session({ graph: importProgram(counter), backends });
    const [exit, n] = (await session.run(['loop/Exit:0', 'n:0'], { 'n:0': 3 })) as NDArray[];
    expect(exit?.item()).toBe(3);
    expect(n?.item()).toBe(3);
    await session.close();
  });
});

describe('parallel_iterations', () => {
  // An asynchronous Mul on a second device shows how many iterations overlap.
  function slowMul(track: { now: number; max: number }): FakeBackend {
    const mul = defineKernel(ops.Mul, {
      deviceType: 'SLOW',
      typeConstraints: { T: ['float32'] },
      create: () => async (ctx) => {
        track.max = Math.max(track.max, ++track.now);
        await new Promise((r) => setTimeout(r, 1));
        const a = (ctx.input(0) as DeviceTensor<NDArray>).handle;
        const b = (ctx.input(1) as DeviceTensor<NDArray>).handle;
        const out = Float32Array.from(a.data as Float32Array, (v, i) => {
          const w = (b.data as Float32Array)[b.size === 1 ? 0 : i] as number;
          return v * w;
        });
        track.now--;
        ctx.setOutput(
          0,
          (await ctx.device.upload(new NDArray('float32', a.shape, out))) as DeviceTensor,
        );
      },
    });
    return fakeBackend({ deviceType: 'SLOW', priority: 100, kernels: [mul] });
  }

  const program = FIXTURE.programs.find((p) => p.name === 'while_parallel_iterations') as Program;
  const run = program.runs[0] as Run;
  it.each([
    [0, 1],
    [1, 10],
  ])('keeps at most that many iterations in flight (fetch %i: %i)', async (fetch, limit) => {
    const track = { now: 0, max: 0 };
    const session = new Session({
      graph: importProgram(program),
      backends: [cpu(), slowMul(track)],
    });
    const feeds = Object.fromEntries(
      Object.entries(run.feeds).map(([name, spec]) => [name, arrayFromJson(spec)]),
    );
    const value = (await session.run(run.fetches[fetch] as string, feeds)) as NDArray;
    expect(
      compareToJson(value, (run.expected as JsonArray[])[fetch] as JsonArray, TOLERANCE),
    ).toBeNull();
    expect(track.max).toBeLessThanOrEqual(limit);
    if (limit > 1) expect(track.max).toBeGreaterThan(1);
    await session.close();
  });
});

describe('placement of control-flow ops', () => {
  it('needs no kernel and follows the data, not the highest-priority device', async () => {
    const program = FIXTURE.programs.find((p) => p.name === 'cond_v1_nested') as Program;
    const lines: string[] = [];
    const session = new Session({
      graph: importProgram(program),
      backends: [cpu(), fakeBackend({ deviceType: 'FAKE', priority: 100 })],
      config: { logDevicePlacement: true },
      logger: (line) => lines.push(line),
    });
    const run = program.runs[0] as Run;
    const feeds = Object.fromEntries(
      Object.entries(run.feeds).map(([name, spec]) => [name, arrayFromJson(spec)]),
    );
    const [value] = (await session.run([...run.fetches], feeds)) as NDArray[];
    expect(
      compareToJson(value as NDArray, (run.expected as JsonArray[])[0] as JsonArray, TOLERANCE),
    ).toBeNull();
    const cpu0 = '/job:localhost/replica:0/task:0/device:CPU:0';
    expect(lines).toContain(`o/cond/mul/Switch: (Switch): ${cpu0}`);
    expect(lines).toContain(`o/Merge: (Merge): ${cpu0}`);
    await session.close();
  });
});
