import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tf from 'tensorgraph';

const FIXTURES = new URL('../../../tools/oracle/fixtures/', import.meta.url).pathname;
const OURS = join(FIXTURES, 'events/ours');
const WALL_TIME = 1700000000.25;

interface EventsReport {
  tf_version: string;
  tensorboard_version: string;
  files: Record<
    string,
    {
      sha256: string;
      summary_iterator: {
        wall_time: number;
        step: number;
        file_version: string;
        graph_nodes: number | null;
      }[];
      graph_node_names: string[];
      graph_ops: string[];
      graph_def_equals_source: boolean;
      tensorboard_graph_nodes: number;
      tensorboard_has_graph: boolean;
    }
  >;
}

/** The graph built in TypeScript that TF reads back: a small dense layer under a name scope. */
function tsGraph(): tf.Graph {
  const g = new tf.Graph();
  g.asDefault(() => {
    const x = tf.placeholder('float32', [null, 3], 'x');
    tf.nameScope('dense', () => {
      const w = tf.constant([[1], [2], [3]], { name: 'w' });
      const b = tf.constant([0.5], { name: 'b' });
      tf.nn.relu(tf.add(tf.matmul(x, w), b), 'out');
    });
  });
  return g;
}

function sources(): Record<string, Uint8Array> {
  return {
    'ts_dense.tfevents': tf.encodeGraphEvents(tsGraph(), { wallTime: WALL_TIME }),
    'keras_cnn.tfevents': tf.encodeGraphEvents(
      readFileSync(join(FIXTURES, 'graphdef/models/keras_cnn.pb')),
      {
        wallTime: WALL_TIME,
      },
    ),
  };
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('CRC-32C and TFRecord framing', () => {
  it('crc32c has the standard check value; masking follows TFRecord', () => {
    // CRC-32C("123456789") = 0xE3069283 (the catalogued check value of CRC-32/ISCSI).
    expect(tf.crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(tf.crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    const c = tf.crc32c(new Uint8Array([1, 2, 3]));
    expect(tf.maskedCrc32c(new Uint8Array([1, 2, 3]))).toBe(
      ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0,
    );
  });

  it('records round-trip and corruption is detected', () => {
    const recs = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array(300).fill(7)];
    const bytes = tf.encodeTFRecords(recs);
    expect(bytes.length).toBe(3 + 0 + 300 + 3 * 16);
    expect(tf.decodeTFRecords(bytes).map((r) => Array.from(r))).toEqual(
      recs.map((r) => Array.from(r)),
    );
    const bad = bytes.slice();
    bad[13] = bad[13]! ^ 1;
    expect(() => tf.decodeTFRecords(bad)).toThrow('TFRecord data CRC mismatch at byte 0');
    expect(() => tf.decodeTFRecords(bytes.subarray(0, 20))).toThrow('truncated');
  });
});

describe('encodeGraphEvents / writeGraphEvents', () => {
  it('writes a file_version event, then the GraphDef', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-events-'));
    const g = tsGraph();
    const file = await tf.writeGraphEvents(join(dir, 'logs'), g, { wallTime: WALL_TIME });
    expect(file).toMatch(/\/logs\/events\.out\.tfevents\.1700000000\.[^/]+$/);
    expect(readdirSync(join(dir, 'logs'))).toHaveLength(1);
    const events = tf.decodeTFRecords(new Uint8Array(readFileSync(file))).map(tf.decodeEvent);
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual({ wallTime: WALL_TIME, step: 0, fileVersion: 'brain.Event:2' });
    const def = tf.GraphDef.decode(events[1]!.graphDef!);
    expect(def.node.map((n) => n.name)).toEqual(g.getOperations().map((o) => o.name));
  });

  it('real TensorFlow and TensorBoard read our events files back (tools/oracle/check_events_file.py)', () => {
    const files = sources();
    if (process.env.TG_WRITE_EVENTS_FIXTURES === '1') {
      mkdirSync(OURS, { recursive: true });
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(OURS, name), bytes);
    }
    const reportPath = join(FIXTURES, 'events/report.json');
    expect(existsSync(reportPath), 'run tools/oracle/check_events_file.py').toBe(true);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as EventsReport;
    for (const [name, bytes] of Object.entries(files)) {
      const seen = report.files[name]!;
      // The report is about exactly the bytes we write today.
      expect(seen.sha256, `${name} changed: rerun the check`).toBe(sha256(bytes));
      const graphEvent = tf.decodeEvent(tf.decodeTFRecords(bytes)[1]!);
      const def = tf.GraphDef.decode(graphEvent.graphDef!);
      expect(seen.summary_iterator).toEqual([
        { wall_time: WALL_TIME, step: 0, file_version: 'brain.Event:2', graph_nodes: null },
        { wall_time: WALL_TIME, step: 0, file_version: '', graph_nodes: def.node.length },
      ]);
      expect(seen.graph_node_names).toEqual(def.node.map((n) => n.name));
      expect(seen.graph_def_equals_source).toBe(true);
      expect(seen.tensorboard_has_graph).toBe(true);
      expect(seen.tensorboard_graph_nodes).toBe(def.node.length);
    }
    expect(report.files['ts_dense.tfevents']!.graph_node_names).toEqual([
      'x',
      'dense/w',
      'dense/b',
      'dense/MatMul',
      'dense/Add',
      'dense/out',
    ]);
    expect(report.files['keras_cnn.tfevents']!.tensorboard_graph_nodes).toBeGreaterThan(10);
  });
});
