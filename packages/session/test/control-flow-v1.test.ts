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
import { Session } from '@tensorgraph/session';
import {
  backends,
  checkOracleRun,
  importBase64GraphDef,
  ORACLE_TOLERANCE,
  type OracleRun,
} from './helpers.js';

// TF1 loops and conds (Enter/Exit/Switch/Merge/NextIteration/LoopCond frames) run in our
// Session against what TF 2.21 computed from the same GraphDef bytes
// (tools/oracle/gen_control_flow_v1_fixtures.py).
interface Program {
  readonly name: string;
  readonly ops: readonly string[];
  readonly graph_def: string;
  readonly runs: readonly OracleRun[];
}

const FIXTURE = JSON.parse(
  readFileSync(
    new URL('../../../tools/oracle/fixtures/control-flow-v1/programs.json', import.meta.url),
    'utf8',
  ),
) as { programs: Program[]; left_out: Record<string, string[]> };

describe('TF1 control-flow fixtures', () => {
  it('cover loops, nested loops, loops in conds, conds in loops, errors and a gradient', () => {
    expect(FIXTURE.programs.length).toBeGreaterThanOrEqual(19);
    // The one gradient program that needs stack ops (their kernels are not the executor's).
    expect(FIXTURE.left_out.while_gradient_mul).toEqual(['StackPopV2', 'StackPushV2', 'StackV2']);
  });
});

describe.each(FIXTURE.programs.map((p) => [p.name, p] as const))('TF GraphDef: %s', (_n, p) => {
  it('runs as TF ran it', async () => {
    for (const run of p.runs) await checkOracleRun(importBase64GraphDef(p.graph_def), run, true);
  });
});

describe('TF1 loops in a session', () => {
  const counter = FIXTURE.programs.find((p) => p.name === 'while_counter') as Program;

  it('stops an endless loop at the run timeout (the loop lets timers run)', async () => {
    const session = new Session({ graph: importBase64GraphDef(counter.graph_def), backends });
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
    const session = new Session({ graph: importBase64GraphDef(counter.graph_def), backends });
    const running = session.run('loop/Exit:0', { 'n:0': 2 ** 31 - 1 });
    setTimeout(() => void session.close(), 20);
    await expect(running).rejects.toThrow(CancelledError);
  });

  it('traces every iteration of every loop node (FULL_TRACE)', async () => {
    const session = new Session({ graph: importBase64GraphDef(counter.graph_def), backends });
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
    const session = new Session({ graph: importBase64GraphDef(counter.graph_def), backends });
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
  const run = program.runs[0] as OracleRun;
  it.each([
    [0, 1],
    [1, 10],
  ])('keeps at most that many iterations in flight (fetch %i: %i)', async (fetch, limit) => {
    const track = { now: 0, max: 0 };
    const session = new Session({
      graph: importBase64GraphDef(program.graph_def),
      backends: [cpu(), slowMul(track)],
    });
    const feeds = Object.fromEntries(
      Object.entries(run.feeds).map(([name, spec]) => [name, arrayFromJson(spec)]),
    );
    const value = (await session.run(run.fetches[fetch] as string, feeds)) as NDArray;
    expect(
      compareToJson(value, (run.expected as JsonArray[])[fetch] as JsonArray, ORACLE_TOLERANCE),
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
      graph: importBase64GraphDef(program.graph_def),
      backends: [cpu(), fakeBackend({ deviceType: 'FAKE', priority: 100 })],
      config: { logDevicePlacement: true },
      logger: (line) => lines.push(line),
    });
    const run = program.runs[0] as OracleRun;
    const feeds = Object.fromEntries(
      Object.entries(run.feeds).map(([name, spec]) => [name, arrayFromJson(spec)]),
    );
    const [value] = (await session.run([...run.fetches], feeds)) as NDArray[];
    expect(
      compareToJson(
        value as NDArray,
        (run.expected as JsonArray[])[0] as JsonArray,
        ORACLE_TOLERANCE,
      ),
    ).toBeNull();
    const cpu0 = '/job:localhost/replica:0/task:0/device:CPU:0';
    expect(lines).toContain(`o/cond/mul/Switch: (Switch): ${cpu0}`);
    expect(lines).toContain(`o/Merge: (Merge): ${cpu0}`);
    await session.close();
  });
});
