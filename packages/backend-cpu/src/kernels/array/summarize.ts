import { floatBitsToNumber, storageOf, type NDArray } from '@tensorgraph/core';
import type { BigNums, Nums } from './buffers.js';
import { flushF32, flushF64 } from './denormals.js';
import { strCatDouble, strCatFloat } from './printf.js';

/**
 * absl's `Utf8SafeCEscape`: `\n \r \t \" \' \\` escaped, other ASCII controls as 3-digit
 * octal, bytes ≥ 0x80 passed through untouched (so UTF-8 survives).
 */
function cEscape(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  const push = (s: string) => {
    for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
  };
  for (const b of bytes) {
    if (b === 0x0a) push('\\n');
    else if (b === 0x0d) push('\\r');
    else if (b === 0x09) push('\\t');
    else if (b === 0x22) push('\\"');
    else if (b === 0x27) push("\\'");
    else if (b === 0x5c) push('\\\\');
    else if (b < 0x80 && (b < 0x20 || b === 0x7f)) push(`\\${b.toString(8).padStart(3, '0')}`);
    else out.push(b);
  }
  return Uint8Array.from(out);
}

/**
 * Summaries are built as byte-preserving strings (one char per byte, latin1) so that
 * string elements pass through untouched; {@link summaryBytes} turns them back.
 */
export function bytesToBinary(bytes: Uint8Array): string {
  // (TextDecoder's 'latin1' is windows-1252, which remaps 0x80-0x9f: map bytes ourselves.)
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return s;
}

export function summaryBytes(binary: string): Uint8Array {
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i) & 0xff;
  return out;
}

/** Text (UTF-16) to the byte-preserving form, as UTF-8. */
export function textToBinary(text: string): string {
  return bytesToBinary(new TextEncoder().encode(text));
}

/**
 * How one element prints in TF's `Tensor::SummarizeValue`, or `null` for dtypes TF
 * prints as `?` (complex, quantized, ...). Floats print as `StrCat` does, and halves go
 * through float; values are read as TF's CPU sees them (denormals are zero).
 */
function elementPrinter(array: NDArray, v2: boolean): ((i: number) => string) | null {
  const { dtype } = array;
  const { kind } = storageOf(dtype);
  const data = array.data as Nums;
  switch (kind) {
    case 'float':
      return dtype === 'float32'
        ? (i) => strCatFloat(flushF32(data[i] as number))
        : (i) => strCatDouble(flushF64(data[i] as number));
    case 'float-bits':
      if (dtype !== 'float16' && dtype !== 'bfloat16') return null;
      return (i) => strCatFloat(flushF32(floatBitsToNumber(dtype, data[i] as number)));
    case 'int':
      if (['int4', 'uint4', 'int2', 'uint2'].includes(dtype)) return null;
      return (i) => String(data[i]);
    case 'bigint':
      return (i) => String((array.data as BigNums)[i]);
    case 'bool':
      return (i) => (data[i] !== 0 ? '1' : '0');
    case 'string': {
      const strings = array.data as Uint8Array[];
      return v2
        ? (i) => `"${bytesToBinary(cEscape(strings[i] as Uint8Array))}"`
        : (i) => bytesToBinary(cEscape(strings[i] as Uint8Array));
    }
    default:
      return null;
  }
}

/**
 * TF's `Tensor::SummarizeValue(max_entries, print_v2)` in the byte-preserving string form.
 * v1 (`Assert`): at most `maxEntries` leading elements, nested `[..]` per dim but none
 * around the whole, `...` when cut. v2 (`StringFormat`, `Print`): numpy-like, with
 * `maxEntries` elements kept at each end of every dim.
 */
export function summarizeValue(array: NDArray, maxEntries: number, v2: boolean): string {
  const n = array.size;
  const max = maxEntries < 0 ? n : maxEntries;
  const limit = Math.min(max, n);
  const print = elementPrinter(array, v2);
  const shape = array.shape;
  if (print === null) {
    // TF's fallback for dtypes it cannot pretty-print.
    let s = v2 && shape.length > 0 ? '[' : '';
    for (let i = 0; i < limit; i++) s += i > 0 ? ' ?' : '?';
    if (max < n) s += '...';
    return v2 && shape.length > 0 ? `${s}]` : s;
  }
  if (shape.length === 0) {
    let s = '';
    for (let i = 0; i < limit; i++) s += (i > 0 ? ' ' : '') + print(i);
    return n > limit ? `${s}...` : s;
  }
  if (v2) return printDimV2(shape, limit, print, 0, 0);
  const state = { index: 0, out: '' };
  printDimV1(shape, limit, print, 0, state);
  return n > limit ? `${state.out}...` : state.out;
}

function printDimV1(
  shape: readonly number[],
  limit: number,
  print: (i: number) => string,
  dim: number,
  state: { index: number; out: string },
): void {
  if (state.index >= limit) return;
  const count = shape[dim] as number;
  if (dim === shape.length - 1) {
    for (let i = 0; i < count; i++) {
      if (state.index >= limit) {
        if (dim !== 0) state.out += '...';
        return;
      }
      if (i > 0) state.out += ' ';
      state.out += print(state.index++);
    }
    return;
  }
  for (let i = 0; i < count; i++) {
    let open = false;
    if (state.index < limit) {
      state.out += '[';
      open = true;
    }
    printDimV1(shape, limit, print, dim + 1, state);
    if (state.index < limit || open) state.out += ']';
  }
}

function dimSpacing(dim: number, rank: number): string {
  if (dim === rank - 1) return ' ';
  return '\n'.repeat(rank - dim - 1) + ' '.repeat(dim + 1);
}

function printDimV2(
  shape: readonly number[],
  ends: number,
  print: (i: number) => string,
  dim: number,
  index: number,
): string {
  const rank = shape.length;
  if (dim === rank) return print(index);
  const count = shape[dim] as number;
  let per = 1;
  for (let i = dim + 1; i < rank; i++) per *= shape[i] as number;
  let s = '[';
  for (let i = 0; i < ends && i < count; i++) {
    if (i > 0) s += dimSpacing(dim, rank);
    s += printDimV2(shape, ends, print, dim + 1, index + per * i);
  }
  if (count > 2 * ends) s += `${dimSpacing(dim, rank)}...`;
  for (let i = Math.max(ends, count - ends); i < count; i++) {
    s += dimSpacing(dim, rank) + printDimV2(shape, ends, print, dim + 1, index + per * i);
  }
  return `${s}]`;
}
