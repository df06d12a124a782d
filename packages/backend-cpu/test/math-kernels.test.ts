import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@tensorgraph/errors';
import { floatCodec, NDArray, type DType } from '@tensorgraph/core';
import { runKernel } from '@tensorgraph/core/testing';
import { cpu } from '@tensorgraph/backend-cpu';
import {
  broadcastIndex,
  broadcastShape,
  planBroadcast,
  sizeOf,
  stridesOf,
} from '../src/kernels/math/broadcast.js';
import { float32BitsToBfloat16, float32BitsToFloat16 } from '../src/kernels/math/elementwise.js';
import { MATH_KERNELS } from '../src/kernels/math/index.js';
import { digamma, erf, erfc, erfinv, lgamma } from '../src/kernels/math/special-functions.js';

// The math kernels against TensorFlow live in packages/conformance/fixtures/ops/math-*.json
// (checked by the conformance suite, packages/conformance/test/cpu.test.ts). These tests
// cover the machinery underneath and the choices the fixtures cannot pin down.

/** The flat input index of output element `o` under numpy broadcasting, the slow way. */
function naiveIndex(inShape: readonly number[], outShape: readonly number[], o: number): number {
  const outStrides = stridesOf(outShape);
  const inStrides = stridesOf(inShape);
  let at = 0;
  for (let d = 0; d < outShape.length; d++) {
    const coord = Math.floor(o / (outStrides[d] as number)) % (outShape[d] as number);
    const j = inShape.length - outShape.length + d;
    if (j >= 0 && (inShape[j] as number) !== 1) at += coord * (inStrides[j] as number);
  }
  return at;
}

describe('broadcast engine', () => {
  it("reports TF's BCast error", () => {
    expect(() => broadcastShape([2], [3])).toThrow(InvalidArgumentError);
    expect(() => broadcastShape([2, 3], [3, 2])).toThrow('Incompatible shapes: [2,3] vs. [3,2]');
    expect(broadcastShape([], [2, 1])).toEqual([2, 1]);
    expect(broadcastShape([4, 1, 3], [2, 1])).toEqual([4, 2, 3]);
  });

  const pairs: [number[], number[]][] = [
    [
      [2, 3],
      [2, 3],
    ],
    [[], [4]],
    [[4], []],
    [[2, 3], [3]],
    [
      [2, 1, 4],
      [3, 1],
    ],
    [
      [3, 1, 2],
      [1, 4, 1],
    ],
    [
      [1, 1, 5],
      [2, 3, 1],
    ],
    [
      [2, 0],
      [2, 1],
    ],
    [
      [5, 1, 1, 2],
      [1, 3, 4, 1],
    ],
  ];
  it.each(pairs)('visits %j with %j like numpy', (a, b) => {
    const plan = planBroadcast(a, b);
    const seen: [number, number][] = new Array(plan.size);
    plan.forEachRow((o, ia, ib, n, sa, sb) => {
      for (let k = 0; k < n; k++) seen[o + k] = [ia + k * sa, ib + k * sb];
    });
    for (let o = 0; o < plan.size; o++) {
      expect(seen[o]).toEqual([naiveIndex(a, plan.shape, o), naiveIndex(b, plan.shape, o)]);
    }
    const index = broadcastIndex(a, plan.shape);
    expect(index.length).toBe(sizeOf(plan.shape));
    for (let o = 0; o < plan.size; o++) expect(index[o]).toBe(naiveIndex(a, plan.shape, o));
  });
});

describe('half-type conversions', () => {
  const f32 = new Float32Array(1);
  const bits = new Uint32Array(f32.buffer);
  const cases: number[] = [
    0,
    -0,
    1,
    -1,
    65504,
    65519.99,
    65520,
    1e-8,
    2 ** -24,
    2 ** -25,
    3 * 2 ** -26,
    2 ** -14,
    5.96e-8,
    1e30,
    -1e30,
    3.4e38,
    Infinity,
    -Infinity,
    NaN,
    1e-40,
    1.00390625,
    1.01171875,
  ];
  // Deterministic pseudo-random float32 bit patterns over the whole range.
  let seed = 12345;
  for (let i = 0; i < 20000; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    bits[0] = seed;
    cases.push(f32[0] as number);
  }

  it('float32 -> float16 rounds as the core codec', () => {
    const codec = floatCodec('float16');
    for (const x of cases) {
      f32[0] = x;
      expect(float32BitsToFloat16(bits[0] as number)).toBe(codec.encode(f32[0] as number));
    }
  });

  it('float32 -> bfloat16 rounds as the core codec', () => {
    const codec = floatCodec('bfloat16');
    for (const x of cases) {
      f32[0] = x;
      expect(float32BitsToBfloat16(bits[0] as number)).toBe(codec.encode(f32[0] as number));
    }
  });
});

describe('special functions', () => {
  // Reference values to 17 digits (from series/continued fractions in 50-digit arithmetic).
  const close = (got: number, want: number, ulps: number) => {
    const ulp = 2 ** (Math.floor(Math.log2(Math.abs(want))) - 52);
    expect(Math.abs(got - want)).toBeLessThanOrEqual(ulps * ulp);
  };

  it('erf and erfc', () => {
    close(erf(0.5), 0.5204998778130465, 2);
    close(erfc(0.5), 0.4795001221869535, 2);
    close(erfc(2), 0.004677734981047266, 4);
    close(erfc(7), 4.1838256077794142e-23, 6);
    close(erfc(12.024685795158694), 7.4798097633234002e-65, 8);
    expect(erfc(30)).toBe(0);
    expect(erf(-Infinity)).toBe(-1);
    expect(erfc(-Infinity)).toBe(2);
  });

  it('lgamma keeps its digits near the zeros at 1 and 2', () => {
    close(lgamma(1.0001), -5.7713342220471268e-5, 2);
    close(lgamma(0.5), Math.log(Math.sqrt(Math.PI)), 2);
    close(lgamma(10), Math.log(362880), 2);
    expect(lgamma(1)).toBe(0);
    expect(lgamma(2)).toBe(0);
    expect(lgamma(-3)).toBe(Infinity);
    expect(lgamma(-Infinity)).toBe(Infinity);
  });

  it('digamma', () => {
    close(digamma(1), -0.5772156649015329, 1);
    close(digamma(2), 0.42278433509846713, 2);
    close(digamma(0.5), -1.9635100260214235, 2);
    expect(digamma(0)).toBeNaN();
    expect(digamma(-2)).toBeNaN();
    expect(Math.abs(digamma(1.4616321449683622))).toBeLessThan(1e-15);
  });

  it('erfinv inverts erf', () => {
    for (const x of [-0.999999, -0.5, -1e-10, 0.3, 0.9, 0.999999]) {
      const y = erfinv(x);
      close(x > 0.5 ? 1 - erfc(y) : erf(y), x, 4);
    }
    expect(erfinv(1)).toBe(Infinity);
    expect(erfinv(-1)).toBe(-Infinity);
    expect(erfinv(1.5)).toBeNaN();
  });
});

describe('kernel choices the fixtures leave open', () => {
  const backend = cpu();
  const run = async (op: string, inputs: NDArray[], attrs = {}) =>
    (await runKernel({ op, inputs, attrs, backend }))[0] as NDArray;

  // Out-of-range values convert through int32 (NaN and overflow give its most negative
  // value), then saturate.
  it('saturates out-of-range float -> 8/16-bit casts (TF vectorized path)', async () => {
    const x = new NDArray('float32', [4], Float32Array.from([300, -300, NaN, 1e10]));
    expect(Array.from((await run('Cast', [x], { DstT: 'uint8' })).data as Uint8Array)).toEqual([
      255, 0, 0, 0,
    ]);
    expect(Array.from((await run('Cast', [x], { DstT: 'int16' })).data as Int16Array)).toEqual([
      300, -300, -32768, -32768,
    ]);
  });

  it('gives TF integer Round zeros', async () => {
    const x = new NDArray('int32', [3], Int32Array.from([1, -7, 100]));
    expect(Array.from((await run('Round', [x])).data as Int32Array)).toEqual([0, 0, 0]);
  });

  it('reads and writes subnormal floats as zero in arithmetic (DAZ/FTZ)', async () => {
    const x = new NDArray('float32', [2], Float32Array.from([1e-40, 1e-20]));
    const y = new NDArray('float32', [2], Float32Array.from([1, 1e-20]));
    expect(Array.from((await run('Mul', [x, y])).data as Float32Array)).toEqual([0, 0]);
    // Sign and bit manipulations keep them.
    expect((await run('Neg', [x])).data[0]).toBe(Math.fround(-1e-40));
  });
});

describe('registration', () => {
  const byOp = new Map(MATH_KERNELS.map((k) => [k.opType, k] as const));
  const ops = [
    'Abs',
    'Neg',
    'Sign',
    'Reciprocal',
    'Inv',
    'Square',
    'Sqrt',
    'Rsqrt',
    'Exp',
    'Expm1',
    'Log',
    'Log1p',
    'Sin',
    'Cos',
    'Tan',
    'Asin',
    'Acos',
    'Atan',
    'Sinh',
    'Cosh',
    'Tanh',
    'Asinh',
    'Acosh',
    'Atanh',
    'Floor',
    'Ceil',
    'Round',
    'Rint',
    'IsNan',
    'IsInf',
    'IsFinite',
    'Erf',
    'Erfc',
    'Erfinv',
    'Lgamma',
    'Digamma',
    'Sigmoid',
    'LogicalNot',
    'Invert',
    'Real',
    'Imag',
    'Conj',
    'ComplexAbs',
    'Angle',
    'Add',
    'AddV2',
    'Sub',
    'Mul',
    'Div',
    'RealDiv',
    'DivNoNan',
    'FloorDiv',
    'FloorMod',
    'TruncateDiv',
    'TruncateMod',
    'Mod',
    'Maximum',
    'Minimum',
    'Pow',
    'SquaredDifference',
    'Atan2',
    'Xdivy',
    'Xlogy',
    'MulNoNan',
    'BitwiseAnd',
    'BitwiseOr',
    'BitwiseXor',
    'LeftShift',
    'RightShift',
    'Complex',
    'AddN',
    'Equal',
    'NotEqual',
    'Less',
    'LessEqual',
    'Greater',
    'GreaterEqual',
    'ApproximateEqual',
    'LogicalAnd',
    'LogicalOr',
    'Cast',
    'Select',
    'SelectV2',
    'ClipByValue',
    'Sum',
    'Mean',
    'Max',
    'Min',
    'Prod',
    'All',
    'Any',
    'ArgMax',
    'ArgMin',
    'Cumsum',
    'Cumprod',
    'MatMul',
    'BatchMatMul',
    'BatchMatMulV2',
    'BatchMatMulV3',
    'Einsum',
    'BiasAdd',
    'BiasAddV1',
    'BiasAddGrad',
    'L2Loss',
    'Relu',
    'ReluGrad',
    'Relu6',
    'Relu6Grad',
    'Elu',
    'EluGrad',
    'Selu',
    'SeluGrad',
    'LeakyRelu',
    'LeakyReluGrad',
    'Softplus',
    'SoftplusGrad',
    'Softsign',
    'SoftsignGrad',
    'SigmoidGrad',
    'TanhGrad',
    'Softmax',
    'LogSoftmax',
    'SoftmaxCrossEntropyWithLogits',
    'SparseSoftmaxCrossEntropyWithLogits',
  ];

  it('has a CPU kernel for every math op', () => {
    for (const op of ops) expect(byOp.get(op)?.deviceType, op).toBe('CPU');
  });

  it("declares TF's CPU dtypes, so placement falls back where TF would", () => {
    const T = (op: string) => byOp.get(op)?.typeConstraints?.T as readonly DType[];
    expect(T('Abs')).not.toContain('uint8');
    expect(T('AddV2')).toContain('uint64');
    expect(T('Add')).toContain('string');
    expect(T('Add')).not.toContain('uint16');
    expect(T('Mod')).toEqual(['float32', 'float64', 'int32', 'int64']);
    expect(T('Equal')).toContain('qint8');
    expect(T('Rint')).toEqual(['float32', 'float64']);
  });
});
