import { dtypeWireName, type DType } from '@tensorgraph/core';

/** TF's `DataTypeString`: `float32` is `float`, `float64` is `double`, `int32` is `int32`. */
export function dtypeString(dtype: DType): string {
  return dtypeWireName(dtype).slice(3).toLowerCase();
}

/** TF's `TensorShape::DebugString`: `[2,3]`, `[]` for a scalar. */
export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** Whether two shapes have the same dims (TF's `IsSameSize`). */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
