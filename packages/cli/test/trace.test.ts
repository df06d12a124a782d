import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import * as tf from 'tensorgraph';
import { freshDir, MODEL, runCli } from './cli-harness.js';

interface Event {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  args?: Record<string, unknown>;
}

test('trace writes a FULL_TRACE step as Chrome trace-event JSON', async () => {
  const dir = freshDir();
  const r = await runCli(['trace', '--out', 'run/trace.json'], dir);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(
    /traced \d+ op executions on 1 device\(s\): \/job:localhost\/replica:0\/task:0\/device:CPU:0/,
  );
  expect(r.stdout).toContain('wrote run/trace.json');
  const trace = JSON.parse(readFileSync(join(dir, 'run/trace.json'), 'utf8')) as {
    traceEvents: Event[];
    displayTimeUnit: string;
  };
  expect(['ms', 'ns']).toContain(trace.displayTimeUnit);
  // The trace-event format: every event has a name, a phase, integer pid/tid; complete
  // events (X) have a timestamp and a non-negative duration in microseconds.
  for (const e of trace.traceEvents) {
    expect(typeof e.name).toBe('string');
    expect(['X', 'M']).toContain(e.ph);
    expect(Number.isInteger(e.pid) && Number.isInteger(e.tid)).toBe(true);
    if (e.ph === 'X') {
      expect(Number.isFinite(e.ts)).toBe(true);
      expect(e.dur).toBeGreaterThanOrEqual(0);
    }
  }
  const processNames = trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'process_name');
  expect(processNames.map((e) => e.args?.['name'])).toEqual([
    '/job:localhost/replica:0/task:0/device:CPU:0',
  ]);
  // Each traced op is a node of the GraphDef and ran once. Every op that computes on the
  // fed digits is there (constants and what depends on them alone may be folded away, as
  // TF's grappler does), and the fed placeholder is not: its value comes from the feed.
  // BiasAdd and Relu are fused into the Conv2D/MatMul before them (grappler's remapper), so
  // they run inside that node rather than as events of their own.
  const graphDef = tf.decodeProto(tf.GraphDef, new Uint8Array(readFileSync(MODEL)));
  const ops = trace.traceEvents.filter((e) => e.ph === 'X');
  const names = ops.map((e) => e.name);
  expect(new Set(names).size).toBe(names.length);
  const known = new Set(graphDef.node.map((n) => n.name));
  expect(names.filter((n) => !known.has(n))).toEqual([]);
  expect(names).not.toContain('pixels');
  const compute = ['Mul', 'AddV2', 'Conv2D', 'MaxPool', 'MatMul', 'Softmax', 'ArgMax'];
  for (const n of graphDef.node.filter((node) => compute.includes(node.op))) {
    expect(names).toContain(n.name);
  }
  expect(names).toEqual(expect.arrayContaining(['probabilities', 'predicted_class']));
  expect(ops.find((e) => e.name === 'digits_cnn_1/conv2_1/convolution')?.args?.['op']).toBe(
    'Conv2D',
  );
});
