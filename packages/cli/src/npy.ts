// numpy's .npy format (versions 1.0, 2.0 and 3.0): a magic string, a version, a header that
// is a Python dict literal ({'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }),
// padded so the data starts on a 64-byte boundary, then the raw elements.
import { NDArray, type DType } from 'tensorgraph';
import { CliError } from './cli-error.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;

/** npy type codes (kind + item size) of the dtypes with a numpy equivalent. */
const CODES: Readonly<Record<string, DType>> = {
  f2: 'float16',
  f4: 'float32',
  f8: 'float64',
  i1: 'int8',
  i2: 'int16',
  i4: 'int32',
  i8: 'int64',
  u1: 'uint8',
  u2: 'uint16',
  u4: 'uint32',
  u8: 'uint64',
  b1: 'bool',
  c8: 'complex64',
  c16: 'complex128',
};

const DESCR: Partial<Record<DType, string>> = {
  float16: '<f2',
  float32: '<f4',
  float64: '<f8',
  int8: '|i1',
  int16: '<i2',
  int32: '<i4',
  int64: '<i8',
  uint8: '|u1',
  uint16: '<u2',
  uint32: '<u4',
  uint64: '<u8',
  bool: '|b1',
  complex64: '<c8',
  complex128: '<c16',
  // Quantized dtypes keep their integer storage; numpy has no quantized types.
  qint8: '|i1',
  quint8: '|u1',
  qint16: '<i2',
  quint16: '<u2',
  qint32: '<i4',
};

interface Header {
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: number[];
}

function bad(source: string, why: string): CliError {
  return new CliError(`${source}: not a valid .npy file: ${why}`);
}

function parseHeader(text: string, source: string): Header {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text);
  if (descr === null) {
    if (/'descr'\s*:\s*\[/.test(text)) {
      throw bad(source, 'structured (record) dtypes are not supported; save a plain array');
    }
    throw bad(source, `header has no 'descr': ${text.trim()}`);
  }
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text);
  if (fortran === null) throw bad(source, `header has no 'fortran_order': ${text.trim()}`);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text);
  if (shape === null) throw bad(source, `header has no 'shape': ${text.trim()}`);
  const dims = (shape[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const n = Number(s.replace(/L$/, ''));
      if (!Number.isSafeInteger(n) || n < 0) throw bad(source, `bad dimension '${s}' in shape`);
      return n;
    });
  return { descr: descr[1] ?? '', fortranOrder: fortran[1] === 'True', shape: dims };
}

/** Reverses the bytes of each `width`-byte word in place (big-endian files). */
function swapBytes(bytes: Uint8Array, width: number): void {
  if (width <= 1) return;
  for (let i = 0; i + width <= bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a] as number;
      bytes[a] = bytes[b] as number;
      bytes[b] = t;
    }
  }
}

/** Column-major elements of `itemSize` bytes each, reordered row-major. */
function fortranToC(bytes: Uint8Array, shape: readonly number[], itemSize: number): Uint8Array {
  const rank = shape.length;
  const size = shape.reduce((a, b) => a * b, 1);
  if (rank < 2 || size === 0) return bytes;
  const out = new Uint8Array(bytes.length);
  const fStrides = new Array<number>(rank);
  let s = 1;
  for (let k = 0; k < rank; k++) {
    fStrides[k] = s;
    s *= shape[k] as number;
  }
  const index = new Array<number>(rank).fill(0);
  for (let i = 0; i < size; i++) {
    let src = 0;
    for (let k = 0; k < rank; k++) src += (index[k] as number) * (fStrides[k] as number);
    out.set(bytes.subarray(src * itemSize, (src + 1) * itemSize), i * itemSize);
    for (let k = rank - 1; k >= 0; k--) {
      index[k] = (index[k] as number) + 1;
      if ((index[k] as number) < (shape[k] as number)) break;
      index[k] = 0;
    }
  }
  return out;
}

function numericArray(dtype: DType, shape: number[], raw: Uint8Array): NDArray {
  const buf = raw.slice().buffer; // aligned copy
  const data = (() => {
    switch (dtype) {
      case 'float16':
      case 'uint16':
        return new Uint16Array(buf);
      case 'float32':
      case 'complex64':
        return new Float32Array(buf);
      case 'float64':
      case 'complex128':
        return new Float64Array(buf);
      case 'int8':
        return new Int8Array(buf);
      case 'int16':
        return new Int16Array(buf);
      case 'int32':
        return new Int32Array(buf);
      case 'int64':
        return new BigInt64Array(buf);
      case 'uint8':
        return new Uint8Array(buf);
      case 'bool': {
        // numpy writes 0/1, but any nonzero byte is true.
        const b = new Uint8Array(buf);
        for (let i = 0; i < b.length; i++) if (b[i] !== 0) b[i] = 1;
        return b;
      }
      case 'uint32':
        return new Uint32Array(buf);
      case 'uint64':
        return new BigUint64Array(buf);
      default:
        throw new Error(`unreachable: ${dtype}`);
    }
  })();
  return new NDArray(dtype, shape, data as never);
}

function stringArray(
  kind: 'S' | 'U',
  width: number,
  shape: number[],
  raw: Uint8Array,
  itemSize: number,
): NDArray {
  const size = shape.reduce((a, b) => a * b, 1);
  const items: Uint8Array[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < size; i++) {
    const item = raw.subarray(i * itemSize, (i + 1) * itemSize);
    if (kind === 'S') {
      let end = item.length;
      while (end > 0 && item[end - 1] === 0) end--;
      items.push(item.slice(0, end));
    } else {
      const view = new DataView(item.buffer, item.byteOffset, item.byteLength);
      const chars: number[] = [];
      for (let c = 0; c < width; c++) chars.push(view.getUint32(c * 4, true));
      while (chars.length > 0 && chars[chars.length - 1] === 0) chars.pop();
      items.push(encoder.encode(String.fromCodePoint(...chars)));
    }
  }
  return new NDArray('string', shape, items);
}

/**
 * Reads a .npy file's bytes: every numeric dtype, bool, fixed-width byte strings (`S`) and
 * unicode (`U`, as UTF-8 strings); either byte order; C or Fortran order. `source` names
 * the file in error messages.
 */
export function readNpy(bytes: Uint8Array, source = '<npy>'): NDArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw bad(source, 'it does not start with the magic string "\\x93NUMPY"');
  }
  const major = bytes[6] as number;
  const minor = bytes[7] as number;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw bad(source, 'the file ends inside its header');
    headerLen = view.getUint32(8, true);
    start = 12;
  } else {
    throw bad(source, `format version ${major}.${minor} is not supported (1.0, 2.0, 3.0 are)`);
  }
  if (start + headerLen > bytes.length) throw bad(source, 'the file ends inside its header');
  const headerBytes = bytes.subarray(start, start + headerLen);
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(headerBytes);
  const header = parseHeader(text, source);
  const m = /^([<>|=]?)([a-zA-Z])(\d+)$/.exec(header.descr);
  if (m === null) throw bad(source, `unsupported dtype '${header.descr}'`);
  const [, order = '', kindChar = '', countText = ''] = m;
  const count = Number(countText);
  const size = header.shape.reduce((a, b) => a * b, 1);
  let itemSize: number;
  let dtype: DType | undefined;
  if (kindChar === 'S' || kindChar === 'U') {
    itemSize = kindChar === 'S' ? count : count * 4;
  } else {
    const code = `${kindChar === '?' ? 'b' : kindChar}${count}`;
    dtype = CODES[code];
    if (dtype === undefined) {
      throw bad(
        source,
        `dtype '${header.descr}' has no tensorgraph equivalent (numeric, bool, S and U arrays are supported)`,
      );
    }
    itemSize = count;
  }
  const dataStart = start + headerLen;
  const want = size * itemSize;
  const have = bytes.length - dataStart;
  if (have < want) {
    throw bad(
      source,
      `shape ${shapeText(header.shape)} of '${header.descr}' needs ${want} bytes of data, the file has ${have}`,
    );
  }
  let raw: Uint8Array = bytes.slice(dataStart, dataStart + want);
  if (order === '>') {
    const width =
      kindChar === 'c' ? count / 2 : kindChar === 'U' ? 4 : kindChar === 'S' ? 1 : count;
    swapBytes(raw, width);
  }
  if (header.fortranOrder) raw = fortranToC(raw, header.shape, itemSize);
  if (dtype === undefined) {
    return stringArray(kindChar as 'S' | 'U', count, header.shape, raw, itemSize);
  }
  return numericArray(dtype, header.shape, raw);
}

/** numpy's spelling of a shape tuple: `()`, `(3,)`, `(2, 3)`. */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

function bfloat16ToFloat32(bits: Uint16Array): Float32Array {
  const out = new Uint32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = (bits[i] as number) << 16;
  return new Float32Array(out.buffer);
}

/**
 * Writes an NDArray as a .npy file (version 1.0, or 2.0 when the header needs it), C order,
 * little-endian. bfloat16, which numpy lacks, is written as float32; strings as `S` bytes.
 */
export function writeNpy(array: NDArray): Uint8Array {
  let descr: string;
  let payload: Uint8Array<ArrayBufferLike>;
  if (array.dtype === 'string') {
    const items = array.data as Uint8Array[];
    const width = Math.max(1, ...items.map((b) => b.length));
    descr = `|S${width}`;
    payload = new Uint8Array(width * items.length);
    items.forEach((b, i) => payload.set(b, i * width));
  } else if (array.dtype === 'bfloat16') {
    descr = '<f4';
    const f = bfloat16ToFloat32(array.data as Uint16Array);
    payload = new Uint8Array(f.buffer);
  } else {
    const d = DESCR[array.dtype];
    if (d === undefined) {
      throw new CliError(`cannot save a ${array.dtype} tensor as .npy: numpy has no such dtype`);
    }
    descr = d;
    const data = array.data as ArrayBufferView;
    payload = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText(array.shape)}, }`;
  let version = 1;
  let prefix = 10;
  let total = Math.ceil((prefix + dict.length + 1) / ALIGN) * ALIGN;
  if (total - prefix > 0xffff) {
    version = 2;
    prefix = 12;
    total = Math.ceil((prefix + dict.length + 1) / ALIGN) * ALIGN;
  }
  const headerLen = total - prefix;
  const header = dict.padEnd(headerLen - 1, ' ') + '\n';
  const out = new Uint8Array(total + payload.length);
  out.set(MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, headerLen, true);
  else view.setUint32(8, headerLen, true);
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  out.set(payload, total);
  return out;
}
