import { InvalidArgumentError, ValueError } from '@tensorgraph/errors';
import { checkDType, type DType } from '../dtype/dtype.js';
import { storageOf, type DataFor } from '../dtype/storage.js';
import { convertToNDArray } from './convert-to-ndarray.js';
import { readElement } from './element-storage.js';
import { formatNDArray } from './format-ndarray.js';

/**
 * A host value: a dtype, a fully known shape and flat row-major storage
 * (see `DTypeStorageMap` for the storage of each dtype).
 *
 * Elements come back from `toArray()`/`item()` as: numbers (float and ≤32-bit int
 * dtypes; float16/bfloat16/float8/float4 decoded), bigint (int64, uint64), boolean
 * (bool), Uint8Array (string: the stored bytes), `{ re, im }` (complex64/complex128).
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

  /**
   * A host value from JS values with TensorFlow's `tf.constant` rules: see
   * {@link convertToNDArray}. `NDArray.from(5)` is float32, `NDArray.from(5n)` int64,
   * `NDArray.from([[1, 2], [3, 4]], 'int32')` a 2x2 int32 array.
   */
  static from(value: unknown, dtype?: DType | string | null): NDArray {
    return convertToNDArray(value, dtype);
  }

  /** The number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** The elements as nested JS arrays (a scalar gives its element); see the class comment. */
  toArray(): unknown {
    const { dtype, data, shape } = this;
    let k = 0;
    const build = (d: number): unknown => {
      if (d === shape.length) return readElement(dtype, data, k++);
      const n = shape[d] as number;
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = build(d + 1);
      return out;
    };
    return build(0);
  }

  /** The single element of a scalar or size-1 array (numpy's `item()`). */
  item(): unknown {
    if (this.size !== 1) {
      throw new ValueError('can only convert an array of size 1 to a Python scalar');
    }
    return readElement(this.dtype, this.data, 0);
  }

  /**
   * The same elements in another shape (sharing storage); one dimension may be -1 and is
   * inferred, as in numpy.
   */
  reshape(shape: readonly number[]): NDArray<D> {
    if (!Array.isArray(shape)) {
      throw new TypeError(`reshape needs an array of dimension sizes, got ${typeof shape}`);
    }
    let unknown = -1;
    let known = 1;
    shape.forEach((d, i) => {
      if (d === -1) {
        if (unknown >= 0) throw new ValueError('can only specify one unknown dimension');
        unknown = i;
      } else if (!Number.isInteger(d) || d < 0) {
        throw new ValueError(`invalid dimension ${String(d)} in reshape to ${shapeText(shape)}`);
      } else {
        known *= d;
      }
    });
    const dims = [...shape];
    if (unknown >= 0 && known > 0 && this.size % known === 0) dims[unknown] = this.size / known;
    const size = dims.reduce((a, b) => a * b, 1);
    if (dims.includes(-1) || size !== this.size) {
      throw new ValueError(
        `cannot reshape array of size ${this.size} into shape ${shapeText(shape)}`,
      );
    }
    return new NDArray(this.dtype, dims, this.data);
  }

  /** Same dtype, shape and elements (NaN equals NaN, -0 equals 0, as `np.array_equal(equal_nan=True)`). */
  equals(other: unknown): boolean {
    if (!(other instanceof NDArray) || other.dtype !== this.dtype) return false;
    if (
      other.shape.length !== this.shape.length ||
      other.shape.some((d, i) => d !== this.shape[i])
    ) {
      return false;
    }
    const a = this.data as ArrayLike<unknown>;
    const b = other.data as ArrayLike<unknown>;
    if (a.length !== b.length) return false;
    const { kind } = storageOf(this.dtype);
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      const y = b[i];
      if (kind === 'string') {
        if (!bytesEqual(x as Uint8Array, y as Uint8Array)) return false;
      } else if (kind === 'float-bits') {
        const u = readElement(this.dtype, a, i) as number;
        const v = readElement(this.dtype, b, i) as number;
        if (u !== v && !(Number.isNaN(u) && Number.isNaN(v))) return false;
      } else if (
        x !== y &&
        !(typeof x === 'number' && typeof y === 'number' && x !== x && y !== y)
      ) {
        return false;
      }
    }
    return true;
  }

  /** The elements as numpy prints them (`[[1. 2.]\n [3. 4.]]`), summarised past 1000. */
  toString(): string {
    return formatNDArray(this.dtype, this.shape, this.data);
  }
}

/** numpy's `convert_shape_to_string`: leading unknown (-1) dims dropped, `(4,)`, `(2,3)`. */
function shapeText(shape: readonly number[]): string {
  let i = 0;
  while (i < shape.length && (shape[i] as number) < 0) i++;
  if (i === shape.length) return '()';
  const first = i;
  const parts = [String(shape[i++])];
  for (; i < shape.length; i++) parts.push((shape[i] as number) < 0 ? 'newaxis' : String(shape[i]));
  return parts.length === 1 && first === 0 && shape.length === 1
    ? `(${parts[0]},)`
    : `(${parts.join(',')})`;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
