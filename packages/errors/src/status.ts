import { Code } from './code.js';
import { makeOpError } from './code-map.js';

/** A C-API style status: a code and a message. `OK` means success. */
export class Status {
  code: Code;
  message: string;

  constructor(code: Code = Code.OK, message = '') {
    this.code = code;
    this.message = message;
  }

  /** Whether the status is `OK`. */
  ok(): boolean {
    return this.code === Code.OK;
  }

  /** Records an error; the first error set stays, like TF's `Status::Update`. */
  update(code: Code, message: string): void {
    if (this.code === Code.OK) {
      this.code = code;
      this.message = message;
    }
  }
}

/**
 * Calls `fn` with a fresh {@link Status}; if `fn` leaves it not OK, throws the matching
 * `OpError` subclass (no node, no op, the status message), else returns `fn`'s result
 * (for an async `fn`, the returned promise rejects or resolves once it settles).
 * The TypeScript form of TF's `with raise_exception_on_not_ok_status() as status:`.
 */
export function raiseExceptionOnNotOkStatus<T>(fn: (status: Status) => T): T {
  const status = new Status();
  const result = fn(status);
  // An async `fn` sets the status when it settles: check it then.
  if (isPromiseLike(result)) {
    return Promise.resolve(result).then((value) => {
      throwIfNotOk(status);
      return value;
    }) as T;
  }
  throwIfNotOk(status);
  return result;
}

function throwIfNotOk(status: Status): void {
  if (status.code !== Code.OK) throw makeOpError(status.code, status.message);
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
