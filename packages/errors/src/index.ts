export * from './code.js';
export {
  OpError,
  CancelledError,
  UnknownError,
  InvalidArgumentError,
  DeadlineExceededError,
  NotFoundError,
  AlreadyExistsError,
  PermissionDeniedError,
  ResourceExhaustedError,
  FailedPreconditionError,
  AbortedError,
  OutOfRangeError,
  UnimplementedError,
  InternalError,
  UnavailableError,
  DataLossError,
  UnauthenticatedError,
  type NodeDefLike,
  type OperationLike,
  type ErrorPayloads,
} from './op-error.js';
export { RuntimeError, ValueError } from './python-errors.js';
export {
  exceptionTypeFromErrorCode,
  errorCodeFromExceptionType,
  makeOpError,
  type OpErrorClass,
} from './code-map.js';
export { Status, raiseExceptionOnNotOkStatus } from './status.js';
