import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  defineKernel,
  ops,
  type DType,
  type KernelDef,
  type NDArray,
  type OpDefinition,
} from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { shapeString } from './broadcast.js';
import { ComplexMath } from './complex-math.js';
import { COMPLEX, FLOAT_COMPLEX, FLOATS, INTS } from './dtype-groups.js';
import {
  dazValues,
  elementKind,
  floatScratch,
  floatValues,
  floatWork,
  flushSubnormals,
  fromFloatValues,
  floatOutputOver,
  isDirectFloat,
  newArray,
  type BigIntArray,
  type FloatArray,
  WORK_F32,
  type FloatWork,
  type NumberArray,
} from './elementwise.js';
import { FLUSH_F32, FLUSH_F64, fusedUnaryLoop, runFusedUnary } from './fast-float.js';
import { wasmOf } from '../../wasm/context.js';

// SELU's constants (Klambauer et al.): TF spells them to 32 digits; these are the doubles.
const SELU_SCALE = 1.0507009873554805;
const SELU_SCALE_ALPHA = 1.7580993408473768;

/** log(epsilon) + 2 per float type: where TF's Softplus switches to x or exp(x). */
const SOFTPLUS_THRESHOLD: Readonly<Partial<Record<DType, number>>> = {
  float64: Math.log(2 ** -52) + 2,
  float32: Math.log(2 ** -23) + 2,
  float16: Math.log(2 ** -10) + 2,
  bfloat16: Math.log(2 ** -7) + 2,
};

type Float1 = (x: number) => number;
type Float2 = (g: number, f: number) => number;

/** An elementwise float map with DAZ/FTZ, computing in the dtype's working precision. */
function mapFloat(x: NDArray, f: Float1): NDArray {
  const work = floatWork(x.dtype);
  const v = dazValues(floatValues(x), work.tiny);
  const out = floatScratch(x.dtype, v.length);
  for (let i = 0; i < v.length; i++) out[i] = f(v[i] as number);
  flushSubnormals(out, work.tiny);
  return fromFloatValues(x.dtype, x.shape, out);
}

function mapFloat2(a: NDArray, b: NDArray, f: Float2): NDArray {
  const work = floatWork(a.dtype);
  const u = dazValues(floatValues(a), work.tiny);
  const v = dazValues(floatValues(b), work.tiny);
  const out = floatScratch(a.dtype, u.length);
  for (let i = 0; i < u.length; i++) out[i] = f(u[i] as number, v[i] as number);
  flushSubnormals(out, work.tiny);
  return fromFloatValues(a.dtype, a.shape, out);
}

interface ActivationSpec {
  readonly op: OpDefinition;
  readonly dtypes: readonly DType[];
  /** Float formula for a working precision (each step rounded as TF's Eigen expression). */
  readonly float: (w: FloatWork, attrs: Readonly<Record<string, unknown>>, dtype: DType) => Float1;
  /** Integer formula (integers for Relu/Relu6). */
  readonly int?: (x: number) => number;
  readonly big?: (x: bigint) => bigint;
}

const ACTIVATIONS: readonly ActivationSpec[] = [
  {
    op: ops.Relu,
    dtypes: [...FLOATS, ...INTS],
    // max(x, 0): the vectorized float32/float64 path gives +0 for -0; half types keep x.
    float: (w) => (w.half ? (x) => (x < 0 ? 0 : x) : (x) => (x > 0 ? x : x !== x ? x : 0)),
    int: (x) => (x > 0 ? x : 0),
    big: (x) => (x > 0n ? x : 0n),
  },
  {
    op: ops.Relu6,
    dtypes: [...FLOATS, ...INTS],
    float: (w) =>
      w.half
        ? (x) => (x > 6 ? 6 : x < 0 ? 0 : x)
        : (x) => (x !== x ? x : x > 6 ? 6 : x > 0 ? x : 0),
    int: (x) => (x > 6 ? 6 : x > 0 ? x : 0),
    big: (x) => (x > 6n ? 6n : x > 0n ? x : 0n),
  },
  {
    op: ops.Elu,
    dtypes: FLOATS,
    // exp(x) - 1, not expm1, as TF's functor writes it.
    float: (w) => (x) => (x < 0 ? w.round(w.round(Math.exp(x)) - 1) : x),
  },
  {
    op: ops.Selu,
    dtypes: FLOATS,
    float: (w) => {
      const sa = w.round(SELU_SCALE_ALPHA);
      const s = w.round(SELU_SCALE);
      return (x) => (x < 0 ? sa * w.round(w.round(Math.exp(x)) - 1) : s * x);
    },
  },
  {
    op: ops.LeakyRelu,
    dtypes: FLOATS,
    float: (w, attrs) => {
      // alpha is a float attr: float32, then converted to T.
      const alpha = w.round(Math.fround(attrs.alpha as number));
      return (x) => (x > 0 ? x : x * alpha);
    },
  },
  {
    op: ops.Softplus,
    dtypes: FLOATS,
    // log(exp(x) + 1) between thresholds at log(epsilon) + 2; float16 comes out as the
    // float32 result rounded once, bfloat16 steps in bfloat16 and uses log1p.
    float: (w0, _attrs, dtype) => {
      const w = dtype === 'float16' ? WORK_F32 : w0;
      const t = w.round(SOFTPLUS_THRESHOLD[dtype === 'float16' ? 'float32' : dtype] as number);
      const bf16 = dtype === 'bfloat16';
      return (x) => {
        if (x > -t) return x;
        const e = w.round(Math.exp(x));
        if (x < t) return e;
        return bf16 ? Math.log1p(e) : Math.log(w.round(e + 1));
      };
    },
  },
  {
    op: ops.Softsign,
    dtypes: FLOATS,
    float: (w) => (x) => x / w.round(1 + Math.abs(x)),
  },
];

function activationKernel(spec: ActivationSpec): KernelDef {
  return defineKernel(spec.op, {
    deviceType: 'CPU',
    typeConstraints: { T: spec.dtypes },
    create: ({ attrs, inputDTypes }) => {
      const dtype = inputDTypes[0] as DType;
      const kind = elementKind(dtype);
      const f = kind === 'float' ? spec.float(floatWork(dtype), attrs, dtype) : null;
      const direct = isDirectFloat(dtype);
      const fused = direct ? fusedUnaryLoop(spec.op.name) : undefined;
      const flush = dtype === 'float64' ? FLUSH_F64 : FLUSH_F32;
      return (ctx) => {
        const x = inputArray(ctx, 0);
        if (fused !== undefined) {
          const out = floatOutputOver(ctx, 0, x);
          const rt = dtype === 'float32' ? (wasmOf(ctx)?.rt ?? null) : null;
          runFusedUnary(fused, spec.op.name, out, x.data as FloatArray, flush, rt);
          return;
        }
        if (f !== null && direct) {
          // Written over x when this node is its last reader.
          const work = floatWork(dtype);
          const v = dazValues(x.data as FloatArray, work.tiny);
          const out = floatOutputOver(ctx, 0, x);
          for (let i = 0; i < v.length; i++) out[i] = f(v[i] as number);
          flushSubnormals(out, work.tiny);
          return;
        }
        if (f !== null) {
          setOutputArray(ctx, 0, mapFloat(x, f));
          return;
        }
        const out = newArray(dtype, x.shape);
        if (kind === 'bigint') {
          const g = spec.big as (v: bigint) => bigint;
          const v = x.data as BigIntArray;
          const o = out.data as BigIntArray;
          for (let i = 0; i < v.length; i++) o[i] = g(v[i] as bigint);
        } else {
          const g = spec.int as (v: number) => number;
          const v = x.data as NumberArray;
          const o = out.data as NumberArray;
          for (let i = 0; i < v.length; i++) o[i] = g(v[i] as number);
        }
        setOutputArray(ctx, 0, out);
      };
    },
  });
}

interface GradSpec {
  readonly op: OpDefinition;
  readonly dtypes: readonly DType[];
  /** (gradient, second input) in the working precision. */
  readonly float: (w: FloatWork, attrs: Readonly<Record<string, unknown>>) => Float2;
  readonly int?: (g: number, f: number) => number;
  readonly big?: (g: bigint, f: bigint) => bigint;
}

const GRADS: readonly GradSpec[] = [
  {
    op: ops.ReluGrad,
    dtypes: [...FLOATS, ...INTS],
    // g * (f > 0): a zero keeps g's sign.
    float: () => (g, f) => (f > 0 ? g : g * 0),
    int: (g, f) => (f > 0 ? g : 0),
    big: (g, f) => (f > 0n ? g : 0n),
  },
  {
    op: ops.Relu6Grad,
    dtypes: [...FLOATS, ...INTS],
    float: () => (g, f) => (f > 0 && f < 6 ? g : g * 0),
    int: (g, f) => (f > 0 && f < 6 ? g : 0),
    big: (g, f) => (f > 0n && f < 6n ? g : 0n),
  },
  {
    op: ops.EluGrad,
    dtypes: FLOATS,
    // Takes Elu's outputs: g * (y + 1) where y < 0.
    float: (w) => (g, y) => (y < 0 ? g * w.round(y + 1) : g),
  },
  {
    op: ops.SeluGrad,
    dtypes: FLOATS,
    float: (w) => {
      const sa = w.round(SELU_SCALE_ALPHA);
      const s = w.round(SELU_SCALE);
      return (g, y) => (y < 0 ? g * w.round(y + sa) : g * s);
    },
  },
  {
    op: ops.LeakyReluGrad,
    dtypes: FLOATS,
    float: (w, attrs) => {
      const alpha = w.round(Math.fround(attrs.alpha as number));
      return (g, f) => (f > 0 ? g : g * alpha);
    },
  },
  {
    op: ops.SoftplusGrad,
    dtypes: FLOATS,
    float: (w) => (g, f) => g / w.round(w.round(Math.exp(-f)) + 1),
  },
  {
    op: ops.SoftsignGrad,
    dtypes: FLOATS,
    float: (w) => (g, f) => {
      const d = w.round(1 + Math.abs(f));
      return g / w.round(d * d);
    },
  },
];

function gradKernel(spec: GradSpec): KernelDef {
  return defineKernel(spec.op, {
    deviceType: 'CPU',
    typeConstraints: { T: spec.dtypes },
    create: ({ attrs, inputDTypes, nodeName }) => {
      const dtype = inputDTypes[0] as DType;
      const kind = elementKind(dtype);
      const f = kind === 'float' ? spec.float(floatWork(dtype), attrs) : null;
      return (ctx) => {
        const g = inputArray(ctx, 0);
        const x = inputArray(ctx, 1);
        if (g.shape.join(',') !== x.shape.join(',') || g.shape.length !== x.shape.length) {
          throw new InvalidArgumentError(
            null,
            null,
            `Inputs to operation ${nodeName} of type ${spec.op.name} must have the same size and shape.  ` +
              `Input 0: ${shapeString(g.shape)} != input 1: ${shapeString(x.shape)}`,
          );
        }
        if (f !== null) {
          setOutputArray(ctx, 0, mapFloat2(g, x, f));
          return;
        }
        const out = newArray(dtype, g.shape);
        if (kind === 'bigint') {
          const h = spec.big as (a: bigint, b: bigint) => bigint;
          const u = g.data as BigIntArray;
          const v = x.data as BigIntArray;
          const o = out.data as BigIntArray;
          for (let i = 0; i < u.length; i++) o[i] = h(u[i] as bigint, v[i] as bigint);
        } else {
          const h = spec.int as (a: number, b: number) => number;
          const u = g.data as NumberArray;
          const v = x.data as NumberArray;
          const o = out.data as NumberArray;
          for (let i = 0; i < u.length; i++) o[i] = h(u[i] as number, v[i] as number);
        }
        setOutputArray(ctx, 0, out);
      };
    },
  });
}

/**
 * SigmoidGrad(y, dy) = dy * (y * (1 - y)) and TanhGrad(y, dy) = dy * (1 - y * y), rounded
 * step by step (complex: (dy * y) * (1 - y), without conjugation, as TF computes them).
 */
function outputGradKernel(op: OpDefinition, sigmoid: boolean): KernelDef {
  return defineKernel(op, {
    deviceType: 'CPU',
    typeConstraints: { T: FLOAT_COMPLEX },
    create: ({ inputDTypes }) => {
      const dtype = inputDTypes[0] as DType;
      const work = floatWork(dtype);
      const r = work.round;
      return (ctx) => {
        const y = inputArray(ctx, 0);
        const dy = inputArray(ctx, 1);
        if (y.size !== dy.size) {
          throw new InvalidArgumentError(
            null,
            null,
            `The two arguments to a cwise op must have same number of elements, got ${y.size} and ${dy.size}`,
          );
        }
        if (COMPLEX.includes(dtype as (typeof COMPLEX)[number])) {
          const m = new ComplexMath(r);
          const s = new Float64Array(4);
          const out = newArray(dtype, y.shape);
          const o = out.data as FloatArray;
          const u = y.data as FloatArray;
          const v = dy.data as FloatArray;
          for (let i = 0; i < u.length; i += 2) {
            const yr = u[i] as number;
            const yi = u[i + 1] as number;
            if (sigmoid) {
              m.mul(v[i] as number, v[i + 1] as number, yr, yi, s, 0);
              m.mul(s[0] as number, s[1] as number, r(1 - yr), -yi, o, i);
            } else {
              m.mul(yr, yi, yr, yi, s, 2);
              m.mul(
                v[i] as number,
                v[i + 1] as number,
                r(1 - (s[2] as number)),
                -(s[3] as number),
                o,
                i,
              );
            }
          }
          setOutputArray(ctx, 0, out);
          return;
        }
        const f: Float2 = sigmoid
          ? (yv, d) => d * r(yv * r(1 - yv))
          : (yv, d) => d * r(1 - r(yv * yv));
        setOutputArray(ctx, 0, mapFloat2(y, dy, f));
      };
    },
  });
}

export const ACTIVATION_KERNELS: readonly KernelDef[] = [
  ...ACTIVATIONS.map(activationKernel),
  ...GRADS.map(gradKernel),
  outputGradKernel(ops.SigmoidGrad, true),
  outputGradKernel(ops.TanhGrad, false),
];
