import { describe, expect, it } from 'vitest';
import * as tf from 'tensorgraph';

describe("the umbrella's API (DESIGN.md names)", () => {
  it('tf.errors has every seed class and code constant', () => {
    const names = [
      'OpError',
      'CancelledError',
      'UnknownError',
      'InvalidArgumentError',
      'DeadlineExceededError',
      'NotFoundError',
      'AlreadyExistsError',
      'PermissionDeniedError',
      'ResourceExhaustedError',
      'FailedPreconditionError',
      'AbortedError',
      'OutOfRangeError',
      'UnimplementedError',
      'InternalError',
      'UnavailableError',
      'DataLossError',
      'UnauthenticatedError',
      'RuntimeError',
      'ValueError',
      'exceptionTypeFromErrorCode',
      'errorCodeFromExceptionType',
      'raiseExceptionOnNotOkStatus',
    ];
    for (const name of names) {
      expect(typeof (tf.errors as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(tf.errors.Code.CANCELLED).toBe(1);
    expect(tf.errors.CANCELLED).toBe(1);
    expect(tf.errors.UNAUTHENTICATED).toBe(16);
    expect(tf.OpError).toBe(tf.errors.OpError);
  });

  it('dtypes are their names', () => {
    expect(tf.float32).toBe('float32');
    expect(tf.double).toBe('float64');
    expect(tf.half).toBe('float16');
    expect(tf.int64).toBe('int64');
    expect(tf.string).toBe('string');
    for (const d of [tf.float32, tf.int64, tf.bool, tf.string, tf.complex64, tf.bfloat16]) {
      expect(tf.isDType(d)).toBe(true);
    }
  });

  it('NDArray and the plugin interface are exported', () => {
    const a = new tf.NDArray('int32', [2], new Int32Array([1, 2]));
    expect(a.size).toBe(2);
    expect(typeof tf.KernelIndex).toBe('function');
    expect(typeof tf.defineOp).toBe('function');
    expect(typeof tf.defineKernel).toBe('function');
  });
});
