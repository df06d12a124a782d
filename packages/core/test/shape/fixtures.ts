import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { ValueError } from '@tensorgraph/errors';
import { DeviceSpec, TensorShape } from '@tensorgraph/core';

/** Reads a JSON file written by tools/oracle/gen_shape_device_fixtures.py. */
export function loadFixture<T>(relative: string): T {
  const url = new URL(`../../../../tools/oracle/fixtures/${relative}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}

/** A TF answer: a value, or the Python exception's class and message. */
export type Outcome = { value: unknown } | { error: string; message: string };

export type ShapeJson = (number | null)[] | null;

/**
 * The JavaScript class each Python exception becomes: ours for ValueError, JS's own
 * for the rest (IndexError and OverflowError are RangeErrors; AttributeError, what
 * Python raises for a wrong-typed argument it calls a method on, is a TypeError;
 * TF's assertion in device_util.canonicalize is a ValueError).
 */
const ERROR_CLASSES: Record<string, new (...args: never[]) => Error> = {
  ValueError,
  TypeError,
  IndexError: RangeError,
  OverflowError: RangeError,
  AttributeError: TypeError,
  AssertionError: ValueError,
};

export function errorClassFor(pythonName: string): new (...args: never[]) => Error {
  const cls = ERROR_CLASSES[pythonName];
  if (cls === undefined) throw new Error(`no JS class for Python's ${pythonName}`);
  return cls;
}

/** Our values in the fixtures' JSON form. */
export function encode(value: unknown): unknown {
  if (value instanceof TensorShape) {
    return { shape: value.dims === null ? null : [...value.dims], str: value.toString() };
  }
  if (value instanceof DeviceSpec) {
    return {
      job: value.job,
      replica: value.replica,
      task: value.task,
      device_type: value.deviceType,
      device_index: value.deviceIndex,
      string: value.toString(),
    };
  }
  if (Array.isArray(value)) return value.map(encode);
  return value === undefined ? null : value;
}

/** Runs `fn` and checks it gives TF's value or throws TF's error class with TF's message. */
export function expectOutcome(fn: () => unknown, expected: Outcome, context = ''): void {
  if ('error' in expected) {
    let thrown: unknown = undefined;
    let returned: unknown = undefined;
    try {
      returned = fn();
    } catch (err) {
      thrown = err;
    }
    expect(
      thrown,
      `${context}: expected ${expected.error}, got ${JSON.stringify(encode(returned))}`,
    ).toBeInstanceOf(errorClassFor(expected.error));
    expect((thrown as Error).message, context).toBe(expected.message);
  } else {
    expect(encode(fn()), context).toEqual(expected.value);
  }
}
