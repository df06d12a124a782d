// 64-bit integers in protobuf messages.
//
// protobufjs 8 decodes int64/uint64/sint64/fixed64 fields as `Long` objects (long.js, a
// dependency of protobufjs that its runtime loads itself) so no precision is lost; it
// encodes `number`, `Long` and decimal `string` values. It does NOT understand `bigint`
// (a bigint would be written as 0), so convert with `toLong` first.
import protobuf from 'protobufjs/minimal.js';
import type { tensorflow } from '../../generated/tensorflow.js';

/** The `Long` class type the generated messages use (long.js). */
export type Long = Exclude<tensorflow.ConfigProto['operationTimeoutInMs'], number>;

/** What an int64 field may hold: decoded messages give `Long` (or `number` if set so by hand). */
export type Int64Value = number | Long;

interface LongLike {
  readonly low: number;
  readonly high: number;
}

const LongClass = protobuf.util.Long as unknown as {
  fromBits(low: number, high: number, unsigned?: boolean): Long;
} | null;

const TWO_32 = 0x1_0000_0000n;

/** An int64 field value as a bigint: signed by default, `unsigned` for uint64/fixed64 fields. */
export function int64ToBigInt(
  value: Int64Value | LongLike | string | bigint,
  unsigned = false,
): bigint {
  let raw: bigint;
  if (typeof value === 'bigint') raw = value;
  else if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new TypeError(`Not an integer: ${value}`);
    raw = BigInt(value);
  } else if (typeof value === 'string') raw = BigInt(value);
  else raw = BigInt(value.high >>> 0) * TWO_32 + BigInt(value.low >>> 0);
  return unsigned ? BigInt.asUintN(64, raw) : BigInt.asIntN(64, raw);
}

/**
 * An int64 field value as a JS number. Values beyond ±2^53 cannot be represented exactly and
 * are a `RangeError` rather than a silent rounding.
 */
export function int64ToNumber(
  value: Int64Value | LongLike | string | bigint,
  unsigned = false,
): number {
  const big = int64ToBigInt(value, unsigned);
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`64-bit value ${big} does not fit a JS number exactly`);
  }
  return Number(big);
}

/** A `Long` for an int64 (or, with `unsigned`, uint64) field, from a bigint, number or string. */
export function toLong(value: bigint | number | string, unsigned = false): Long {
  const big = unsigned ? BigInt.asUintN(64, BigInt(value)) : BigInt.asIntN(64, BigInt(value));
  const bits = BigInt.asUintN(64, big);
  const low = Number(bits & 0xffff_ffffn) | 0;
  const high = Number(bits >> 32n) | 0;
  if (LongClass === null) {
    // Only without long.js (not a normal install): the encoders read just low/high.
    return { low, high, unsigned } as unknown as Long;
  }
  return LongClass.fromBits(low, high, unsigned);
}
