// TensorProto <-> NDArray, following what TensorFlow's C++ runtime (Tensor::FromProto /
// AsProtoField / AsProtoTensorContent) and Python's make_tensor_proto do.
//
// Reading:
// - `tensor_content`, when non-empty, wins: little-endian element bytes, one byte per element
//   for bool (must be 0 or 1), float8/float4 and the 2/4-bit integers (TF does not pack them).
//   string, resource and variant use TF's list encoding: every element's byte length as a
//   varint32, then the elements' bytes (resource/variant elements are serialized protos).
// - otherwise the typed field of the dtype; a field shorter than the element count repeats its
//   last value, an empty one gives zeros / empty values, a longer one is cut (as C++ does).
//   resource and variant fields are the exception: C++ leaves missing elements empty.
// - a tensor with no elements ignores any content, as C++ does.
// - numbers read from `tensor_content` on a little-endian host are a view of the proto's bytes
//   where those start at a multiple of the element size (a frozen model's weights are then
//   held once, in the buffer the model was decoded from), a copy elsewhere. Such an array
//   shares memory with those bytes: neither may be written to afterwards.
import { InvalidArgumentError } from '@tensorgraph/errors';
import { DATA_TYPE_ENUM, REF_OFFSET, dtypeToEnum, type DType } from '../dtype/dtype.js';
import {
  allocateStorage,
  storageOf,
  type TypedArray,
  type TypedArrayConstructor,
} from '../dtype/storage.js';
import { NDArray } from '../ndarray/ndarray.js';
import { int64ToBigInt, toLong } from './int64.js';
import { ResourceHandleProto, TensorProto, VariantTensorDataProto } from './messages.js';
import { MAX_RANK, dimsToTensorShapeProto, shapeProtoDebugString } from './tensor-shape.js';

/** The most storage slots one tensor may have here (JS typed arrays stop near this). */
export const MAX_TENSOR_SLOTS = 2 ** 31 - 1;

const PARSE_ERROR = 'Cannot parse tensor from proto: ';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const ENUM_TO_DTYPE = new Map<number, DType>(
  Object.entries(DATA_TYPE_ENUM).map(([name, value]) => [value, name as DType]),
);

/**
 * The dtypes Python's `tf.make_tensor_proto` writes as `tensor_content` when there is more than
 * one element; it writes the others (string, complex, bool, uint16, the 2/4-bit integers) and
 * single elements as typed fields.
 */
const CONTENT_BY_DEFAULT: ReadonlySet<DType> = new Set<DType>([
  'float32',
  'float64',
  'int32',
  'uint8',
  'int16',
  'int8',
  'int64',
  'qint8',
  'quint8',
  'qint16',
  'quint16',
  'qint32',
  'bfloat16',
  'float16',
  'uint32',
  'uint64',
  'float8_e5m2',
  'float8_e4m3fn',
  'float8_e4m3fnuz',
  'float8_e4m3b11fnuz',
  'float8_e5m2fnuz',
  'float4_e2m1fn',
]);

export interface NDArrayToTensorProtoOptions {
  /**
   * `true`: write every element into `tensor_content` (string/resource/variant in TF's list
   * encoding, as C++ `AsProtoTensorContent`); `false`: write the typed repeated field (as C++
   * `AsProtoField`); unset: do what Python's `tf.make_tensor_proto` does for the dtype.
   */
  useTensorContent?: boolean;
}

function fail(message: string): never {
  throw new InvalidArgumentError(null, null, PARSE_ERROR + message);
}

function protoDType(value: number | null | undefined): DType {
  const num = value ?? 0;
  if (num === 0) fail('dtype is DT_INVALID (unset)');
  if (num > REF_OFFSET) {
    const base = ENUM_TO_DTYPE.get(num - REF_OFFSET);
    fail(`reference dtype ${base ?? num - REF_OFFSET}_ref (${num}) cannot hold a value`);
  }
  const dtype = ENUM_TO_DTYPE.get(num);
  if (dtype === undefined) fail(`unknown dtype enum value ${num}`);
  return dtype;
}

function protoShape(proto: TensorProto.$Properties): number[] {
  const shapeProto = proto.tensorShape;
  const debug = shapeProtoDebugString(shapeProto);
  if (shapeProto?.unknownRank) {
    fail(`shape ${debug} has an unknown rank; a tensor needs a fully defined shape`);
  }
  const dims = shapeProto?.dim ?? [];
  if (dims.length > MAX_RANK) {
    fail(`shape ${debug} has too many dimensions (${dims.length} > ${MAX_RANK})`);
  }
  let product = 1n;
  const shape = dims.map((d) => {
    const size = int64ToBigInt(d.size ?? 0);
    if (size < 0n) {
      fail(`Shape ${debug} has negative dimensions; a tensor needs a fully defined shape`);
    }
    product *= size;
    return size;
  });
  if (product > 2n ** 63n - 1n) fail(`Shape ${debug} is too large (more than 2**63 - 1 entries)`);
  if (product > BigInt(MAX_TENSOR_SLOTS)) {
    fail(
      `shape ${debug} has ${product} elements, more than ${MAX_TENSOR_SLOTS} that fit in memory here`,
    );
  }
  return shape.map(Number);
}

/** The host value of a `TensorProto` (a decoded message or a plain object of its fields). */
export function tensorProtoToNDArray(proto: TensorProto.$Properties): NDArray {
  if (proto === null || typeof proto !== 'object') {
    throw new TypeError(`tensorProtoToNDArray needs a TensorProto, got ${String(proto)}`);
  }
  const dtype = protoDType(proto.dtype);
  const shape = protoShape(proto);
  const size = shape.reduce((a, b) => a * b, 1);
  const { slotsPerElement } = storageOf(dtype);
  if (size * slotsPerElement > MAX_TENSOR_SLOTS) {
    fail(`a ${dtype} tensor of shape [${shape.join(',')}] is too large to hold in memory here`);
  }
  const content = proto.tensorContent;
  let data: unknown;
  if (size === 0) data = allocateStorage(dtype, 0);
  else if (content != null && content.length > 0) data = fromContent(dtype, shape, size, content);
  else data = fromFields(dtype, size, proto);
  return new NDArray(dtype, shape, data as never);
}

// ---------------------------------------------------------------------------------------------
// Reading tensor_content

function fromContent(dtype: DType, shape: number[], size: number, content: Uint8Array): unknown {
  const storage = storageOf(dtype);
  if (dtype === 'string') return decodeList(content, size, dtype);
  if (dtype === 'resource') {
    return decodeList(content, size, dtype).map((b) =>
      decodeElement(ResourceHandleProto, b, dtype),
    );
  }
  if (dtype === 'variant') {
    return decodeList(content, size, dtype).map((b) =>
      decodeElement(VariantTensorDataProto, b, dtype),
    );
  }
  const arrayType = storage.arrayType as TypedArrayConstructor;
  const expected = size * storage.byteSize;
  if (content.length !== expected) {
    fail(
      `a ${dtype} tensor of shape [${shape.join(',')}] needs ${expected} bytes of tensor_content ` +
        `(${size} elements of ${storage.byteSize} bytes), got ${content.length}`,
    );
  }
  const narrow = NARROW_INT[dtype];
  const length = size * storage.slotsPerElement;
  // The 2/4-bit integers are rewritten below: never in the proto's bytes.
  const data =
    narrow === undefined
      ? viewLittleEndian(arrayType, content, length)
      : readLittleEndian(arrayType, content, length);
  if (dtype === 'bool') {
    const bytes = data as Uint8Array;
    for (let i = 0; i < bytes.length; i++) {
      if ((bytes[i] as number) > 1) {
        fail(`bool tensor_content element ${i} is byte ${bytes[i]}, not 0 or 1`);
      }
    }
  }
  if (narrow !== undefined) {
    const ints = data as Int8Array | Uint8Array;
    for (let i = 0; i < ints.length; i++) ints[i] = narrow(ints[i] as number);
  }
  return data;
}

/**
 * A view of `array`'s storage when it holds exactly the bytes of `content`, the
 * `tensor_content` it was read from (numbers on a little-endian host are copied as they
 * are), or `null` when reading changed them (strings, the 2/4-bit integers, big-endian hosts).
 * A proto remembered for writing back can then share the array's bytes instead of keeping
 * its own copy, or a view into the file it came from.
 */
export function contentBytesOf(array: NDArray, content: Uint8Array): Uint8Array | null {
  if (!LITTLE_ENDIAN || array.size === 0 || NARROW_INT[array.dtype] !== undefined) return null;
  const data = array.data as unknown;
  if (!ArrayBuffer.isView(data) || data.byteLength !== content.length) return null;
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** `bytes` as `length` elements: a view where the host and the alignment allow, else a copy. */
function viewLittleEndian(
  type: TypedArrayConstructor,
  bytes: Uint8Array,
  length: number,
): TypedArray {
  if (LITTLE_ENDIAN && bytes.byteOffset % type.BYTES_PER_ELEMENT === 0) {
    return new type(bytes.buffer as ArrayBuffer, bytes.byteOffset, length);
  }
  return readLittleEndian(type, bytes, length);
}

function readLittleEndian(
  type: TypedArrayConstructor,
  bytes: Uint8Array,
  length: number,
): TypedArray {
  const out = new type(length);
  if (LITTLE_ENDIAN) {
    new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(bytes);
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const step = out.BYTES_PER_ELEMENT;
  const get = DATAVIEW_GET.get(type) as (this: DataView, offset: number, le: boolean) => never;
  for (let i = 0; i < length; i++)
    (out as unknown as unknown[])[i] = get.call(view, i * step, true);
  return out;
}

function writeLittleEndian(data: TypedArray): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  const step = data.BYTES_PER_ELEMENT;
  const set = DATAVIEW_SET.get(data.constructor as TypedArrayConstructor) as (
    this: DataView,
    offset: number,
    value: unknown,
    le: boolean,
  ) => void;
  for (let i = 0; i < data.length; i++) set.call(view, i * step, data[i], true);
  return out;
}

const DATAVIEW_GET = new Map<TypedArrayConstructor, unknown>([
  [Float32Array, DataView.prototype.getFloat32],
  [Float64Array, DataView.prototype.getFloat64],
  [Int8Array, DataView.prototype.getInt8],
  [Int16Array, DataView.prototype.getInt16],
  [Int32Array, DataView.prototype.getInt32],
  [Uint8Array, DataView.prototype.getUint8],
  [Uint16Array, DataView.prototype.getUint16],
  [Uint32Array, DataView.prototype.getUint32],
  [BigInt64Array, DataView.prototype.getBigInt64],
  [BigUint64Array, DataView.prototype.getBigUint64],
]);

const DATAVIEW_SET = new Map<TypedArrayConstructor, unknown>([
  [Float32Array, DataView.prototype.setFloat32],
  [Float64Array, DataView.prototype.setFloat64],
  [Int8Array, DataView.prototype.setInt8],
  [Int16Array, DataView.prototype.setInt16],
  [Int32Array, DataView.prototype.setInt32],
  [Uint8Array, DataView.prototype.setUint8],
  [Uint16Array, DataView.prototype.setUint16],
  [Uint32Array, DataView.prototype.setUint32],
  [BigInt64Array, DataView.prototype.setBigInt64],
  [BigUint64Array, DataView.prototype.setBigUint64],
]);

/** The 2/4-bit integers wrap to their range as TF's casts do (int4 9 -> -7, uint4 17 -> 1). */
const NARROW_INT: Partial<Record<DType, (v: number) => number>> = {
  int4: (v) => (v << 28) >> 28,
  uint4: (v) => v & 0xf,
  int2: (v) => (v << 30) >> 30,
  uint2: (v) => v & 0x3,
};

const SUB_BYTE_BITS: Partial<Record<DType, number>> = { int4: 4, uint4: 4, int2: 2, uint2: 2 };

/** TF's list encoding: n varint32 lengths, then the n byte strings back to back. */
function decodeList(content: Uint8Array, n: number, dtype: DType): Uint8Array[] {
  const lengths = new Array<number>(n);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    let value = 0;
    let shift = 0;
    for (;;) {
      if (pos >= content.length)
        fail(`${dtype} tensor_content ends inside the length of element ${i}`);
      if (shift > 28) fail(`${dtype} tensor_content has a bad varint length for element ${i}`);
      const byte = content[pos++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) break;
    }
    lengths[i] = value;
  }
  const out = new Array<Uint8Array>(n);
  for (let i = 0; i < n; i++) {
    const len = lengths[i] as number;
    if (pos + len > content.length) {
      fail(
        `${dtype} tensor_content is ${content.length} bytes, too short for element ${i} of ${len} bytes`,
      );
    }
    out[i] = new Uint8Array(content.subarray(pos, pos + len)); // a copy, never a Buffer view
    pos += len;
  }
  if (pos !== content.length) {
    fail(`${dtype} tensor_content has ${content.length - pos} bytes after its ${n} elements`);
  }
  return out;
}

function decodeElement<T>(
  type: { decode(bytes: Uint8Array): T },
  bytes: Uint8Array,
  dtype: DType,
): T {
  try {
    return type.decode(bytes);
  } catch (err) {
    return fail(`bad ${dtype} element in tensor_content: ${(err as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the typed fields

/**
 * Copies `inN` source elements into `n` slots with TF's rule: the first min(n, inN) elements,
 * then the last one repeated; nothing when inN is 0 (the storage is already zeros).
 */
function broadcast(n: number, inN: number, set: (dst: number, src: number) => void): void {
  const m = Math.min(n, inN);
  for (let i = 0; i < m; i++) set(i, i);
  for (let i = m; i < n && inN > 0; i++) set(i, inN - 1);
}

function fromFields(dtype: DType, n: number, proto: TensorProto.$Properties): unknown {
  const data = allocateStorage(dtype, n);
  const numbers = (
    out: TypedArray,
    src: ArrayLike<number> | null | undefined,
    map?: (v: number) => number,
  ) => {
    const vals = src ?? [];
    const o = out as unknown as number[];
    if (map) broadcast(n, vals.length, (d, s) => (o[d] = map(vals[s] as number)));
    else broadcast(n, vals.length, (d, s) => (o[d] = vals[s] as number));
  };
  const complex = (out: TypedArray, src: ArrayLike<number> | null | undefined) => {
    const vals = src ?? [];
    const o = out as unknown as number[];
    broadcast(n, Math.floor(vals.length / 2), (d, s) => {
      o[2 * d] = vals[2 * s] as number;
      o[2 * d + 1] = vals[2 * s + 1] as number;
    });
  };
  switch (dtype) {
    case 'float32':
      numbers(data as Float32Array, proto.floatVal);
      break;
    case 'float64':
      numbers(data as Float64Array, proto.doubleVal);
      break;
    case 'int32':
    case 'int16':
    case 'int8':
    case 'uint8':
    case 'uint16':
    case 'qint8':
    case 'quint8':
    case 'qint16':
    case 'quint16':
    case 'qint32':
      // Typed-array stores wrap modulo 2^bits, like TF's static_cast from int32.
      numbers(data as TypedArray, proto.intVal);
      break;
    case 'int4':
    case 'uint4':
    case 'int2':
    case 'uint2':
      numbers(data as TypedArray, proto.intVal, NARROW_INT[dtype]);
      break;
    case 'uint32':
      numbers(data as Uint32Array, proto.uint32Val);
      break;
    case 'float16':
    case 'bfloat16':
      // The low 16 bits of each int32 are the bit pattern; a Uint16Array store keeps just them.
      numbers(data as Uint16Array, proto.halfVal);
      break;
    case 'float8_e5m2':
    case 'float8_e4m3fn':
    case 'float8_e4m3fnuz':
    case 'float8_e4m3b11fnuz':
    case 'float8_e5m2fnuz':
    case 'float4_e2m1fn':
      numbers(data as Uint8Array, proto.float8Val);
      break;
    case 'complex64':
      complex(data as Float32Array, proto.scomplexVal);
      break;
    case 'complex128':
      complex(data as Float64Array, proto.dcomplexVal);
      break;
    case 'bool': {
      const vals = proto.boolVal ?? [];
      const o = data as Uint8Array;
      broadcast(n, vals.length, (d, s) => (o[d] = vals[s] ? 1 : 0));
      break;
    }
    case 'int64':
    case 'uint64': {
      const unsigned = dtype === 'uint64';
      const vals = (unsigned ? proto.uint64Val : proto.int64Val) ?? [];
      const o = data as BigInt64Array | BigUint64Array;
      const big = vals.slice(0, n).map((v) => int64ToBigInt(v, unsigned));
      broadcast(n, vals.length, (d, s) => (o[d] = big[s] as bigint));
      break;
    }
    case 'string': {
      const vals = proto.stringVal ?? [];
      const o = data as Uint8Array[];
      broadcast(n, vals.length, (d, s) => (o[d] = Uint8Array.from(vals[s] as Uint8Array)));
      break;
    }
    case 'resource': {
      const vals = proto.resourceHandleVal ?? [];
      const o = data as unknown[];
      // Handles and variants are not repeated: C++ leaves the missing ones empty.
      for (let i = 0; i < n; i++) {
        o[i] =
          i < vals.length ? asMessage(ResourceHandleProto, vals[i]) : new ResourceHandleProto();
      }
      break;
    }
    case 'variant': {
      const vals = proto.variantVal ?? [];
      const o = data as unknown[];
      for (let i = 0; i < n; i++) {
        o[i] =
          i < vals.length
            ? asMessage(VariantTensorDataProto, vals[i])
            : new VariantTensorDataProto();
      }
      break;
    }
    default: {
      const unreachable: never = dtype;
      throw new Error(`unhandled dtype ${String(unreachable)}`);
    }
  }
  return data;
}

function asMessage<T extends object, P>(type: new (props?: P) => T, value: unknown): T {
  if (value instanceof type) return value;
  if (value === null || value === undefined) return new type();
  if (typeof value !== 'object') {
    throw new TypeError(`expected a ${type.name} or its fields, got ${typeof value}`);
  }
  return new type(value as P);
}

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * A `TensorProto` holding `array`. See {@link NDArrayToTensorProtoOptions} for the encoding;
 * a tensor with no elements has no values at all, as TF writes it.
 */
export function ndarrayToTensorProto(
  array: NDArray,
  options: NDArrayToTensorProtoOptions = {},
): TensorProto {
  if (!(array instanceof NDArray)) {
    throw new TypeError(`ndarrayToTensorProto needs an NDArray, got ${String(array)}`);
  }
  const { dtype } = array;
  const props: TensorProto.$Properties = {
    dtype: dtypeToEnum(dtype),
    tensorShape: dimsToTensorShapeProto(array.shape),
  };
  if (array.size > 0) {
    // Python writes a single element as a typed field even for tensor_content dtypes.
    const useContent =
      options.useTensorContent ?? (CONTENT_BY_DEFAULT.has(dtype) && array.size > 1);
    if (useContent) props.tensorContent = toContent(array);
    else Object.assign(props, toFields(array));
  }
  return new TensorProto(props);
}

function toContent(array: NDArray): Uint8Array {
  const { dtype } = array;
  if (dtype === 'string') return encodeList(array.data as Uint8Array[]);
  if (dtype === 'resource') {
    return encodeList(
      (array.data as unknown[]).map((v) =>
        ResourceHandleProto.encode(asMessage(ResourceHandleProto, v)).finish(),
      ),
    );
  }
  if (dtype === 'variant') {
    return encodeList(
      (array.data as unknown[]).map((v) =>
        VariantTensorDataProto.encode(asMessage(VariantTensorDataProto, v)).finish(),
      ),
    );
  }
  if (dtype === 'bool') return Uint8Array.from(array.data as Uint8Array, (b) => (b ? 1 : 0));
  const bits = SUB_BYTE_BITS[dtype];
  if (bits !== undefined) {
    // One element per byte holding just its low bits, as ml_dtypes (TF's int4/int2) store them.
    const mask = (1 << bits) - 1;
    return Uint8Array.from(array.data as Int8Array | Uint8Array, (v) => v & mask);
  }
  return writeLittleEndian(array.data as TypedArray);
}

function encodeList(items: readonly Uint8Array[]): Uint8Array {
  const head: number[] = [];
  let total = 0;
  for (const item of items) {
    let len = item.length;
    while (len >= 0x80) {
      head.push((len & 0x7f) | 0x80);
      len = Math.floor(len / 0x80);
    }
    head.push(len);
    total += item.length;
  }
  const out = new Uint8Array(head.length + total);
  out.set(head, 0);
  let pos = head.length;
  for (const item of items) {
    out.set(item, pos);
    pos += item.length;
  }
  return out;
}

function toFields(array: NDArray): TensorProto.$Properties {
  const { dtype } = array;
  const plain = () => Array.from(array.data as ArrayLike<number>);
  switch (dtype) {
    case 'float32':
      return { floatVal: plain() };
    case 'float64':
      return { doubleVal: plain() };
    case 'int32':
    case 'int16':
    case 'int8':
    case 'uint8':
    case 'uint16':
    case 'qint8':
    case 'quint8':
    case 'qint16':
    case 'quint16':
    case 'qint32':
      return { intVal: plain() };
    case 'int4':
    case 'uint4':
    case 'int2':
    case 'uint2': {
      const narrow = NARROW_INT[dtype] as (v: number) => number;
      return { intVal: Array.from(array.data as ArrayLike<number>, narrow) };
    }
    case 'uint32':
      return { uint32Val: plain() };
    case 'float16':
    case 'bfloat16':
      return { halfVal: plain() };
    case 'float8_e5m2':
    case 'float8_e4m3fn':
    case 'float8_e4m3fnuz':
    case 'float8_e4m3b11fnuz':
    case 'float8_e5m2fnuz':
    case 'float4_e2m1fn':
      return { float8Val: Uint8Array.from(array.data as Uint8Array) };
    case 'complex64':
      return { scomplexVal: plain() };
    case 'complex128':
      return { dcomplexVal: plain() };
    case 'bool':
      return { boolVal: Array.from(array.data as Uint8Array, (b) => b !== 0) };
    case 'int64':
      return { int64Val: Array.from(array.data as BigInt64Array, (v) => toLong(v)) };
    case 'uint64':
      return { uint64Val: Array.from(array.data as BigUint64Array, (v) => toLong(v, true)) };
    case 'string':
      return { stringVal: (array.data as Uint8Array[]).map((b) => Uint8Array.from(b)) };
    case 'resource':
      return {
        resourceHandleVal: (array.data as unknown[]).map((v) => asMessage(ResourceHandleProto, v)),
      };
    case 'variant':
      return {
        variantVal: (array.data as unknown[]).map((v) => asMessage(VariantTensorDataProto, v)),
      };
    default: {
      const unreachable: never = dtype;
      throw new Error(`unhandled dtype ${String(unreachable)}`);
    }
  }
}
