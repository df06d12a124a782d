import { afterEach, describe, expect, it, vi } from 'vitest';
import * as errors from '../src/index.js';
import { fixture } from './fixtures.js';

const warnings: string[] = [];
vi.spyOn(process, 'emitWarning').mockImplementation(((m: string | Error) => {
  warnings.push(String(m));
}) as typeof process.emitWarning);
afterEach(() => {
  warnings.length = 0;
});

describe('exceptionTypeFromErrorCode', () => {
  it.each(Object.entries(fixture.exception_type_from_error_code))('code %s', (code, expected) => {
    if (typeof expected === 'string') {
      expect(errors.exceptionTypeFromErrorCode(Number(code)).name).toBe(expected);
    } else {
      // TF raises KeyError(code); we raise ValueError with the same message.
      expect(expected.raises).toBe('KeyError');
      expect(() => errors.exceptionTypeFromErrorCode(Number(code))).toThrow(errors.ValueError);
      expect(() => errors.exceptionTypeFromErrorCode(Number(code))).toThrow(expected.message);
    }
  });
});

describe('errorCodeFromExceptionType', () => {
  it.each(Object.entries(fixture.error_code_from_exception_type))('%s', (name, code) => {
    const cls = (errors as unknown as Record<string, unknown>)[name];
    expect(errors.errorCodeFromExceptionType(cls)).toBe(code);
    expect(errors.exceptionTypeFromErrorCode(code)).toBe(cls);
  });

  it('an unknown class warns and returns an UnknownError, as TF', () => {
    const facts = fixture.error_code_from_unknown_class;
    const result = errors.errorCodeFromExceptionType(errors.ValueError);
    expect(result).toBeInstanceOf(errors.UnknownError);
    expect((result as errors.UnknownError).message).toBe(facts.message);
    expect((result as errors.UnknownError).errorCode).toBe(facts.error_code);
    expect(warnings).toEqual(facts.warnings);
    expect(errors.errorCodeFromExceptionType(errors.OpError)).toBeInstanceOf(errors.UnknownError);
  });
});

describe('makeOpError', () => {
  it.each(Object.entries(fixture.make_specific_exception))('code %s', (code, facts) => {
    const err = errors.makeOpError(Number(code), 'boom');
    expect(err.name).toBe(facts.class);
    expect(err.errorCode).toBe(facts.error_code);
    expect(err.message).toBe(facts.message);
    expect(warnings).toEqual(facts.warnings);
  });
});

describe('raiseExceptionOnNotOkStatus', () => {
  it('returns the result when the status stays OK', () => {
    expect(errors.raiseExceptionOnNotOkStatus((s) => (s.ok() ? 42 : 0))).toBe(42);
  });

  it('throws the class of the status code, with its message', () => {
    const run = () =>
      errors.raiseExceptionOnNotOkStatus((s) => {
        s.update(errors.Code.NOT_FOUND, 'no such file');
        s.update(errors.Code.INTERNAL, 'second error is ignored');
      });
    expect(run).toThrow(errors.NotFoundError);
    expect(run).toThrow(/^no such file$/);
    try {
      run();
    } catch (e) {
      expect((e as errors.OpError).nodeDef).toBeNull();
      expect((e as errors.OpError).op).toBeNull();
    }
  });

  it('checks an async function when it settles', async () => {
    await expect(
      errors.raiseExceptionOnNotOkStatus(async (s) => {
        await Promise.resolve();
        s.update(errors.Code.ABORTED, 'late');
        return 1;
      }),
    ).rejects.toBeInstanceOf(errors.AbortedError);
    await expect(errors.raiseExceptionOnNotOkStatus(async () => 7)).resolves.toBe(7);
  });
});
