import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** The directory tools/oracle/gen_proto_fixtures.py writes. */
export const FIXTURE_DIR = new URL('../../../../tools/oracle/fixtures/proto/', import.meta.url);

/** Bytes of a fixture file, as a plain Uint8Array (not a Buffer, as a browser would have). */
export function fixtureBytes(relative: string): Uint8Array {
  const buf = readFileSync(new URL(relative, FIXTURE_DIR));
  return new Uint8Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

export function fixtureJson<T>(relative: string): T {
  return JSON.parse(readFileSync(new URL(relative, FIXTURE_DIR), 'utf8')) as T;
}

/** A `<name>.json` beside a message fixture. */
export interface MessageFixture<F = Record<string, unknown>> {
  type: string;
  file: string;
  size: number;
  facts: F;
  /** TF's own JSON mapping of the message (`MessageToDict`), where written. */
  dict?: unknown;
}

/** protobufjs `toObject` options that give the protobuf JSON mapping `MessageToDict` gives. */
export const JSON_LIKE = {
  longs: String,
  enums: String,
  bytes: String,
  json: true,
} as const;

/**
 * Deep equality of our `toObject` output with TF's `MessageToDict`. Numbers are equal when
 * they are the same float32 (MessageToDict prints float fields in their shortest float32
 * form; we hold the exact double of the float32).
 */
export function expectSameJson(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Object.is(actual, expected)) return;
    expect(Math.fround(actual), path).toBe(Math.fround(expected));
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    const arr = actual as unknown[];
    expect(arr.length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectSameJson(arr[i], e, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', `${path} is an object`).toBe(true);
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    expect(Object.keys(a).sort(), `${path} keys`).toEqual(Object.keys(e).sort());
    for (const key of Object.keys(e)) expectSameJson(a[key], e[key], `${path}.${key}`);
    return;
  }
  expect(actual, path).toStrictEqual(expected);
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Byte equality that ignores Buffer vs Uint8Array and reports the first differing offset. */
export function expectSameBytes(actual: Uint8Array, expected: Uint8Array, what = 'bytes'): void {
  let i = 0;
  const n = Math.min(actual.length, expected.length);
  while (i < n && actual[i] === expected[i]) i++;
  const firstDiff = i === n && actual.length === expected.length ? -1 : i;
  expect(firstDiff, `${what}: first differing offset`).toBe(-1);
}

/** Plain number arrays of a list of byte strings (Buffer and Uint8Array alike). */
export function byteLists(lists: readonly Uint8Array[] | undefined): number[][] | undefined {
  return lists?.map((b) => Array.from(b));
}
