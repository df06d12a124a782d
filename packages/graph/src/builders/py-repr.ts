import { NDArray, python, type DType } from '@tensorgraph/core';
import { Operation } from '../operation.js';
import { Tensor } from '../tensor.js';

/**
 * How a JS number reads as a Python value in a message: TF's messages print the Python
 * value the caller passed, and JS cannot tell `1` from `1.0`. `int` prints an integral
 * number as an int (where TF wanted an int, a bool or a string), `float` always as a float.
 */
export type NumberStyle = 'int' | 'float';

/** Python's `repr(float)` and `repr(str)`, shared with core. */
export const floatRepr = python.floatRepr;
export const strRepr = python.strRepr;

/** `<tf.Tensor 'x:0' shape=(2, 3) dtype=float32>`: TF's `repr` of a graph tensor. */
export function tensorRepr(t: Tensor): string {
  return `<tf.Tensor '${t.name}' shape=${t.shape.toString()} dtype=${t.dtype}>`;
}

/** Python's `repr` of the value a JS argument stands for. */
export function pyRepr(value: unknown, style: NumberStyle = 'float'): string {
  if (typeof value === 'string') return strRepr(value);
  if (value instanceof Tensor) return tensorRepr(value);
  if (Array.isArray(value)) return `[${value.map((v) => pyRepr(v, style)).join(', ')}]`;
  return pyStr(value, style);
}

/** Python's `str` of the value a JS argument stands for. */
export function pyStr(value: unknown, style: NumberStyle = 'float'): string {
  switch (typeof value) {
    case 'number':
      return style === 'int' && Number.isInteger(value) && !Object.is(value, -0)
        ? String(value)
        : floatRepr(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'True' : 'False';
    case 'string':
      return value;
    case 'undefined':
      return 'None';
    case 'function':
      return `<function ${value.name || '<lambda>'}>`;
    default:
      break;
  }
  if (value === null) return 'None';
  if (value instanceof Tensor) return value.toString();
  if (value instanceof Operation) return `name: "${value.name}"\nop: "${value.type}"\n`;
  if (value instanceof NDArray) return value.toString();
  if (value instanceof Uint8Array) return `b${strRepr(new TextDecoder().decode(value))}`;
  if (Array.isArray(value)) return `[${value.map((v) => pyRepr(v, style)).join(', ')}]`;
  if (ArrayBuffer.isView(value))
    return `[${Array.from(value as unknown as ArrayLike<unknown>, (v) => pyStr(v, style)).join(' ')}]`;
  return String(value);
}

/** Python's `type(v).__name__` of the value a JS argument stands for. */
export function pyTypeName(value: unknown, style: NumberStyle = 'float'): string {
  switch (typeof value) {
    case 'number':
      return style === 'int' && Number.isInteger(value) ? 'int' : 'float';
    case 'bigint':
      return 'int';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'str';
    case 'undefined':
      return 'NoneType';
    case 'function':
      return 'function';
    default:
      break;
  }
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Tensor) return 'SymbolicTensor';
  if (value instanceof NDArray || ArrayBuffer.isView(value)) return 'ndarray';
  return (value as object).constructor?.name ?? 'object';
}

/** The number style of a dtype's messages: an integral JS number is an int where TF wants one. */
export function numberStyleFor(dtype: DType | null | undefined): NumberStyle {
  if (dtype === null || dtype === undefined) return 'float';
  return /^(float|bfloat|complex)/.test(dtype) ? 'float' : 'int';
}
