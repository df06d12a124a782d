import { InvalidArgumentError } from '@tensorgraph/errors';
import { checkDType, type DType } from '../dtype/dtype.js';
import { storageOf, type DataFor } from '../dtype/storage.js';

/**
 * A host value: a dtype, a fully known shape and flat row-major storage
 * (see `DTypeStorageMap` for the storage of each dtype).
 */
export class NDArray<D extends DType = DType> {
  readonly dtype: D;
  readonly shape: readonly number[];
  readonly data: DataFor<D>;
  /** The number of elements (the product of the shape; 1 for a scalar). */
  readonly size: number;

  constructor(dtype: D, shape: readonly number[], data: DataFor<D>) {
    this.dtype = checkDType(dtype) as D;
    this.shape = Object.freeze(checkShape(shape));
    this.size = this.shape.reduce((a, b) => a * b, 1);
    checkData(this.dtype, this.size, data);
    this.data = data;
  }

  /** The number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }
}

function checkShape(shape: readonly number[]): number[] {
  if (!Array.isArray(shape)) {
    throw new TypeError(`NDArray shape must be an array of dimension sizes, got ${typeof shape}`);
  }
  return shape.map((d, i) => {
    if (!Number.isInteger(d) || d < 0) {
      throw new InvalidArgumentError(
        null,
        null,
        `NDArray shape must be non-negative integers; dimension ${i} is ${String(d)}`,
      );
    }
    return d;
  });
}

function checkData(dtype: DType, size: number, data: unknown): void {
  const { arrayType, slotsPerElement, kind } = storageOf(dtype);
  if (arrayType !== null) {
    if (!(data instanceof arrayType)) {
      throw new TypeError(
        `NDArray of dtype ${dtype} needs a ${arrayType.name}, got ${describeData(data)}`,
      );
    }
  } else if (!Array.isArray(data)) {
    throw new TypeError(`NDArray of dtype ${dtype} needs an Array, got ${describeData(data)}`);
  } else if (kind === 'string' && !data.every((x) => x instanceof Uint8Array)) {
    throw new TypeError(`NDArray of dtype string needs an array of Uint8Array (bytes)`);
  }
  const expected = size * slotsPerElement;
  if ((data as { length: number }).length !== expected) {
    throw new InvalidArgumentError(
      null,
      null,
      `NDArray of shape with ${size} elements of ${dtype} needs ${expected} storage values, got ${(data as { length: number }).length}`,
    );
  }
}

function describeData(data: unknown): string {
  if (data === null) return 'null';
  if (typeof data === 'object') return (data as object).constructor?.name ?? 'object';
  return typeof data;
}
