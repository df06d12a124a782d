import type { DType } from '../dtype/dtype.js';
import { readScalar, typedArrayDType } from './element-storage.js';
import { isTypedArray, type Block } from './nested.js';
import { pyRepr, pyStr, toPyScalar, type NumberPolicy } from './py-scalar.js';

/** What a host array exposes to conversions (an NDArray, without importing the class). */
export interface HostArray {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: unknown;
}

/** A TypedArray or an NDArray met inside a nested value, as a block of its own dtype. */
export function asBlock(
  value: unknown,
  isHostArray: (v: unknown) => v is HostArray,
): Block | undefined {
  if (isHostArray(value)) {
    const { dtype, shape, data } = value;
    return { dtype, shape, element: (i) => readScalar(dtype, data, i) };
  }
  if (isTypedArray(value)) {
    const dtype = typedArrayDType(value);
    return {
      dtype,
      shape: [value.length],
      element: (i) => readScalar(dtype, value, i),
    };
  }
  return undefined;
}

/** Python's `str(values)` of the Python value a nested JS value stands for, for messages. */
export function pyStrNested(value: unknown, policy: NumberPolicy, bytesAreLeaves = true): string {
  if (Array.isArray(value))
    return `[${value.map((v) => pyReprNested(v, policy, bytesAreLeaves)).join(', ')}]`;
  return pyStr(toPyScalar(value, policy, bytesAreLeaves));
}

function pyReprNested(value: unknown, policy: NumberPolicy, bytesAreLeaves: boolean): string {
  if (Array.isArray(value)) return pyStrNested(value, policy, bytesAreLeaves);
  return pyRepr(toPyScalar(value, policy, bytesAreLeaves));
}
