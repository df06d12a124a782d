import { expect } from 'vitest';
import { InternalError, ValueError } from '@tensorgraph/errors';
import { NDArray, storageOf, type DType } from '@tensorgraph/core';
import { fromJsonFloat, toJsonFloat, type JsonFloat } from '../dtype/value-fixtures.js';

export { loadValueFixture } from '../dtype/value-fixtures.js';

/** A JS value as tools/oracle/gen_value_fixtures.py spells it. */
export type JsonValue =
  | number
  | boolean
  | string
  | null
  | JsonValue[]
  | { $num: 'NaN' | 'Infinity' | '-Infinity' | '-0' }
  | { $bigint: string }
  | { $bytes: string }
  | { $complex: [JsonFloat, JsonFloat] }
  | { $typed: string; values: JsonValue[] }
  | { $object: Record<string, unknown> };

export type Answer =
  { dtype: DType; shape: number[]; values: unknown[] } | { error: string; message: string };

export type Case = Answer & { value: JsonValue; to: DType | null; ours?: Answer; why?: string };

export function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
}

function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const TYPED: Record<string, (values: unknown[]) => ArrayBufferView> = {
  Float32Array: (v) => Float32Array.from(v as number[]),
  Float64Array: (v) => Float64Array.from(v as number[]),
  Int8Array: (v) => Int8Array.from(v as number[]),
  Int16Array: (v) => Int16Array.from(v as number[]),
  Int32Array: (v) => Int32Array.from(v as number[]),
  Uint8Array: (v) => Uint8Array.from(v as number[]),
  Uint16Array: (v) => Uint16Array.from(v as number[]),
  Uint32Array: (v) => Uint32Array.from(v as number[]),
  BigInt64Array: (v) => BigInt64Array.from(v as bigint[]),
  BigUint64Array: (v) => BigUint64Array.from(v as bigint[]),
};

export function jsValue(jv: JsonValue): unknown {
  if (jv === null || typeof jv !== 'object') return jv;
  if (Array.isArray(jv)) return jv.map(jsValue);
  if ('$num' in jv) return { NaN, Infinity, '-Infinity': -Infinity, '-0': -0 }[jv.$num];
  if ('$bigint' in jv) return BigInt(jv.$bigint);
  if ('$bytes' in jv) return hexToBytes(jv.$bytes);
  if ('$complex' in jv)
    return { re: fromJsonFloat(jv.$complex[0]), im: fromJsonFloat(jv.$complex[1]) };
  if ('$typed' in jv)
    return (TYPED[jv.$typed] as (v: unknown[]) => ArrayBufferView)(jv.values.map(jsValue));
  return { ...jv.$object };
}

/** Whether the case's value holds a JS-only object (its TF message names a Python dict). */
export function hasObject(jv: JsonValue): boolean {
  if (Array.isArray(jv)) return jv.some(hasObject);
  return jv !== null && typeof jv === 'object' && '$object' in jv;
}

/** The JS class each Python exception becomes (DESIGN.md: TypeError is JS's own). */
export function errorClassFor(name: string): new (...args: never[]) => Error {
  const map: Record<string, new (...args: never[]) => Error> = {
    TypeError,
    ValueError,
    OverflowError: RangeError,
    UnicodeDecodeError: ValueError,
    InternalError,
  };
  const cls = map[name];
  if (cls === undefined) throw new Error(`no JS class for Python's ${name}`);
  return cls;
}

/** An element of ours in the fixtures' spelling. */
export function encodeElement(dtype: DType, data: unknown, i: number): unknown {
  const { kind } = storageOf(dtype);
  const d = data as ArrayLike<number | bigint> & unknown[];
  switch (kind) {
    case 'float':
      return toJsonFloat(d[i] as number);
    case 'complex':
      return [toJsonFloat(d[2 * i] as number), toJsonFloat(d[2 * i + 1] as number)];
    case 'bigint':
      return String(d[i]);
    case 'bool':
      return d[i] !== 0;
    case 'string':
      return bytesToHex(d[i] as unknown as Uint8Array);
    default:
      return d[i];
  }
}

export function encodeNDArray(a: NDArray): { dtype: DType; shape: number[]; values: unknown[] } {
  return {
    dtype: a.dtype,
    shape: [...a.shape],
    values: Array.from({ length: a.size }, (_, i) => encodeElement(a.dtype, a.data, i)),
  };
}

/** Runs `fn` and checks it gives `want` (an array, or an error of the matching class and message). */
export function expectAnswer(fn: () => NDArray, want: Answer, messageToo = true): void {
  if ('error' in want) {
    let thrown: unknown;
    try {
      const got = fn();
      thrown = new Error(
        `returned ${JSON.stringify(encodeNDArray(got), (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`,
      );
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(errorClassFor(want.error));
    if (messageToo) expect((thrown as Error).message).toBe(want.message);
    return;
  }
  const got = fn();
  expect(got).toBeInstanceOf(NDArray);
  expect(encodeNDArray(got)).toEqual({ dtype: want.dtype, shape: want.shape, values: want.values });
}

export function label(c: { value: JsonValue; to: DType | null }): string {
  return `${JSON.stringify(c.value)} → ${c.to ?? '(no dtype)'}`;
}
