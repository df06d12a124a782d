import {
  defineKernel,
  ops,
  type DType,
  type KernelDef,
  type NDArray,
  type OpDefinition,
} from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { ComplexMath, type ComplexUnary } from './complex-math.js';
import { COMPLEX, FLOAT_COMPLEX, FLOATS, INTS, SIGNED_INTS } from './dtype-groups.js';
import {
  dazValues,
  elementKind,
  floatScratch,
  floatValues,
  floatWork,
  flushSubnormals,
  floatOutputOver,
  fromFloatValues,
  isDirectFloat,
  newArray,
  type BigIntArray,
  type FloatArray,
  type FloatWork,
  type NumberArray,
} from './elementwise.js';
import { digamma, erf, erfc, erfinv, lgamma } from './special-functions.js';

/**
 * One elementwise unary op: its dtypes (TF's CPU registrations) and an implementation per
 * element kind. Float functions are made for a working precision (`round` is `Math.fround`
 * when TF computes in float32) so composite formulas round where TF's do.
 */
interface UnarySpec {
  readonly op: OpDefinition;
  readonly dtypes: readonly DType[];
  readonly float?: (work: FloatWork) => (x: number) => number;
  /**
   * Which of TF's DAZ/FTZ effects apply: 'both' (default: arithmetic), 'out' (TF's log and
   * lgamma do not read subnormal operands as zero, though what they give for them differs
   * between TF's vector and scalar paths; we compute the true value, then flush), 'none'
   * (sign/bit manipulations and predicates).
   */
  readonly flush?: 'both' | 'out' | 'none';
  /** Output is bool (the predicates). */
  readonly predicate?: boolean;
  readonly int?: (x: number) => number;
  readonly big?: (x: bigint) => bigint;
  readonly complex?: (m: ComplexMath) => ComplexUnary;
  /** A real result from a complex input (Real, Imag, ComplexAbs, Angle). */
  readonly complexToReal?: (re: number, im: number) => number;
}

/** Round half to even, keeping the sign of zero results (TF's Round and Rint). */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x) || Math.abs(x) >= 4503599627370496) return x;
  const f = Math.floor(x);
  const diff = x - f;
  let r: number;
  if (diff > 0.5) r = f + 1;
  else if (diff < 0.5) r = f;
  else r = f % 2 === 0 ? f : f + 1;
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
}

const same = (f: (x: number) => number) => () => f;

const SPECS: readonly UnarySpec[] = [
  {
    op: ops.Abs,
    dtypes: [...FLOATS, ...SIGNED_INTS],
    float: same(Math.abs),
    flush: 'none',
    int: Math.abs,
    big: (x) => (x < 0n ? -x : x),
  },
  {
    op: ops.Neg,
    dtypes: [...FLOATS, ...SIGNED_INTS, ...COMPLEX],
    float: same((x) => -x),
    flush: 'none',
    int: (x) => -x,
    big: (x) => -x,
    complex: () => (re, im, dst, d) => {
      dst[d] = -re;
      dst[d + 1] = -im;
    },
  },
  {
    op: ops.Sign,
    dtypes: [...FLOATS, ...SIGNED_INTS, ...COMPLEX],
    // Sign(-0) is +0 in TF; NaN stays NaN.
    float: same((x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : x)),
    int: Math.sign,
    big: (x) => (x > 0n ? 1n : x < 0n ? -1n : 0n),
    complex: (m) => m.sign,
  },
  {
    op: ops.Reciprocal,
    dtypes: FLOAT_COMPLEX,
    float: same((x) => 1 / x),
    complex: (m) => m.reciprocal,
  },
  { op: ops.Inv, dtypes: FLOAT_COMPLEX, float: same((x) => 1 / x), complex: (m) => m.reciprocal },
  {
    op: ops.Square,
    dtypes: [...FLOAT_COMPLEX, ...INTS],
    float: same((x) => x * x),
    int: (x) => Math.imul(x, x),
    big: (x) => x * x,
    complex: (m) => m.square,
  },
  { op: ops.Sqrt, dtypes: FLOAT_COMPLEX, float: same(Math.sqrt), complex: (m) => m.sqrt },
  {
    op: ops.Rsqrt,
    dtypes: FLOAT_COMPLEX,
    float: (w) => (x) => 1 / w.round(Math.sqrt(x)),
    complex: (m) => m.rsqrt,
  },
  { op: ops.Exp, dtypes: FLOAT_COMPLEX, float: same(Math.exp), complex: (m) => m.exp },
  { op: ops.Expm1, dtypes: FLOAT_COMPLEX, float: same(Math.expm1), complex: (m) => m.expm1 },
  {
    op: ops.Log,
    dtypes: FLOAT_COMPLEX,
    float: same(Math.log),
    flush: 'out',
    complex: (m) => m.log,
  },
  { op: ops.Log1p, dtypes: FLOAT_COMPLEX, float: same(Math.log1p), complex: (m) => m.log1p },
  { op: ops.Sin, dtypes: FLOAT_COMPLEX, float: same(Math.sin), complex: (m) => m.sin },
  { op: ops.Cos, dtypes: FLOAT_COMPLEX, float: same(Math.cos), complex: (m) => m.cos },
  { op: ops.Tan, dtypes: FLOAT_COMPLEX, float: same(Math.tan), complex: (m) => m.tan },
  { op: ops.Asin, dtypes: FLOAT_COMPLEX, float: same(Math.asin), complex: (m) => m.asin },
  { op: ops.Acos, dtypes: FLOAT_COMPLEX, float: same(Math.acos), complex: (m) => m.acos },
  { op: ops.Atan, dtypes: FLOAT_COMPLEX, float: same(Math.atan), complex: (m) => m.atan },
  { op: ops.Sinh, dtypes: FLOAT_COMPLEX, float: same(Math.sinh), complex: (m) => m.sinh },
  { op: ops.Cosh, dtypes: FLOAT_COMPLEX, float: same(Math.cosh), complex: (m) => m.cosh },
  { op: ops.Tanh, dtypes: FLOAT_COMPLEX, float: same(Math.tanh), complex: (m) => m.tanh },
  { op: ops.Asinh, dtypes: FLOAT_COMPLEX, float: same(Math.asinh), complex: (m) => m.asinh },
  { op: ops.Acosh, dtypes: FLOAT_COMPLEX, float: same(Math.acosh), complex: (m) => m.acosh },
  { op: ops.Atanh, dtypes: FLOAT_COMPLEX, float: same(Math.atanh), complex: (m) => m.atanh },
  { op: ops.Floor, dtypes: FLOATS, float: same(Math.floor) },
  { op: ops.Ceil, dtypes: FLOATS, float: same(Math.ceil) },
  {
    op: ops.Round,
    dtypes: [...FLOATS, 'int32', 'int64'],
    float: same(roundHalfEven),
    // TF's integer Round kernels give zeros (Eigen's half-to-even rounding of an integer
    // type computes x - x); we follow TF.
    int: () => 0,
    big: () => 0n,
  },
  { op: ops.Rint, dtypes: ['float32', 'float64'], float: same(roundHalfEven) },
  {
    op: ops.IsNan,
    dtypes: FLOATS,
    predicate: true,
    flush: 'none',
    float: same((x) => (x !== x ? 1 : 0)),
  },
  {
    op: ops.IsInf,
    dtypes: FLOATS,
    predicate: true,
    flush: 'none',
    float: same((x) => (x === Infinity || x === -Infinity ? 1 : 0)),
  },
  {
    op: ops.IsFinite,
    dtypes: FLOATS,
    predicate: true,
    flush: 'none',
    float: same((x) => (Number.isFinite(x) ? 1 : 0)),
  },
  {
    op: ops.Erf,
    dtypes: FLOATS,
    // TF's float64 erf evaluates a ratio of polynomials in x^2: NaN once x^2 overflows.
    float: (w) => (w.wide ? (x) => (x * x === Infinity ? Number.NaN : erf(x)) : erf),
  },
  { op: ops.Erfc, dtypes: FLOATS, float: same(erfc) },
  {
    op: ops.Erfinv,
    dtypes: ['float32', 'float64'],
    // TF computes ndtri((x + 1) / 2) / sqrt(2): x + 1 is rounded in the working precision.
    float: (w) => (x) => erfinv(w.round(x + 1) - 1),
  },
  { op: ops.Lgamma, dtypes: ['float16', 'float32', 'float64'], float: same(lgamma), flush: 'out' },
  { op: ops.Digamma, dtypes: ['float16', 'float32', 'float64'], float: same(digamma) },
  {
    op: ops.Sigmoid,
    dtypes: FLOAT_COMPLEX,
    float: same((x) => 1 / (1 + Math.exp(-x))),
    complex: (m) => m.sigmoid,
  },
  { op: ops.Invert, dtypes: INTS, int: (x) => ~x, big: (x) => ~x },
  { op: ops.Real, dtypes: COMPLEX, complexToReal: (re) => re },
  { op: ops.Imag, dtypes: COMPLEX, complexToReal: (_re, im) => im },
  { op: ops.ComplexAbs, dtypes: COMPLEX, complexToReal: Math.hypot },
  { op: ops.Angle, dtypes: COMPLEX, complexToReal: (re, im) => Math.atan2(im, re) },
  {
    op: ops.Conj,
    dtypes: COMPLEX,
    complex: () => (re, im, dst, d) => {
      dst[d] = re;
      dst[d + 1] = -im;
    },
  },
];

type Run = (x: NDArray) => NDArray;

function floatRun(spec: UnarySpec, dtype: DType): Run {
  const work = floatWork(dtype);
  const f = (spec.float as (work: FloatWork) => (x: number) => number)(work);
  const { predicate } = spec;
  const flush = spec.flush ?? 'both';
  return (x) => {
    let v = floatValues(x);
    if (flush === 'both') v = dazValues(v, work.tiny);
    const n = v.length;
    if (predicate) {
      const out = newArray('bool', x.shape);
      const o = out.data;
      for (let i = 0; i < n; i++) o[i] = f(v[i] as number);
      return out;
    }
    const out = floatScratch(dtype, n);
    for (let i = 0; i < n; i++) out[i] = f(v[i] as number);
    if (flush !== 'none') flushSubnormals(out, work.tiny);
    return fromFloatValues(dtype, x.shape, out);
  };
}

/** A float32/float64 op written into `out` (a new buffer or `x`'s own). */
function floatInto(spec: UnarySpec, dtype: DType): (x: NDArray, out: FloatArray) => void {
  const work = floatWork(dtype);
  const f = (spec.float as (work: FloatWork) => (x: number) => number)(work);
  const flush = spec.flush ?? 'both';
  return (x, out) => {
    let v = x.data as FloatArray;
    if (flush === 'both') v = dazValues(v, work.tiny);
    const n = v.length;
    for (let i = 0; i < n; i++) out[i] = f(v[i] as number);
    if (flush !== 'none') flushSubnormals(out, work.tiny);
  };
}

function intRun(f: (x: number) => number, dtype: DType): Run {
  return (x) => {
    const out = newArray(dtype, x.shape);
    const v = x.data as NumberArray;
    const o = out.data as NumberArray;
    for (let i = 0; i < v.length; i++) o[i] = f(v[i] as number);
    return out;
  };
}

function bigRun(f: (x: bigint) => bigint, dtype: DType): Run {
  return (x) => {
    const out = newArray(dtype, x.shape);
    const v = x.data as BigIntArray;
    const o = out.data as BigIntArray;
    for (let i = 0; i < v.length; i++) o[i] = f(v[i] as bigint);
    return out;
  };
}

function complexRun(spec: UnarySpec, dtype: DType, outDType: DType): Run {
  const work = floatWork(dtype);
  if (spec.complexToReal !== undefined) {
    const f = spec.complexToReal;
    return (x) => {
      const out = newArray(outDType, x.shape);
      const v = x.data as FloatArray;
      const o = out.data as FloatArray;
      for (let i = 0; i < o.length; i++) o[i] = f(v[2 * i] as number, v[2 * i + 1] as number);
      return out;
    };
  }
  const f = (spec.complex as (m: ComplexMath) => ComplexUnary)(new ComplexMath(work.round));
  return (x) => {
    const out = newArray(dtype, x.shape);
    const v = x.data as FloatArray;
    const o = out.data as FloatArray;
    for (let i = 0; i < v.length; i += 2) f(v[i] as number, v[i + 1] as number, o, i);
    return out;
  };
}

function runFor(spec: UnarySpec, dtype: DType, outDType: DType): Run {
  switch (elementKind(dtype)) {
    case 'float':
      return floatRun(spec, dtype);
    case 'int':
      return intRun(spec.int as (x: number) => number, dtype);
    case 'bigint':
      return bigRun(spec.big as (x: bigint) => bigint, dtype);
    case 'complex':
      return complexRun(spec, dtype, outDType);
    default:
      throw new TypeError(`${spec.op.name} has no ${dtype} kernel`);
  }
}

function unaryKernel(spec: UnarySpec): KernelDef {
  return defineKernel(spec.op, {
    deviceType: 'CPU',
    typeConstraints: { T: spec.dtypes },
    create: ({ inputDTypes, outputDTypes }) => {
      const dtype = inputDTypes[0] as DType;
      const run = runFor(spec, dtype, outputDTypes[0] as DType);
      const direct = spec.float !== undefined && spec.predicate !== true && isDirectFloat(dtype);
      const into = direct && outputDTypes[0] === dtype ? floatInto(spec, dtype) : null;
      if (into !== null) {
        return (ctx) => {
          const x = inputArray(ctx, 0);
          into(x, floatOutputOver(ctx, 0, x));
        };
      }
      return (ctx) => setOutputArray(ctx, 0, run(inputArray(ctx, 0)));
    },
  });
}

const logicalNotCpu = defineKernel(ops.LogicalNot, {
  deviceType: 'CPU',
  create: () => (ctx) => {
    const x = inputArray(ctx, 0);
    const out = newArray('bool', x.shape);
    const v = x.data as Uint8Array;
    const o = out.data;
    for (let i = 0; i < v.length; i++) o[i] = v[i] === 0 ? 1 : 0;
    setOutputArray(ctx, 0, out);
  },
});

/** The elementwise unary kernels (one table, one kernel per op). */
export const UNARY_KERNELS: readonly KernelDef[] = [...SPECS.map(unaryKernel), logicalNotCpu];
