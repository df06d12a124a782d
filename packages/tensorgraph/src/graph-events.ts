import protobuf from 'protobufjs/minimal.js';
import { GraphDef } from '@tensorgraph/core';
import { Graph } from '@tensorgraph/graph';
import { encodeTFRecords } from './tfrecord.js';

// TensorFlow's `Event` proto is not among core's schemas, and an events file needs only four
// of its fields, so they are written here by hand (field numbers from TF's event.proto):
// wall_time = 1 (double), step = 2 (int64), file_version = 3 (string), graph_def = 4 (bytes).
const WALL_TIME = (1 << 3) | 1;
const STEP = (2 << 3) | 0;
const FILE_VERSION = (3 << 3) | 2;
const GRAPH_DEF = (4 << 3) | 2;

/** The `file_version` TensorBoard expects in an events file's first record. */
export const EVENTS_FILE_VERSION = 'brain.Event:2';

/** A graph to export: a `Graph`, a `GraphDef` (message or plain object), or its bytes. */
export type GraphSource = Graph | GraphDef | GraphDef.$Properties | Uint8Array;

export interface GraphEventsOptions {
  /** Seconds since the epoch stamped on both events (default: now). */
  readonly wallTime?: number;
}

function graphDefBytes(graph: GraphSource): Uint8Array {
  if (graph instanceof Uint8Array) return graph;
  const def = graph instanceof Graph ? graph.asGraphDef() : graph;
  return GraphDef.encode(def instanceof GraphDef ? def : GraphDef.create(def)).finish();
}

/**
 * The bytes of a TensorBoard events file holding one graph: a `file_version` event, then an
 * event whose `graph_def` is the serialized GraphDef, each framed as a TFRecord.
 */
export function encodeGraphEvents(
  graph: GraphSource,
  options: GraphEventsOptions = {},
): Uint8Array {
  const wallTime = options.wallTime ?? Date.now() / 1000;
  const version = protobuf.Writer.create()
    .uint32(WALL_TIME)
    .double(wallTime)
    .uint32(FILE_VERSION)
    .string(EVENTS_FILE_VERSION)
    .finish();
  const graphEvent = protobuf.Writer.create()
    .uint32(WALL_TIME)
    .double(wallTime)
    .uint32(STEP)
    .int64(0)
    .uint32(GRAPH_DEF)
    .bytes(graphDefBytes(graph))
    .finish();
  return encodeTFRecords([version, graphEvent]);
}

/** The fields of an `Event` that `encodeGraphEvents` writes, read back from one record. */
export interface DecodedEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  graphDef?: Uint8Array;
}

/** Decodes one Event record (the fields above; others are skipped). */
export function decodeEvent(record: Uint8Array): DecodedEvent {
  const reader = protobuf.Reader.create(record);
  const event: DecodedEvent = { wallTime: 0, step: 0 };
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag === WALL_TIME) event.wallTime = reader.double();
    else if (tag === STEP) event.step = Number(reader.int64().toString());
    else if (tag === FILE_VERSION) event.fileVersion = reader.string();
    else if (tag === GRAPH_DEF) event.graphDef = reader.bytes();
    else reader.skipType(tag & 7);
  }
  return event;
}

interface NodeModules {
  fs: {
    mkdir(path: string, options: { recursive: true }): Promise<unknown>;
    writeFile(path: string, data: Uint8Array): Promise<void>;
  };
  os: { hostname(): string };
  path: { join(...parts: string[]): string };
}

function nodeModules(): NodeModules {
  // Reached at run time so that browser bundles of this package carry no Node import.
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const get = proc?.getBuiltinModule;
  if (get === undefined) {
    throw new Error(
      'writeGraphEvents writes files through Node.js (process.getBuiltinModule); in a browser use encodeGraphEvents() and save the bytes yourself',
    );
  }
  return {
    fs: get('node:fs/promises') as NodeModules['fs'],
    os: get('node:os') as NodeModules['os'],
    path: get('node:path') as NodeModules['path'],
  };
}

/**
 * Writes the graph as `<dir>/events.out.tfevents.<seconds>.<host>` (creating `dir`) so that
 * `tensorboard --logdir <dir>` shows it in its Graphs tab. Resolves to the file's path.
 */
export async function writeGraphEvents(
  dir: string,
  graph: GraphSource,
  options: GraphEventsOptions = {},
): Promise<string> {
  const { fs, os, path } = nodeModules();
  const wallTime = options.wallTime ?? Date.now() / 1000;
  const file = path.join(dir, `events.out.tfevents.${Math.floor(wallTime)}.${os.hostname()}`);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(file, encodeGraphEvents(graph, { wallTime }));
  return file;
}
