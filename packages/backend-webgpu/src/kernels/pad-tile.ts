import {
  defineKernel,
  ops,
  type DType,
  type KernelContext,
  type KernelDef,
  type NDArray,
} from '@tensorgraph/core';
import { sizeOf } from '../gpu-storage.js';
import {
  coords,
  f32,
  gpuInput,
  hostValue,
  ints,
  invalid,
  runFlat,
  shapeString,
  stridesOf,
  withHost,
} from './program.js';

const TYPES: DType[] = ['float32', 'int32', 'bool'];

function literal(dtype: DType, v: number): string {
  if (dtype === 'float32') return f32(v);
  if (dtype === 'bool') return v ? '1u' : '0u';
  return `i32(${v | 0})`;
}

function pad(ctx: KernelContext, paddings: NDArray, constant: number): void | Promise<void> {
  const x = gpuInput(ctx, 0);
  const rank = x.shape.length;
  if (paddings.shape.length !== 2 || paddings.shape[1] !== 2) {
    throw invalid(`paddings must be a matrix with 2 columns: ${shapeString(paddings.shape)}`);
  }
  if (paddings.shape[0] !== rank) {
    throw invalid(
      `The first dimension of paddings must be the rank of inputs${shapeString(paddings.shape)} ${shapeString(x.shape)}`,
    );
  }
  const p = ints(paddings);
  for (let i = 0; i < rank; i++) {
    const before = p[2 * i] as number;
    const after = p[2 * i + 1] as number;
    if (before < 0 || after < 0) throw invalid(`Paddings must be non-negative: ${before} ${after}`);
  }
  const outShape = x.shape.map((d, i) => d + (p[2 * i] as number) + (p[2 * i + 1] as number));
  const out = ctx.allocateOutput(0, outShape);
  const n = sizeOf(outShape);
  if (n === 0) return;
  const inside = x.shape
    .map((d, k) => `c${k} >= ${p[2 * k]}u && c${k} < ${(p[2 * k] as number) + d}u`)
    .join(' && ');
  const strides = stridesOf(x.shape);
  const at = x.shape.map((_, k) => `(c${k} - ${p[2 * k]}u) * ${strides[k]}u`).join(' + ') || '0u';
  const body = `${coords(outShape, 'idx', 'c')}
  var v = ${literal(x.dtype, constant)};
  if (${inside || 'true'}) { v = in0[${at}]; }
  out0[idx] = v;`;
  return runFlat(ctx, [x], [out], n, body);
}

const padOp = defineKernel(ops.Pad, {
  deviceType: 'WEBGPU',
  typeConstraints: { T: TYPES },
  hostMemory: ['paddings'],
  create:
    ({ inputDTypes }) =>
    (ctx) =>
      withHost([hostValue(ctx, 1, inputDTypes[1] as DType)], ([p]) => pad(ctx, p as NDArray, 0)),
});

const padV2 = defineKernel(ops.PadV2, {
  deviceType: 'WEBGPU',
  typeConstraints: { T: TYPES },
  hostMemory: ['paddings', 'constant_values'],
  create:
    ({ inputDTypes }) =>
    (ctx) =>
      withHost(
        [hostValue(ctx, 1, inputDTypes[1] as DType), hostValue(ctx, 2, inputDTypes[2] as DType)],
        ([p, c]) => {
          const cv = c as NDArray;
          if (cv.shape.length !== 0)
            throw invalid(`constant_values must be a scalar. Found: ${shapeString(cv.shape)}`);
          return pad(ctx, p as NDArray, Number((cv.data as ArrayLike<number>)[0]));
        },
      ),
});

const tile = defineKernel(ops.Tile, {
  deviceType: 'WEBGPU',
  typeConstraints: { T: TYPES },
  hostMemory: ['multiples'],
  create:
    ({ inputDTypes }) =>
    (ctx) => {
      const x = gpuInput(ctx, 0);
      return withHost([hostValue(ctx, 1, inputDTypes[1] as DType)], ([m]) => {
        const mult = m as NDArray;
        if (mult.shape.length !== 1)
          throw invalid(`Expected multiples to be 1-D, but got shape ${shapeString(mult.shape)}`);
        const rank = x.shape.length;
        if (mult.size !== rank) {
          throw invalid(
            `Expected multiples argument to be a vector of length ${rank} but got length ${mult.size}`,
          );
        }
        const mv = ints(mult);
        mv.forEach((v, i) => {
          if (v < 0) throw invalid(`Expected multiples[${i}] >= 0, but got ${v}`);
        });
        const outShape = x.shape.map((d, i) => d * (mv[i] as number));
        const out = ctx.allocateOutput(0, outShape);
        const n = sizeOf(outShape);
        if (n === 0) return;
        const strides = stridesOf(x.shape);
        const at = x.shape.map((d, k) => `(c${k} % ${d}u) * ${strides[k]}u`).join(' + ') || '0u';
        const body = `${coords(outShape, 'idx', 'c')}\n  out0[idx] = in0[${at}];`;
        return runFlat(ctx, [x], [out], n, body);
      });
    },
});

export const PAD_TILE_KERNELS: readonly KernelDef[] = [
  padOp as KernelDef,
  padV2 as KernelDef,
  tile as KernelDef,
];
