// Messages written by real TensorFlow (tools/oracle/gen_proto_fixtures.py): parse, check
// against TF's own JSON mapping and facts, write back, parse again.
import { describe, expect, it } from 'vitest';
import {
  AttrValueProto,
  ConfigProto,
  GraphDef,
  MetaGraphDef,
  NodeDef,
  NodeExecStats,
  OpDef,
  OpDeprecation,
  OpList,
  RunMetadata,
  RunOptions,
  SaverDef,
  decodeProto,
  dtypeFromEnum,
  int64ToBigInt,
  tensorProtoToNDArray,
  type DecodableType,
} from '../../src/index.js';
import {
  JSON_LIKE,
  byteLists,
  expectSameBytes,
  expectSameJson,
  fixtureBytes,
  fixtureJson,
  type MessageFixture,
} from './proto-fixtures.js';

interface GeneratedType<T> extends DecodableType<T> {
  encode(message: T): { finish(): Uint8Array };
  toObject(message: T, options?: object): Record<string, unknown>;
}

const MESSAGES: { name: string; type: GeneratedType<never>; byteExact: boolean }[] = [
  { name: 'keras_cnn_frozen', type: GraphDef as never, byteExact: true },
  { name: 'tf1_adam_graph', type: GraphDef as never, byteExact: true },
  // TF's Python (upb) leaves a zero map key out of the map entry (cluster_def tasks {0: ...});
  // we write it, as TF's C++ does: the same message, other bytes.
  { name: 'config_proto', type: ConfigProto as never, byteExact: false },
  { name: 'config_unknown_field', type: ConfigProto as never, byteExact: false },
  { name: 'run_options', type: RunOptions as never, byteExact: true },
  { name: 'run_metadata', type: RunMetadata as never, byteExact: true },
  { name: 'op_list', type: OpList as never, byteExact: true },
  { name: 'meta_graph', type: MetaGraphDef as never, byteExact: true },
];

function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`missing ${what}`);
  return value;
}

describe.each(MESSAGES)('$name', ({ name, type, byteExact }) => {
  const fixture = fixtureJson<MessageFixture>(`${name}.json`);
  const bytes = fixtureBytes(fixture.file);

  it('is the type and size the JSON says', () => {
    expect(`tensorflow.${type.name}`).toBe(fixture.type);
    expect(bytes.length).toBe(fixture.size);
  });

  // OpList and RunMetadata carry facts only (their full JSON would double the fixtures).
  if (fixture.dict !== undefined) {
    it("matches TF's JSON mapping field by field", () => {
      const msg = decodeProto(type, bytes);
      expectSameJson(type.toObject(msg, JSON_LIKE), fixture.dict);
    });
  }

  it('writes back what it read and parses it again with no loss', () => {
    const msg = decodeProto(type, bytes);
    const again = type.encode(msg).finish();
    if (byteExact) expectSameBytes(again, bytes);
    const back = decodeProto(type, again);
    expect(type.toObject(back, JSON_LIKE)).toEqual(type.toObject(msg, JSON_LIKE));
    expectSameBytes(type.encode(back).finish(), again);
  });
});

describe('keras CNN frozen GraphDef', () => {
  interface Facts {
    node_count: number;
    nodes: { name: string; op: string; inputs: string[]; device: string }[];
    producer: number;
    min_consumer: number;
    library_functions: number;
    conv_attrs: Record<string, unknown>;
    consts: Record<string, { dtype: string; shape: number[]; first_bits: string[] | null }>;
  }
  const { facts } = fixtureJson<MessageFixture<Facts>>('keras_cnn_frozen.json');
  const graph = decodeProto(GraphDef, fixtureBytes('keras_cnn_frozen.pb'));

  it('has the nodes TF wrote, in order, with their inputs', () => {
    expect(graph.node).toHaveLength(facts.node_count);
    expect(graph.node.map((n) => [n.name, n.op, n.input, n.device])).toEqual(
      facts.nodes.map((n) => [n.name, n.op, n.inputs, n.device]),
    );
    expect(graph.versions?.producer).toBe(facts.producer);
    expect(graph.library?.function ?? []).toHaveLength(facts.library_functions);
  });

  it('has Conv2D attrs as TF wrote them', () => {
    const conv = graph.node.find((n) => n.op === 'Conv2D');
    expect(conv).toBeDefined();
    const attrs = Object.fromEntries(
      Object.entries(conv?.attr ?? {}).map(([k, v]) => [k, AttrValueProto.toObject(v, JSON_LIKE)]),
    );
    expectSameJson(attrs, facts.conv_attrs);
  });

  it('decodes every Const value to the dtype, shape and bits numpy gives', () => {
    const consts = graph.node.filter((n) => n.op === 'Const');
    expect(consts.map((n) => n.name).sort()).toEqual(Object.keys(facts.consts).sort());
    for (const node of consts) {
      const expected = facts.consts[node.name];
      const value = tensorProtoToNDArray(node.attr['value']?.tensor ?? {});
      expect(value.shape).toEqual(expected?.shape);
      if (expected?.first_bits) {
        const bits = new Uint32Array((value.data as Float32Array).slice(0, 4).buffer);
        expect(Array.from(bits, (b) => b.toString(16).padStart(8, '0'))).toEqual(
          expected.first_bits,
        );
      }
    }
  });
});

describe('TF1 Adam training GraphDef', () => {
  interface Facts {
    node_count: number;
    op_counts: Record<string, number>;
    names: string[];
    nodes: Record<
      string,
      { op: string; inputs: string[]; device: string; attr: Record<string, unknown> }
    >;
  }
  const { facts } = fixtureJson<MessageFixture<Facts>>('tf1_adam_graph.json');
  const graph = decodeProto(GraphDef, fixtureBytes('tf1_adam_graph.pb'));

  it('has every node and op count', () => {
    expect(graph.node.map((n) => n.name)).toEqual(facts.names);
    const counts: Record<string, number> = {};
    for (const n of graph.node) counts[n.op] = (counts[n.op] ?? 0) + 1;
    expect(counts).toEqual(facts.op_counts);
    expect(counts['ApplyAdam']).toBe(1);
    expect(counts['ResourceApplyAdam']).toBe(1);
  });

  it('has the attrs of the picked nodes', () => {
    expect(Object.keys(facts.nodes).length).toBeGreaterThan(5);
    for (const [name, want] of Object.entries(facts.nodes)) {
      const node = must(
        graph.node.find((n) => n.name === name),
        name,
      );
      expect(node.op, name).toBe(want.op);
      expect(node.input).toEqual(want.inputs);
      const obj = NodeDef.toObject(node, JSON_LIKE) as { attr?: Record<string, unknown> };
      expectSameJson(obj.attr ?? {}, want.attr, name);
    }
  });
});

describe('ConfigProto from TF', () => {
  const { facts } = fixtureJson<MessageFixture<Record<string, unknown>>>('config_proto.json');
  const config = decodeProto(ConfigProto, fixtureBytes('config_proto.pb'));

  it('reads the fields sessions use', () => {
    expect(config.allowSoftPlacement).toBe(facts['allowSoftPlacement']);
    expect(config.gpuOptions?.visibleDeviceList).toBe(facts['visibleDeviceList']);
    expect(config.gpuOptions?.perProcessGpuMemoryFraction).toBe(
      facts['perProcessGpuMemoryFraction'],
    );
    expect(config.deviceCount).toEqual(facts['deviceCount']);
    expect(String(int64ToBigInt(config.operationTimeoutInMs))).toBe(facts['operationTimeoutInMs']);
    expect(String(int64ToBigInt(config.gpuOptions?.deferredDeletionBytes ?? 0))).toBe(
      facts['deferredDeletionBytes'],
    );
    expect(config.graphOptions?.optimizerOptions?.optLevel).toBe(facts['optLevelNumber']);
    expect(config.gpuOptions?.experimental?.virtualDevices[0]?.memoryLimitMb).toEqual([
      1024, 2048.5,
    ]);
  });

  it('keeps fields from a newer TF (unknown here) through decode and encode', () => {
    const { facts: f } = fixtureJson<MessageFixture<{ unknown_top_fields: number[] }>>(
      'config_unknown_field.json',
    );
    const future = decodeProto(ConfigProto, fixtureBytes('config_unknown_field.pb'));
    expect(future.$unknowns?.length).toBe(f.unknown_top_fields.length);
    expect(future.gpuOptions?.$unknowns?.length).toBe(1);
    const again = decodeProto(ConfigProto, ConfigProto.encode(future).finish());
    expect(byteLists(again.$unknowns)).toEqual(byteLists(future.$unknowns));
    expect(byteLists(again.gpuOptions?.$unknowns)).toEqual(byteLists(future.gpuOptions?.$unknowns));
    // Without the unknown fields it is the plain fixture.
    delete again.$unknowns;
    delete again.gpuOptions?.$unknowns;
    expect(ConfigProto.toObject(again, JSON_LIKE)).toEqual(ConfigProto.toObject(config, JSON_LIKE));
  });
});

describe('RunMetadata of a FULL_TRACE run', () => {
  interface Facts {
    devices: string[];
    node_stats_counts: number[];
    node_names: string[][];
    first_node: Record<string, unknown> | null;
    partition_graph_count: number;
    partition_graph_node_counts: number[];
    partition_graph_ops: string[][];
    cost_graph_node_count: number;
    cost_graph_names: string[];
  }
  const { facts } = fixtureJson<MessageFixture<Facts>>('run_metadata.json');
  const md = decodeProto(RunMetadata, fixtureBytes('run_metadata.pb'));

  it('has step stats per device and node', () => {
    const dev = md.stepStats?.devStats ?? [];
    expect(dev.map((d) => d.device)).toEqual(facts.devices);
    expect(dev.map((d) => d.nodeStats.length)).toEqual(facts.node_stats_counts);
    expect(dev.map((d) => d.nodeStats.map((n) => n.nodeName))).toEqual(facts.node_names);
    const first = dev[0]?.nodeStats[0];
    expect(first).toBeDefined();
    expectSameJson(NodeExecStats.toObject(must(first, 'first node'), JSON_LIKE), facts.first_node);
    // nanos since the epoch are beyond 2^53: exact only as 64-bit values
    expect(String(int64ToBigInt(first?.allStartNanos ?? 0))).toBe(
      facts.first_node?.['allStartNanos'],
    );
  });

  it('has the partition graphs and the cost graph', () => {
    expect(md.partitionGraphs).toHaveLength(facts.partition_graph_count);
    expect(md.partitionGraphs.map((g) => g.node.length)).toEqual(facts.partition_graph_node_counts);
    expect(md.partitionGraphs.map((g) => [...new Set(g.node.map((n) => n.op))].sort())).toEqual(
      facts.partition_graph_ops,
    );
    expect(md.costGraph?.node.map((n) => n.name)).toEqual(facts.cost_graph_names);
    expect(md.costGraph?.node).toHaveLength(facts.cost_graph_node_count);
  });
});

describe('OpList of every registered op', () => {
  interface ArgFacts {
    name: string;
    type?: string | null;
    type_attr: string;
    number_attr?: string;
    type_list_attr?: string;
    is_ref: boolean;
  }
  interface OpFacts {
    inputs: ArgFacts[];
    outputs: ArgFacts[];
    attrs: Record<string, unknown>[];
    is_stateful: boolean;
    is_commutative: boolean;
    is_aggregate: boolean;
    allows_uninitialized_input: boolean;
    control_output: string[];
    deprecation: Record<string, unknown> | null;
    summary: string;
  }
  interface Facts {
    op_count: number;
    names_sha_sorted_first: string[];
    names_last: string[];
    deprecated_count: number;
    stateful_count: number;
    ops: Record<string, OpFacts>;
  }
  const { facts } = fixtureJson<MessageFixture<Facts>>('op_list.json');
  const list = decodeProto(OpList, fixtureBytes('op_list.pb'));
  const byName = new Map(list.op.map((o) => [o.name, o]));

  it('has every op', () => {
    expect(list.op).toHaveLength(facts.op_count);
    expect(list.op.slice(0, 5).map((o) => o.name)).toEqual(facts.names_sha_sorted_first);
    expect(list.op.slice(-5).map((o) => o.name)).toEqual(facts.names_last);
    expect(list.op.filter((o) => o.deprecation).length).toBe(facts.deprecated_count);
    expect(list.op.filter((o) => o.isStateful).length).toBe(facts.stateful_count);
  });

  it.each(Object.keys(facts.ops))('%s has its args, attrs and flags', (name) => {
    const want = facts.ops[name] as OpFacts;
    const op = byName.get(name);
    expect(op).toBeDefined();
    expect(
      op?.inputArg.map((a) => ({
        name: a.name,
        type: a.type ? dtypeFromEnum(a.type) : null,
        type_attr: a.typeAttr,
        number_attr: a.numberAttr,
        type_list_attr: a.typeListAttr,
        is_ref: a.isRef,
      })),
    ).toEqual(want.inputs);
    expect(
      op?.outputArg.map((a) => ({ name: a.name, type_attr: a.typeAttr, is_ref: a.isRef })),
    ).toEqual(want.outputs);
    const attrs = OpDef.toObject(must(op, name), JSON_LIKE) as { attr?: unknown[] };
    expectSameJson(attrs.attr ?? [], want.attrs, `${name}.attr`);
    expect(op?.isStateful).toBe(want.is_stateful);
    expect(op?.isCommutative).toBe(want.is_commutative);
    expect(op?.isAggregate).toBe(want.is_aggregate);
    expect(op?.allowsUninitializedInput).toBe(want.allows_uninitialized_input);
    expect(op?.controlOutput).toEqual(want.control_output);
    expect(op?.summary).toBe(want.summary);
    if (want.deprecation === null) expect(op?.deprecation ?? null).toBeNull();
    else
      expectSameJson(
        OpDeprecation.toObject(must(op?.deprecation, 'deprecation'), JSON_LIKE),
        want.deprecation,
      );
  });
});

describe('MetaGraphDef with a Saver', () => {
  interface Facts {
    collection_keys: string[];
    collection_kinds: Record<string, string>;
    saver_def: Record<string, unknown>;
    stripped_op_count: number;
    node_count: number;
    tensorflow_version: string;
  }
  const { facts } = fixtureJson<MessageFixture<Facts>>('meta_graph.json');
  const mg = decodeProto(MetaGraphDef, fixtureBytes('meta_graph.pb'));

  it('has its collections, saver and stripped op list', () => {
    expect(Object.keys(mg.collectionDef).sort()).toEqual(facts.collection_keys);
    for (const [key, kind] of Object.entries(facts.collection_kinds)) {
      const camel = kind.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      expect(mg.collectionDef[key]?.kind, key).toBe(camel);
    }
    expectSameJson(SaverDef.toObject(must(mg.saverDef, 'saver_def'), JSON_LIKE), facts.saver_def);
    expect(mg.saverDef?.version).toBe(SaverDef.CheckpointFormatVersion.V2);
    expect(mg.metaInfoDef?.strippedOpList?.op).toHaveLength(facts.stripped_op_count);
    expect(mg.metaInfoDef?.tensorflowVersion).toBe(facts.tensorflow_version);
    expect(mg.graphDef?.node).toHaveLength(facts.node_count);
  });
});
