import { InternalError, InvalidArgumentError } from '@tensorgraph/errors';
import {
  defineKernel,
  ops,
  type DType,
  type KernelContext,
  type KernelDef,
  type NDArray,
  type OpDefinition,
} from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { planBroadcast } from './broadcast.js';
import {
  FLUSH_F32,
  FLUSH_F64,
  fusedBinaryLoop,
  runFused,
  wasmBinaryOp,
  type WasmBinary,
} from './fast-float.js';
import { wasmOf } from '../../wasm/context.js';
import type { BinaryRowsOp } from '../../wasm/f32-kernels.js';
import { ComplexMath, type ComplexBinary } from './complex-math.js';
import { COMPLEX, FLOATS, INTS, SIGNED_INTS } from './dtype-groups.js';
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
  type FloatWork,
  type NumberArray,
} from './elementwise.js';

type IntFn = (x: number, y: number) => number;
type BigFn = (x: bigint, y: bigint) => bigint;

/**
 * One elementwise binary op with TF's broadcasting: its dtypes (TF's CPU registrations) and
 * an implementation per element kind. `int`/`big` factories get the dtype's bit width and
 * signedness; `zeroDivisor` makes a zero in an integer divisor TF's error.
 */
interface BinarySpec {
  readonly op: OpDefinition;
  readonly dtypes: readonly DType[];
  readonly float?: (work: FloatWork) => (x: number, y: number) => number;
  /**
   * Which operands read subnormals as zero (default 'both'); the mod ops take x through
   * libm's exact fmod, which does not. `ftz: false` keeps subnormal results.
   */
  readonly daz?: 'both' | 'y';
  readonly ftz?: boolean;
  /** Integer Pow: a negative exponent anywhere is TF's error. */
  readonly nonNegativeExponent?: boolean;
  readonly int?: (bits: number, signed: boolean) => IntFn;
  readonly big?: (signed: boolean) => BigFn;
  readonly complex?: (m: ComplexMath) => ComplexBinary;
  readonly zeroDivisor?: 'invalid' | 'internal';
}

const INT_BITS: Readonly<Record<string, number>> = {
  int8: 8,
  int16: 16,
  int32: 32,
  uint8: 8,
  uint16: 16,
  uint32: 32,
  int64: 64,
  uint64: 64,
};

const f = (fn: (x: number, y: number) => number) => () => fn;
const i = (fn: IntFn) => () => fn;
const b = (fn: BigFn) => () => fn;

/** C's pow where it differs from Math.pow: 1^y and (-1)^(+-inf) are 1. */
export function cPow(x: number, y: number): number {
  if (x === 1) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

/**
 * Python-style modulo of floats, as TF's FloorMod: fmod, moved to the divisor's sign. The
 * test for a zero remainder reads a subnormal remainder as zero (DAZ), keeping it as is.
 */
function floorModFloat(w: FloatWork): (x: number, y: number) => number {
  const tiny = w.tiny;
  return (x, y) => {
    const r = x % y;
    return (r >= tiny || r <= -tiny) && y < 0 !== r < 0 ? w.round(r + y) : r;
  };
}

function floorModInt(x: number, y: number): number {
  const r = x % y;
  return r !== 0 && y < 0 !== r < 0 ? r + y : r;
}

function floorModBig(x: bigint, y: bigint): bigint {
  const r = x % y;
  return r !== 0n && y < 0n !== r < 0n ? r + y : r;
}

function floorDivBig(x: bigint, y: bigint): bigint {
  const q = x / y;
  return x % y !== 0n && x < 0n !== y < 0n ? q - 1n : q;
}

/** x^y for y >= 0 by squaring, wrapping in 32 bits (narrower types wrap when stored). */
function powInt(x: number, y: number): number {
  let result = 1;
  let base = x;
  let e = y;
  while (e > 0) {
    if (e & 1) result = Math.imul(result, base);
    base = Math.imul(base, base);
    e >>>= 1;
  }
  return result;
}

function powBig(signed: boolean): BigFn {
  const wrap = signed ? (v: bigint) => BigInt.asIntN(64, v) : (v: bigint) => BigInt.asUintN(64, v);
  return (x, y) => {
    let result = 1n;
    let base = x;
    let e = y;
    while (e > 0n) {
      if (e & 1n) result = wrap(result * base);
      base = wrap(base * base);
      e >>= 1n;
    }
    return result;
  };
}

/** TF clamps shift amounts to [0, bits - 1]. */
const clampShift = (y: number, bits: number) => (y < 0 ? 0 : y > bits - 1 ? bits - 1 : y);

const SPECS: readonly BinarySpec[] = [
  {
    op: ops.Add,
    dtypes: [...FLOATS, 'uint8', 'int8', 'int16', 'int32', 'int64', ...COMPLEX, 'string'],
    float: f((x, y) => x + y),
    int: i((x, y) => x + y),
    big: b((x, y) => x + y),
    complex: () => (ar, ai, br, bi, d, o) => {
      d[o] = ar + br;
      d[o + 1] = ai + bi;
    },
  },
  {
    op: ops.AddV2,
    dtypes: [...FLOATS, ...INTS, ...COMPLEX],
    float: f((x, y) => x + y),
    int: i((x, y) => x + y),
    big: b((x, y) => x + y),
    complex: () => (ar, ai, br, bi, d, o) => {
      d[o] = ar + br;
      d[o + 1] = ai + bi;
    },
  },
  {
    op: ops.Sub,
    dtypes: [...FLOATS, ...INTS, ...COMPLEX],
    float: f((x, y) => x - y),
    int: i((x, y) => x - y),
    big: b((x, y) => x - y),
    complex: () => (ar, ai, br, bi, d, o) => {
      d[o] = ar - br;
      d[o + 1] = ai - bi;
    },
  },
  {
    op: ops.Mul,
    dtypes: [...FLOATS, ...INTS, ...COMPLEX],
    float: f((x, y) => x * y),
    int: i(Math.imul),
    big: b((x, y) => x * y),
    complex: (m) => m.mul,
  },
  {
    op: ops.Div,
    dtypes: [...FLOATS, ...INTS, ...COMPLEX],
    float: f((x, y) => x / y),
    int: i((x, y) => Math.trunc(x / y)),
    big: b((x, y) => x / y),
    complex: (m) => m.div,
    zeroDivisor: 'invalid',
  },
  {
    op: ops.RealDiv,
    dtypes: [...FLOATS, ...COMPLEX],
    float: f((x, y) => x / y),
    complex: (m) => m.div,
  },
  {
    op: ops.DivNoNan,
    dtypes: [...FLOATS, ...COMPLEX],
    float: f((x, y) => (y === 0 ? 0 : x / y)),
    complex: (m) => (ar, ai, br, bi, d, o) => {
      if (br === 0 && bi === 0) {
        d[o] = 0;
        d[o + 1] = 0;
      } else m.div(ar, ai, br, bi, d, o);
    },
  },
  {
    op: ops.FloorDiv,
    dtypes: [...FLOATS, ...INTS],
    float: f((x, y) => Math.floor(x / y)),
    int: i((x, y) => Math.floor(x / y)),
    big: b(floorDivBig),
    zeroDivisor: 'invalid',
  },
  {
    op: ops.TruncateDiv,
    dtypes: [...FLOATS, ...INTS],
    float: f((x, y) => Math.trunc(x / y)),
    int: i((x, y) => Math.trunc(x / y)),
    big: b((x, y) => x / y),
    zeroDivisor: 'internal',
  },
  {
    op: ops.FloorMod,
    dtypes: [...FLOATS, ...INTS],
    float: floorModFloat,
    daz: 'y',
    ftz: false,
    int: i(floorModInt),
    big: b(floorModBig),
    zeroDivisor: 'invalid',
  },
  {
    op: ops.TruncateMod,
    dtypes: ['float32', 'float64', 'int32', 'int64'],
    float: f((x, y) => x % y),
    daz: 'y',
    ftz: false,
    int: i((x, y) => x % y),
    big: b((x, y) => x % y),
    zeroDivisor: 'internal',
  },
  {
    op: ops.Mod,
    dtypes: ['float32', 'float64', 'int32', 'int64'],
    float: f((x, y) => x % y),
    daz: 'y',
    ftz: false,
    int: i((x, y) => x % y),
    big: b((x, y) => x % y),
    zeroDivisor: 'invalid',
  },
  {
    op: ops.Maximum,
    dtypes: [...FLOATS, ...INTS],
    // NaN propagates. On ties (0 and -0) float32/float64 give the second operand, as maxps
    // does on TF's vectorized path (its scalar tail would give the first); half types the first.
    float: (w) =>
      w.half
        ? (x, y) => (x !== x || y !== y ? x + y : x < y ? y : x)
        : (x, y) => (x !== x || y !== y ? x + y : x > y ? x : y),
    int: i((x, y) => (x < y ? y : x)),
    big: b((x, y) => (x < y ? y : x)),
  },
  {
    op: ops.Minimum,
    dtypes: [...FLOATS, ...INTS],
    float: (w) =>
      w.half
        ? (x, y) => (x !== x || y !== y ? x + y : y < x ? y : x)
        : (x, y) => (x !== x || y !== y ? x + y : x < y ? x : y),
    int: i((x, y) => (y < x ? y : x)),
    big: b((x, y) => (y < x ? y : x)),
  },
  {
    op: ops.Pow,
    dtypes: [...FLOATS, ...SIGNED_INTS, ...COMPLEX],
    float: f(cPow),
    int: i(powInt),
    big: (signed) => powBig(signed),
    complex: (m) => m.pow,
    nonNegativeExponent: true,
  },
  {
    op: ops.SquaredDifference,
    dtypes: [...FLOATS, 'int32', 'int64', ...COMPLEX],
    float: (w) => (x, y) => {
      const d = w.round(x - y);
      return d * d;
    },
    int: i((x, y) => {
      const d = (x - y) | 0;
      return Math.imul(d, d);
    }),
    big: b((x, y) => {
      const d = BigInt.asIntN(64, x - y);
      return d * d;
    }),
    complex: (m) => m.squaredDifference,
  },
  { op: ops.Atan2, dtypes: FLOATS, float: f(Math.atan2) },
  {
    op: ops.Xdivy,
    dtypes: [...FLOATS, ...COMPLEX],
    // A zero x is returned as is, sign included.
    float: f((x, y) => (x === 0 ? x : x / y)),
    complex: (m) => (ar, ai, br, bi, d, o) => {
      if (ar === 0 && ai === 0) {
        d[o] = 0;
        d[o + 1] = 0;
      } else m.div(ar, ai, br, bi, d, o);
    },
  },
  {
    op: ops.Xlogy,
    dtypes: [...FLOATS, ...COMPLEX],
    float: (w) => (x, y) => (x === 0 ? x : x * w.round(Math.log(y))),
    complex: (m) => m.xlogy,
  },
  {
    op: ops.MulNoNan,
    dtypes: [...FLOATS, ...COMPLEX],
    float: f((x, y) => (y === 0 ? 0 : x * y)),
    complex: (m) => (ar, ai, br, bi, d, o) => {
      if (br === 0 && bi === 0) {
        d[o] = 0;
        d[o + 1] = 0;
      } else m.mul(ar, ai, br, bi, d, o);
    },
  },
  { op: ops.BitwiseAnd, dtypes: INTS, int: i((x, y) => x & y), big: b((x, y) => x & y) },
  { op: ops.BitwiseOr, dtypes: INTS, int: i((x, y) => x | y), big: b((x, y) => x | y) },
  { op: ops.BitwiseXor, dtypes: INTS, int: i((x, y) => x ^ y), big: b((x, y) => x ^ y) },
  {
    op: ops.LeftShift,
    dtypes: INTS,
    int: (bits) => (x, y) => x << clampShift(y, bits),
    big: () => (x, y) => x << (y < 0n ? 0n : y > 63n ? 63n : y),
  },
  {
    op: ops.RightShift,
    dtypes: INTS,
    int: (bits, signed) =>
      signed ? (x, y) => x >> clampShift(y, bits) : (x, y) => x >>> clampShift(y, bits),
    big: () => (x, y) => x >> (y < 0n ? 0n : y > 63n ? 63n : y),
  },
];

type Run = (a: NDArray, b: NDArray) => NDArray;

function hasZero(a: NDArray): boolean {
  const data = a.data as NumberArray | BigIntArray;
  for (let k = 0; k < data.length; k++) if (data[k] == 0) return true;
  return false;
}

function checkExponent(spec: BinarySpec, exponent: NDArray): void {
  if (spec.nonNegativeExponent !== true) return;
  const data = exponent.data as NumberArray | BigIntArray;
  for (let k = 0; k < data.length; k++) {
    if ((data[k] as number | bigint) < 0) {
      throw new InvalidArgumentError(
        null,
        null,
        'Integers to negative integer powers are not allowed',
      );
    }
  }
}

function checkDivisor(spec: BinarySpec, divisor: NDArray): void {
  if (spec.zeroDivisor === undefined || !hasZero(divisor)) return;
  if (spec.zeroDivisor === 'invalid') {
    throw new InvalidArgumentError(null, null, 'Integer division by zero');
  }
  // TF's TruncateDiv/TruncateMod flag the error through a path that reports it this way.
  throw new InternalError(
    null,
    null,
    'Unexpected error in binary operator (only integer div and mod should have errors)',
  );
}

function floatRun(spec: BinarySpec, dtype: DType): Run {
  const work = floatWork(dtype);
  const fn = (spec.float as (w: FloatWork) => (x: number, y: number) => number)(work);
  const dazX = (spec.daz ?? 'both') === 'both';
  const ftz = spec.ftz !== false;
  return (a, b) => {
    const plan = planBroadcast(a.shape, b.shape);
    let x = floatValues(a);
    if (dazX) x = dazValues(x, work.tiny);
    const y = dazValues(floatValues(b), work.tiny);
    const out = floatScratch(dtype, plan.size);
    plan.forEachRow((o, ia, ib, n, sa, sb) => {
      for (let k = 0; k < n; k++)
        out[o + k] = fn(x[ia + k * sa] as number, y[ib + k * sb] as number);
    });
    if (ftz) flushSubnormals(out, work.tiny);
    return fromFloatValues(dtype, plan.shape, out);
  };
}

/**
 * float32/float64 ops with their output written over an input of the output's shape when
 * the step allows it (element k of that input is read before element k is written).
 */
function floatForwardRun(
  spec: BinarySpec,
  dtype: DType,
): (ctx: KernelContext, a: NDArray, b: NDArray) => void {
  const work = floatWork(dtype);
  const fn = (spec.float as (w: FloatWork) => (x: number, y: number) => number)(work);
  const dazX = (spec.daz ?? 'both') === 'both';
  const ftz = spec.ftz !== false;
  const fused = dazX && ftz ? fusedBinaryLoop(spec.op.name) : undefined;
  const flush = dtype === 'float64' ? FLUSH_F64 : FLUSH_F32;
  const wasmOp =
    fused !== undefined && dtype === 'float32' ? wasmBinaryOp(spec.op.name) : undefined;
  return (ctx, a, b) => {
    const plan = planBroadcast(a.shape, b.shape);
    if (fused !== undefined) {
      const over = sameShape(a.shape, plan.shape) ? 0 : sameShape(b.shape, plan.shape) ? 1 : -1;
      const out =
        over < 0
          ? ((ctx.allocateOutput(0, plan.shape).handle as NDArray).data as FloatArray)
          : floatOutputOver(ctx, over, over === 0 ? a : b);
      runFused(
        fused,
        plan,
        out,
        a.data as FloatArray,
        a.shape,
        b.data as FloatArray,
        b.shape,
        flush,
        wasmOp !== undefined ? wasmBinary(ctx, wasmOp) : null,
      );
      return;
    }
    let x = a.data as FloatArray;
    if (dazX) x = dazValues(x, work.tiny);
    const y = dazValues(b.data as FloatArray, work.tiny);
    const over = sameShape(a.shape, plan.shape) ? 0 : sameShape(b.shape, plan.shape) ? 1 : -1;
    const out =
      over < 0
        ? ((ctx.allocateOutput(0, plan.shape).handle as NDArray).data as FloatArray)
        : floatOutputOver(ctx, over, over === 0 ? a : b);
    plan.forEachRow((o, ia, ib, n, sa, sb) => {
      for (let k = 0; k < n; k++)
        out[o + k] = fn(x[ia + k * sa] as number, y[ib + k * sb] as number);
    });
    if (ftz) flushSubnormals(out, work.tiny);
  };
}

function wasmBinary(ctx: KernelContext, op: BinaryRowsOp): WasmBinary | null {
  const w = wasmOf(ctx);
  return w === null ? null : { rt: w.rt, op };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let d = 0; d < a.length; d++) if (a[d] !== b[d]) return false;
  return true;
}

function intRun(spec: BinarySpec, dtype: DType): Run {
  const fn = (spec.int as (bits: number, signed: boolean) => IntFn)(
    INT_BITS[dtype] as number,
    !dtype.startsWith('u'),
  );
  return (a, b) => {
    const plan = planBroadcast(a.shape, b.shape);
    checkDivisor(spec, b);
    checkExponent(spec, b);
    const x = a.data as NumberArray;
    const y = b.data as NumberArray;
    const result = newArray(dtype, plan.shape);
    const out = result.data as NumberArray;
    plan.forEachRow((o, ia, ib, n, sa, sb) => {
      for (let k = 0; k < n; k++)
        out[o + k] = fn(x[ia + k * sa] as number, y[ib + k * sb] as number);
    });
    return result;
  };
}

function bigRun(spec: BinarySpec, dtype: DType): Run {
  const fn = (spec.big as (signed: boolean) => BigFn)(dtype === 'int64');
  return (a, b) => {
    const plan = planBroadcast(a.shape, b.shape);
    checkDivisor(spec, b);
    checkExponent(spec, b);
    const x = a.data as BigIntArray;
    const y = b.data as BigIntArray;
    const result = newArray(dtype, plan.shape);
    const out = result.data as BigIntArray;
    plan.forEachRow((o, ia, ib, n, sa, sb) => {
      for (let k = 0; k < n; k++)
        out[o + k] = fn(x[ia + k * sa] as bigint, y[ib + k * sb] as bigint);
    });
    return result;
  };
}

function complexRun(spec: BinarySpec, dtype: DType): Run {
  const fn = (spec.complex as (m: ComplexMath) => ComplexBinary)(
    new ComplexMath(floatWork(dtype).round),
  );
  return (a, b) => {
    const plan = planBroadcast(a.shape, b.shape);
    const x = a.data as FloatArray;
    const y = b.data as FloatArray;
    const result = newArray(dtype, plan.shape);
    const out = result.data as FloatArray;
    plan.forEachRow((o, ia, ib, n, sa, sb) => {
      for (let k = 0; k < n; k++) {
        const p = 2 * (ia + k * sa);
        const q = 2 * (ib + k * sb);
        fn(
          x[p] as number,
          x[p + 1] as number,
          y[q] as number,
          y[q + 1] as number,
          out,
          2 * (o + k),
        );
      }
    });
    return result;
  };
}

/** Add on strings: byte concatenation, broadcast. */
function stringAddRun(): Run {
  return (a, b) => {
    const plan = planBroadcast(a.shape, b.shape);
    const x = a.data as Uint8Array[];
    const y = b.data as Uint8Array[];
    const result = newArray('string', plan.shape);
    const out = result.data;
    plan.forEachRow((o, ia, ib, n, sa, sb) => {
      for (let k = 0; k < n; k++) {
        const p = x[ia + k * sa] as Uint8Array;
        const q = y[ib + k * sb] as Uint8Array;
        const bytes = new Uint8Array(p.length + q.length);
        bytes.set(p);
        bytes.set(q, p.length);
        out[o + k] = bytes;
      }
    });
    return result;
  };
}

function runFor(spec: BinarySpec, dtype: DType): Run {
  switch (elementKind(dtype)) {
    case 'float':
      return floatRun(spec, dtype);
    case 'int':
      return intRun(spec, dtype);
    case 'bigint':
      return bigRun(spec, dtype);
    case 'complex':
      return complexRun(spec, dtype);
    case 'string':
      return stringAddRun();
    default:
      throw new TypeError(`${spec.op.name} has no ${dtype} kernel`);
  }
}

function binaryKernel(spec: BinarySpec): KernelDef {
  return defineKernel(spec.op, {
    deviceType: 'CPU',
    typeConstraints: { T: spec.dtypes },
    create: ({ inputDTypes, outputDTypes }) => {
      const dtype = inputDTypes[0] as DType;
      const run = runFor(spec, dtype);
      const direct = isDirectFloat(dtype) && spec.float !== undefined && outputDTypes[0] === dtype;
      if (direct) {
        const forward = floatForwardRun(spec, dtype);
        return (ctx) => forward(ctx, inputArray(ctx, 0), inputArray(ctx, 1));
      }
      return (ctx) => setOutputArray(ctx, 0, run(inputArray(ctx, 0), inputArray(ctx, 1)));
    },
  });
}

/** Complex(real, imag): broadcast, float32 pairs to complex64 and float64 to complex128. */
const complexCpu = defineKernel(ops.Complex, {
  deviceType: 'CPU',
  typeConstraints: { T: ['float32', 'float64'], Tout: ['complex64', 'complex128'] },
  create: ({ outputDTypes }) => {
    const dtype = outputDTypes[0] as DType;
    return (ctx) => {
      const a = inputArray(ctx, 0);
      const b = inputArray(ctx, 1);
      const plan = planBroadcast(a.shape, b.shape);
      const x = a.data as FloatArray;
      const y = b.data as FloatArray;
      const result = newArray(dtype, plan.shape);
      const out = result.data as FloatArray;
      plan.forEachRow((o, ia, ib, n, sa, sb) => {
        for (let k = 0; k < n; k++) {
          out[2 * (o + k)] = x[ia + k * sa] as number;
          out[2 * (o + k) + 1] = y[ib + k * sb] as number;
        }
      });
      setOutputArray(ctx, 0, result);
    };
  },
});

/** The elementwise binary kernels with TF's broadcasting (one table). */
export const BINARY_KERNELS: readonly KernelDef[] = [...SPECS.map(binaryKernel), complexCpu];
