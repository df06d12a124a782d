// TensorProto <-> NDArray against TensorProtos written by TensorFlow and the values TF's C++
// runtime reads from them (tools/oracle/gen_proto_fixtures.py, tensors.json).
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  ALL_DTYPES,
  NDArray,
  ResourceHandleProto,
  TensorProto,
  TensorShapeProto,
  VariantTensorDataProto,
  decodeProto,
  ndarrayToTensorProto,
  storageOf,
  tensorProtoToNDArray,
  type DType,
} from '../../src/index.js';
import { expectSameBytes, fixtureBytes, fixtureJson, toHex } from './proto-fixtures.js';

interface TensorCase {
  name: string;
  file: string;
  dtype: DType;
  encoding:
    'tensor_content' | 'fields' | 'broadcast' | 'empty' | 'scalar' | 'empty_tensor' | 'malformed';
  shape: number[];
  maker?: string;
  values?: (string | boolean)[];
  bits?: string[];
  hex?: string[];
  error?: string;
  tf_message?: string;
}

const { cases } = fixtureJson<{ cases: TensorCase[] }>('tensors.json');
const good = cases.filter((c) => c.error === undefined);
const bad = cases.filter((c) => c.error !== undefined);

/** Our NDArray's elements in the fixture's JSON form (see gen_proto_fixtures.py). */
function facts(array: NDArray): Pick<TensorCase, 'values' | 'bits' | 'hex'> {
  const { kind, byteSize } = storageOf(array.dtype);
  const data = array.data as unknown;
  switch (kind) {
    case 'int':
    case 'quantized':
    case 'bigint':
      return { values: Array.from(data as ArrayLike<number | bigint>, (v) => String(v)) };
    case 'bool':
      return { values: Array.from(data as Uint8Array, (v) => v === 1) };
    case 'float':
    case 'float-bits':
    case 'complex': {
      const typed = data as Float32Array | Float64Array | Uint16Array | Uint8Array;
      const width = typed.BYTES_PER_ELEMENT;
      const bytes = new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
      const bits: string[] = [];
      for (let i = 0; i < bytes.length; i += width) {
        bits.push(toHex(bytes.slice(i, i + width).reverse())); // little-endian -> big hex
      }
      expect(width).toBe(kind === 'complex' ? byteSize / 2 : byteSize);
      return { bits };
    }
    case 'string':
      return { hex: (data as Uint8Array[]).map(toHex) };
    case 'opaque':
      return {
        hex: (data as unknown[]).map((m) =>
          toHex(
            array.dtype === 'resource'
              ? ResourceHandleProto.encode(m as ResourceHandleProto).finish()
              : VariantTensorDataProto.encode(m as VariantTensorDataProto).finish(),
          ),
        ),
      };
  }
}

function expectValues(array: NDArray, c: TensorCase): void {
  expect(array.dtype).toBe(c.dtype);
  expect(array.shape).toEqual(c.shape);
  const ours = facts(array);
  if (c.values !== undefined) expect(ours.values).toEqual(c.values);
  if (c.bits !== undefined) expect(ours.bits).toEqual(c.bits);
  if (c.hex !== undefined) expect(ours.hex).toEqual(c.hex);
  expect(c.values ?? c.bits ?? c.hex).toBeDefined();
}

function parse(bytes: Uint8Array): NDArray {
  return tensorProtoToNDArray(decodeProto(TensorProto, bytes));
}

describe('the fixtures cover every dtype', () => {
  it('has a TF-written TensorProto for each of the 33 dtypes in both encodings', () => {
    for (const dtype of ALL_DTYPES) {
      const mine = good.filter((c) => c.dtype === dtype);
      expect(
        mine.some((c) => c.encoding === 'tensor_content'),
        dtype,
      ).toBe(true);
      expect(
        mine.some((c) => c.encoding === 'fields' || c.encoding === 'broadcast'),
        dtype,
      ).toBe(true);
    }
  });
});

describe.each(good)('$name ($dtype, $encoding)', (c) => {
  const bytes = fixtureBytes(c.file);

  it("parses to the values TF's C++ runtime reads", () => {
    expectValues(parse(bytes), c);
  });

  it('writes the decoded message back byte for byte', () => {
    expectSameBytes(TensorProto.encode(decodeProto(TensorProto, bytes)).finish(), bytes);
  });

  it('round-trips NDArray -> TensorProto -> bytes -> NDArray in both encodings', () => {
    const array = parse(bytes);
    for (const useTensorContent of [true, false]) {
      const again = TensorProto.encode(ndarrayToTensorProto(array, { useTensorContent })).finish();
      expectValues(parse(again), c);
    }
  });

  if (c.maker === 'make_tensor_proto') {
    it("writes the same bytes as TF's make_tensor_proto", () => {
      expectSameBytes(TensorProto.encode(ndarrayToTensorProto(parse(bytes))).finish(), bytes);
    });
  }
  if (
    /_(content|fields)$/.test(c.name) &&
    (c.encoding === 'tensor_content' || c.encoding === 'fields')
  ) {
    it('writes the same bytes as TF in the same encoding', () => {
      const useTensorContent = c.encoding === 'tensor_content';
      const out = ndarrayToTensorProto(parse(bytes), { useTensorContent });
      expectSameBytes(TensorProto.encode(out).finish(), bytes);
    });
  }
});

const contentCases = good.filter((c) => c.encoding === 'tensor_content');
const NARROW = new Set<DType>(['int4', 'uint4', 'int2', 'uint2']);

describe.each(contentCases)('$name read from inside a bigger buffer', (c) => {
  const bytes = fixtureBytes(c.file);
  // At each offset modulo 8 in a file, as a tensor's bytes lie in a GraphDef.
  it.each([0, 1, 2, 3, 4, 5, 6, 7])(
    'at offset %i: the same values; a view of the bytes where aligned, else a copy',
    (offset) => {
      const file = new Uint8Array(offset + bytes.length);
      file.set(bytes, offset);
      const proto = decodeProto(TensorProto, file.subarray(offset));
      const content = proto.tensorContent;
      const array = tensorProtoToNDArray(proto);
      expectValues(array, c);
      const data = array.data as unknown;
      const viewed = ArrayBuffer.isView(data) && data.buffer === file.buffer;
      const numeric = ArrayBuffer.isView(data) && !NARROW.has(c.dtype);
      const width = numeric ? (data as Uint8Array).BYTES_PER_ELEMENT : 0;
      expect(viewed).toBe(numeric && content.byteOffset % width === 0);
      if (viewed) expect((data as Uint8Array).byteOffset).toBe(content.byteOffset);
      // Reading never rewrites the bytes it read (the 2/4-bit integers are narrowed in a copy).
      expect(toHex(file.subarray(offset))).toBe(toHex(bytes));
    },
  );
});

describe.each(bad)('$name: TF rejects it', (c) => {
  it('is an InvalidArgumentError', () => {
    const proto = decodeProto(TensorProto, fixtureBytes(c.file));
    expect(c.error).toBe('InvalidArgumentError');
    expect(() => tensorProtoToNDArray(proto)).toThrow(InvalidArgumentError);
    expect(() => tensorProtoToNDArray(proto)).toThrow(c.tf_message ?? '');
  });
});

describe('tensorProtoToNDArray errors name what was expected and what came', () => {
  const load = (name: string) => decodeProto(TensorProto, fixtureBytes(`tensors/${name}.pb`));

  it('content length', () => {
    expect(() => tensorProtoToNDArray(load('bad_content_length'))).toThrow(
      /float32 tensor of shape \[3\] needs 12 bytes of tensor_content \(3 elements of 4 bytes\), got 8/,
    );
  });

  it('unknown dims and unknown rank', () => {
    expect(() => tensorProtoToNDArray(load('bad_negative_dim'))).toThrow(
      /Shape \[-1\] has negative dimensions/,
    );
    const unknownRank = new TensorProto({
      dtype: 1,
      tensorShape: new TensorShapeProto({ unknownRank: true }),
    });
    expect(() => tensorProtoToNDArray(unknownRank)).toThrow(InvalidArgumentError);
    expect(() => tensorProtoToNDArray(unknownRank)).toThrow(/unknown rank/);
  });

  it('absurd sizes', () => {
    expect(() => tensorProtoToNDArray(load('bad_huge_shape'))).toThrow(
      /Shape \[1099511627776,1099511627776\] is too large \(more than 2\*\*63 - 1 entries\)/,
    );
    const big = new TensorProto({
      dtype: 1,
      tensorShape: new TensorShapeProto({ dim: [new TensorShapeProto.Dim({ size: 2 ** 40 })] }),
    });
    expect(() => tensorProtoToNDArray(big)).toThrow(InvalidArgumentError);
  });

  it('dtypes', () => {
    expect(() => tensorProtoToNDArray(load('bad_dtype_invalid'))).toThrow(/DT_INVALID/);
    expect(() => tensorProtoToNDArray(load('bad_dtype_unknown'))).toThrow(
      /unknown dtype enum value 99/,
    );
    expect(() => tensorProtoToNDArray(load('bad_dtype_ref'))).toThrow(
      /reference dtype float32_ref \(101\)/,
    );
  });
});

describe('ndarrayToTensorProto', () => {
  it('picks the encoding Python picks by default, and obeys useTensorContent', () => {
    const f = new NDArray('float32', [2], new Float32Array([1, 2]));
    expect(ndarrayToTensorProto(f).tensorContent.length).toBe(8);
    expect(ndarrayToTensorProto(f, { useTensorContent: false }).floatVal).toEqual([1, 2]);
    const b = new NDArray('bool', [2], new Uint8Array([1, 0]));
    expect(ndarrayToTensorProto(b).boolVal).toEqual([true, false]);
    expect(Array.from(ndarrayToTensorProto(b, { useTensorContent: true }).tensorContent)).toEqual([
      1, 0,
    ]);
  });

  it('writes no values for a tensor with no elements', () => {
    const e = ndarrayToTensorProto(new NDArray('int32', [0, 4], new Int32Array(0)), {
      useTensorContent: true,
    });
    expect(e.tensorContent.length).toBe(0);
    expect(e.intVal).toEqual([]);
  });

  it('round-trips every dtype through bytes in both encodings', () => {
    for (const dtype of ALL_DTYPES) {
      const c = good.find((x) => x.dtype === dtype && x.encoding === 'tensor_content');
      expect(c, dtype).toBeDefined();
      const array = parse(fixtureBytes(c?.file ?? ''));
      for (const useTensorContent of [true, false]) {
        const bytes = TensorProto.encode(
          ndarrayToTensorProto(array, { useTensorContent }),
        ).finish();
        const back = parse(bytes);
        expect(facts(back), `${dtype} content=${useTensorContent}`).toEqual(facts(array));
        expect(back.shape).toEqual(array.shape);
      }
    }
  });

  it('rejects what is not an NDArray', () => {
    expect(() => ndarrayToTensorProto({} as NDArray)).toThrow(TypeError);
  });
});
