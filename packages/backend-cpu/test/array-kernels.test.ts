import { describe, expect, it } from 'vitest';
import { cpu, CPU_KERNELS } from '@tensorgraph/backend-cpu';
import { BUILTIN_OPS, NDArray, type DType, type KernelDef } from '@tensorgraph/core';
import { runKernel } from '@tensorgraph/core/testing';
import { ARRAY_KERNELS } from '../src/kernels/array/index.js';
import { printf, type PrintfSpec } from '../src/kernels/array/printf.js';
import { mappedCopy, stridedCopy } from '../src/kernels/array/strided-copy.js';

// Most of this family is checked against real TensorFlow by the conformance suite
// (packages/conformance/fixtures/ops/array-*.json). This file covers what those fixtures
// cannot: messages the oracle's normalisation trims, dtypes the oracle cannot feed, and
// the building blocks on their own.

const backend = cpu();
const run = (op: string, inputs: NDArray[], attrs: Record<string, unknown> = {}) =>
  runKernel({ op, inputs, attrs: attrs as never, backend });
const i32 = (v: unknown) => NDArray.from(v, 'int32');

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message };
  }
  throw new Error('expected an error');
}

describe('TF messages the fixtures cannot hold', () => {
  // Facts recorded from TF 2.21 run eagerly (no message normalisation).
  it('SparseToDense: out-of-order indices, message ending in a blank line', async () => {
    const e = await errorOf(
      run('SparseToDense', [
        i32([
          [2, 0],
          [0, 1],
        ]),
        i32([3, 2]),
        i32([1, 2]),
        i32(0),
      ]),
    );
    expect(e).toEqual({
      name: 'InvalidArgumentError',
      message:
        'indices[1] = [0,1] is out of order. Many sparse ops require sorted indices.\n' +
        '    Use `tf.sparse.reorder` to create a correctly ordered copy.\n\n',
    });
  });

  it('CheckNumerics: an empty message still leads with a space', async () => {
    const e = await errorOf(
      run('CheckNumerics', [NDArray.from([Number.NaN], 'float32')], { message: '' }),
    );
    expect(e).toEqual({ name: 'InvalidArgumentError', message: ' : Tensor had NaN values' });
  });

  it('StringToNumber: an empty or blank string ends the message with the string', async () => {
    for (const [text, dtype] of [
      ['', 'int32'],
      [' ', 'float32'],
    ] as const) {
      const e = await errorOf(
        run('StringToNumber', [NDArray.from([text], 'string')], { out_type: dtype }),
      );
      expect(e.message).toBe(`StringToNumberOp could not correctly convert string: ${text}`);
    }
  });

  it('EnsureShape: TF eager wording (the input tensor name is not known to a kernel)', async () => {
    const e = await errorOf(
      run(
        'EnsureShape',
        [
          NDArray.from(
            [
              [1, 2, 3],
              [4, 5, 6],
            ],
            'float32',
          ),
        ],
        { shape: [2, 2] },
      ),
    );
    expect(e).toEqual({
      name: 'InvalidArgumentError',
      message: 'Shape of tensor input [2,3] is not compatible with expected shape [2,2].',
    });
    const ok = await run('EnsureShape', [i32([[1, 2]])], { shape: [null, 2] });
    expect(ok[0]?.toArray()).toEqual([[1, 2]]);
  });

  it('StringFormat: placeholder count must match the inputs', async () => {
    const e = await errorOf(run('StringFormat', [i32(1)], { T: ['int32'], template: '%s %s' }));
    expect(e.message).toBe('num placeholders in template and num inputs must match: 2 vs. 1');
  });
});

describe('dtypes the oracle cannot feed (quantized, float8, int4, handles)', () => {
  // Copy kernels move storage slots, so a quantized or float8 tensor must come out exactly
  // as its same-storage twin does.
  const twins: [DType, DType][] = [
    ['qint8', 'int8'],
    ['quint8', 'uint8'],
    ['qint32', 'int32'],
    ['float8_e4m3fn', 'uint8'],
    ['float8_e5m2', 'uint8'],
  ];
  const cases: [string, (x: NDArray) => NDArray[], Record<string, unknown>][] = [
    ['Transpose', (x) => [x, i32([1, 0])], {}],
    ['StridedSlice', (x) => [x, i32([2, 0]), i32([0, 3]), i32([-1, 2])], { Index: 'int32' }],
    ['GatherV2', (x) => [x, i32([2, 0]), i32(1)], {}],
    ['ConcatV2', (x) => [x, x, i32(0)], { N: 2 }],
    ['Pack', (x) => [x, x], { N: 2, axis: 1 }],
    ['Reshape', (x) => [x, i32([-1])], {}],
  ];
  for (const [q, twin] of twins) {
    for (const [op, inputs, attrs] of cases) {
      it(`${op} ${q}`, async () => {
        const values = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        const arrayType = twin === 'int32' ? Int32Array : twin === 'int8' ? Int8Array : Uint8Array;
        const x = new NDArray(q, [3, 3], arrayType.from(values) as never);
        const y = new NDArray(twin, [3, 3], arrayType.from(values) as never);
        const tAttr = op === 'GatherV2' ? 'Tparams' : 'T';
        const kernel = ARRAY_KERNELS.find((k) => k.opType === op) as KernelDef;
        if (kernel.typeConstraints?.[tAttr]?.includes(q) === false) {
          // TF registers no such kernel either (Transpose has no quantized kernels).
          expect((await errorOf(run(op, inputs(x), { ...attrs, [tAttr]: q }))).name).toBe(
            'NotFoundError',
          );
          return;
        }
        const [a] = await run(op, inputs(x), { ...attrs, [tAttr]: q });
        const [b] = await run(op, inputs(y), { ...attrs, [tAttr]: twin });
        expect(a?.dtype).toBe(q);
        expect(a?.shape).toEqual(b?.shape);
        expect(Array.from(a?.data as Int8Array)).toEqual(Array.from(b?.data as Int8Array));
      });
    }
  }

  it('Split int4 and Fill variant keep their storage', async () => {
    const x = new NDArray('int4', [4], Int8Array.from([-8, 7, 0, 1]));
    const out = await run('Split', [i32(0), x], { num_split: 2 });
    expect(out.map((o) => Array.from(o?.data as Int8Array))).toEqual([
      [-8, 7],
      [0, 1],
    ]);
    const handle = { anything: 1 };
    const [filled] = await run('Fill', [i32([2]), new NDArray('variant', [], [handle])]);
    expect(filled?.data).toEqual([handle, handle]);
  });
});

describe('kernel registrations', () => {
  it('are all in CPU_KERNELS, one per op, with constraints inside the op definitions', () => {
    const ops = ARRAY_KERNELS.map((k) => k.opType);
    expect(new Set(ops).size).toBe(ops.length);
    for (const kernel of ARRAY_KERNELS as KernelDef[]) {
      expect(CPU_KERNELS).toContain(kernel);
      const def = BUILTIN_OPS.get(kernel.opType);
      for (const [attr, dtypes] of Object.entries(kernel.typeConstraints ?? {})) {
        const allowed = def.attrs.find((a) => a.name === attr)?.allowedValues;
        // A constraint may only narrow what the op definition allows.
        if (allowed !== undefined) {
          const extra = dtypes.filter((d) => !allowed.includes(d));
          // TF registers int16 indices for a few ops whose definitions list only int32/int64.
          expect(
            extra.filter((d) => d !== 'int16'),
            `${kernel.opType}.${attr}`,
          ).toEqual([]);
        }
      }
    }
  });
});

describe('printf', () => {
  // Python's %-formatting, which rounds as glibc does (exact ties to even).
  const table: [string, number, string][] = [
    ['%.0f', 0.5, '0'],
    ['%.0f', 2.5, '2'],
    ['%.0f', 0.6666666666666666, '1'],
    ['%.2f', 99.995, '100.00'],
    ['%.2f', 123456.789, '123456.79'],
    ['%e', 9.9999999, '1.000000e+01'],
    ['%e', 1e21, '1.000000e+21'],
    ['%.3e', 5e-324, '4.941e-324'],
    ['%g', 0.6666666666666666, '0.666667'],
    ['%g', 0.0001, '0.0001'],
    ['%g', 1e-5, '1e-05'],
    ['%.3g', 99.995, '100'],
    ['%.3g', 1234567, '1.23e+06'],
    ['%.17g', 5e-324, '4.9406564584124654e-324'],
    ['%#.0f', 0.5, '0.'],
    ['%#g', 123456.789, '123457.'],
    ['%#g', 99.995, '99.9950'],
    ['%+.2f', 1e21, '+1000000000000000000000.00'],
    ['% .2e', 1.234e-5, ' 1.23e-05'],
    ['%10.3f', 0.5, '     0.500'],
    ['%-10.2g', 99.995, '1e+02     '],
    ['%010.2f', -2.5, '-000002.50'],
    // glibc pads inf/nan with spaces even under the 0 flag (Python does not).
    ['%010.2f', Number.POSITIVE_INFINITY, '       inf'],
    ['%+08.3g', Number.NaN, '    +nan'],
  ];
  it.each(table)('%s of %d', (spec, value, want) => {
    const m = /^%([-+ #0]*)(\d*)(?:\.(\d+))?([dfeg])$/.exec(spec) as RegExpExecArray;
    const parsed: PrintfSpec = {
      flags: m[1] ?? '',
      ...(m[2] ? { width: Number(m[2]) } : {}),
      ...(m[3] !== undefined ? { precision: Number(m[3]) } : {}),
      conversion: m[4] as PrintfSpec['conversion'],
    };
    expect(printf(parsed, value)).toBe(want);
  });

  it('prints 64-bit integers exactly', () => {
    expect(printf({ conversion: 'd', flags: '0', width: 22 }, -(2n ** 63n))).toBe(
      '-009223372036854775808',
    );
  });
});

describe('strided copies', () => {
  it('walks negative and zero strides, and complex pairs', () => {
    const src = Float32Array.from([0, 1, 2, 3, 4, 5]);
    const dst = new Float32Array(6);
    // A [2,3] view reversed on dim 1.
    stridedCopy(dst, 0, [3, 1], src, 2, [3, -1], [2, 3]);
    expect(Array.from(dst)).toEqual([2, 1, 0, 5, 4, 3]);
    // Broadcast one row twice.
    stridedCopy(dst, 0, [3, 1], src, 3, [0, 1], [2, 3]);
    expect(Array.from(dst)).toEqual([3, 4, 5, 3, 4, 5]);
    // Three complex elements reversed.
    const c = new Float32Array(6);
    stridedCopy(c, 0, [1], src, 2, [-1], [3], 2);
    expect(Array.from(c)).toEqual([4, 5, 2, 3, 0, 1]);
  });

  it('merges contiguous dims into long runs, for strings as well', () => {
    const src = Array.from({ length: 100 }, (_, i) => new Uint8Array([i]));
    const dst = new Array<Uint8Array>(100);
    stridedCopy(dst, 0, [50, 10, 1], src, 0, [50, 10, 1], [2, 5, 10]);
    expect(dst.map((b) => b[0])).toEqual(src.map((b) => b[0]));
  });

  it('maps through per-dim offset tables', () => {
    const src = Int32Array.from([10, 11, 12, 13]);
    const dst = new Int32Array(6);
    mappedCopy(dst, src, [
      [2, 0],
      [1, 0, 1],
    ]);
    expect(Array.from(dst)).toEqual([13, 12, 13, 11, 10, 11]);
  });
});
