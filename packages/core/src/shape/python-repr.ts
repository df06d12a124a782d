/**
 * Python's `repr()` and `type()` spellings of JavaScript values, so that error
 * messages read exactly as TensorFlow's (which interpolate `{0!r}` and
 * `type(value)`).
 */

import { floatRepr, strRepr } from '../ndarray/py-repr.js';

/** `repr(str)` (one implementation for the whole package: `ndarray/py-repr.ts`). */
export const pyStrRepr = strRepr;

/** `repr(float)`. */
export const pyFloatRepr = floatRepr;

/** `repr(value)` for the values a caller can hand us (numbers, strings, arrays, null). */
export function pyRepr(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    // Past 2**53 a double is no longer an exact integer, so it reads as Python's float.
    return Number.isSafeInteger(value) ? BigInt(value).toString() : pyFloatRepr(value);
  }
  if (typeof value === 'string') return pyStrRepr(value);
  if (Array.isArray(value)) return `[${value.map((v) => pyRepr(v)).join(', ')}]`;
  if (value instanceof Map)
    return `{${[...value].map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
  if (typeof value === 'object') {
    // A class instance prints as its own toString (Python's __repr__), a plain object as a dict.
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return String(value);
    const entries = Object.entries(value);
    return `{${entries.map(([k, v]) => `${pyStrRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
  }
  return String(value);
}

/** `str(value)`: as `repr` except that strings stand as themselves. */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

/** The Python class name a JS value would have had (`type(value).__name__`). */
export function pyTypeName(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'function') return 'function';
  if (value instanceof Map || Object.getPrototypeOf(value) === Object.prototype) return 'dict';
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'object';
}
