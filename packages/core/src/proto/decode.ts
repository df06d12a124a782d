import { DataLossError } from '@tensorgraph/errors';
import protobuf from 'protobufjs/minimal.js';

/** A generated message class: what {@link decodeProto} needs of it. */
export interface DecodableType<T> {
  readonly name: string;
  decode(reader: protobuf.Reader | Uint8Array, length?: number): T;
}

/**
 * Parses `bytes` as a `type` message. Any parse failure (truncated data, a bad length, a bad
 * wire type, nesting deeper than protobuf's recursion limit) becomes a `DataLossError`
 * naming `what` ("Can't parse GraphDef: ..."), instead of protobufjs's bare Error/RangeError.
 *
 * Fields this schema does not know are kept (in `$unknowns`) and written back by `encode`,
 * so messages from a newer TensorFlow survive a decode/encode round trip.
 * Unknown enum numbers are kept as numbers (proto3 enums are open).
 */
export function decodeProto<T>(
  type: DecodableType<T>,
  bytes: Uint8Array,
  what: string = type.name,
): T {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`Can't parse ${what}: expected a Uint8Array, got ${describe(bytes)}`);
  }
  const reader = protobuf.Reader.create(bytes);
  reader.discardUnknown = false;
  try {
    return type.decode(reader);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new DataLossError(null, null, `Can't parse ${what}: ${message}`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
