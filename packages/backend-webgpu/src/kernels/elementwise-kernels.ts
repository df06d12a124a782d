import {
  defineKernel,
  ops,
  tryBroadcastShape,
  type DType,
  type KernelDef,
  type OpDefinition,
} from '@tensorgraph/core';
import { elementwise, incompatible } from './broadcast.js';
import { f32, gpuInput } from './program.js';

type Expr = (x: string, y: string) => string;
type OpName = keyof typeof ops;

function op(name: string): OpDefinition {
  return (ops as unknown as Record<string, OpDefinition>)[name] as OpDefinition;
}

/** Unary float32 ops: WGSL of `x`. */
const UNARY_F32: Record<string, (x: string) => string> = {
  Neg: (x) => `neg_bits(${x})`,
  Abs: (x) => `abs_bits(${x})`,
  Exp: (x) => `tf_exp(${x})`,
  Log: (x) => `tf_log(${x})`,
  Sqrt: (x) => `sqrt(${x})`,
  Rsqrt: (x) => `1.0 / sqrt(${x})`,
  Square: (x) => `${x} * ${x}`,
  Tanh: (x) => `tf_tanh(${x})`,
  Sigmoid: (x) => `tf_sigmoid(${x})`,
  // TF's max(x, 0) gives 0 for NaN and -0.
  Relu: (x) => `select(0.0, ${x}, ${x} > 0.0 || is_nan(${x}))`,
  Relu6: (x) =>
    `select(select(6.0, select(0.0, ${x}, ${x} > 0.0), ${x} < 6.0), ${x}, is_nan(${x}))`,
  Elu: (x) => `select(${x}, tf_expm1(${x}), ${x} < 0.0)`,
  Softplus: (x) => `tf_softplus(${x})`,
  Floor: (x) => `floor(${x})`,
  Ceil: (x) => `ceil(${x})`,
  Round: (x) => `tf_round(${x})`,
  Sign: (x) => `tf_sign(${x})`,
  Reciprocal: (x) => `1.0 / ${x}`,
  Inv: (x) => `1.0 / ${x}`,
  Log1p: (x) => `tf_log1p(${x})`,
  Expm1: (x) => `tf_expm1(${x})`,
};

/** Unary int32 ops (wrapping as TF's int32 arithmetic does). */
const UNARY_I32: Record<string, (x: string) => string> = {
  Neg: (x) => `-${x}`,
  Abs: (x) => `select(${x}, -${x}, ${x} < 0)`,
  Square: (x) => `${x} * ${x}`,
  Sign: (x) => `i_sign(${x})`,
  Relu: (x) => `select(${x}, 0, ${x} < 0)`,
  Relu6: (x) => `select(select(${x}, 0, ${x} < 0), 6, ${x} > 6)`,
};

/** Binary ops per dtype group: WGSL of `x`, `y`. */
const ARITH_F32: Record<string, Expr> = {
  Add: (x, y) => `${x} + ${y}`,
  AddV2: (x, y) => `${x} + ${y}`,
  Sub: (x, y) => `${x} - ${y}`,
  Mul: (x, y) => `${x} * ${y}`,
  RealDiv: (x, y) => `${x} / ${y}`,
  Div: (x, y) => `${x} / ${y}`,
  DivNoNan: (x, y) => `select(${x} / ${y}, 0.0, ${y} == 0.0)`,
  Maximum: (x, y) => `tf_max(${x}, ${y})`,
  Minimum: (x, y) => `tf_min(${x}, ${y})`,
  Pow: (x, y) => `tf_pow(${x}, ${y})`,
  SquaredDifference: (x, y) => `(${x} - ${y}) * (${x} - ${y})`,
};

const ARITH_I32: Record<string, Expr> = {
  Add: (x, y) => `${x} + ${y}`,
  AddV2: (x, y) => `${x} + ${y}`,
  Sub: (x, y) => `${x} - ${y}`,
  Mul: (x, y) => `${x} * ${y}`,
  Maximum: (x, y) => `i_max(${x}, ${y})`,
  Minimum: (x, y) => `i_min(${x}, ${y})`,
  SquaredDifference: (x, y) => `(${x} - ${y}) * (${x} - ${y})`,
};

const COMPARE: Record<string, string> = {
  Less: '<',
  LessEqual: '<=',
  Greater: '>',
  GreaterEqual: '>=',
  Equal: '==',
  NotEqual: '!=',
};

/**
 * A float32 comparison with IEEE NaN semantics stated outright: WGSL does not promise
 * them (SwiftShader answers NaN != x false), and `x != x` may be folded away.
 */
function compareF32(cmp: string, x: string, y: string): string {
  const nan = `is_nan(${x}) || is_nan(${y})`;
  return cmp === '!=' ? `(${x} != ${y} || ${nan})` : `(${x} ${cmp} ${y} && !(${nan}))`;
}

const LOGICAL: Record<string, Expr> = {
  LogicalAnd: (x, y) => `${x} & ${y}`,
  LogicalOr: (x, y) => `${x} | ${y}`,
};

function unaryKernel(name: string, dtypes: readonly DType[]): KernelDef {
  return defineKernel(op(name), {
    deviceType: 'WEBGPU',
    typeConstraints: { T: dtypes },
    create: ({ inputDTypes }) => {
      const table = inputDTypes[0] === 'int32' ? UNARY_I32 : UNARY_F32;
      const f = table[name] as (x: string) => string;
      return (ctx) => {
        const x = gpuInput(ctx, 0);
        // Sign flips and absolute values are bit operations in TF: no denormal flush.
        const flush = name !== 'Neg' && name !== 'Abs';
        return elementwise(ctx, [x], x.shape, x.dtype, ([v]) => f(v as string), flush);
      };
    },
  });
}

function binaryKernel(
  name: string,
  dtypes: readonly DType[],
  out: (t: DType) => DType,
  expr: (t: DType) => Expr,
): KernelDef {
  return defineKernel(op(name), {
    deviceType: 'WEBGPU',
    typeConstraints: { T: dtypes },
    create: ({ inputDTypes, attrs }) => {
      const t = inputDTypes[0] as DType;
      const f = expr(t);
      const outDType = out(t);
      return (ctx) => {
        const x = gpuInput(ctx, 0);
        const y = gpuInput(ctx, 1);
        const shape = tryBroadcastShape(x.shape, y.shape);
        if (shape === null) {
          // Equal/NotEqual with incompatible_shape_error=false answer one scalar.
          if (attrs.incompatible_shape_error === false) {
            const value = name === 'NotEqual' ? '1u' : '0u';
            return elementwise(ctx, [], [], 'bool', () => value);
          }
          throw incompatible(x.shape, y.shape);
        }
        return elementwise(ctx, [x, y], shape, outDType, ([a, b]) => f(a as string, b as string));
      };
    },
  });
}

function logicalKernel(name: string, f: Expr): KernelDef {
  return defineKernel(op(name), {
    deviceType: 'WEBGPU',
    create: () => (ctx) => {
      const x = gpuInput(ctx, 0);
      const y = gpuInput(ctx, 1);
      const shape = tryBroadcastShape(x.shape, y.shape);
      if (shape === null) throw incompatible(x.shape, y.shape);
      return elementwise(ctx, [x, y], shape, 'bool', ([a, b]) => f(a as string, b as string));
    },
  });
}

const kernels: KernelDef[] = [];
for (const name of Object.keys(UNARY_F32)) {
  if (!(name in ops)) continue;
  kernels.push(unaryKernel(name, name in UNARY_I32 ? ['float32', 'int32'] : ['float32']));
}
for (const name of Object.keys(ARITH_F32)) {
  const both = name in ARITH_I32;
  kernels.push(
    binaryKernel(
      name,
      both ? ['float32', 'int32'] : ['float32'],
      (t) => t,
      (t) => (t === 'int32' ? ARITH_I32 : ARITH_F32)[name] as Expr,
    ),
  );
}
for (const [name, cmp] of Object.entries(COMPARE)) {
  const eq = name === 'Equal' || name === 'NotEqual';
  kernels.push(
    binaryKernel(
      name,
      eq ? ['float32', 'int32', 'bool'] : ['float32', 'int32'],
      () => 'bool',
      (t) => (x, y) =>
        `select(0u, 1u, ${t === 'float32' ? compareF32(cmp, x, y) : `${x} ${cmp} ${y}`})`,
    ),
  );
}
for (const [name, f] of Object.entries(LOGICAL)) kernels.push(logicalKernel(name, f));
kernels.push(
  defineKernel(ops.LogicalNot, {
    deviceType: 'WEBGPU',
    create: () => (ctx) => {
      const x = gpuInput(ctx, 0);
      return elementwise(ctx, [x], x.shape, 'bool', ([v]) => `1u - ${v as string}`);
    },
  }),
  defineKernel(ops.LeakyRelu, {
    deviceType: 'WEBGPU',
    typeConstraints: { T: ['float32'] },
    create: ({ attrs }) => {
      const alpha = attrs.alpha;
      return (ctx) => {
        const x = gpuInput(ctx, 0);
        return elementwise(
          ctx,
          [x],
          x.shape,
          'float32',
          ([v]) => `select(${v as string} * ${f32(alpha)}, ${v as string}, ${v as string} > 0.0)`,
        );
      };
    },
  }),
);

/** Elementwise unary, binary (broadcasting), comparison and logical kernels. */
export const ELEMENTWISE_KERNELS: readonly KernelDef[] = kernels;
export type { OpName };
