import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Reads a JSON file written by tools/oracle/gen_value_fixtures.py. */
export function loadValueFixture<T>(name: string): T {
  const url = new URL(`../../../../tools/oracle/fixtures/values/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}

/** A float as the fixtures spell it: a number, or "nan" / "inf" / "-inf" / "-0". */
export type JsonFloat = number | 'nan' | 'inf' | '-inf' | '-0';

export function fromJsonFloat(v: JsonFloat): number {
  if (typeof v === 'number') return v;
  return { nan: NaN, inf: Infinity, '-inf': -Infinity, '-0': -0 }[v];
}

export function toJsonFloat(x: number): JsonFloat {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  return x;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
