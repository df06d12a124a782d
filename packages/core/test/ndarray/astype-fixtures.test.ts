import { describe, expect, it } from 'vitest';
import { castForFeed, convertToNDArray, type DType, type NDArray } from '@tensorgraph/core';
import {
  encodeNDArray,
  errorClassFor,
  jsValue,
  loadValueFixture,
  type JsonValue,
} from './value-cases.js';

interface AstypeCase {
  source: string;
  values: JsonValue[];
  dtype: DType;
  results: (unknown | { error: string; message: string })[];
}

const CASES = loadValueFixture<AstypeCase[]>('astype.json');

const TYPED: Record<string, string> = {
  float64: 'Float64Array',
  float32: 'Float32Array',
  int64: 'BigInt64Array',
  uint64: 'BigUint64Array',
  int32: 'Int32Array',
  uint32: 'Uint32Array',
  int16: 'Int16Array',
  uint16: 'Uint16Array',
  int8: 'Int8Array',
  uint8: 'Uint8Array',
};

/** A one-element host array of the case's source dtype. */
function sourceArray(source: string, v: JsonValue, k: number): unknown {
  if (source === 'bool+complex128') {
    return k < 2 ? convertToNDArray([jsValue(v)]) : convertToNDArray([jsValue(v)], 'complex128');
  }
  return jsValue({ $typed: TYPED[source] as string, values: [v] });
}

function isError(r: unknown): r is { error: string; message: string } {
  return typeof r === 'object' && r !== null && 'error' in r;
}

describe('a TypedArray/NDArray given another dtype is cast as numpy astype does (x86-64)', () => {
  for (const c of CASES) {
    // A Uint8Array given dtype string is one string element by design (not an error).
    if (c.source === 'uint8' && c.dtype === 'string') continue;
    it(`${c.source} → ${c.dtype}`, () => {
      c.values.forEach((v, k) => {
        const want = c.results[k];
        const at = `${JSON.stringify(v)} (${c.source}) → ${c.dtype}`;
        const run = (f: (value: unknown, dtype: DType) => NDArray): unknown => {
          try {
            return encodeNDArray(f(sourceArray(c.source, v, k), c.dtype)).values[0];
          } catch (e) {
            return e;
          }
        };
        for (const f of [convertToNDArray, castForFeed]) {
          // A fed array into string/resource/variant is refused up front, not by numpy.
          if (
            f === castForFeed &&
            (c.dtype === 'string' || c.dtype === 'resource' || c.dtype === 'variant')
          ) {
            continue;
          }
          const got = run(f);
          if (isError(want)) {
            expect(got, at).toBeInstanceOf(errorClassFor(want.error));
            // numpy prints float32 scalars and arrays its own way; those messages are not ours.
            if (c.source !== 'float32' && c.dtype !== 'resource' && c.dtype !== 'variant') {
              expect((got as Error).message, at).toBe(want.message);
            }
          } else {
            expect(got, at).toEqual(want);
          }
        }
      });
    });
  }
});
