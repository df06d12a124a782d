import { InvalidArgumentError } from '@tensorgraph/errors';
import type { NDArray } from '@tensorgraph/core';
import {
  defineKernel,
  ops,
  type DType,
  type KernelDef,
  type OpDefinition,
} from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { broadcastIndex, shapeString, sizeOf, tryBroadcastShape } from './broadcast.js';
import { COMPLEX } from './dtype-groups.js';
import { wasmOf } from '../../wasm/context.js';
import { matMulF32 } from '../../wasm/f32-kernels.js';
import {
  elementKind,
  isDirectFloat,
  floatValues,
  floatScratch,
  fromFloatValues,
  newArray,
  type BigIntArray,
  type FloatArray,
  type NumberArray,
} from './elementwise.js';

/** How one operand is read: its values, and whether it is transposed and/or conjugated. */
interface Operand {
  readonly values: ArrayLike<number | bigint>;
  readonly transpose: boolean;
  readonly conjugate: boolean;
}

/**
 * `batches` products of [m, k] by [k, n] matrices, where batch b reads its operands at the
 * matrix offsets `aAt[b]`, `bAt[b]` (broadcast batches reuse them). Floats accumulate in
 * float64 and round once (TF's GEMM adds in its own blocked order: the fixtures allow a few
 * ulp); integers wrap as they do in TF; complex operands may be conjugated (adjoint).
 */
function matMul(
  a: Operand,
  b: Operand,
  m: number,
  k: number,
  n: number,
  aAt: ArrayLike<number>,
  bAt: ArrayLike<number>,
  outType: DType,
  out: FloatArray | NumberArray | BigIntArray,
): void {
  const kind = elementKind(outType);
  const batches = aAt.length;
  // Strides of a[i][p] and b[p][j] within one matrix, transposes folded in.
  const aRow = a.transpose ? 1 : k;
  const aCol = a.transpose ? m : 1;
  const bRow = b.transpose ? 1 : n;
  const bCol = b.transpose ? k : 1;
  const mk = m * k;
  const kn = k * n;
  if (kind === 'complex') {
    const av = a.values as FloatArray;
    const bv = b.values as FloatArray;
    const o = out as FloatArray;
    const sa = a.conjugate ? -1 : 1;
    const sb = b.conjugate ? -1 : 1;
    for (let t = 0; t < batches; t++) {
      const ab = (aAt[t] as number) * mk;
      const bb = (bAt[t] as number) * kn;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let re = 0;
          let im = 0;
          for (let p = 0; p < k; p++) {
            const x = 2 * (ab + i * aRow + p * aCol);
            const y = 2 * (bb + p * bRow + j * bCol);
            const xr = av[x] as number;
            const xi = sa * (av[x + 1] as number);
            const yr = bv[y] as number;
            const yi = sb * (bv[y + 1] as number);
            re += xr * yr - xi * yi;
            im += xr * yi + xi * yr;
          }
          const o2 = 2 * ((t * m + i) * n + j);
          o[o2] = re;
          o[o2 + 1] = im;
        }
      }
    }
    return;
  }
  if (kind === 'bigint') {
    const av = a.values as BigIntArray;
    const bv = b.values as BigIntArray;
    const o = out as BigIntArray;
    for (let t = 0; t < batches; t++) {
      const ab = (aAt[t] as number) * mk;
      const bb = (bAt[t] as number) * kn;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0n;
          for (let p = 0; p < k; p++) {
            s +=
              (av[ab + i * aRow + p * aCol] as bigint) * (bv[bb + p * bRow + j * bCol] as bigint);
          }
          o[(t * m + i) * n + j] = BigInt.asIntN(64, s);
        }
      }
    }
    return;
  }
  const av = a.values as NumberArray;
  const bv = b.values as NumberArray;
  const o = out as NumberArray;
  const integer = kind === 'int';
  for (let t = 0; t < batches; t++) {
    const ab = (aAt[t] as number) * mk;
    const bb = (bAt[t] as number) * kn;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        if (integer) {
          // 32-bit wrapping multiply-adds (narrower outputs wrap again when stored).
          for (let p = 0; p < k; p++) {
            s =
              (s +
                Math.imul(
                  av[ab + i * aRow + p * aCol] as number,
                  bv[bb + p * bRow + j * bCol] as number,
                )) |
              0;
          }
        } else {
          for (let p = 0; p < k; p++) {
            s +=
              (av[ab + i * aRow + p * aCol] as number) * (bv[bb + p * bRow + j * bCol] as number);
          }
        }
        o[(t * m + i) * n + j] = s;
      }
    }
  }
}

/** The values of an operand as matMul reads them (half types decoded). */
function operandValues(x: NDArray): ArrayLike<number | bigint> {
  return elementKind(x.dtype) === 'float' ? floatValues(x) : (x.data as ArrayLike<number | bigint>);
}

/** Computes into a fresh array of `outType` (halves go through float32 storage). */
function product(
  x: NDArray,
  y: NDArray,
  adjX: boolean,
  adjY: boolean,
  m: number,
  k: number,
  n: number,
  batchShape: readonly number[],
  aAt: ArrayLike<number>,
  bAt: ArrayLike<number>,
  outType: DType,
): NDArray {
  const shape = [...batchShape, m, n];
  const conj = COMPLEX.includes(outType as (typeof COMPLEX)[number]);
  const a: Operand = { values: operandValues(x), transpose: adjX, conjugate: adjX && conj };
  const b: Operand = { values: operandValues(y), transpose: adjY, conjugate: adjY && conj };
  if (elementKind(outType) === 'float') {
    const scratch = floatScratch(outType, sizeOf(shape));
    matMul(a, b, m, k, n, aAt, bAt, outType, scratch);
    return fromFloatValues(outType, shape, scratch);
  }
  const out = newArray(outType, shape);
  matMul(a, b, m, k, n, aAt, bAt, outType, out.data as NumberArray);
  return out;
}

const same = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/** MatMul: rank-2 operands, optionally transposed (no conjugation, as in TF). */
export const matMulCpu = defineKernel(ops.MatMul, {
  deviceType: 'CPU',
  typeConstraints: {
    T: ['float16', 'bfloat16', 'float32', 'float64', 'int32', 'int64', ...COMPLEX],
  },
  create: ({ attrs, outputDTypes }) => {
    const ta = attrs.transpose_a;
    const tb = attrs.transpose_b;
    const outType = outputDTypes[0] as DType;
    return (ctx) => {
      const x = inputArray(ctx, 0);
      const y = inputArray(ctx, 1);
      if (x.shape.length !== y.shape.length) {
        throw new InvalidArgumentError(
          null,
          null,
          `In[0] and In[1] has different ndims: ${shapeString(x.shape)} vs. ${shapeString(y.shape)}`,
        );
      }
      if (x.shape.length !== 2) {
        throw new InvalidArgumentError(
          null,
          null,
          `In[0] and In[1] ndims must be == 2: ${x.shape.length}`,
        );
      }
      const [r0, c0] = x.shape as [number, number];
      const [r1, c1] = y.shape as [number, number];
      const m = ta ? c0 : r0;
      const k = ta ? r0 : c0;
      const n = tb ? r1 : c1;
      if (k !== (tb ? c1 : r1)) {
        throw new InvalidArgumentError(
          null,
          null,
          `Matrix size-incompatible: In[0]: ${shapeString(x.shape)}, In[1]: ${shapeString(y.shape)}`,
        );
      }
      const wasm = outType === 'float32' ? wasmOf(ctx) : null;
      if (wasm !== null) {
        const one = [0];
        const f32 = (a: NDArray) => a.data as Float32Array;
        // Written into the step's own output tensor, so a following BiasAdd/Relu can reuse it.
        const into = f32(ctx.allocateOutput(0, [m, n]).handle as NDArray);
        matMulF32(wasm.rt, f32(x), f32(y), m, k, n, ta, tb, one, one, wasm.threads, into);
        return;
      }
      // Plain transposes here: a complex MatMul does not conjugate.
      const a: Operand = { values: operandValues(x), transpose: ta, conjugate: false };
      const b: Operand = { values: operandValues(y), transpose: tb, conjugate: false };
      const one = [0];
      if (isDirectFloat(outType)) {
        const into = (ctx.allocateOutput(0, [m, n]).handle as NDArray).data as FloatArray;
        matMul(a, b, m, k, n, one, one, outType, into);
        return;
      }
      if (elementKind(outType) === 'float') {
        const scratch = floatScratch(outType, m * n);
        matMul(a, b, m, k, n, one, one, outType, scratch);
        setOutputArray(ctx, 0, fromFloatValues(outType, [m, n], scratch));
        return;
      }
      const out = newArray(outType, [m, n]);
      matMul(a, b, m, k, n, one, one, outType, out.data as NumberArray);
      setOutputArray(ctx, 0, out);
    };
  },
});

/**
 * BatchMatMul (v1: equal batch dims), V2 (batch dims broadcast) and V3 (V2 with its own
 * operand and output dtypes); adj_x/adj_y take the conjugate transpose.
 */
function batchMatMulKernel(
  op: OpDefinition,
  version: 1 | 2 | 3,
  constraints: Readonly<Record<string, readonly DType[]>>,
): KernelDef {
  return defineKernel(op, {
    deviceType: 'CPU',
    typeConstraints: constraints,
    create: ({ attrs, outputDTypes }) => {
      const { adj_x: adjX, adj_y: adjY } = attrs as { adj_x: boolean; adj_y: boolean };
      const outType = outputDTypes[0] as DType;
      return (ctx) => {
        const x = inputArray(ctx, 0);
        const y = inputArray(ctx, 1);
        const rx = x.shape.length;
        const ry = y.shape.length;
        let batchShape: number[];
        if (version === 1) {
          if (rx !== ry) {
            throw new InvalidArgumentError(
              null,
              null,
              `In[0] and In[1] has different ndims: ${shapeString(x.shape)} vs. ${shapeString(y.shape)}`,
            );
          }
          if (rx < 2) {
            throw new InvalidArgumentError(null, null, `In[0] and In[1] ndims must be >= 2: ${rx}`);
          }
          for (let i = 0; i < rx - 2; i++) {
            if (x.shape[i] !== y.shape[i]) {
              throw new InvalidArgumentError(
                null,
                null,
                `In[0].dim(${i}) and In[1].dim(${i}) must be the same: ${shapeString(x.shape)} vs ${shapeString(y.shape)}`,
              );
            }
          }
          batchShape = x.shape.slice(0, -2);
        } else {
          if (rx < 2) throw new InvalidArgumentError(null, null, `In[0] ndims must be >= 2: ${rx}`);
          if (ry < 2) throw new InvalidArgumentError(null, null, `In[1] ndims must be >= 2: ${ry}`);
          const b = tryBroadcastShape(x.shape.slice(0, -2), y.shape.slice(0, -2));
          if (b === null) {
            throw new InvalidArgumentError(
              null,
              null,
              `In[0] and In[1] must have compatible batch dimensions: ${shapeString(x.shape)} vs. ${shapeString(y.shape)}`,
            );
          }
          batchShape = b;
        }
        const [r0, c0] = x.shape.slice(-2) as [number, number];
        const [r1, c1] = y.shape.slice(-2) as [number, number];
        const m = adjX ? c0 : r0;
        const k = adjX ? r0 : c0;
        const n = adjY ? r1 : c1;
        if (k !== (adjY ? c1 : r1)) {
          throw new InvalidArgumentError(
            null,
            null,
            `Matrix size-incompatible: In[0]: ${shapeString(x.shape)}, In[1]: ${shapeString(y.shape)}`,
          );
        }
        const xBatch = x.shape.slice(0, -2);
        const yBatch = y.shape.slice(0, -2);
        const count = sizeOf(batchShape);
        const identity = Int32Array.from({ length: count }, (_, i) => i);
        const aAt = same(xBatch, batchShape) ? identity : broadcastIndex(xBatch, batchShape);
        const bAt = same(yBatch, batchShape) ? identity : broadcastIndex(yBatch, batchShape);
        const wasm =
          outType === 'float32' && x.dtype === 'float32' && y.dtype === 'float32'
            ? wasmOf(ctx)
            : null;
        if (wasm !== null) {
          const f32 = (a: NDArray) => a.data as Float32Array;
          const into = f32(ctx.allocateOutput(0, [...batchShape, m, n]).handle as NDArray);
          matMulF32(wasm.rt, f32(x), f32(y), m, k, n, adjX, adjY, aAt, bAt, wasm.threads, into);
          return;
        }
        setOutputArray(ctx, 0, product(x, y, adjX, adjY, m, k, n, batchShape, aAt, bAt, outType));
      };
    },
  });
}

const BMM_TYPES: readonly DType[] = [
  'float16',
  'bfloat16',
  'float32',
  'float64',
  'int32',
  'int64',
  ...COMPLEX,
];

export const MATMUL_KERNELS: readonly KernelDef[] = [
  matMulCpu,
  batchMatMulKernel(ops.BatchMatMul, 1, { T: BMM_TYPES }),
  batchMatMulKernel(ops.BatchMatMulV2, 2, { T: [...BMM_TYPES, 'int16'] }),
  // TF pairs: equal types, int8/uint8 operands with an int32 output, and int8/uint8 mixed
  // with bfloat16 into bfloat16.
  ...(
    [
      ...(['bfloat16', 'float32', 'float64', 'int16', 'int32', 'int64', ...COMPLEX] as const).map(
        (t) => [t, t, t] as const,
      ),
      ['int8', 'int8', 'int32'],
      ['int8', 'uint8', 'int32'],
      ['uint8', 'int8', 'int32'],
      ['uint8', 'uint8', 'int32'],
      ['int8', 'bfloat16', 'bfloat16'],
      ['uint8', 'bfloat16', 'bfloat16'],
      ['bfloat16', 'int8', 'bfloat16'],
      ['bfloat16', 'uint8', 'bfloat16'],
    ] as const
  ).map(([ta, tb, tout]) =>
    batchMatMulKernel(ops.BatchMatMulV3, 3, { Ta: [ta], Tb: [tb], Tout: [tout] }),
  ),
];
