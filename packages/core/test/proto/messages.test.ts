import { describe, expect, it } from 'vitest';
import { DataLossError } from '@tensorgraph/errors';
import {
  AttrValueProto,
  ConfigProto,
  DataType,
  ErrorCodeProto,
  GPUOptions,
  GraphDef,
  GraphOptions,
  MetaGraphDef,
  OptimizerOptions,
  RunMetadata,
  RunOptions,
  TensorProto,
  TensorShapeProto,
  decodeProto,
  int64ToBigInt,
  int64ToNumber,
  protos,
  toLong,
} from '../../src/index.js';
import { fixtureBytes, fixtureJson, type MessageFixture } from './proto-fixtures.js';

describe('friendly message names', () => {
  it('builds, encodes and decodes a ConfigProto with camelCase fields', () => {
    const msg = new ConfigProto({
      allowSoftPlacement: true,
      gpuOptions: new GPUOptions({ allowGrowth: true, visibleDeviceList: '0' }),
      graphOptions: new GraphOptions({
        optimizerOptions: new OptimizerOptions({ optLevel: OptimizerOptions.Level.L0 }),
      }),
    });
    const bytes = ConfigProto.encode(msg).finish();
    // allow_soft_placement = 7 (varint 1), gpu_options = 6 {allow_growth = 4, visible_device_list = 5}
    expect(Array.from(bytes.subarray(0, 2))).not.toEqual([0, 0]);
    const back = ConfigProto.decode(bytes);
    expect(back.allowSoftPlacement).toBe(true);
    expect(back.gpuOptions?.allowGrowth).toBe(true);
    expect(back.gpuOptions?.visibleDeviceList).toBe('0');
    expect(back.graphOptions?.optimizerOptions?.optLevel).toBe(-1);
  });

  it('gives TF wire bytes for a small ConfigProto (field numbers and types)', () => {
    const bytes = ConfigProto.encode(
      new ConfigProto({ allowSoftPlacement: true, logDevicePlacement: true }),
    ).finish();
    // Python: ConfigProto(allow_soft_placement=True, log_device_placement=True).SerializeToString()
    expect(Array.from(bytes)).toEqual([0x38, 0x01, 0x40, 0x01]);
  });

  it('exposes nested enums as values: RunOptions.TraceLevel.FULL_TRACE', () => {
    expect(RunOptions.TraceLevel.FULL_TRACE).toBe(3);
    expect(RunOptions.TraceLevel[3]).toBe('FULL_TRACE');
    const opts = new RunOptions({ traceLevel: RunOptions.TraceLevel.FULL_TRACE, timeoutInMs: 5 });
    const back = RunOptions.decode(RunOptions.encode(opts).finish());
    expect(back.traceLevel).toBe(RunOptions.TraceLevel.FULL_TRACE);
    expect(int64ToNumber(back.timeoutInMs)).toBe(5);
  });

  it('has the DataType and error Code enums with TF numbers', () => {
    expect(DataType.DT_FLOAT).toBe(1);
    expect(DataType.DT_HALF).toBe(19);
    expect(DataType.DT_FLOAT4_E2M1FN).toBe(33);
    expect(DataType.DT_RESOURCE_REF).toBe(120);
    expect(ErrorCodeProto.DATA_LOSS).toBe(15);
    expect(ErrorCodeProto.UNAUTHENTICATED).toBe(16);
    expect(protos.error.Code.INVALID_ARGUMENT).toBe(3);
  });

  it('exports the AttrValue proto as AttrValueProto and keeps type URLs in package tensorflow', () => {
    const attr = new AttrValueProto({ i: 3 });
    expect(AttrValueProto.decode(AttrValueProto.encode(attr).finish()).value).toBe('i');
    expect(ConfigProto.getTypeUrl()).toBe('type.googleapis.com/tensorflow.ConfigProto');
    expect(MetaGraphDef.MetaInfoDef.getTypeUrl()).toBe(
      'type.googleapis.com/tensorflow.MetaGraphDef.MetaInfoDef',
    );
  });
});

describe('decodeProto', () => {
  const graph = fixtureBytes('keras_cnn_frozen.pb');

  it('parses a GraphDef', () => {
    const facts =
      fixtureJson<MessageFixture<{ node_count: number }>>('keras_cnn_frozen.json').facts;
    expect(decodeProto(GraphDef, graph).node).toHaveLength(facts.node_count);
  });

  it('turns truncated bytes into a DataLossError naming what was parsed', () => {
    for (const end of [100, graph.length - 3, graph.length - 1]) {
      const cut = graph.subarray(0, end);
      expect(() => decodeProto(GraphDef, cut)).toThrow(DataLossError);
      expect(() => decodeProto(GraphDef, cut)).toThrow(/^Can't parse GraphDef: /);
    }
    const cut = graph.subarray(0, 100);
    expect(() => decodeProto(GraphDef, cut, 'frozen model')).toThrow(/^Can't parse frozen model: /);
  });

  it('turns bad wire types, bad tags and over-long lengths into DataLossError', () => {
    const cases = [
      [0x0f], // field 1, wire type 7 (does not exist)
      [0x0c], // an end-group with no start
      [0x00, 0x01], // field number 0
      [0x22, 0x7f, 0x01, 0x02], // a length beyond the end
    ];
    for (const bytes of cases) {
      expect(() => decodeProto(TensorProto, Uint8Array.from(bytes))).toThrow(DataLossError);
    }
  });

  it('turns nesting beyond the recursion limit into DataLossError', () => {
    // AttrValue.list (1) -> ListValue.tensor (8) -> TensorProto.variant_val (15) ->
    // VariantTensorDataProto.tensors (3) -> ... nested 200 levels deep.
    let inner = new Uint8Array(0);
    for (let i = 0; i < 200; i++) {
      const wrap = (tag: number, body: Uint8Array) => {
        const len: number[] = [];
        let n = body.length;
        while (n >= 0x80) {
          len.push((n & 0x7f) | 0x80);
          n >>>= 7;
        }
        len.push(n);
        return Uint8Array.from([tag, ...len, ...body]);
      };
      inner = wrap(0x7a, wrap(0x1a, inner)); // variant_val { tensors { ... } }
    }
    expect(() => decodeProto(TensorProto, inner)).toThrow(DataLossError);
  });

  it('rejects a non-Uint8Array with a TypeError', () => {
    expect(() => decodeProto(GraphDef, 'abc' as unknown as Uint8Array)).toThrow(TypeError);
  });

  it('keeps unknown enum numbers instead of crashing', () => {
    // TensorProto.dtype = 99, RunOptions.trace_level = 42
    const t = decodeProto(TensorProto, Uint8Array.from([0x08, 0x63]));
    expect(t.dtype).toBe(99);
    expect(Array.from(TensorProto.encode(t).finish())).toEqual([0x08, 0x63]);
    const r = decodeProto(RunOptions, Uint8Array.from([0x08, 0x2a]));
    expect(r.traceLevel).toBe(42);
    expect(RunOptions.toObject(r, { enums: String }).traceLevel).toBe(42);
  });

  it('keeps unknown fields and writes them back', () => {
    // TensorShapeProto with an unknown field 9 (varint 5) after a dim of size 3.
    const bytes = Uint8Array.from([0x12, 0x02, 0x08, 0x03, 0x48, 0x05]);
    const shape = decodeProto(TensorShapeProto, bytes);
    expect(int64ToNumber(shape.dim[0]?.size ?? 0)).toBe(3);
    expect(Array.from(TensorShapeProto.encode(shape).finish())).toEqual(Array.from(bytes));
  });
});

describe('int64 fields', () => {
  it('decode as Long objects that convert to exact bigints', () => {
    const fixture =
      fixtureJson<MessageFixture<{ sessionMetadataVersion: string }>>('config_proto.json');
    const config = decodeProto(ConfigProto, fixtureBytes('config_proto.pb'));
    const version = config.experimental?.sessionMetadata?.version;
    expect(typeof version).toBe('object');
    expect(int64ToBigInt(version ?? 0)).toBe(BigInt(fixture.facts.sessionMetadataVersion));
    expect(() => int64ToNumber(version ?? 0)).toThrow(RangeError);
  });

  it('encode from toLong(bigint) with no precision lost, signed and unsigned', () => {
    const big = 2n ** 63n - 1n;
    // fromObject takes nested plain objects (the constructor wants message instances).
    const md = RunMetadata.fromObject({
      sessionMetadata: { name: 'm', version: toLong(big) },
      stepStats: {
        devStats: [{ nodeStats: [{ allStartNanos: toLong(-(2n ** 63n)) }] }],
      },
    });
    const back = RunMetadata.decode(RunMetadata.encode(md).finish());
    expect(int64ToBigInt(back.sessionMetadata?.version ?? 0)).toBe(big);
    expect(int64ToBigInt(back.stepStats?.devStats[0]?.nodeStats[0]?.allStartNanos ?? 0)).toBe(
      -(2n ** 63n),
    );
    const ptr = toLong(2n ** 64n - 1n, true);
    expect(int64ToBigInt(ptr, true)).toBe(2n ** 64n - 1n);
    expect(int64ToBigInt(ptr)).toBe(-1n);
  });

  it('accepts plain numbers and decimal strings when building messages', () => {
    const a = RunOptions.decode(RunOptions.encode(new RunOptions({ timeoutInMs: 1500 })).finish());
    expect(int64ToBigInt(a.timeoutInMs)).toBe(1500n);
    const b = RunOptions.decode(
      RunOptions.encode(RunOptions.fromObject({ timeoutInMs: '9007199254740993' })).finish(),
    );
    expect(int64ToBigInt(b.timeoutInMs)).toBe(9007199254740993n);
  });
});
