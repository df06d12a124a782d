import { brandNameOf } from './brand.js';
import { Code } from './code.js';
import { ValueError } from './python-errors.js';
import type { OpError } from './op-error.js';
import {
  AbortedError,
  AlreadyExistsError,
  CancelledError,
  DataLossError,
  DeadlineExceededError,
  FailedPreconditionError,
  InternalError,
  InvalidArgumentError,
  NotFoundError,
  OutOfRangeError,
  PermissionDeniedError,
  ResourceExhaustedError,
  UnauthenticatedError,
  UnavailableError,
  UnimplementedError,
  UnknownError,
  type ErrorPayloads,
  type NodeDefLike,
  type OperationLike,
} from './op-error.js';
import { warn } from './warn.js';

/** A concrete `OpError` subclass: constructed without an error code, which it fixes itself. */
export type OpErrorClass = new (
  nodeDef: NodeDefLike | null | undefined,
  op: OperationLike | null | undefined,
  message: string,
  payloads?: ErrorPayloads | null,
) => OpError;

const CODE_TO_CLASS: ReadonlyMap<number, OpErrorClass> = new Map<number, OpErrorClass>([
  [Code.CANCELLED, CancelledError],
  [Code.UNKNOWN, UnknownError],
  [Code.INVALID_ARGUMENT, InvalidArgumentError],
  [Code.DEADLINE_EXCEEDED, DeadlineExceededError],
  [Code.NOT_FOUND, NotFoundError],
  [Code.ALREADY_EXISTS, AlreadyExistsError],
  [Code.PERMISSION_DENIED, PermissionDeniedError],
  [Code.UNAUTHENTICATED, UnauthenticatedError],
  [Code.RESOURCE_EXHAUSTED, ResourceExhaustedError],
  [Code.FAILED_PRECONDITION, FailedPreconditionError],
  [Code.ABORTED, AbortedError],
  [Code.OUT_OF_RANGE, OutOfRangeError],
  [Code.UNIMPLEMENTED, UnimplementedError],
  [Code.INTERNAL, InternalError],
  [Code.UNAVAILABLE, UnavailableError],
  [Code.DATA_LOSS, DataLossError],
]);

// Keyed by brand name, so a class from a duplicate install of this package maps too.
const BRAND_TO_CODE: ReadonlyMap<string, Code> = new Map(
  [...CODE_TO_CLASS].map(([code, cls]) => [brandNameOf(cls) as string, code as Code]),
);

/**
 * The `OpError` subclass for `errorCode` (`tf.errors.exception_type_from_error_code`).
 * Like TensorFlow (a `KeyError`), a code with no class (`OK`, or any unknown number) throws.
 */
export function exceptionTypeFromErrorCode(errorCode: number): OpErrorClass {
  const cls = CODE_TO_CLASS.get(errorCode);
  if (cls === undefined) throw new ValueError(String(errorCode));
  return cls;
}

/**
 * The error code of an `OpError` subclass (`tf.errors.error_code_from_exception_type`).
 *
 * For a class with no code TensorFlow warns "Unknown class exception" and returns an
 * `UnknownError` instance instead of a code; this does exactly the same.
 */
export function errorCodeFromExceptionType(cls: unknown): Code | UnknownError {
  const name = brandNameOf(cls);
  const code = name === undefined ? undefined : BRAND_TO_CODE.get(name);
  if (code !== undefined) return code;
  warn('Unknown class exception');
  return new UnknownError(null, null, 'Unknown class exception', null);
}

/**
 * The specific `OpError` for `errorCode` with this message. An unknown code gives an
 * `UnknownError` after the warning "Unknown error code: N", as TensorFlow does.
 */
export function makeOpError(
  errorCode: number,
  message: string,
  nodeDef: NodeDefLike | null = null,
  op: OperationLike | null = null,
): OpError {
  const cls = CODE_TO_CLASS.get(errorCode);
  if (cls !== undefined) return new cls(nodeDef, op, message);
  warn(`Unknown error code: ${errorCode}`);
  return new UnknownError(nodeDef, op, message);
}
