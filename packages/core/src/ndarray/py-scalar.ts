import { bytesRepr, complexRepr, floatRepr, strRepr } from './py-repr.js';

/**
 * A JS leaf value seen as the Python scalar TF would have been given: TF's conversion
 * rules are written for Python types, so the JS value is classified first.
 */
export type PyScalar =
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'complex'; readonly re: number; readonly im: number }
  | { readonly kind: 'str'; readonly value: string }
  | { readonly kind: 'bytes'; readonly value: Uint8Array }
  | { readonly kind: 'none' }
  /** Anything else (objects, functions, symbols, undefined, a nested list where a scalar belongs). */
  | { readonly kind: 'object'; readonly value: unknown; readonly typeName: string };

/**
 * How a JS number is read, since JS cannot tell `5` from `5.0`:
 * - `float`: always a Python float (no dtype given, or a float/complex dtype);
 * - `int`: an integral number is a Python int (integer, bool, string, quantized dtypes);
 * - `feed`: an integral number other than -0 is a Python int (Session feeds: DESIGN.md).
 */
export type NumberPolicy = 'float' | 'int' | 'feed';

/** A JS complex number: `{ re, im }` (what `toArray()`/`item()` give for complex dtypes). */
export interface Complex {
  re: number;
  im: number;
}

/** A plain `{ re, im }` object with two number fields and nothing else. */
export function isComplexObject(value: unknown): value is Complex {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  const keys = Object.keys(value);
  const v = value as { re?: unknown; im?: unknown };
  return keys.length === 2 && typeof v.re === 'number' && typeof v.im === 'number';
}

export function numberToPy(x: number, policy: NumberPolicy): PyScalar {
  const integral = Number.isInteger(x) && (policy === 'int' || !Object.is(x, -0));
  if (policy !== 'float' && integral) return { kind: 'int', value: BigInt(x) };
  return { kind: 'float', value: x };
}

/** The Python scalar a JS leaf stands for (arrays and typed arrays are not leaves). */
export function toPyScalar(value: unknown, policy: NumberPolicy, bytesAreStrings = true): PyScalar {
  switch (typeof value) {
    case 'number':
      return numberToPy(value, policy);
    case 'bigint':
      return { kind: 'int', value };
    case 'boolean':
      return { kind: 'bool', value };
    case 'string':
      return { kind: 'str', value };
    case 'undefined':
      return { kind: 'object', value, typeName: 'undefined' };
    case 'function':
      return { kind: 'object', value, typeName: 'function' };
    case 'symbol':
      return { kind: 'object', value, typeName: 'symbol' };
    default:
      break;
  }
  if (value === null) return { kind: 'none' };
  if (bytesAreStrings && value instanceof Uint8Array) return { kind: 'bytes', value };
  if (isComplexObject(value)) return { kind: 'complex', re: value.re, im: value.im };
  if (Array.isArray(value)) return { kind: 'object', value, typeName: 'list' };
  return { kind: 'object', value, typeName: jsTypeName(value as object) };
}

function jsTypeName(value: object): string {
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  if (proto === null || proto === Object.prototype) return 'dict';
  return proto.constructor?.name ?? 'object';
}

/** Python's `type(v).__name__`. */
export function pyTypeName(s: PyScalar): string {
  switch (s.kind) {
    case 'none':
      return 'NoneType';
    case 'object':
      return s.typeName;
    default:
      return s.kind;
  }
}

/** Python's `str(v)`. */
export function pyStr(s: PyScalar): string {
  switch (s.kind) {
    case 'str':
      return s.value;
    case 'bool':
      return s.value ? 'True' : 'False';
    case 'int':
      return s.value.toString();
    case 'float':
      return floatRepr(s.value);
    case 'complex':
      return complexRepr(s.re, s.im);
    case 'bytes':
      return bytesRepr(s.value);
    case 'none':
      return 'None';
    case 'object':
      return objectRepr(s.value);
  }
}

/** Python's `repr(v)`. */
export function pyRepr(s: PyScalar): string {
  return s.kind === 'str' ? strRepr(s.value) : pyStr(s);
}

/** A Python-style rendering of JS-only values, for messages. */
function objectRepr(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `<function ${value.name || '<anonymous>'}>`;
  if (typeof value === 'symbol') return value.toString();
  if (Array.isArray(value))
    return `[${value.map((v) => pyRepr(toPyScalar(v, 'float'))).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto === Object.prototype || proto === null) {
      const parts = Object.entries(value).map(
        ([k, v]) => `${strRepr(k)}: ${pyRepr(toPyScalar(v, 'float'))}`,
      );
      return `{${parts.join(', ')}}`;
    }
  }
  return String(value);
}

/** Python's truth value (`bool(v)`). */
export function pyTruthy(s: PyScalar): boolean {
  switch (s.kind) {
    case 'bool':
      return s.value;
    case 'int':
      return s.value !== 0n;
    case 'float':
      return s.value !== 0;
    case 'complex':
      return s.re !== 0 || s.im !== 0;
    case 'str':
      return s.value.length > 0;
    case 'bytes':
      return s.value.length > 0;
    case 'none':
      return false;
    case 'object':
      if (Array.isArray(s.value)) return s.value.length > 0;
      if (typeof s.value === 'object' && s.value !== null) return Object.keys(s.value).length > 0;
      return s.value !== undefined;
  }
}
