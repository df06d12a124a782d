import { NDArray, allocateStorage, storageOf, type DType } from '@tensorgraph/core';

/** Flat storage of any dtype, read and written by slot. */
interface Slots {
  readonly length: number;
  [i: number]: unknown;
  slice(start: number, end: number): unknown;
}

/** Row `index` of `batch` along dimension 0, as a new array of the remaining dims. */
export function rowOf(batch: NDArray, index: number): NDArray {
  const shape = batch.shape.slice(1);
  const rowSlots = shape.reduce((a, b) => a * b, 1) * storageOf(batch.dtype).slotsPerElement;
  const data = (batch.data as unknown as Slots).slice(index * rowSlots, (index + 1) * rowSlots);
  return new NDArray(batch.dtype, shape, data as never);
}

/** `rows` (each of `rowShape`) stacked along a new dimension 0: `[rows.length, ...rowShape]`. */
export function stackRows(
  dtype: DType,
  rowShape: readonly number[],
  rows: readonly NDArray[],
): NDArray {
  const rowSize = rowShape.reduce((a, b) => a * b, 1);
  const rowSlots = rowSize * storageOf(dtype).slotsPerElement;
  const out = allocateStorage(dtype, rows.length * rowSize) as unknown as Slots;
  rows.forEach((row, r) => {
    const src = row.data as unknown as Slots;
    for (let k = 0; k < rowSlots; k++) out[r * rowSlots + k] = src[k];
  });
  return new NDArray(dtype, [rows.length, ...rowShape], out as never);
}
