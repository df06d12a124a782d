import { brand, stamp } from './brand.js';
import { Code } from './code.js';

/** What an error needs to know of a `NodeDef` proto (the full type lives in core). */
export interface NodeDefLike {
  readonly name: string;
  readonly op?: string;
}

/** What an error needs to know of a graph `Operation` (the full type lives in graph). */
export interface OperationLike {
  readonly name: string;
}

/** Details attached to an error, like Abseil status payloads (TF's `experimental_payloads`). */
export type ErrorPayloads = Readonly<Record<string, string | Uint8Array>>;

/**
 * The base class for TensorFlow execution errors (`tf.errors.OpError`).
 *
 * Usually a more specific subclass is thrown; each one fixes {@link OpError.errorCode}.
 */
export class OpError extends Error {
  /** The `NodeDef` of the op that failed, if known; otherwise `null`. */
  readonly nodeDef: NodeDefLike | null;
  /** The `Operation` that failed, if known; `null` for ops synthesized at run time. */
  readonly op: OperationLike | null;
  /** The integer {@link Code} that describes the error. */
  readonly errorCode: Code;
  /** A dictionary describing details about the error (TF's `experimental_payloads`). */
  readonly experimentalPayloads: ErrorPayloads;

  constructor(
    nodeDef: NodeDefLike | null | undefined,
    op: OperationLike | null | undefined,
    message: string,
    errorCode: Code,
    payloads?: ErrorPayloads | null,
  ) {
    super(message);
    stamp(this, new.target);
    this.name = new.target.name;
    this.nodeDef = nodeDef ?? null;
    this.op = op ?? null;
    this.errorCode = errorCode;
    this.experimentalPayloads = payloads ?? {};
  }
}
brand(OpError, 'OpError');

type Args = [
  nodeDef: NodeDefLike | null | undefined,
  op: OperationLike | null | undefined,
  message: string,
  payloads?: ErrorPayloads | null,
];

/** The operation or step was cancelled (a queue closed with pending enqueues, a closed session). */
export class CancelledError extends OpError {
  constructor(...[nodeDef, op, message, payloads]: Args) {
    super(nodeDef, op, message, Code.CANCELLED, payloads);
  }
}
brand(CancelledError, 'CancelledError');

/** An error from an unknown error space, or from an API that gave too little information. */
export class UnknownError extends OpError {
  constructor(...[nodeDef, op, message, payloads]: Args) {
    super(nodeDef, op, message, Code.UNKNOWN, payloads);
  }
}
brand(UnknownError, 'UnknownError');

/** An op received an invalid argument: a bad value or shape (`MatMul` of a vector, `Reshape` to the wrong size). */
export class InvalidArgumentError extends OpError {
  constructor(...[nodeDef, op, message, payloads]: Args) {
    super(nodeDef, op, message, Code.INVALID_ARGUMENT, payloads);
  }
}
brand(InvalidArgumentError, 'InvalidArgumentError');

/** A deadline expired before the operation could complete (`RunOptions.timeoutInMs`). */
export class DeadlineExceededError extends OpError {
  constructor(...[nodeDef, op, message, payloads]: Args) {
    super(nodeDef, op, message, Code.DEADLINE_EXCEEDED, payloads);
  }
}
brand(DeadlineExceededError, 'DeadlineExceededError');

/** A requested entity (a file, a resource) was not found. */
export class NotFoundError extends OpError {
  constructor(...[nodeDef, op, message, payloads]: Args) {
    super(nodeDef, op, message, Code.NOT_FOUND, payloads);
  }
}
brand(NotFoundError, 'NotFoundError');

/** An entity we attempted to create already exists. */
export class AlreadyExistsError extends OpError {
  constructor(...[nodeDef, op, message, payloads]: Args) {
    super(nodeDef, op, message, Code.ALREADY_EXISTS, payloads);
  }
}
brand(AlreadyExistsError, 'AlreadyExistsError');

/** The caller does not have permission to run the operation. */
export class PermissionDeniedError extends OpError {
  constructor(...[nodeDef, op, message, payloads]: Args) {
    super(nodeDef, op, message, Code.PERMISSION_DENIED, payloads);
  }
}
brand(PermissionDeniedError, 'PermissionDeniedError');

/** A resource (memory, a quota) was exhausted. */
export class ResourceExhaustedError extends OpError {
  constructor(...[nodeDef, op, message, payloads]: Args) {
    super(nodeDef, op, message, Code.RESOURCE_EXHAUSTED, payloads);
  }
}
brand(ResourceExhaustedError, 'ResourceExhaustedError');

/** The system is not in a state to run the operation (an uninitialized variable is read). */
export class FailedPreconditionError extends OpError {
  constructor(...[nodeDef, op, message, payloads]: Args) {
    super(nodeDef, op, message, Code.FAILED_PRECONDITION, payloads);
  }
}
brand(FailedPreconditionError, 'FailedPreconditionError');

/** The operation was aborted, typically by a concurrency conflict. */
export class AbortedError extends OpError {
  constructor(...[nodeDef, op, message, payloads]: Args) {
    super(nodeDef, op, message, Code.ABORTED, payloads);
  }
}
brand(AbortedError, 'AbortedError');

/** The operation went past the valid range (dequeue from a closed, empty queue). */
export class OutOfRangeError extends OpError {
  constructor(...[nodeDef, op, message, payloads]: Args) {
    super(nodeDef, op, message, Code.OUT_OF_RANGE, payloads);
  }
}
brand(OutOfRangeError, 'OutOfRangeError');

/** The operation is not implemented or not supported for these arguments. */
export class UnimplementedError extends OpError {
  constructor(...[nodeDef, op, message, payloads]: Args) {
    super(nodeDef, op, message, Code.UNIMPLEMENTED, payloads);
  }
}
brand(UnimplementedError, 'UnimplementedError');

/** An internal invariant of the runtime was broken. */
export class InternalError extends OpError {
  constructor(...[nodeDef, op, message, payloads]: Args) {
    super(nodeDef, op, message, Code.INTERNAL, payloads);
  }
}
brand(InternalError, 'InternalError');

/** The runtime is currently unavailable (a remote worker cannot be reached). */
export class UnavailableError extends OpError {
  constructor(...[nodeDef, op, message, payloads]: Args) {
    super(nodeDef, op, message, Code.UNAVAILABLE, payloads);
  }
}
brand(UnavailableError, 'UnavailableError');

/** Unrecoverable data loss or corruption (a truncated file, malformed protobuf bytes). */
export class DataLossError extends OpError {
  constructor(...[nodeDef, op, message, payloads]: Args) {
    super(nodeDef, op, message, Code.DATA_LOSS, payloads);
  }
}
brand(DataLossError, 'DataLossError');

/** The request lacks valid authentication credentials. */
export class UnauthenticatedError extends OpError {
  constructor(...[nodeDef, op, message, payloads]: Args) {
    super(nodeDef, op, message, Code.UNAUTHENTICATED, payloads);
  }
}
brand(UnauthenticatedError, 'UnauthenticatedError');
