import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'tensorgraph';

// The shape of the trace TensorFlow's own timeline tool wrote for the same graph
// (tools/oracle/gen_timeline_fixture.py).
const TF_TRACE = JSON.parse(
  readFileSync(
    new URL('../../../tools/oracle/fixtures/timeline/tf_trace_shape.json', import.meta.url),
    'utf8',
  ),
) as {
  top_level_keys: string[];
  keys_by_phase: Record<string, string[]>;
  metadata_names: string[];
  op_event_names: string[];
  op_args_keys: string[];
  op_arg_name_values: string[];
  process_names: string[];
};

// The trace-event format (the JSON object form): `traceEvents` is an array of events; every
// event has a string `name`, a one-letter `ph`, integer `pid`/`tid`; complete events ('X')
// carry `ts` and a non-negative `dur`, both in microseconds; metadata events ('M') name a
// process or thread in `args.name` or order it with `args.sort_index`.
function checkTraceEventFormat(json: unknown): string[] {
  const problems: string[] = [];
  const trace = json as { traceEvents?: unknown; displayTimeUnit?: unknown };
  if (!Array.isArray(trace.traceEvents)) return ['traceEvents is not an array'];
  if (
    trace.displayTimeUnit !== undefined &&
    !['ms', 'ns'].includes(trace.displayTimeUnit as string)
  ) {
    problems.push(`displayTimeUnit ${String(trace.displayTimeUnit)}`);
  }
  trace.traceEvents.forEach((e: Record<string, unknown>, i) => {
    const at = `event ${i}`;
    if (typeof e.name !== 'string' || e.name === '') problems.push(`${at}: name`);
    if (!Number.isInteger(e.pid) || (e.pid as number) < 0) problems.push(`${at}: pid`);
    if (!Number.isInteger(e.tid) || (e.tid as number) < 0) problems.push(`${at}: tid`);
    if (e.ph === 'X') {
      if (typeof e.ts !== 'number' || !Number.isFinite(e.ts) || e.ts < 0)
        problems.push(`${at}: ts`);
      if (typeof e.dur !== 'number' || !Number.isFinite(e.dur) || e.dur < 0)
        problems.push(`${at}: dur`);
      if (e.args !== undefined && (typeof e.args !== 'object' || e.args === null))
        problems.push(`${at}: args`);
    } else if (e.ph === 'M') {
      const args = e.args as Record<string, unknown> | undefined;
      if (e.name === 'process_name' || e.name === 'thread_name') {
        if (typeof args?.name !== 'string') problems.push(`${at}: metadata without args.name`);
      } else if (e.name === 'process_sort_index' || e.name === 'thread_sort_index') {
        if (!Number.isInteger(args?.sort_index)) problems.push(`${at}: sort_index`);
      } else problems.push(`${at}: unknown metadata ${String(e.name)}`);
    } else problems.push(`${at}: ph ${String(e.ph)}`);
  });
  return problems;
}

describe('toChromeTrace', () => {
  it('turns a FULL_TRACE run into valid trace events, one per node, per device', async () => {
    await new tf.Graph().asDefault(async () => {
      const x = tf.placeholder('float32', [2, 2], 'x');
      const w = tf.constant(
        [
          [1, 2],
          [3, 4],
        ],
        { name: 'w' },
      );
      const y = tf.nn.relu(tf.matmul(x, w, { name: 'mm' }), 'y');
      await using sess = new tf.Session();
      const meta = new tf.RunMetadata();
      const options = new tf.RunOptions({ traceLevel: tf.RunOptions.TraceLevel.FULL_TRACE });
      const out = await sess.run(
        y,
        new Map([
          [
            x,
            [
              [1, -1],
              [0, 1],
            ],
          ],
        ]),
        options,
        meta,
      );
      expect(out.toArray()).toEqual([
        [0, 0],
        [3, 4],
      ]);

      const trace = tf.toChromeTrace(meta);
      const json: unknown = JSON.parse(JSON.stringify(trace));
      expect(checkTraceEventFormat(json)).toEqual([]);

      const ops = trace.traceEvents.filter((e) => e.ph === 'X');
      const ran = meta.stepStats!.devStats.flatMap((d) => d.nodeStats.map((n) => n.nodeName));
      expect(ran).toEqual(expect.arrayContaining(['w', 'mm', 'y']));
      expect(ops.map((e) => e.name).sort()).toEqual([...ran].sort());
      expect(ops.map((e) => e.args!.name)).toEqual(ops.map((e) => e.name));
      const mm = ops.find((e) => e.args!.name === 'mm')!;
      expect(mm).toMatchObject({ name: 'mm', cat: 'Op' });
      expect(mm.args).toEqual({ name: 'mm', op: 'MatMul', input0: 'x', input1: 'w' });
      expect(ops.find((e) => e.args!.name === 'y')!.args!.op).toBe('Relu');

      // Laid out as TensorFlow's timeline tool lays out the same run.
      expect(Object.keys(trace).filter((k) => k !== 'displayTimeUnit')).toEqual(
        TF_TRACE.top_level_keys,
      );
      for (const e of ops) expect(Object.keys(e).sort()).toEqual(TF_TRACE.keys_by_phase.X);
      for (const e of ops)
        expect(TF_TRACE.op_args_keys).toEqual(expect.arrayContaining(Object.keys(e.args!)));
      // TF's tool names events by op type; ours carry the same types in args.op.
      const opTypes = ['w', 'mm', 'y'].map((n) => ops.find((e) => e.name === n)!.args!.op);
      expect(TF_TRACE.op_event_names).toEqual(expect.arrayContaining(opTypes));
      expect(TF_TRACE.op_arg_name_values).toEqual(expect.arrayContaining(['w', 'mm', 'y']));
      const procs = trace.traceEvents.filter((e) => e.name === 'process_name');
      expect(TF_TRACE.metadata_names).toContain('process_name');
      expect(procs.map((e) => e.args!.name)).toEqual(meta.stepStats!.devStats.map((d) => d.device));
      // TF's tool names the same process '<device> Compute'.
      expect(TF_TRACE.process_names).toContain(`${procs[0]!.args!.name} Compute`);
      // Times are the step stats' microseconds since the epoch: within this test's run.
      const now = Date.now() * 1000;
      for (const e of ops) expect(Math.abs(e.ts! - now)).toBeLessThan(60e6);
    });
  });

  it('maps devices to pids and threads to tids, with names, from hand-made step stats', () => {
    const node = (p: tf.NodeExecStats.$Properties) => new tf.NodeExecStats(p);
    const meta = new tf.RunMetadata({
      stepStats: new tf.StepStats({
        devStats: [
          new tf.DeviceStepStats({
            device: '/device:CPU:0',
            nodeStats: [
              node({
                nodeName: 'a',
                allStartMicros: 100,
                opStartRelMicros: 2,
                opEndRelMicros: 7,
                timelineLabel: 'a = Const()',
              }),
              node({
                nodeName: 'b',
                allStartMicros: 110,
                opEndRelMicros: 3,
                threadId: 4,
                timelineLabel: 'b = AddV2(a, a)',
              }),
            ],
            threadNames: { 4: 'worker 4' },
          }),
          new tf.DeviceStepStats({
            device: '/device:GPU:0',
            nodeStats: [node({ nodeName: 'c', allStartNanos: 120500, opEndRelNanos: 1500 })],
          }),
        ],
      }),
    });
    const trace = tf.toChromeTrace(meta);
    expect(checkTraceEventFormat(trace)).toEqual([]);
    const byName = Object.fromEntries(
      trace.traceEvents.filter((e) => e.ph === 'X').map((e) => [e.name, e]),
    );
    expect(byName.a).toMatchObject({
      pid: 0,
      tid: 0,
      ts: 102,
      dur: 5,
      args: { name: 'a', op: 'Const' },
    });
    expect(byName.b).toMatchObject({
      pid: 0,
      tid: 4,
      ts: 110,
      dur: 3,
      args: { name: 'b', op: 'AddV2', input0: 'a', input1: 'a' },
    });
    // No label: the node's name stands in for the op type.
    expect(byName.c).toMatchObject({
      pid: 1,
      tid: 0,
      ts: 120.5,
      dur: 1.5,
      args: { name: 'c', op: 'c' },
    });
    const threads = trace.traceEvents.filter((e) => e.name === 'thread_name');
    expect(threads.map((e) => [e.pid, e.tid, e.args!.name])).toEqual([
      [0, 0, 'ops'],
      [0, 4, 'worker 4'],
      [1, 0, 'ops'],
    ]);
  });

  it('the checker itself rejects what the format forbids', () => {
    expect(
      checkTraceEventFormat({
        traceEvents: [{ name: 'a', ph: 'X', pid: 0, tid: 0, ts: 1, dur: -1 }],
      }),
    ).toEqual(['event 0: dur']);
    expect(
      checkTraceEventFormat({
        traceEvents: [{ name: 'a', ph: 'X', pid: 0.5, tid: 0, ts: 1, dur: 1 }],
      }),
    ).toEqual(['event 0: pid']);
    expect(
      checkTraceEventFormat({ traceEvents: [{ name: 'process_name', ph: 'M', pid: 0, tid: 0 }] }),
    ).toEqual(['event 0: metadata without args.name']);
  });
});
