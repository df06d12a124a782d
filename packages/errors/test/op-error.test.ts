import { describe, expect, it, vi } from 'vitest';
import * as errors from '../src/index.js';
import { fixture } from './fixtures.js';

type ErrorClass = new (...args: never[]) => errors.OpError;
const classNamed = (name: string): ErrorClass =>
  (errors as unknown as Record<string, ErrorClass>)[name] as ErrorClass;

const subclassNames = Object.keys(fixture.classes).filter((n) => n !== 'OpError');

describe('error codes', () => {
  it('Code has every TensorFlow code with its number', () => {
    for (const [name, value] of Object.entries(fixture.codes)) {
      expect(errors.Code[name as keyof typeof errors.Code], name).toBe(value);
    }
    const ours = Object.keys(errors.Code).filter((k) => Number.isNaN(Number(k)));
    expect(ours.sort()).toEqual(Object.keys(fixture.codes).sort());
  });

  it('module constants match tf.errors', () => {
    for (const [name, value] of Object.entries(fixture.constants)) {
      expect((errors as unknown as Record<string, number>)[name], name).toBe(value);
    }
  });
});

describe('OpError classes', () => {
  it('there are 16 subclasses, as in TensorFlow', () => {
    expect(subclassNames).toHaveLength(16);
  });

  it.each(subclassNames)('%s has TF code, base class and fields', (name) => {
    const facts = fixture.classes[name]!;
    const cls = classNamed(name);
    expect(cls, `${name} is exported`).toBeTypeOf('function');
    const nodeDef = { name: 'n', op: 'Add' };
    const op = { name: 'n' };
    const err = new (cls as unknown as new (a: unknown, b: unknown, c: string) => errors.OpError)(
      nodeDef,
      op,
      'msg',
    );
    expect(err.errorCode).toBe(facts.code);
    expect(err.message).toBe(facts.str);
    expect(err.nodeDef).toBe(nodeDef);
    expect(err.op).toBe(op);
    expect(err.name).toBe(name);
    expect(err.experimentalPayloads).toEqual({});
    expect(err).toBeInstanceOf(errors.OpError);
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(cls);
    // TF's subclasses take (node_def, op, message, *args): no error code argument.
    expect(facts.params.slice(0, 3)).toEqual(['node_def', 'op', 'message']);
    expect(facts.bases[0]).toBe('OpError');
  });

  it('a subclass is not an instance of its siblings', () => {
    const err = new errors.NotFoundError(null, null, 'x');
    expect(err).not.toBeInstanceOf(errors.InvalidArgumentError);
    expect(err).not.toBeInstanceOf(errors.ValueError);
    expect(new errors.ValueError('v')).not.toBeInstanceOf(errors.OpError);
  });

  it('OpError takes an explicit code and payloads, null node and op by default', () => {
    const err = new errors.OpError(undefined, undefined, 'm', errors.Code.ABORTED, { k: 'v' });
    expect(err.errorCode).toBe(10);
    expect(err.nodeDef).toBeNull();
    expect(err.op).toBeNull();
    expect(err.experimentalPayloads).toEqual({ k: 'v' });
    expect(String(err)).toBe('OpError: m');
  });

  it('has a stack trace', () => {
    expect(new errors.InternalError(null, null, 'x').stack).toContain('InternalError');
  });

  it('RuntimeError and ValueError are branded Errors', () => {
    const r = new errors.RuntimeError('closed');
    expect(r).toBeInstanceOf(Error);
    expect(r).toBeInstanceOf(errors.RuntimeError);
    expect(r).not.toBeInstanceOf(errors.ValueError);
    expect(r.name).toBe('RuntimeError');
    expect(new errors.ValueError('v').name).toBe('ValueError');
  });

  it('a user subclass without a brand of its own uses prototype identity', () => {
    class MyError extends errors.InvalidArgumentError {}
    const mine = new MyError(null, null, 'm');
    expect(mine).toBeInstanceOf(MyError);
    expect(mine).toBeInstanceOf(errors.InvalidArgumentError);
    expect(new errors.InvalidArgumentError(null, null, 'x')).not.toBeInstanceOf(MyError);
    expect(mine.errorCode).toBe(errors.Code.INVALID_ARGUMENT);
  });

  it('instanceof holds across two copies of the package (duplicate installs)', async () => {
    vi.resetModules();
    // A query string makes the module loader evaluate a second, separate copy.
    const duplicate = '../src/index.js?duplicate';
    const copy = (await import(/* @vite-ignore */ duplicate)) as typeof errors;
    expect(copy.OpError).not.toBe(errors.OpError);
    const foreign = new copy.InvalidArgumentError(null, null, 'x');
    expect(foreign).toBeInstanceOf(errors.InvalidArgumentError);
    expect(foreign).toBeInstanceOf(errors.OpError);
    expect(foreign).not.toBeInstanceOf(errors.NotFoundError);
    expect(new errors.ValueError('v')).toBeInstanceOf(copy.ValueError);
    expect(errors.errorCodeFromExceptionType(copy.DataLossError)).toBe(errors.Code.DATA_LOSS);
  });

  it('non-errors are not instances', () => {
    for (const v of [null, undefined, 3, 'x', {}, new Error('e')]) {
      expect(v).not.toBeInstanceOf(errors.OpError);
    }
  });
});
