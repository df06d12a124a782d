import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  AttrValueProto,
  NDArray,
  attrValueFromProto,
  attrValueKind,
  attrValueToProto,
  attrValueTypeError,
  decodeProto,
  inferAttrType,
  type AttrType,
  type AttrValue,
} from '../../src/index.js';

interface AttrCase {
  name: string;
  type: AttrType | null;
  hex: string;
}

// AttrValue protos as TF serializes them (tools/oracle/gen_graphdef_fixtures.py).
const FILE = new URL(
  '../../../../tools/oracle/fixtures/graphdef/attr-values.json',
  import.meta.url,
);
const { cases } = JSON.parse(readFileSync(FILE, 'utf8')) as { cases: AttrCase[] };

const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const utf8 = (s: string) => new TextEncoder().encode(s);
const f32 = (v: number) => Math.fround(v);

const float2x2 = new NDArray('float32', [2, 2], Float32Array.of(1.5, 2, 3, 4));

// What each TF proto reads as in JS (see attr-value.ts for bytes, big ints and placeholders).
const EXPECTED: Record<string, unknown> = {
  s_utf8: 'héllo',
  s_empty: '',
  s_bytes: Uint8Array.of(0x0a, 0x07, 0x0a, 0x03, 0x43, 0x50, 0x55, 0x10, 0x01, 0x82, 0xff),
  i_small: -7,
  i_zero: 0,
  i_big: 2n ** 60n + 1n,
  f_half: 0.5,
  f_one: 1,
  f_epsilon: f32(1e-5),
  b_true: true,
  b_false: false,
  type_float: 'float32',
  type_int64: 'int64',
  shape_partial: [null, 3],
  shape_scalar: [],
  shape_unknown: null,
  tensor_float: float2x2,
  tensor_string: new NDArray('string', [2], [utf8('ab'), Uint8Array.of(0xff)]),
  func: { name: 'fn', attr: { T: 'float32', n: 3 } },
  list_s: ['loc:@a', 'b'],
  list_i: [1, 2, -3],
  list_f: [0.5, 1],
  list_b: [true, false],
  list_type: ['float32', 'int32'],
  list_shape: [[null, 3], null],
  list_tensor: [float2x2],
  list_func: [{ name: 'g', attr: {} }],
  list_empty: [],
  placeholder: { placeholder: 'T' },
};

/** Paths in `value` (walked deeply) of typed arrays that view `buffer`. */
function viewsInto(
  buffer: ArrayBufferLike,
  value: unknown,
  where = '',
  seen = new Set(),
): string[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  if (ArrayBuffer.isView(value)) return value.buffer === buffer ? [where] : [];
  return Object.getOwnPropertyNames(value).flatMap((k) =>
    viewsInto(buffer, (value as Record<string, unknown>)[k], `${where}.${k}`, seen),
  );
}

function plain(v: unknown): unknown {
  if (v instanceof NDArray) {
    return {
      dtype: v.dtype,
      shape: [...v.shape],
      data: Array.from(v.data as ArrayLike<unknown>, plain),
    };
  }
  if (v instanceof Uint8Array) return { bytes: Array.from(v) };
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

describe.each(cases)('attr value $name', (c) => {
  const bytes = fromHex(c.hex);
  const type = c.type ?? undefined;

  it('reads as the JS value', () => {
    const proto = decodeProto(AttrValueProto, bytes);
    expect(c.name in EXPECTED).toBe(true);
    expect(plain(attrValueFromProto(proto, type))).toEqual(plain(EXPECTED[c.name]));
  });

  it('writes back the bytes TF wrote (a decoded value keeps its proto)', () => {
    const value = attrValueFromProto(decodeProto(AttrValueProto, bytes), type);
    expect(toHex(AttrValueProto.encode(attrValueToProto(value, type)).finish())).toBe(c.hex);
  });

  it('remembers a proto of its own bytes, not views into the decoded buffer', () => {
    // Inside a bigger buffer, as in a GraphDef file; a view would keep all of it alive.
    const file = new Uint8Array(bytes.length + 7);
    file.set(bytes, 7);
    const value = attrValueFromProto(decodeProto(AttrValueProto, file.subarray(7)), type);
    const remembered = attrValueToProto(value, type);
    expect(viewsInto(file.buffer, remembered)).toEqual([]);
    expect(toHex(AttrValueProto.encode(remembered).finish())).toBe(c.hex);
    // A decoded tensor's content is written back from the tensor's own storage: one copy.
    const tensors = value instanceof NDArray ? [value] : Array.isArray(value) ? value : [];
    const contents = [remembered.tensor, ...(remembered.list?.tensor ?? [])]
      .map((t) => t?.tensorContent)
      .filter((b): b is Uint8Array => b != null && b.length > 0);
    contents.forEach((b, i) => {
      const array = tensors[i] as NDArray;
      expect(b.buffer, `tensor_content ${i}`).toBe((array.data as Float32Array).buffer);
    });
    if (c.name === 'tensor_float' || c.name === 'list_tensor') expect(contents).toHaveLength(1);
  });

  it('writes the bytes TF writes from a fresh JS value of the attr type', () => {
    // tensor_string: TF's make_tensor_proto writes string_val; ours too.
    const proto = attrValueToProto(EXPECTED[c.name] as AttrValue, type);
    expect(toHex(AttrValueProto.encode(proto).finish())).toBe(c.hex);
  });

  it('knows its kind', () => {
    const kind = attrValueKind(decodeProto(AttrValueProto, bytes));
    if (c.type === null) expect(kind).toBe('placeholder');
    else if (c.name === 'list_empty') expect(kind).toBe('list');
    else expect(kind).toBe(c.type);
  });
});

describe('attr values without an op-definition type', () => {
  it('infers the type from the JS value', () => {
    expect(inferAttrType('a')).toBe('string');
    expect(inferAttrType(Uint8Array.of(1))).toBe('string');
    expect(inferAttrType(3)).toBe('int');
    expect(inferAttrType(3n)).toBe('int');
    expect(inferAttrType(0.5)).toBe('float');
    expect(inferAttrType(true)).toBe('bool');
    expect(inferAttrType(null)).toBe('shape');
    expect(inferAttrType([null, 3])).toBe('shape');
    expect(inferAttrType([[2], null])).toBe('list(shape)');
    expect(inferAttrType([1, 2.5])).toBe('list(float)');
    expect(inferAttrType(['loc:@a'])).toBe('list(string)');
    expect(inferAttrType(float2x2)).toBe('tensor');
    expect(inferAttrType({ name: 'f' })).toBe('func');
    expect(() => inferAttrType([1, 'a'])).toThrow(TypeError);
  });

  it('keeps f: 1.0 as f when re-encoding the decoded proto', () => {
    // A decoded number is a primitive, so the proto is not remembered: give the type.
    const proto = AttrValueProto.create({ f: 1 });
    const value = attrValueFromProto(proto);
    expect(value).toBe(1);
    expect(attrValueToProto(value, 'float').f).toBe(1);
    expect(attrValueToProto(value).i).toBe(1);
  });

  it('passes an AttrValue proto through unchanged', () => {
    const proto = AttrValueProto.create({ placeholder: 'N' });
    expect(attrValueToProto(proto as unknown as AttrValue)).toBe(proto);
  });
});

describe("TF's type checks", () => {
  // Plain fields, as a decoder would set them (enum numbers unchecked).
  const check = (props: object, type: string) =>
    attrValueTypeError(AttrValueProto.fromObject(props), type);

  it('gives the messages TF gives', () => {
    expect(check({ i: 3 }, 'type')).toBe(
      "AttrValue had value with type 'int' when 'type' expected",
    );
    expect(check({}, 'type')).toBe("AttrValue missing value with expected type 'type'");
    expect(check({ list: {} }, 'type')).toBe("AttrValue missing value with expected type 'type'");
    expect(check({ list: { type: [1] } }, 'type')).toBe(
      "AttrValue had value with type 'list(type)' when 'type' expected",
    );
    expect(check({ type: 101 }, 'type')).toBe(
      'AttrValue must not have reference type value of float_ref',
    );
    expect(check({ type: 0 }, 'type')).toBe('AttrValue has invalid DataType');
    expect(check({ type: 999 }, 'type')).toBe('AttrValue has invalid DataType enum: 999');
    expect(check({ i: 3 }, 'list(int)')).toBe(
      "AttrValue had value with type 'int' when 'list(int)' expected",
    );
    expect(check({}, 'list(int)')).toBeNull();
    expect(check({ list: {} }, 'list(shape)')).toBeNull();
    expect(check({ placeholder: 'T' }, 'type')).toBe(
      "AttrValue had value with unexpected type 'placeholder'",
    );
  });

  it('refuses a proto of the wrong type when reading with a type', () => {
    expect(() => attrValueFromProto(AttrValueProto.create({ i: 3 }), 'type')).toThrow(
      InvalidArgumentError,
    );
  });

  it("reads invalid shapes with TF's messages", () => {
    const shape = (dims: number[]) =>
      AttrValueProto.fromObject({ shape: { dim: dims.map((size) => ({ size })) } });
    expect(() => attrValueFromProto(shape([-5]), 'shape')).toThrow(
      'Shape [-5] has dimensions with values below -1 (where -1 means unknown)',
    );
  });
});
