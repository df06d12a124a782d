// TF's AttrValue proto <-> the JS attr values of op definitions (see plugin/op-def.ts).
//
// Reading keeps everything TF can write, losslessly:
// - `s` is bytes on the wire. Valid UTF-8 becomes a JS string; anything else (serialized
//   protos such as PartitionedCall's `config_proto`) stays a `Uint8Array` copy, so it is
//   written back byte for byte. Strings are written as UTF-8.
// - `i` is int64: a JS number while it fits exactly (|i| <= 2^53 - 1), else a `bigint`.
// - a FunctionDef body's `placeholder` becomes `{ placeholder: 'T' }`.
// - a value decoded from a proto remembers that proto (objects only: lists, tensors, funcs,
//   shapes, bytes), so writing it back without a type gives the very same proto; primitives
//   (`f: 1` vs `i: 1`) need the op definition's attr type, or the caller keeps the proto.
// These extra forms are typed as `AttrValue` so they fit op attrs; code reading a `string`
// attr that may hold arbitrary bytes should check `value instanceof Uint8Array`.
import { InvalidArgumentError } from '@tensorgraph/errors';
import { DATA_TYPE_ENUM, REF_OFFSET, dtypeFromEnum, dtypeToEnum, isDType } from '../dtype/dtype.js';
import type { DType } from '../dtype/dtype.js';
import { NDArray } from '../ndarray/ndarray.js';
import type { AttrType, AttrValue, FuncValue, ShapeValue } from '../plugin/op-def.js';
import { int64ToBigInt, toLong } from './int64.js';
import { AttrValue as AttrValueProto, NameAttrList } from './messages.js';
import type { TensorShapeProto } from './messages.js';
import { copyOwningBytes } from './own-bytes.js';
import { contentBytesOf, ndarrayToTensorProto, tensorProtoToNDArray } from './tensor-proto.js';
import { MAX_RANK, dimsToTensorShapeProto, shapeProtoDebugString } from './tensor-shape.js';

/** Inside a FunctionDef body: an attr whose value is the function's attr `placeholder`. */
export interface AttrPlaceholder {
  readonly placeholder: string;
}

/** The oneof field of an AttrValue proto that is set, or `null` for none. */
export type AttrValueField =
  's' | 'i' | 'f' | 'b' | 'type' | 'shape' | 'tensor' | 'list' | 'func' | 'placeholder';

type ListField = 's' | 'i' | 'f' | 'b' | 'type' | 'shape' | 'tensor' | 'func';
type Scalar = Exclude<AttrType, `list(${string})`>;

const ONEOF_FIELDS: readonly AttrValueField[] = [
  's',
  'i',
  'f',
  'b',
  'type',
  'shape',
  'tensor',
  'list',
  'func',
  'placeholder',
];
// TF's order when it checks which list field is set (AttrValueHasType).
const LIST_FIELDS: readonly ListField[] = ['s', 'i', 'f', 'b', 'type', 'shape', 'tensor', 'func'];
const FIELD_TYPE: Readonly<Record<ListField, Scalar>> = {
  s: 'string',
  i: 'int',
  f: 'float',
  b: 'bool',
  type: 'type',
  shape: 'shape',
  tensor: 'tensor',
  func: 'func',
};
const TYPE_FIELD: Readonly<Record<Scalar, ListField>> = {
  string: 's',
  int: 'i',
  float: 'f',
  bool: 'b',
  type: 'type',
  shape: 'shape',
  tensor: 'tensor',
  func: 'func',
};

type Props = AttrValueProto.$Properties;
type ListProps = NonNullable<Props['list']>;

/** The proto each decoded object came from, so it re-encodes exactly. */
const ORIGIN = new WeakMap<object, AttrValueProto>();

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const ENCODER = new TextEncoder();
const VALID_ENUMS = new Set<number>(Object.values(DATA_TYPE_ENUM));

/** Which oneof field of `proto` is set (a decoded message or a plain object of its fields). */
export function attrValueField(proto: Props): AttrValueField | null {
  const fields = proto as Readonly<Record<string, unknown>>;
  for (const f of ONEOF_FIELDS) if (fields[f] !== null && fields[f] !== undefined) return f;
  return null;
}

/** The list fields of a ListValue that hold values, in TF's order. */
function setListFields(list: ListProps): ListField[] {
  const fields = list as unknown as Readonly<Record<string, unknown>>;
  return LIST_FIELDS.filter((f) => {
    const v = fields[f] as ArrayLike<unknown> | null | undefined;
    return v !== null && v !== undefined && v.length > 0;
  });
}

/**
 * The attr type a proto's value has, as TF names it in messages: `'int'`, `'list(type)'`;
 * `'list'` for an empty list, `'placeholder'`, or `null` when no field is set.
 */
export function attrValueKind(proto: Props): string | null {
  const field = attrValueField(proto);
  if (field === null || field === 'placeholder') return field;
  if (field === 'list') {
    const set = setListFields(proto.list as ListProps);
    return set[0] === undefined ? 'list' : `list(${FIELD_TYPE[set[0]]})`;
  }
  return FIELD_TYPE[field];
}

/**
 * TF's check that a proto holds a value of attr type `type` (`AttrValueHasType` with its
 * DataType checks): the message TF gives, or `null` if it does. Placeholders are refused here;
 * TF's NodeDef validation skips placeholder attrs before asking.
 */
export function attrValueTypeError(proto: Props, type: AttrType | string): string | null {
  const field = attrValueField(proto);
  const isList = type.startsWith('list(');
  let numSet = 0;
  if (field === 'list') {
    for (const f of setListFields(proto.list as ListProps)) {
      const has = `list(${FIELD_TYPE[f]})`;
      if (type !== has) return `AttrValue had value with type '${has}' when '${type}' expected`;
      numSet += 1;
    }
  } else if (field !== null && field !== 'placeholder') {
    const has = FIELD_TYPE[field];
    if (type !== has) return `AttrValue had value with type '${has}' when '${type}' expected`;
    numSet += 1;
  }
  if (field === 'placeholder') return "AttrValue had value with unexpected type 'placeholder'";
  if (isList && field !== 'list') {
    if (numSet > 0) return `AttrValue missing value with expected type '${type}'`;
    numSet += 1;
  }
  if (numSet === 0 && !isList) return `AttrValue missing value with expected type '${type}'`;
  const checkType = (n: number, invalid: string): string | null => {
    if (!VALID_ENUMS.has(n > REF_OFFSET ? n - REF_OFFSET : n) && n !== 0) {
      return `AttrValue has invalid DataType enum: ${n}`;
    }
    if (n > REF_OFFSET) return `AttrValue must not have reference type value of ${dataTypeName(n)}`;
    if (n === 0) return invalid;
    return null;
  };
  if (type === 'type') return checkType(Number(proto.type ?? 0), 'AttrValue has invalid DataType');
  if (type === 'list(type)') {
    for (const n of proto.list?.type ?? []) {
      const problem = checkType(Number(n), 'AttrValue contains invalid DataType');
      if (problem !== null) return problem;
    }
  }
  return null;
}

/** TF's `DataTypeString` of an enum number: `float`, `double`, `half`, `float_ref`. */
function dataTypeName(n: number): string {
  const ref = n > REF_OFFSET;
  const dtype = dtypeFromEnum(n);
  const base =
    dtype === 'float32'
      ? 'float'
      : dtype === 'float64'
        ? 'double'
        : dtype === 'float16'
          ? 'half'
          : dtype;
  return ref ? `${base}_ref` : base;
}

// ---- reading ------------------------------------------------------------------------------

/**
 * The JS value of an AttrValue proto. With `attrType` (the op definition's), the proto must
 * hold that type (an `InvalidArgumentError` with TF's message otherwise) and an empty or
 * missing list reads as `[]`; without it the type is taken from the proto's oneof. See the
 * file comment for bytes, large ints and placeholders.
 */
export function attrValueFromProto(proto: Props, attrType?: AttrType): AttrValue {
  if (proto === null || typeof proto !== 'object') {
    throw new TypeError(`attrValueFromProto needs an AttrValue proto, got ${String(proto)}`);
  }
  const field = attrValueField(proto);
  if (field === 'placeholder') {
    return remember({ placeholder: proto.placeholder as string }, proto) as unknown as AttrValue;
  }
  if (attrType !== undefined) {
    const problem = attrValueTypeError(proto, attrType);
    if (problem !== null) throw new InvalidArgumentError(null, null, problem);
  }
  if (field === null) {
    if (attrType?.startsWith('list(')) return remember([], proto);
    throw new InvalidArgumentError(null, null, 'AttrValue has no value set');
  }
  let value: AttrValue;
  if (field === 'list') {
    const list = (proto.list ?? {}) as ListProps;
    const listField =
      attrType !== undefined ? TYPE_FIELD[attrType.slice(5, -1) as Scalar] : setListFields(list)[0];
    const raw =
      listField === undefined
        ? []
        : (((list as unknown as Record<string, unknown>)[listField] ?? []) as ArrayLike<unknown>);
    value = Object.freeze(
      Array.from(raw, (v) => scalarFromProto(listField as ListField, v)),
    ) as unknown as AttrValue;
  } else {
    value = scalarFromProto(field, (proto as Record<string, unknown>)[field]);
  }
  return remember(value, proto);
}

function remember<T>(value: T, proto: Props): T {
  if (typeof value === 'object' && value !== null) {
    const message = proto instanceof AttrValueProto ? proto : AttrValueProto.create(proto);
    // Its own bytes: a view into a decoded file would keep the whole file alive.
    ORIGIN.set(value, copyOwningBytes(message, sharedContents(value, message)));
  }
  return value;
}

/** The `tensor_content` bytes of `proto` that the decoded tensors in `value` hold too. */
function sharedContents(value: object, proto: AttrValueProto): Map<Uint8Array, Uint8Array> {
  const shared = new Map<Uint8Array, Uint8Array>();
  const tensors = proto.tensor != null ? [proto.tensor] : (proto.list?.tensor ?? []);
  const arrays = value instanceof NDArray ? [value] : Array.isArray(value) ? value : [];
  tensors.forEach((t, i) => {
    const array: unknown = arrays[i];
    const content = t.tensorContent;
    if (!(array instanceof NDArray) || content == null || content.length === 0) return;
    const bytes = contentBytesOf(array, content);
    if (bytes !== null) shared.set(content, bytes);
  });
  return shared;
}

function scalarFromProto(field: ListField, raw: unknown): AttrValue {
  switch (field) {
    case 's':
      return bytesToValue(raw as Uint8Array) as AttrValue;
    case 'i': {
      const big = int64ToBigInt(raw as number);
      const safe = big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER);
      return (safe ? Number(big) : big) as AttrValue;
    }
    case 'f':
      return Number(raw);
    case 'b':
      return Boolean(raw);
    case 'type': {
      const n = Number(raw);
      if (n === 0) throw new InvalidArgumentError(null, null, 'AttrValue has invalid DataType');
      // A reference type reads as its base type (graphs here do not model refs).
      return dtypeFromEnum(n);
    }
    case 'shape': {
      const dims = shapeFromProto(raw as TensorShapeProto.$Properties);
      return (dims === null ? null : Object.freeze(dims)) as AttrValue;
    }
    case 'tensor':
      return tensorProtoToNDArray(raw as Parameters<typeof tensorProtoToNDArray>[0]);
    case 'func':
      return funcFromProto(raw as NameAttrList.$Properties);
  }
}

function bytesToValue(bytes: Uint8Array | null | undefined): string | Uint8Array {
  const b = bytes ?? new Uint8Array(0);
  try {
    return UTF8.decode(b);
  } catch {
    return Uint8Array.from(b);
  }
}

function funcFromProto(proto: NameAttrList.$Properties): FuncValue {
  const attr: Record<string, AttrValue> = {};
  for (const [k, v] of Object.entries(proto.attr ?? {})) attr[k] = attrValueFromProto(v);
  return Object.freeze({ name: proto.name ?? '', attr: Object.freeze(attr) });
}

/**
 * A shape proto's dims (`null` unknown dims, `null` for unknown rank) with TF's messages for
 * invalid shapes (`PartialTensorShape::IsValidShape`), as `InvalidArgumentError`.
 */
export function shapeFromProto(proto: TensorShapeProto.$Properties | null | undefined): ShapeValue {
  const dims = proto?.dim ?? [];
  const debug = () => shapeProtoDebugString(proto);
  if (proto?.unknownRank) {
    if (dims.length > 0) {
      throw new InvalidArgumentError(
        null,
        null,
        'An unknown shape must not have any dimensions set.',
      );
    }
    return null;
  }
  if (dims.length > MAX_RANK) {
    throw new InvalidArgumentError(null, null, `Shape ${debug()} has too many dimensions`);
  }
  let product = 1n;
  const sizes = dims.map((d) => int64ToBigInt(d.size ?? 0));
  for (const size of sizes) {
    if (size < -1n) {
      throw new InvalidArgumentError(
        null,
        null,
        `Shape ${debug()} has dimensions with values below -1 (where -1 means unknown)`,
      );
    }
    if (size >= 0n) {
      product *= size;
      if (product > 2n ** 63n - 1n) {
        throw new InvalidArgumentError(
          null,
          null,
          `Shape ${debug()} is too large (more than 2**63 - 1 entries)`,
        );
      }
    }
  }
  return sizes.map((size) => {
    if (size === -1n) return null;
    if (size > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new InvalidArgumentError(
        null,
        null,
        `Shape ${debug()} has a dimension too large for this runtime (> 2^53 - 1)`,
      );
    }
    return Number(size);
  });
}

// ---- writing ------------------------------------------------------------------------------

/**
 * An AttrValue proto for a JS attr value. `attrType` (the op definition's) decides the field;
 * without it the type is inferred: string/Uint8Array `s`, boolean `b`, bigint or integral
 * number `i`, other number `f`, NDArray `tensor`, `{ name }` `func`, `null` an unknown-rank
 * `shape`, arrays by their elements (number arrays are `list(int)` unless one is fractional;
 * arrays of shapes `list(shape)`; a dims array with a `null` a `shape`; inside a `func`'s attrs
 * a dtype name is a `type`). A value decoded by
 * {@link attrValueFromProto} gives back its proto. An `AttrValue` proto passes through.
 */
export function attrValueToProto(value: AttrValue, attrType?: AttrType): AttrValueProto {
  if (value instanceof AttrValueProto) return value;
  if (typeof value === 'object' && value !== null) {
    const origin = ORIGIN.get(value);
    if (origin !== undefined && (attrType === undefined || fitsType(origin, attrType)))
      return origin;
    if (isPlaceholder(value)) return new AttrValueProto({ placeholder: value.placeholder });
  }
  const type = attrType ?? inferAttrType(value);
  if (type.startsWith('list(')) {
    if (!Array.isArray(value))
      throw new TypeError(`Attr of type ${type} needs an array, got ${describe(value)}`);
    const field = TYPE_FIELD[type.slice(5, -1) as Scalar];
    const items = (value as readonly unknown[]).map((v) => scalarToProto(field, v, type));
    return new AttrValueProto({ list: new AttrValueProto.ListValue({ [field]: items }) });
  }
  const field = TYPE_FIELD[type as Scalar];
  if (field === undefined) throw new TypeError(`Unknown attr type '${type}'`);
  return new AttrValueProto({ [field]: scalarToProto(field, value, type) });
}

function fitsType(proto: Props, type: AttrType): boolean {
  const field = attrValueField(proto);
  return field === 'placeholder' || attrValueTypeError(proto, type) === null;
}

function isPlaceholder(value: object): value is AttrPlaceholder {
  return (
    typeof (value as { placeholder?: unknown }).placeholder === 'string' &&
    !(value instanceof NDArray)
  );
}

function scalarToProto(field: ListField, v: unknown, type: string): unknown {
  const bad = (): never => {
    throw new TypeError(`Attr of type ${type} cannot hold ${describe(v)}`);
  };
  switch (field) {
    case 's':
      if (typeof v === 'string') return ENCODER.encode(v);
      if (v instanceof Uint8Array) return Uint8Array.from(v);
      return bad();
    case 'i':
      if (typeof v === 'bigint') return toLong(v);
      if (typeof v === 'number' && Number.isInteger(v))
        return Number.isSafeInteger(v) ? v : toLong(BigInt(v));
      return bad();
    case 'f':
      if (typeof v === 'number') return v;
      return bad();
    case 'b':
      if (typeof v === 'boolean') return v;
      return bad();
    case 'type':
      if (isDType(v)) return dtypeToEnum(v as DType);
      return bad();
    case 'shape':
      if (v === null || Array.isArray(v)) return shapeToProto(v as ShapeValue);
      return bad();
    case 'tensor':
      if (v instanceof NDArray) {
        const origin = ORIGIN.get(v);
        return origin?.tensor ?? ndarrayToTensorProto(v);
      }
      return bad();
    case 'func':
      if (typeof v === 'object' && v !== null && typeof (v as FuncValue).name === 'string') {
        return funcToProto(v as FuncValue);
      }
      return bad();
  }
}

function shapeToProto(dims: ShapeValue): TensorShapeProto {
  return dimsToTensorShapeProto(dims);
}

function funcToProto(func: FuncValue): NameAttrList {
  const origin = ORIGIN.get(func);
  if (origin?.func) return origin.func as NameAttrList;
  const attr: Record<string, AttrValueProto> = {};
  for (const k of Object.keys(func.attr ?? {}).sort()) {
    const v = (func.attr as Record<string, AttrValue>)[k] as AttrValue;
    attr[k] = attrValueToProto(v, funcAttrType(v));
  }
  return new NameAttrList({ name: func.name, attr });
}

/**
 * A function's instantiation attrs are mostly dtypes (`T`, `Tout`), so there a dtype name
 * is written as `type`, not `s`.
 */
function funcAttrType(v: AttrValue): AttrType | undefined {
  if (isDType(v)) return 'type';
  if (Array.isArray(v) && v.length > 0 && v.every(isDType)) return 'list(type)';
  return undefined;
}

/** The attr type {@link attrValueToProto} infers for a value given no type. */
export function inferAttrType(value: unknown): AttrType {
  const one = scalarType(value);
  if (one !== undefined) return one;
  if (Array.isArray(value)) {
    if (value.length === 0) return 'list(int)';
    // A dims array with an unknown dim can only be a shape.
    if (value.every((d) => d === null || typeof d === 'number') && value.some((d) => d === null)) {
      return 'shape';
    }
    if (value.every((d) => d === null || Array.isArray(d))) return 'list(shape)';
    const types = new Set(value.map(scalarType));
    if (types.has('float') && [...types].every((t) => t === 'int' || t === 'float'))
      return 'list(float)';
    const [only] = types;
    if (types.size === 1 && only !== undefined && only !== 'shape')
      return `list(${only})` as AttrType;
  }
  throw new TypeError(`Cannot infer an attr type for ${describe(value)}; give the attr type`);
}

function scalarType(value: unknown): Scalar | undefined {
  if (typeof value === 'string' || value instanceof Uint8Array) return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (value === null) return 'shape';
  if (value instanceof NDArray) return 'tensor';
  if (typeof value === 'object' && typeof (value as FuncValue).name === 'string') return 'func';
  return undefined;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof NDArray) return `an NDArray`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
