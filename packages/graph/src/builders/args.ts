import { NDArray } from '@tensorgraph/core';
import { Operation } from '../operation.js';
import { Tensor } from '../tensor.js';

/** Options objects: a plain JS object (not an array, tensor, host array or `{ re, im }`). */
export function isOptions(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (value instanceof Tensor || value instanceof Operation || value instanceof NDArray)
    return false;
  if (ArrayBuffer.isView(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Python's argument binding for a builder: `params` in TF's order (camelCase), the first
 * `required` of them positional only; from there on, a trailing plain object holds the
 * rest by name, so `f(x, 1, 'n')` and `f(x, { axis: 1, name: 'n' })` bind alike.
 */
export function bindArgs(
  fn: string,
  params: readonly string[],
  required: number,
  args: readonly unknown[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (i >= required && i === args.length - 1 && isOptions(a)) {
      for (const [k, v] of Object.entries(a)) {
        if (!params.includes(k))
          throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
        if (k in out) throw new TypeError(`${fn}() got multiple values for argument '${k}'`);
        out[k] = v;
      }
      break;
    }
    if (i >= params.length) {
      throw new TypeError(
        `${fn}() takes ${params.length} positional arguments but ${args.length} were given`,
      );
    }
    out[params[i] as string] = a;
  }
  for (let k = 0; k < required; k++) {
    const p = params[k] as string;
    if (out[p] === undefined)
      throw new TypeError(`${fn}() missing 1 required positional argument: '${p}'`);
  }
  return out;
}

/** A name argument: `undefined` and `null` mean TF's default. */
export function nameArg(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new TypeError(`name must be a string, not ${typeof value}`);
  return value;
}
