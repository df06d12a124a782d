import { ValueError } from '@tensorgraph/errors';
import { pyRepr, pyTypeName } from './python-repr.js';

/** One dimension of a shape: a size, or `null` where it is unknown (Python's `None`). */
export type Dim = number | null;

/** What a caller may give as one dimension. */
export type DimLike = number | bigint | null;

/**
 * TF's `as_dimension(value).value`: `null` stays unknown, a non-negative integer is
 * a size; a negative one is a ValueError and anything else a TypeError, worded as TF.
 *
 * Unlike Python, booleans are refused (Python's `True` is an int), and sizes must be
 * exact in a double: a number past 2**53 counts as a float, a bigint past it is a
 * ValueError (Python ints are unbounded; TensorFlow's are int64).
 */
export function asDimensionValue(value: unknown): Dim {
  if (value === null) return null;
  let size: number;
  // A double past 2**53 is not an exact integer: it is refused as TF refuses floats.
  if (typeof value === 'number' && Number.isSafeInteger(value)) {
    size = value;
  } else if (typeof value === 'bigint') {
    if (value < 0n) throw new ValueError(`Dimension ${value} must be >= 0`);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw tooLarge(value);
    size = Number(value);
  } else {
    throw new TypeError(
      'Dimension value must be integer or None or have an __index__ method, ' +
        `got value '${pyRepr(value)}' with type '<class '${pyTypeName(value)}'>'`,
    );
  }
  if (size < 0) throw new ValueError(`Dimension ${pyRepr(size)} must be >= 0`);
  return size === 0 ? 0 : size;
}

function tooLarge(value: bigint): ValueError {
  return new ValueError(
    `Dimension ${pyRepr(value)} is larger than 2**53 - 1 and cannot be held exactly`,
  );
}
