import { ValueError } from '@tensorgraph/errors';
import { asDimensionValue, type Dim, type DimLike } from './dimension.js';
import { pyRepr, pyTypeName } from './python-repr.js';

/**
 * What TF's `as_shape` accepts: a TensorShape, `null` (unknown rank), an array or
 * other iterable of dimensions, or one number meaning a 1-D shape of that size.
 */
export type TensorShapeLike = TensorShape | Iterable<DimLike> | readonly DimLike[] | DimLike;

/** A TensorShapeProto as protobufjs or a plain object carries it (sizes may be int64). */
export interface TensorShapeProtoLike {
  dim?: readonly { size?: number | bigint | { toString(): string } | null }[] | null;
  unknownRank?: boolean | null;
}

/** TensorShapeProto's fields as TF writes them: -1 marks an unknown dimension. */
export interface TensorShapeProtoValue {
  dim: { size: number }[];
  unknownRank: boolean;
}

/**
 * `tf.TensorShape` with TF 2.x semantics: a possibly unknown rank and possibly
 * unknown (`null`) dimensions. Immutable; every operation returns a new shape.
 */
export class TensorShape implements Iterable<Dim> {
  readonly #dims: readonly Dim[] | null;

  constructor(dims: TensorShapeLike) {
    this.#dims = toDims(dims);
  }

  /** `tf.TensorShape(None)` or, given a rank, that many unknown dimensions (`unknown_shape`). */
  static unknown(rank: number | null = null): TensorShape {
    if (rank === null) return new TensorShape(null);
    if (!Number.isInteger(rank)) {
      throw new TypeError(`can't multiply sequence by non-int of type '${pyTypeName(rank)}'`);
    }
    // Python's `[None] * rank` is empty for a negative rank; TF inherits that.
    return new TensorShape(new Array<null>(Math.max(rank, 0)).fill(null));
  }

  /** A shape from wire-style dims, where -1 is unknown; `null` is unknown rank. */
  static fromDims(dims: readonly (number | bigint)[] | null): TensorShape {
    if (dims === null) return new TensorShape(null);
    return new TensorShape(dims.map((d) => (d === -1 || d === -1n ? null : d)));
  }

  /**
   * `TensorShape(TensorShapeProto)`. TF keeps sizes below -1 as they are; those are
   * refused here, since no TensorFlow kernel accepts them.
   */
  static fromProto(proto: TensorShapeProtoLike): TensorShape {
    if (proto.unknownRank === true) return new TensorShape(null);
    const sizes = (proto.dim ?? []).map((d) => {
      const size = d.size ?? 0;
      if (typeof size === 'number' || typeof size === 'bigint') return size;
      // An int64 as protobufjs's Long (or any object printing as a decimal integer).
      const text = size.toString();
      if (!/^-?\d+$/.test(text))
        throw new TypeError(`TensorShapeProto dim size '${text}' is not an integer`);
      return BigInt(text);
    });
    return TensorShape.fromDims(sizes);
  }

  /** The number of dimensions, or `null` when the rank is unknown. */
  get rank(): number | null {
    return this.#dims === null ? null : this.#dims.length;
  }

  /** The same as {@link rank} (TF's `ndims`). */
  get ndims(): number | null {
    return this.rank;
  }

  /** The dimensions (`null` where unknown), or `null` when the rank is unknown. */
  get dims(): readonly Dim[] | null {
    return this.#dims;
  }

  /** Python's `len(shape)`: the rank, and a ValueError when it is unknown. */
  get length(): number {
    if (this.#dims === null) {
      throw new ValueError('Cannot take the length of shape with unknown rank.');
    }
    return this.#dims.length;
  }

  [Symbol.iterator](): Iterator<Dim> {
    if (this.#dims === null) throw new ValueError('Cannot iterate over a shape with unknown rank.');
    return this.#dims[Symbol.iterator]();
  }

  /** The element count, or `null` unless the shape is fully defined. */
  numElements(): number | null {
    if (!this.isFullyDefined()) return null;
    let count = 1;
    for (const d of this.#dims ?? []) count *= d ?? 0;
    if (!Number.isSafeInteger(count)) {
      throw new ValueError(
        `num_elements() of shape ${this.toString()} is larger than 2**53 - 1 and cannot be held exactly`,
      );
    }
    return count;
  }

  isFullyDefined(): boolean {
    return this.#dims !== null && this.#dims.every((d) => d !== null);
  }

  assertIsFullyDefined(): void {
    if (!this.isFullyDefined())
      throw new ValueError(`Shape ${this.toString()} is not fully defined`);
  }

  /** Same rank where both are known, and equal sizes where both are known. */
  isCompatibleWith(other: TensorShapeLike): boolean {
    const o = asShape(other);
    const a = this.#dims;
    const b = o.#dims;
    if (a === null || b === null) return true;
    if (a.length !== b.length) return false;
    return a.every((x, i) => x === null || b[i] === null || x === b[i]);
  }

  assertIsCompatibleWith(other: TensorShapeLike): void {
    const o = asShape(other);
    if (!this.isCompatibleWith(o)) {
      throw new ValueError(`Shapes ${this.toString()} and ${o.toString()} are incompatible`);
    }
  }

  /** The shape holding what both know; a ValueError where they disagree. */
  mergeWith(other: TensorShapeLike): TensorShape {
    const o = asShape(other);
    const a = this.#dims;
    const b = o.#dims;
    if (a === null) return o;
    if (b === null) return this;
    const fail = () =>
      new ValueError(`Shapes ${this.toString()} and ${o.toString()} are not compatible`);
    if (a.length !== b.length) throw fail();
    return new TensorShape(
      a.map((x, i) => {
        const y = b[i] ?? null;
        if (x !== null && y !== null && x !== y) throw fail();
        return x ?? y;
      }),
    );
  }

  /** The most specific shape both shapes are compatible with. */
  mostSpecificCompatibleShape(other: TensorShapeLike): TensorShape {
    const o = asShape(other);
    const a = this.#dims;
    const b = o.#dims;
    if (a === null || b === null || a.length !== b.length) return new TensorShape(null);
    return new TensorShape(a.map((x, i) => (x !== null && x === b[i] ? x : null)));
  }

  /**
   * TF's `most_specific_common_supertype`: the tightest shape every one of `this`
   * and `others` is a subtype of; `null` if any of `others` is not a TensorShape.
   */
  mostSpecificCommonSupertype(others: readonly unknown[]): TensorShape | null {
    if (!others.every((o): o is TensorShape => o instanceof TensorShape)) return null;
    const a = this.#dims;
    if (a === null) return new TensorShape(null);
    if (others.some((o) => o.#dims === null || o.#dims.length !== a.length)) {
      return new TensorShape(null);
    }
    return new TensorShape(a.map((x, i) => (others.every((o) => o.#dims?.[i] === x) ? x : null)));
  }

  /**
   * TF's `is_subtype_of`: every shape `this` admits, `other` admits too. Not a
   * TensorShape (even an array) answers false, as in TF.
   */
  isSubtypeOf(other: unknown): boolean {
    if (!(other instanceof TensorShape)) return false;
    const b = other.#dims;
    if (b === null) return true;
    const a = this.#dims;
    if (a === null || a.length !== b.length) return false;
    return b.every((y, i) => y === null || a[i] === y);
  }

  /** The dims of `this` then `other`; unknown rank if either is. */
  concatenate(other: TensorShapeLike): TensorShape {
    const o = asShape(other);
    if (this.#dims === null || o.#dims === null) return new TensorShape(null);
    return new TensorShape([...this.#dims, ...o.#dims]);
  }

  assertSameRank(other: TensorShapeLike): void {
    const o = asShape(other);
    if (this.rank !== null && o.rank !== null && this.rank !== o.rank) {
      throw new ValueError(`Shapes ${this.toString()} and ${o.toString()} must have the same rank`);
    }
  }

  assertHasRank(rank: number): void {
    if (this.rank !== null && this.rank !== rank) {
      throw new ValueError(`Shape ${this.toString()} must have rank ${formatRank(rank)}`);
    }
  }

  /** This shape, known to have `rank` dimensions. */
  withRank(rank: number): TensorShape {
    try {
      return this.mergeWith(TensorShape.unknown(rank));
    } catch (err) {
      if (!(err instanceof ValueError)) throw err;
      throw new ValueError(`Shape ${this.toString()} must have rank ${formatRank(rank)}`);
    }
  }

  withRankAtLeast(rank: number): TensorShape {
    if (this.rank !== null && this.rank < rank) {
      throw new ValueError(`Shape ${this.toString()} must have rank at least ${formatRank(rank)}`);
    }
    return this;
  }

  withRankAtMost(rank: number): TensorShape {
    if (this.rank !== null && this.rank > rank) {
      throw new ValueError(`Shape ${this.toString()} must have rank at most ${formatRank(rank)}`);
    }
    return this;
  }

  /** The dims as a new array; a ValueError when the rank is unknown, as TF. */
  asList(): Dim[] {
    if (this.#dims === null) {
      throw new ValueError('as_list() is not defined on an unknown TensorShape.');
    }
    return [...this.#dims];
  }

  /** Wire-style dims (-1 where unknown), or `null` for unknown rank. */
  toDims(): number[] | null {
    return this.#dims === null ? null : this.#dims.map((d) => d ?? -1);
  }

  /** TensorShapeProto's fields, as TF's `as_proto()` fills them. */
  asProto(): TensorShapeProtoValue {
    if (this.#dims === null) return { dim: [], unknownRank: true };
    return { dim: this.#dims.map((d) => ({ size: d ?? -1 })), unknownRank: false };
  }

  /**
   * `shape[index]` with Python indexing (negative counts from the end). An unknown
   * rank answers `null` for any index; past the end is a RangeError (Python's
   * IndexError).
   */
  get(index: number): Dim {
    if (!Number.isInteger(index)) {
      throw new TypeError(`tuple indices must be integers or slices, not ${pyTypeName(index)}`);
    }
    if (this.#dims === null) return null;
    const i = index < 0 ? index + this.#dims.length : index;
    if (i < 0 || i >= this.#dims.length) throw new RangeError('tuple index out of range');
    return this.#dims[i] ?? null;
  }

  /** `shape[start:stop:step]` with Python slice semantics (`null` = omitted). */
  slice(
    start: number | null = null,
    stop: number | null = null,
    step: number | null = null,
  ): TensorShape {
    for (const v of [start, stop, step]) {
      if (v !== null && !Number.isInteger(v)) {
        throw new TypeError('slice indices must be integers or None or have an __index__ method');
      }
    }
    if (this.#dims === null) {
      // TF's guess for a slice of an unknown shape.
      if (step !== null) throw new ValueError('Steps are not yet handled');
      const from = start ?? 0;
      if (stop === null || from < 0 || stop < 0) return new TensorShape(null);
      return TensorShape.unknown(stop - from);
    }
    return new TensorShape(pySlice(this.#dims, start, stop, step));
  }

  /**
   * TF's `==`: `other` goes through `as_shape`, and the dims must be identical, so
   * unknown dims equal unknown dims. A value TF cannot read as a shape gives false
   * (TypeError) but a negative size still throws (ValueError), as in TF.
   */
  equals(other: unknown): boolean {
    let o: TensorShape;
    try {
      o = asShape(other as TensorShapeLike);
    } catch (err) {
      if (err instanceof TypeError) return false;
      throw err;
    }
    const a = this.#dims;
    const b = o.#dims;
    if (a === null || b === null) return a === b;
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }

  /** TF's `str(shape)`: `(2, None, 3)`, `(3,)`, `()`, `<unknown>`. */
  toString(): string {
    const d = this.#dims;
    if (d === null) return '<unknown>';
    const parts = d.map((x) => (x === null ? 'None' : String(x)));
    return d.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
  }

  /** TF's `repr(shape)`: `TensorShape([2, None])`, `TensorShape(None)`. */
  toRepr(): string {
    return this.#dims === null ? 'TensorShape(None)' : `TensorShape(${pyRepr([...this.#dims])})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toRepr();
  }
}

/** TF's `as_shape`: a TensorShape as is, anything else through the constructor. */
export function asShape(shape: TensorShapeLike): TensorShape {
  return shape instanceof TensorShape ? shape : new TensorShape(shape);
}

/** TF's `unknown_shape(rank)`. */
export function unknownShape(rank: number | null = null): TensorShape {
  return TensorShape.unknown(rank);
}

/** TF's `dimension_at_index`: `null` for any index of an unknown-rank shape. */
export function dimensionAtIndex(shape: TensorShape, index: number): Dim {
  try {
    return shape.get(index);
  } catch (err) {
    // TF indexes `shape.dims`, a list, so Python names a list in its IndexError.
    if (err instanceof RangeError) throw new RangeError('list index out of range', { cause: err });
    throw err;
  }
}

function toDims(dims: unknown): readonly Dim[] | null {
  if (dims === null) return null;
  if (dims instanceof TensorShape) return dims.dims;
  if (Array.isArray(dims)) return Object.freeze(dims.map((d: unknown) => asDimensionValue(d)));
  if (typeof dims === 'string' || isIterable(dims)) {
    // Python iterates any iterable (a string by characters) and wraps a bad element.
    const items: unknown[] = [...(dims as Iterable<unknown>)];
    return Object.freeze(
      items.map((d) => {
        try {
          return asDimensionValue(d);
        } catch (err) {
          if (!(err instanceof TypeError)) throw err;
          throw new TypeError(
            `Failed to convert '${pyRepr(typeof dims === 'string' ? dims : items)}' to a shape: ` +
              `'${pyRepr(d)}'could not be converted to a dimension. A shape should either be ` +
              'single dimension (e.g. 10), or an iterable of dimensions (e.g. [1, 10, None]).',
            { cause: err },
          );
        }
      }),
    );
  }
  return Object.freeze([asDimensionValue(dims)]);
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
  );
}

function formatRank(rank: number): string {
  // Python's `%d` truncates toward zero.
  return String(Math.trunc(rank));
}

/** Python's `seq[start:stop:step]` (CPython's PySlice_AdjustIndices). */
function pySlice<T>(
  seq: readonly T[],
  start: number | null,
  stop: number | null,
  step: number | null,
): T[] {
  const n = seq.length;
  const s = step ?? 1;
  if (s === 0) throw new ValueError('slice step cannot be zero');
  const clamp = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    let x = v < 0 ? v + n : v;
    if (x < 0) x = s < 0 ? -1 : 0;
    else if (x >= n) x = s < 0 ? n - 1 : n;
    return x;
  };
  const from = clamp(start, s < 0 ? n - 1 : 0);
  const to = clamp(stop, s < 0 ? -1 : n);
  const out: T[] = [];
  for (let i = from; s > 0 ? i < to : i > to; i += s) out.push(seq[i] as T);
  return out;
}
