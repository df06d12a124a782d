import { describe, expect, it } from 'vitest';
import { cpu } from '@tensorgraph/backend-cpu';
import { NDArray } from '@tensorgraph/core';
import { runKernel } from '@tensorgraph/core/testing';

// The fused float32/float64 loops (kernels/math/fast-float.ts) must give exactly what the
// plain definition gives: operands read with DAZ, the op computed in the dtype, the result
// flushed (FTZ). The reference below is that definition written naively, element by
// element, over special values (subnormals of both signs, +-0, +-inf, NaN, values whose
// product or difference is subnormal) in every broadcast layout the loops take.

const F32_MIN = 2 ** -126;
const F64_MIN = 2 ** -1022;

type Dt = 'float32' | 'float64';

const SPECIAL: Record<Dt, number[]> = {
  float32: [
    0,
    -0,
    1,
    -1.5,
    6,
    7,
    5.999999523162842,
    2 ** -149,
    -(2 ** -149),
    F32_MIN,
    -F32_MIN,
    F32_MIN * 1.5,
    2 ** -100,
    2 ** 100,
    3e38,
    Infinity,
    -Infinity,
    NaN,
    0.1,
    -3.25,
  ],
  float64: [
    0,
    -0,
    1,
    -1.5,
    6,
    7,
    2 ** -1074,
    -(2 ** -1074),
    F64_MIN,
    -F64_MIN,
    F64_MIN * 1.5,
    2 ** -600,
    2 ** 600,
    1.7e308,
    Infinity,
    -Infinity,
    NaN,
    0.1,
    -3.25,
  ],
};

function values(dtype: Dt, n: number, seed: number): number[] {
  const special = SPECIAL[dtype];
  const out: number[] = [];
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(
      s % 3 === 0 ? (special[s % special.length] as number) : (s / 2 ** 32 - 0.5) * 2 ** (s % 9),
    );
  }
  return out;
}

function array(dtype: Dt, shape: number[], data: number[]): NDArray {
  return new NDArray(
    dtype,
    shape,
    dtype === 'float32' ? Float32Array.from(data) : Float64Array.from(data),
  );
}

const round = (dtype: Dt) => (dtype === 'float32' ? Math.fround : (x: number) => x);
const flush = (dtype: Dt) => (x: number) =>
  Math.abs(x) < (dtype === 'float32' ? F32_MIN : F64_MIN) ? x * 0 : x;

const BINARY: Record<string, (x: number, y: number) => number> = {
  AddV2: (x, y) => x + y,
  Add: (x, y) => x + y,
  Sub: (x, y) => x - y,
  Mul: (x, y) => x * y,
  RealDiv: (x, y) => x / y,
  Div: (x, y) => x / y,
};

/** Broadcast by explicit index math: the reference does not share the kernels' plan. */
function reference(
  dtype: Dt,
  fn: (x: number, y: number) => number,
  a: NDArray,
  b: NDArray,
  shape: number[],
): number[] {
  const r = round(dtype);
  const z = flush(dtype);
  const size = shape.reduce((p, d) => p * d, 1);
  const at = (t: NDArray, o: number) => {
    let idx = 0;
    let stride = 1;
    let rest = o;
    const off = shape.length - t.shape.length;
    const coords = shape.map(() => 0);
    for (let d = shape.length - 1; d >= 0; d--) {
      coords[d] = rest % (shape[d] as number);
      rest = Math.floor(rest / (shape[d] as number));
    }
    for (let d = t.shape.length - 1; d >= 0; d--) {
      const ext = t.shape[d] as number;
      idx += (ext === 1 ? 0 : (coords[d + off] as number)) * stride;
      stride *= ext;
    }
    return (t.data as Float32Array)[idx] as number;
  };
  const out: number[] = [];
  for (let o = 0; o < size; o++) out.push(z(r(fn(z(at(a, o)), z(at(b, o))))));
  return out;
}

const same = (got: ArrayLike<number>, want: number[]) => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) {
      throw new Error(`element ${i}: got ${got[i]}, want ${want[i]}`);
    }
  }
};

describe('fused float elementwise loops', () => {
  const backend = cpu();
  const run = async (op: string, inputs: NDArray[]) =>
    (await runKernel({ op, inputs, attrs: {}, backend }))[0] as NDArray;

  const LAYOUTS: [number[], number[], number[]][] = [
    [
      [7, 5],
      [7, 5],
      [7, 5],
    ], // same shape
    [[7, 5], [], [7, 5]], // scalar y
    [[], [7, 5], [7, 5]], // scalar x
    [[2, 6, 5], [5], [2, 6, 5]], // row (bias-like) y
    [
      [1, 5],
      [3, 4, 5],
      [3, 4, 5],
    ], // row x
    [
      [6, 1],
      [1, 5],
      [6, 5],
    ], // outer product: the general plan
    [
      [2, 2],
      [2, 1],
      [2, 2],
    ], // a column, as long as a row: not the row path
    [
      [4, 3, 1],
      [3, 5],
      [4, 3, 5],
    ],
    // Big enough for the WebAssembly loops (float32), with tails past the SIMD width.
    [
      [41, 30],
      [41, 30],
      [41, 30],
    ],
    [[2051], [], [2051]],
    [[], [1, 2051], [1, 2051]],
    [[60, 35], [35], [60, 35]],
    [
      [1, 1, 37],
      [2, 30, 37],
      [2, 30, 37],
    ],
  ];

  for (const dtype of ['float32', 'float64'] as const) {
    for (const op of Object.keys(BINARY)) {
      it(`${op} ${dtype}: DAZ/FTZ and broadcasting as the plain definition`, async () => {
        let seed = 1;
        for (const [sa, sb, so] of LAYOUTS) {
          const na = sa.reduce((p, d) => p * d, 1);
          const nb = sb.reduce((p, d) => p * d, 1);
          const a = array(dtype, sa, values(dtype, na, seed++));
          const b = array(dtype, sb, values(dtype, nb, seed++));
          const want = reference(dtype, BINARY[op] as (x: number, y: number) => number, a, b, so);
          const got = await run(op, [a, b]);
          expect(got.shape).toEqual(so);
          same(got.data as Float32Array, want);
        }
      });
    }

    it(`Relu and Relu6 ${dtype}: DAZ/FTZ, NaN, -0 and -inf`, async () => {
      const x = array(
        dtype,
        // Long enough for the WebAssembly loop (float32), with a tail past the SIMD width.
        [SPECIAL[dtype].length + 2003],
        [...SPECIAL[dtype], ...values(dtype, 2003, 9)],
      );
      const z = flush(dtype);
      const relu = (v: number) => (v !== v ? v : z(v) > 0 ? v : 0);
      const relu6 = (v: number) => (v !== v ? v : z(v) > 6 ? 6 : z(v) > 0 ? v : 0);
      const src = Array.from(x.data as Float32Array);
      same((await run('Relu', [x])).data as Float32Array, src.map(relu));
      same((await run('Relu6', [x])).data as Float32Array, src.map(relu6));
    });
  }

  for (const dtype of ['float32', 'float64'] as const) {
    it(`BiasAdd ${dtype}, NHWC and NCHW: DAZ/FTZ as the plain definition`, async () => {
      const r = round(dtype);
      const z = flush(dtype);
      // [2,3,4,5] is small (JS loop); [2,5,12,20] takes the WebAssembly loop for float32.
      for (const [shape, format] of [
        [[2, 3, 4, 5], 'NHWC'],
        [[2, 3, 4, 5], 'NCHW'],
        [[2, 5, 12, 20], 'NHWC'],
        [[2, 5, 12, 20], 'NCHW'],
        [[7, 3], 'NCHW'],
      ] as const) {
        const size = shape.reduce((p, d) => p * d, 1);
        const c = (format === 'NCHW' ? shape[1] : shape[shape.length - 1]) as number;
        const inner = format === 'NCHW' && shape.length > 2 ? size / shape[0] / c : 1;
        const x = array(dtype, [...shape], values(dtype, size, 21));
        const b = array(dtype, [c], values(dtype, c, 22));
        const xv = Array.from(x.data as Float32Array);
        const bv = Array.from(b.data as Float32Array);
        const want = xv.map((v, i) => z(r(z(v) + z(bv[Math.floor(i / inner) % c] as number))));
        const got = await runKernel({
          op: 'BiasAdd',
          inputs: [x, b],
          attrs: { data_format: format },
          backend,
        });
        same((got[0] as NDArray).data as Float32Array, want);
      }
    });
  }

  it('a subnormal product or sum of normal float32 operands is flushed', async () => {
    const a = array('float32', [3], [2 ** -70, F32_MIN * 1.5, -(2 ** -63)]);
    const b = array('float32', [3], [2 ** -60, -F32_MIN, 2 ** -64]);
    same((await run('Mul', [a, b])).data as Float32Array, [0, -0, -0]);
    same((await run('AddV2', [a, b])).data as Float32Array, [
      Math.fround(2 ** -70 + 2 ** -60),
      0,
      Math.fround(-(2 ** -63) + 2 ** -64),
    ]);
    // F32_MIN - 2^-150 sits halfway between the largest subnormal and F32_MIN: rounds up.
    const c = array('float32', [1], [F32_MIN]);
    const d = array('float32', [1], [1 - 2 ** -24]);
    same((await run('Mul', [c, d])).data as Float32Array, [F32_MIN]);
  });
});
