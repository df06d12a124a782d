import { defineKernel, ops, type KernelContext, type KernelDef } from '@tensorgraph/core';
import { F32 } from '../dtypes.js';
import {
  broadcastShape,
  broadcastStrides,
  coalesce,
  invalidArgument,
  shapeString,
} from '../shapes.js';
import type { CudaDevice } from '../cuda-device.js';
import { addr, checkRank, input, launch } from './helpers.js';

/** C = op(A) op(B) over broadcast batch dims; cuBLAS when loaded, else the tiled kernel. */
function matMul(
  ctx: KernelContext,
  transA: boolean,
  transB: boolean,
  batched: 'none' | 'same' | 'broadcast',
): void {
  const a = input(ctx, 0);
  const b = input(ctx, 1);
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (batched === 'none' && (ra !== 2 || rb !== 2)) {
    throw invalidArgument(
      `In[${ra !== 2 ? 0 : 1}] is not a matrix. Instead it has shape ${shapeString(ra !== 2 ? a.shape : b.shape)}`,
    );
  }
  if (ra < 2 || rb < 2) {
    throw invalidArgument(`In[${ra < 2 ? 0 : 1}] ndims must be >= 2: ${ra < 2 ? ra : rb}`);
  }
  const [am, ak] = [a.shape[ra - 2] as number, a.shape[ra - 1] as number];
  const [bk, bn] = [b.shape[rb - 2] as number, b.shape[rb - 1] as number];
  const m = transA ? ak : am;
  const k = transA ? am : ak;
  const kb = transB ? bn : bk;
  const n = transB ? bk : bn;
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  let batch: number[];
  if (batched === 'same') {
    if (aBatch.length !== bBatch.length || aBatch.some((d, i) => d !== bBatch[i])) {
      throw invalidArgument(
        `In[0] and In[1] must have compatible batch dimensions: ${shapeString(a.shape)} vs. ${shapeString(b.shape)}`,
      );
    }
    batch = aBatch;
  } else {
    try {
      batch = broadcastShape(aBatch, bBatch);
    } catch {
      throw invalidArgument(
        `In[0] and In[1] must have compatible batch dimensions: ${shapeString(a.shape)} vs. ${shapeString(b.shape)}`,
      );
    }
  }
  if (k !== kb) {
    throw invalidArgument(
      batched === 'none'
        ? `Matrix size-incompatible: In[0]: ${shapeString(a.shape)}, In[1]: ${shapeString(b.shape)}`
        : `Matrix size-incompatible: In[0]: ${shapeString(a.shape)}, In[1]: ${shapeString(b.shape)}`,
    );
  }
  const out = ctx.allocateOutput(0, [...batch, m, n]);
  const plan = coalesce(batch, [
    broadcastStrides(aBatch, batch).map((s) => s * am * ak),
    broadcastStrides(bBatch, batch).map((s) => s * bk * bn),
  ]);
  checkRank(ctx, plan.shape.length);
  const device = ctx.device as CudaDevice;
  const allowCublas = device.allowCublas;
  launch(ctx, (addon, id) =>
    addon.matmul(
      id,
      addr(a),
      addr(b),
      addr(out),
      {
        m,
        n,
        k,
        transA,
        transB,
        batchShape: plan.shape,
        aBatchStrides: plan.strides[0] as number[],
        bBatchStrides: plan.strides[1] as number[],
      },
      allowCublas,
    ),
  );
}

const matMulGpu = defineKernel(ops.MatMul, {
  deviceType: 'GPU',
  typeConstraints: { T: F32 },
  create:
    ({ attrs }) =>
    (ctx) =>
      matMul(ctx, attrs.transpose_a, attrs.transpose_b, 'none'),
});

const batchMatMulGpu = defineKernel(ops.BatchMatMul, {
  deviceType: 'GPU',
  typeConstraints: { T: F32 },
  create:
    ({ attrs }) =>
    (ctx) =>
      matMul(ctx, attrs.adj_x, attrs.adj_y, 'same'),
});

const batchMatMulV2Gpu = defineKernel(ops.BatchMatMulV2, {
  deviceType: 'GPU',
  typeConstraints: { T: F32 },
  create:
    ({ attrs }) =>
    (ctx) =>
      matMul(ctx, attrs.adj_x, attrs.adj_y, 'broadcast'),
});

const batchMatMulV3Gpu = defineKernel(ops.BatchMatMulV3, {
  deviceType: 'GPU',
  typeConstraints: { Ta: F32, Tb: F32, Tout: F32 },
  create:
    ({ attrs }) =>
    (ctx) =>
      matMul(ctx, attrs.adj_x, attrs.adj_y, 'broadcast'),
});

export const MATMUL_KERNELS: readonly KernelDef[] = [
  matMulGpu,
  batchMatMulGpu,
  batchMatMulV2Gpu,
  batchMatMulV3Gpu,
];
