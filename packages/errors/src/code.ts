/**
 * TensorFlow's canonical error codes (`tensorflow/core/protobuf/error_codes.proto`,
 * numbers as on the wire). `OK` is 0; every other code has an {@link OpError} subclass.
 */
export enum Code {
  OK = 0,
  CANCELLED = 1,
  UNKNOWN = 2,
  INVALID_ARGUMENT = 3,
  DEADLINE_EXCEEDED = 4,
  NOT_FOUND = 5,
  ALREADY_EXISTS = 6,
  PERMISSION_DENIED = 7,
  RESOURCE_EXHAUSTED = 8,
  FAILED_PRECONDITION = 9,
  ABORTED = 10,
  OUT_OF_RANGE = 11,
  UNIMPLEMENTED = 12,
  INTERNAL = 13,
  UNAVAILABLE = 14,
  DATA_LOSS = 15,
  UNAUTHENTICATED = 16,
}

// The module-level constants of `tf.errors` (`tf.errors.CANCELLED`, ...).
export const OK = Code.OK;
export const CANCELLED = Code.CANCELLED;
export const UNKNOWN = Code.UNKNOWN;
export const INVALID_ARGUMENT = Code.INVALID_ARGUMENT;
export const DEADLINE_EXCEEDED = Code.DEADLINE_EXCEEDED;
export const NOT_FOUND = Code.NOT_FOUND;
export const ALREADY_EXISTS = Code.ALREADY_EXISTS;
export const PERMISSION_DENIED = Code.PERMISSION_DENIED;
export const RESOURCE_EXHAUSTED = Code.RESOURCE_EXHAUSTED;
export const FAILED_PRECONDITION = Code.FAILED_PRECONDITION;
export const ABORTED = Code.ABORTED;
export const OUT_OF_RANGE = Code.OUT_OF_RANGE;
export const UNIMPLEMENTED = Code.UNIMPLEMENTED;
export const INTERNAL = Code.INTERNAL;
export const UNAVAILABLE = Code.UNAVAILABLE;
export const DATA_LOSS = Code.DATA_LOSS;
export const UNAUTHENTICATED = Code.UNAUTHENTICATED;
