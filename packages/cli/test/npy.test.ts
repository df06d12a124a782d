import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { NDArray } from 'tensorgraph';
import { CliError } from '../src/cli-error.js';
import { readNpy, writeNpy } from '../src/npy.js';
import { packagePath } from './cli-harness.js';

interface NpyCase {
  name: string;
  file: string;
  version: [number, number];
  descr: string;
  fortran_order: boolean;
  canonical: boolean;
  dtype: string;
  shape: number[];
  values: unknown[];
}

const dir = packagePath('test/fixtures/npy/');
const { cases } = JSON.parse(readFileSync(`${dir}cases.json`, 'utf8')) as { cases: NpyCase[] };
const bytesOf = (c: NpyCase) => new Uint8Array(readFileSync(`${dir}${c.file}`));

/** A float as the fixture spells it: 'inf', '-inf', 'nan' and '-0' are strings. */
function num(x: number): number | string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  return x;
}

/** An element as the fixture spells it (64-bit ints as strings, complex as [re, im], text). */
function spelled(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return num(value);
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (value !== null && typeof value === 'object' && 're' in value && 'im' in value) {
    const c = value as { re: number; im: number };
    return [num(c.re), num(c.im)];
  }
  return value;
}

function flat(a: NDArray): unknown[] {
  const out: unknown[] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth === a.shape.length) out.push(spelled(v));
    else for (const x of v as unknown[]) walk(x, depth + 1);
  };
  walk(a.toArray(), 0);
  return out;
}

describe('readNpy reads what numpy wrote', () => {
  test('the fixtures cover every numeric dtype, bool, strings, v2, big-endian and Fortran order', () => {
    const dtypes = new Set(cases.map((c) => c.dtype));
    for (const d of [
      'float16',
      'float32',
      'float64',
      'int8',
      'int16',
      'int32',
      'int64',
      'uint8',
      'uint16',
      'uint32',
      'uint64',
      'bool',
      'complex64',
      'complex128',
      'string',
    ]) {
      expect(dtypes).toContain(d);
    }
    expect(cases.some((c) => c.version[0] === 2)).toBe(true);
    expect(cases.some((c) => c.descr.startsWith('>'))).toBe(true);
    expect(cases.some((c) => c.fortran_order)).toBe(true);
  });

  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const a = readNpy(bytesOf(c), c.file);
    expect(a.dtype).toBe(c.dtype);
    expect(a.shape).toEqual(c.shape);
    expect(flat(a)).toEqual(c.values);
  });
});

describe('writeNpy', () => {
  test.each(cases.filter((c) => c.canonical).map((c) => [c.name, c] as const))(
    '%s: writes back the bytes numpy wrote',
    (_name, c) => {
      const bytes = bytesOf(c);
      expect(Buffer.from(writeNpy(readNpy(bytes)))).toEqual(Buffer.from(bytes));
    },
  );

  test.each(cases.filter((c) => !c.canonical).map((c) => [c.name, c] as const))(
    '%s: round-trips through the little-endian C-order form',
    (_name, c) => {
      const a = readNpy(bytesOf(c));
      const again = readNpy(writeNpy(a));
      expect(again.dtype).toBe(a.dtype);
      expect(again.shape).toEqual(a.shape);
      expect(flat(again)).toEqual(flat(a));
      const header = new TextDecoder('latin1').decode(writeNpy(a).subarray(10, 80));
      expect(header).toContain("'fortran_order': False");
    },
  );

  test('headers end on a 64-byte boundary with a newline, as numpy requires', () => {
    const bytes = writeNpy(NDArray.from([[1, 2, 3]], 'float32'));
    const headerLen = new DataView(bytes.buffer).getUint16(8, true);
    expect((10 + headerLen) % 64).toBe(0);
    expect(bytes[10 + headerLen - 1]).toBe(0x0a);
    expect(bytes.length).toBe(10 + headerLen + 12);
  });

  test('bfloat16 (no numpy dtype) is written as float32', () => {
    const a = NDArray.from([1.5, -2], 'bfloat16');
    const back = readNpy(writeNpy(a));
    expect(back.dtype).toBe('float32');
    expect(back.toArray()).toEqual([1.5, -2]);
  });
});

describe('bad .npy files are clear errors', () => {
  const good = writeNpy(
    NDArray.from(
      [
        [1, 2],
        [3, 4],
      ],
      'int32',
    ),
  );
  const expectError = (bytes: Uint8Array, pattern: RegExp) => {
    let caught: unknown;
    try {
      readNpy(bytes, 'in.npy');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CliError);
    expect((caught as Error).message).toMatch(pattern);
  };

  test('not a .npy file', () => {
    expectError(
      new TextEncoder().encode('{"a": 1}\n'),
      /^in\.npy: not a valid \.npy file: .*magic/,
    );
  });
  test('data shorter than the shape says', () => {
    expectError(
      good.subarray(0, good.length - 3),
      /shape \(2, 2\) of '<i4' needs 16 bytes of data, the file has 13/,
    );
  });
  test('an unknown format version', () => {
    const b = good.slice();
    b[6] = 9;
    expectError(b, /format version 9\.0 is not supported/);
  });
  test('a structured dtype', () => {
    const header = "{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,), }";
    const b = new Uint8Array(10 + 118 + 4);
    b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    new DataView(b.buffer).setUint16(8, 118, true);
    b.set(new TextEncoder().encode(header.padEnd(117) + '\n'), 10);
    expectError(b, /structured \(record\) dtypes are not supported/);
  });
  test('a dtype with no tensorgraph equivalent', () => {
    const header = "{'descr': '<M8[s]', 'fortran_order': False, 'shape': (1,), }";
    const b = new Uint8Array(10 + 118 + 8);
    b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    new DataView(b.buffer).setUint16(8, 118, true);
    b.set(new TextEncoder().encode(header.padEnd(117) + '\n'), 10);
    expectError(b, /unsupported dtype '<M8\[s\]'/);
  });
});
