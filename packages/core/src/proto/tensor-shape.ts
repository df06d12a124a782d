import { InvalidArgumentError } from '@tensorgraph/errors';
import { TensorShapeProto } from './messages.js';
import { int64ToBigInt } from './int64.js';

/** TensorFlow's limit on tensor rank (`TensorShape::MaxDimensions()`). */
export const MAX_RANK = 254;

/** A shape read from a `TensorShapeProto`: `null` for an unknown rank, `null` entries for unknown dims. */
export type PartialDims = (number | null)[] | null;

/** TF's `DebugString` of a shape proto: `[2,-1]`, `<unknown>`. */
export function shapeProtoDebugString(
  proto: TensorShapeProto.$Properties | null | undefined,
): string {
  if (proto?.unknownRank) return '<unknown>';
  const dims = (proto?.dim ?? []).map((d) => String(int64ToBigInt(d.size ?? 0)));
  return `[${dims.join(',')}]`;
}

/**
 * The dims of a shape proto. A missing proto is a scalar (`[]`, as TF reads it); `unknown_rank`
 * gives `null`; a dim of -1 gives `null`. Dims below -1, an unknown rank with dims, more than
 * 254 dims or a dim beyond 2^53 are an `InvalidArgumentError`.
 */
export function tensorShapeProtoToDims(
  proto: TensorShapeProto.$Properties | null | undefined,
): PartialDims {
  const dims = proto?.dim ?? [];
  if (proto?.unknownRank) {
    if (dims.length > 0) {
      throw new InvalidArgumentError(
        null,
        null,
        'An unknown shape must not have any dimensions set.',
      );
    }
    return null;
  }
  if (dims.length > MAX_RANK) {
    throw new InvalidArgumentError(
      null,
      null,
      `Shape ${shapeProtoDebugString(proto)} has too many dimensions (${dims.length} > ${MAX_RANK})`,
    );
  }
  return dims.map((d) => {
    const size = int64ToBigInt(d.size ?? 0);
    if (size < -1n) {
      throw new InvalidArgumentError(
        null,
        null,
        `Shape ${shapeProtoDebugString(proto)} has dimensions with values below -1 (where -1 means unknown)`,
      );
    }
    if (size === -1n) return null;
    if (size > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new InvalidArgumentError(
        null,
        null,
        `Shape ${shapeProtoDebugString(proto)} has a dimension too large for this runtime (> 2^53 - 1)`,
      );
    }
    return Number(size);
  });
}

/**
 * A `TensorShapeProto` for `dims`: `null` means unknown rank, a `null` dim is -1 (unknown).
 * Sizes must be integers >= -1 (-1 also means unknown).
 */
export function dimsToTensorShapeProto(dims: readonly (number | null)[] | null): TensorShapeProto {
  if (dims === null) return new TensorShapeProto({ unknownRank: true });
  if (!Array.isArray(dims)) {
    throw new TypeError(`dims must be an array of sizes or null, got ${typeof dims}`);
  }
  if (dims.length > MAX_RANK) {
    throw new InvalidArgumentError(
      null,
      null,
      `A shape can have at most ${MAX_RANK} dimensions, got ${dims.length}`,
    );
  }
  return new TensorShapeProto({
    dim: dims.map((d, i) => {
      if (d === null) return new TensorShapeProto.Dim({ size: -1 });
      if (!Number.isSafeInteger(d) || d < -1) {
        throw new InvalidArgumentError(
          null,
          null,
          `Dimension ${i} must be a non-negative integer or -1/null (unknown), got ${String(d)}`,
        );
      }
      // A zero size is left unset, as TF writes it (proto3 drops default values).
      return d === 0 ? new TensorShapeProto.Dim() : new TensorShapeProto.Dim({ size: d });
    }),
  });
}
