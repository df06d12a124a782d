import {
  defineKernel,
  ops,
  tryBroadcastShape,
  type DType,
  type DeviceTensor,
  type KernelContext,
  type KernelDef,
} from '@tensorgraph/core';
import { bindings, gpuInput, invalid, runProgram, shapeString, stridesOf } from './program.js';

const TILE = 32;

/**
 * Batched [m,k] x [k,n] products, tiled: a workgroup of 8x8 threads computes a 32x32 block
 * of the output, each thread 4x4, staging 32x32 tiles of both operands in workgroup memory.
 * Batch b reads its operands at the offsets the broadcast batch shapes give.
 */
function matmulCode(
  dtype: DType,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  outBatch: readonly number[],
  aBatch: readonly number[],
  bBatch: readonly number[],
): string {
  const t = dtype === 'int32' ? 'i32' : 'f32';
  const zero = t === 'i32' ? '0' : '0.0';
  const batchStr = stridesOf(outBatch);
  const off = (shape: readonly number[], matrix: number) => {
    const own = stridesOf(shape);
    const shift = outBatch.length - shape.length;
    const terms = outBatch.flatMap((_, i) => {
      const d = shape[i - shift];
      if (i < shift || d === 1 || d === undefined) return [];
      return [
        `((batch / ${batchStr[i]}u) % ${outBatch[i]}u) * ${(own[i - shift] as number) * matrix}u`,
      ];
    });
    return terms.length === 0 ? '0u' : terms.join(' + ');
  };
  // Element (row r, col c) of op(A) and op(B).
  const aAt = transA ? `aOff + c * ${m}u + r` : `aOff + r * ${k}u + c`;
  const bAt = transB ? `bOff + c * ${k}u + r` : `bOff + r * ${n}u + c`;
  return `${bindings([dtype, dtype], [dtype])}
fn loadA(aOff: u32, r: u32, c: u32) -> ${t} { return in0[${aAt}]; }
fn loadB(bOff: u32, r: u32, c: u32) -> ${t} { return in1[${bAt}]; }
var<workgroup> tA: array<array<${t}, ${TILE}>, ${TILE}>;
var<workgroup> tB: array<array<${t}, ${TILE}>, ${TILE}>;
@compute @workgroup_size(8, 8, 1)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let batch = wid.z;
  let aOff = ${off(aBatch, m * k)};
  let bOff = ${off(bBatch, k * n)};
  let row0 = wid.y * ${TILE}u;
  let col0 = wid.x * ${TILE}u;
${unrolled(t, zero, m, n, k)}`;
}

/** The tile loop with 4x4 accumulators unrolled into scalars (no dynamically indexed arrays). */
function unrolled(t: string, zero: string, m: number, n: number, k: number): string {
  const ij = [0, 1, 2, 3].flatMap((i) => [0, 1, 2, 3].map((j) => [i, j] as const));
  return `${ij.map(([i, j]) => `  var acc${i}${j}: ${t} = ${zero};`).join('\n')}
  let tid = lid.y * 8u + lid.x;
  for (var k0 = 0u; k0 < ${k}u; k0 += ${TILE}u) {
    for (var e = tid; e < ${TILE * TILE}u; e += 64u) {
      let er = e / ${TILE}u;
      let ec = e % ${TILE}u;
      var va = ${zero};
      if (row0 + er < ${m}u && k0 + ec < ${k}u) { va = loadA(aOff, row0 + er, k0 + ec); }
      tA[er][ec] = va;
      var vb = ${zero};
      if (k0 + er < ${k}u && col0 + ec < ${n}u) { vb = loadB(bOff, k0 + er, col0 + ec); }
      tB[er][ec] = vb;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < ${TILE}u; kk++) {
${[0, 1, 2, 3].map((j) => `      let b${j} = tB[kk][lid.x + ${j * 8}u];`).join('\n')}
${[0, 1, 2, 3].map((i) => `      let a${i} = tA[lid.y + ${i * 8}u][kk];`).join('\n')}
${ij.map(([i, j]) => `      acc${i}${j} = acc${i}${j} + a${i} * b${j};`).join('\n')}
    }
    workgroupBarrier();
  }
${ij
  .map(
    ([i, j]) =>
      `  if (row0 + lid.y + ${i * 8}u < ${m}u && col0 + lid.x + ${j * 8}u < ${n}u) { out0[batch * ${m * n}u + (row0 + lid.y + ${i * 8}u) * ${n}u + col0 + lid.x + ${j * 8}u] = acc${i}${j}; }`,
  )
  .join('\n')}
}`;
}

/** Encodes a batched matmul (used by MatMul, BatchMatMulV2 and Conv2D's 1x1 path). */
export function encodeMatMul(
  ctx: KernelContext,
  a: DeviceTensor,
  b: DeviceTensor,
  out: DeviceTensor,
  dims: { m: number; n: number; k: number; transA: boolean; transB: boolean },
  batch: { out: readonly number[]; a: readonly number[]; b: readonly number[] } = {
    out: [],
    a: [],
    b: [],
  },
): void | Promise<void> {
  const { m, n, k, transA, transB } = dims;
  const batches = batch.out.reduce((x, y) => x * y, 1);
  if (m * n * batches === 0) return;
  if (k === 0) {
    // An empty sum: zeros.
    return runProgram(
      ctx,
      `${bindings([], [out.dtype])}\n@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) { if (g.x < ${m * n * batches}u) { out0[g.x] = ${out.dtype === 'int32' ? '0' : '0.0'}; } }`,
      [],
      [out],
      [Math.ceil((m * n * batches) / 64), 1, 1],
    );
  }
  const code = matmulCode(out.dtype, m, n, k, transA, transB, batch.out, batch.a, batch.b);
  return runProgram(ctx, code, [a, b], [out], [Math.ceil(n / TILE), Math.ceil(m / TILE), batches]);
}

const matMul = defineKernel(ops.MatMul, {
  deviceType: 'WEBGPU',
  typeConstraints: { T: ['float32', 'int32'] },
  create:
    ({ attrs }) =>
    (ctx) => {
      const a = gpuInput(ctx, 0);
      const b = gpuInput(ctx, 1);
      if (a.shape.length !== b.shape.length) {
        throw invalid(
          `In[0] and In[1] has different ndims: ${shapeString(a.shape)} vs. ${shapeString(b.shape)}`,
        );
      }
      if (a.shape.length !== 2)
        throw invalid(`In[0] and In[1] ndims must be == 2: ${a.shape.length}`);
      const [ar, ac] = a.shape as [number, number];
      const [br, bc] = b.shape as [number, number];
      const m = attrs.transpose_a ? ac : ar;
      const k = attrs.transpose_a ? ar : ac;
      const k2 = attrs.transpose_b ? bc : br;
      const n = attrs.transpose_b ? br : bc;
      if (k !== k2) {
        throw invalid(
          `Matrix size-incompatible: In[0]: ${shapeString(a.shape)}, In[1]: ${shapeString(b.shape)}`,
        );
      }
      const out = ctx.allocateOutput(0, [m, n]);
      return encodeMatMul(ctx, a, b, out, {
        m,
        n,
        k,
        transA: attrs.transpose_a,
        transB: attrs.transpose_b,
      });
    },
});

const batchMatMulV2 = defineKernel(ops.BatchMatMulV2, {
  deviceType: 'WEBGPU',
  typeConstraints: { T: ['float32', 'int32'] },
  create:
    ({ attrs }) =>
    (ctx) => {
      const a = gpuInput(ctx, 0);
      const b = gpuInput(ctx, 1);
      if (a.shape.length < 2) throw invalid(`In[0] ndims must be >= 2: ${a.shape.length}`);
      if (b.shape.length < 2) throw invalid(`In[1] ndims must be >= 2: ${b.shape.length}`);
      const aBatch = a.shape.slice(0, -2);
      const bBatch = b.shape.slice(0, -2);
      const outBatch = tryBroadcastShape(aBatch, bBatch);
      if (outBatch === null) {
        throw invalid(
          `In[0] and In[1] must have compatible batch dimensions: ${shapeString(a.shape)} vs. ${shapeString(b.shape)}`,
        );
      }
      const [ar, ac] = a.shape.slice(-2) as [number, number];
      const [br, bc] = b.shape.slice(-2) as [number, number];
      const m = attrs.adj_x ? ac : ar;
      const k = attrs.adj_x ? ar : ac;
      const k2 = attrs.adj_y ? bc : br;
      const n = attrs.adj_y ? br : bc;
      if (k !== k2) {
        throw invalid(
          `Matrix size-incompatible: In[0]: ${shapeString(a.shape)}, In[1]: ${shapeString(b.shape)}`,
        );
      }
      const out = ctx.allocateOutput(0, [...outBatch, m, n]);
      return encodeMatMul(
        ctx,
        a,
        b,
        out,
        { m, n, k, transA: attrs.adj_x, transB: attrs.adj_y },
        { out: outBatch, a: aBatch, b: bBatch },
      );
    },
});

export const MATMUL_KERNELS: readonly KernelDef[] = [
  matMul as KernelDef,
  batchMatMulV2 as KernelDef,
];
