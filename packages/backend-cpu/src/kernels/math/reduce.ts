import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  NDArray,
  defineKernel,
  ops,
  type DType,
  type KernelDef,
  type OpDefinition,
} from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { COMPLEX, FLOATS, INDEX_TYPES, INTS } from './dtype-groups.js';
import {
  elementKind,
  floatScratch,
  floatValues,
  floatWork,
  fromFloatValues,
  newArray,
  type BigIntArray,
  type FloatArray,
  type NumberArray,
} from './elementwise.js';

/** The axis values of a shape/axis tensor (int32 or int64) as numbers. */
export function axisValues(a: NDArray): number[] {
  return Array.from(a.data as ArrayLike<number | bigint>, (v) => Number(v));
}

/**
 * Where a reduction over some axes sends each input element: the output shape (with and
 * without kept dims), and for each input dim the output stride (0 on reduced dims).
 */
export interface ReducePlan {
  readonly outShape: readonly number[];
  readonly outSize: number;
  /** Elements folded into each output. */
  readonly count: number;
  readonly inShape: readonly number[];
  readonly outStrides: readonly number[];
}

/** TF's ReductionHelper checks: axes in range, no axis twice. */
export function planReduce(
  inShape: readonly number[],
  axes: readonly number[],
  keepDims: boolean,
): ReducePlan {
  const rank = inShape.length;
  const reduced = new Array<boolean>(rank).fill(false);
  for (const a of axes) {
    if (a < -rank || a >= rank) {
      throw new InvalidArgumentError(
        null,
        null,
        `Invalid reduction dimension (${a} for input with ${rank} dimension(s)`,
      );
    }
  }
  for (const a of axes) {
    const d = a < 0 ? a + rank : a;
    if (reduced[d]) {
      throw new InvalidArgumentError(
        null,
        null,
        `Invalid reduction arguments: Axes contains duplicate dimension: ${d}`,
      );
    }
    reduced[d] = true;
  }
  const outShape: number[] = [];
  const outStrides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let d = rank - 1; d >= 0; d--) {
    if (!reduced[d]) {
      outStrides[d] = stride;
      stride *= inShape[d] as number;
    }
  }
  let count = 1;
  for (let d = 0; d < rank; d++) {
    if (reduced[d]) {
      count *= inShape[d] as number;
      if (keepDims) outShape.push(1);
    } else outShape.push(inShape[d] as number);
  }
  return { outShape, outSize: stride, count, inShape, outStrides };
}

/** For each input element in row-major order, the output element it folds into. */
export function outputIndex(plan: ReducePlan): Int32Array {
  const { inShape, outStrides } = plan;
  let size = 1;
  for (const d of inShape) size *= d;
  const index = new Int32Array(size);
  const rank = inShape.length;
  const counter = new Array<number>(rank).fill(0);
  let at = 0;
  for (let i = 0; i < size; i++) {
    index[i] = at;
    for (let d = rank - 1; d >= 0; d--) {
      const c = (counter[d] as number) + 1;
      at += outStrides[d] as number;
      if (c < (inShape[d] as number)) {
        counter[d] = c;
        break;
      }
      counter[d] = 0;
      at -= c * (outStrides[d] as number);
    }
  }
  return index;
}

type Reducer = 'sum' | 'mean' | 'prod' | 'max' | 'min';

function reduceFloat(x: NDArray, plan: ReducePlan, how: Reducer, index: Int32Array): NDArray {
  const dtype = x.dtype;
  const work = floatWork(dtype);
  const v = floatValues(x);
  const n = plan.outSize;
  if (how === 'max' || how === 'min') {
    const acc = floatScratch(dtype, n).fill(how === 'max' ? -Infinity : Infinity);
    const max = how === 'max';
    for (let i = 0; i < v.length; i++) {
      const o = index[i] as number;
      const a = acc[o] as number;
      const e = v[i] as number;
      // NaN sticks; on ties the later element wins (as TF's vectorized max/min).
      if (a !== a) continue;
      if (e !== e) acc[o] = e;
      else acc[o] = max ? (a > e ? a : e) : a < e ? a : e;
    }
    return fromFloatValues(dtype, plan.outShape, acc);
  }
  const round = work.round;
  const prod = how === 'prod';
  const out = floatScratch(dtype, n);
  if (innerMost(plan)) {
    // Each output folds a contiguous run: Eigen's packet reducer (see `packetFold`).
    const lanes = work.wide ? 4 : 8;
    for (let o = 0; o < n; o++)
      out[o] = packetFold(v, o * plan.count, plan.count, lanes, prod, round);
  } else {
    // Reductions over outer dims accumulate sequentially, one output at a time.
    out.fill(prod ? 1 : 0);
    for (let i = 0; i < v.length; i++) {
      const o = index[i] as number;
      const a = out[o] as number;
      out[o] = round(prod ? a * (v[i] as number) : a + (v[i] as number));
    }
  }
  if (how === 'mean') for (let o = 0; o < n; o++) out[o] = round((out[o] as number) / plan.count);
  return fromFloatValues(dtype, plan.outShape, out);
}

/** Whether the reduced dims are the innermost ones (ignoring dims of extent 1). */
function innerMost(plan: ReducePlan): boolean {
  let seenKept = false;
  for (let d = plan.inShape.length - 1; d >= 0; d--) {
    if ((plan.inShape[d] as number) === 1) continue;
    const kept = (plan.outStrides[d] as number) !== 0;
    if (kept) seenKept = true;
    else if (seenKept) return false;
  }
  return true;
}

/**
 * Eigen's inner-most reduction of `count` values from `start`, each step rounded to the
 * working precision (float32 or the half type, as TF accumulates): one packet accumulator
 * of `lanes` lanes takes the whole packets, a scalar accumulator the tail, the lanes are
 * summed pairwise (halves, then quarters, ...) and the scalar is combined last. This
 * reproduces TF bit for bit on short runs; on long runs (and when TF splits work across
 * threads) Eigen unrolls differently and results agree within the fixtures' tolerance.
 */
function packetFold(
  v: FloatArray,
  start: number,
  count: number,
  lanes: number,
  prod: boolean,
  round: (x: number) => number,
): number {
  const op = prod ? (a: number, b: number) => round(a * b) : (a: number, b: number) => round(a + b);
  const identity = prod ? 1 : 0;
  const whole = count - (count % lanes);
  let scalar = identity;
  for (let j = whole; j < count; j++) scalar = op(scalar, v[start + j] as number);
  if (whole === 0) return scalar;
  const acc = new Float64Array(lanes).fill(identity);
  for (let j = 0; j < whole; j += lanes) {
    for (let l = 0; l < lanes; l++) acc[l] = op(acc[l] as number, v[start + j + l] as number);
  }
  for (let width = lanes / 2; width >= 1; width /= 2) {
    for (let l = 0; l < width; l++) acc[l] = op(acc[l] as number, acc[l + width] as number);
  }
  return op(scalar, acc[0] as number);
}

function reduceComplex(x: NDArray, plan: ReducePlan, how: Reducer, index: Int32Array): NDArray {
  const v = x.data as FloatArray;
  const out = newArray(x.dtype, plan.outShape);
  const o = out.data as FloatArray;
  const n = plan.outSize;
  const acc = new Float64Array(2 * n);
  if (how === 'prod') {
    for (let k = 0; k < n; k++) acc[2 * k] = 1;
    const round = floatWork(x.dtype).round;
    for (let i = 0; i < v.length / 2; i++) {
      const k = 2 * (index[i] as number);
      const ar = acc[k] as number;
      const ai = acc[k + 1] as number;
      const br = v[2 * i] as number;
      const bi = v[2 * i + 1] as number;
      acc[k] = round(round(ar * br) - round(ai * bi));
      acc[k + 1] = round(round(ar * bi) + round(ai * br));
    }
  } else {
    for (let i = 0; i < v.length / 2; i++) {
      const k = 2 * (index[i] as number);
      acc[k] = (acc[k] as number) + (v[2 * i] as number);
      acc[k + 1] = (acc[k + 1] as number) + (v[2 * i + 1] as number);
    }
  }
  const count = plan.count;
  for (let k = 0; k < 2 * n; k++) {
    // An empty complex mean is 0 in TF (not NaN as for real floats).
    o[k] = how === 'mean' ? (count === 0 ? 0 : (acc[k] as number) / count) : (acc[k] as number);
  }
  return out;
}

const INT_LIMITS: Readonly<Partial<Record<DType, readonly [number, number]>>> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
};

function reduceInt(x: NDArray, plan: ReducePlan, how: Reducer, index: Int32Array): NDArray {
  const v = x.data as NumberArray;
  const out = newArray(x.dtype, plan.outShape);
  const o = out.data as NumberArray;
  const [lowest, highest] = INT_LIMITS[x.dtype] ?? [0, 0];
  if (how === 'mean') {
    // TF accumulates integer means in a wider type, then truncates the quotient.
    const acc = new Float64Array(plan.outSize);
    for (let i = 0; i < v.length; i++) {
      const k = index[i] as number;
      acc[k] = (acc[k] as number) + (v[i] as number);
    }
    const count = plan.count;
    for (let k = 0; k < o.length; k++)
      o[k] = count === 0 ? 0 : Math.trunc((acc[k] as number) / count);
    return out;
  }
  if (how === 'sum') {
    for (let i = 0; i < v.length; i++) {
      const k = index[i] as number;
      o[k] = (o[k] as number) + (v[i] as number);
    }
  } else if (how === 'prod') {
    o.fill(1);
    for (let i = 0; i < v.length; i++) {
      const k = index[i] as number;
      o[k] = Math.imul(o[k] as number, v[i] as number);
    }
  } else {
    const max = how === 'max';
    o.fill(max ? lowest : highest);
    for (let i = 0; i < v.length; i++) {
      const k = index[i] as number;
      const e = v[i] as number;
      if (max ? e > (o[k] as number) : e < (o[k] as number)) o[k] = e;
    }
  }
  return out;
}

function reduceBig(x: NDArray, plan: ReducePlan, how: Reducer, index: Int32Array): NDArray {
  const v = x.data as BigIntArray;
  const out = newArray(x.dtype, plan.outShape);
  const o = out.data as BigIntArray;
  const signed = x.dtype === 'int64';
  if (how === 'sum' || how === 'mean') {
    for (let i = 0; i < v.length; i++) {
      const k = index[i] as number;
      o[k] = (o[k] as bigint) + (v[i] as bigint);
    }
    if (how === 'mean') {
      const count = BigInt(plan.count);
      for (let k = 0; k < o.length; k++) o[k] = count === 0n ? 0n : (o[k] as bigint) / count;
    }
  } else if (how === 'prod') {
    o.fill(1n);
    for (let i = 0; i < v.length; i++) {
      const k = index[i] as number;
      o[k] = (o[k] as bigint) * (v[i] as bigint);
    }
  } else {
    const max = how === 'max';
    const lowest = signed ? -(2n ** 63n) : 0n;
    const highest = signed ? 2n ** 63n - 1n : 2n ** 64n - 1n;
    o.fill(max ? lowest : highest);
    for (let i = 0; i < v.length; i++) {
      const k = index[i] as number;
      const e = v[i] as bigint;
      if (max ? e > (o[k] as bigint) : e < (o[k] as bigint)) o[k] = e;
    }
  }
  return out;
}

/**
 * The input as [outer, reduced, inner] when the reduced axes (ignoring extent-1 axes) are one
 * run of adjacent axes with kept axes after it, or null.
 */
function middleRun(plan: ReducePlan): [number, number, number] | null {
  const sizes = [1, 1, 1];
  let part = 0; // 0: kept axes before the run, 1: the run, 2: kept axes after it
  for (let d = 0; d < plan.inShape.length; d++) {
    const extent = plan.inShape[d] as number;
    if (extent === 1) continue;
    const kept = (plan.outStrides[d] as number) !== 0;
    if (part === 0 && !kept) part = 1;
    else if (part === 1 && kept) part = 2;
    else if (part === 2 && !kept) return null;
    sizes[part] = (sizes[part] as number) * extent;
  }
  return part === 2 ? (sizes as [number, number, number]) : null;
}

/**
 * float32 Sum/Mean of [outer, reduced, inner] over the middle axis (global average pooling
 * of NHWC is [N, H * W, C]): each output adds its `reduced` values in input order in float32,
 * the same sums in the same order as the general path, but a whole row of `inner` at a time
 * instead of through a per-element output index.
 */
function reduceMiddleF32(
  v: Float32Array,
  plan: ReducePlan,
  [outer, reduced, inner]: [number, number, number],
  mean: boolean,
): NDArray {
  const out = new Float32Array(plan.outSize);
  for (let o = 0; o < outer; o++) {
    const acc = out.subarray(o * inner, (o + 1) * inner);
    let at = o * reduced * inner;
    for (let r = 0; r < reduced; r++, at += inner) {
      for (let j = 0; j < inner; j++) acc[j] = (acc[j] as number) + (v[at + j] as number);
    }
    if (mean) for (let j = 0; j < inner; j++) acc[j] = (acc[j] as number) / plan.count;
  }
  return new NDArray('float32', plan.outShape, out);
}

function reduce(x: NDArray, plan: ReducePlan, how: Reducer): NDArray {
  if (x.dtype === 'float32' && (how === 'sum' || how === 'mean')) {
    const run = middleRun(plan);
    if (run !== null) return reduceMiddleF32(x.data as Float32Array, plan, run, how === 'mean');
  }
  const index = outputIndex(plan);
  switch (elementKind(x.dtype)) {
    case 'float':
      return reduceFloat(x, plan, how, index);
    case 'complex':
      return reduceComplex(x, plan, how, index);
    case 'bigint':
      return reduceBig(x, plan, how, index);
    default:
      return reduceInt(x, plan, how, index);
  }
}

function reduceKernel(op: OpDefinition, how: Reducer, dtypes: readonly DType[]): KernelDef {
  return defineKernel(op, {
    deviceType: 'CPU',
    typeConstraints: { T: dtypes, Tidx: INDEX_TYPES },
    create: ({ attrs }) => {
      const keepDims = (attrs as { keep_dims: boolean }).keep_dims;
      return (ctx) => {
        const x = inputArray(ctx, 0);
        const plan = planReduce(x.shape, axisValues(inputArray(ctx, 1)), keepDims);
        setOutputArray(ctx, 0, reduce(x, plan, how));
      };
    },
  });
}

function logicalReduceKernel(op: OpDefinition, all: boolean): KernelDef {
  return defineKernel(op, {
    deviceType: 'CPU',
    typeConstraints: { Tidx: INDEX_TYPES },
    create: ({ attrs }) => {
      const keepDims = (attrs as { keep_dims: boolean }).keep_dims;
      return (ctx) => {
        const x = inputArray(ctx, 0);
        const plan = planReduce(x.shape, axisValues(inputArray(ctx, 1)), keepDims);
        const index = outputIndex(plan);
        const out = newArray('bool', plan.outShape);
        const o = out.data;
        o.fill(all ? 1 : 0);
        const v = x.data as Uint8Array;
        for (let i = 0; i < v.length; i++) {
          if ((v[i] !== 0) !== all) o[index[i] as number] = all ? 0 : 1;
        }
        setOutputArray(ctx, 0, out);
      };
    },
  });
}

const SUMMABLE = [...FLOATS, ...INTS, ...COMPLEX];
const ORDERED = [...FLOATS, ...INTS];

/** Sum, Mean, Prod, Max, Min, All, Any over axes. */
export const REDUCE_KERNELS: readonly KernelDef[] = [
  reduceKernel(ops.Sum, 'sum', SUMMABLE),
  reduceKernel(ops.Mean, 'mean', SUMMABLE),
  reduceKernel(ops.Prod, 'prod', SUMMABLE),
  reduceKernel(ops.Max, 'max', ORDERED),
  reduceKernel(ops.Min, 'min', ORDERED),
  logicalReduceKernel(ops.All, true),
  logicalReduceKernel(ops.Any, false),
];
