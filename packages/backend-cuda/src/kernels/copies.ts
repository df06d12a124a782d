import {
  defineKernel,
  ops,
  type DType,
  type DeviceTensor,
  type KernelContext,
  type KernelDef,
} from '@tensorgraph/core';
import { ALL_DEVICE, INDEX_TYPES, dtypeSize } from '../dtypes.js';
import { coalesce, intValues, invalidArgument, shapeString, sizeOf, stridesOf } from '../shapes.js';
import { addr, checkRank, input, inputList, launch } from './helpers.js';

/** Enqueues a strided copy after merging contiguous dims. */
export function copyRegion(
  ctx: KernelContext,
  elemSize: number,
  input: DeviceTensor,
  inBase: number,
  inStrides: readonly number[],
  out: DeviceTensor,
  outBase: number,
  outStrides: readonly number[],
  region: readonly number[],
): void {
  if (sizeOf(region) === 0) return;
  const plan = coalesce(region, [inStrides, outStrides]);
  checkRank(ctx, plan.shape.length);
  launch(ctx, (a, id) =>
    a.stridedCopy(
      id,
      elemSize,
      addr(input),
      inBase,
      plan.strides[0] as number[],
      addr(out),
      outBase,
      plan.strides[1] as number[],
      plan.shape,
    ),
  );
}

function elem(ctx: KernelContext, dtype: DType): number {
  return dtypeSize(dtype, ctx.device.attributes.name);
}

const transposeGpu = defineKernel(ops.Transpose, {
  deviceType: 'GPU',
  typeConstraints: { T: ALL_DEVICE, Tperm: INDEX_TYPES },
  hostMemory: ['perm'],
  create: () => (ctx) => {
    const x = input(ctx, 0);
    const permArg = ctx.hostInput(1);
    if (permArg.rank !== 1) {
      throw invalidArgument(`perm must be rank 1, got shape ${shapeString(permArg.shape)}`);
    }
    const rank = x.shape.length;
    const perm = intValues(permArg).map((p) => (p < 0 ? p + rank : p));
    if (perm.length !== rank) {
      throw invalidArgument(
        `transpose expects a vector of size ${rank}. But input(1) is a vector of size ${perm.length}`,
      );
    }
    const seen = new Set<number>();
    for (const p of perm) {
      if (p < 0 || p >= rank || seen.has(p)) {
        throw invalidArgument(`${p} is out of range [0 .. ${rank}) or repeated in perm`);
      }
      seen.add(p);
    }
    const inS = stridesOf(x.shape);
    const outShape = perm.map((p) => x.shape[p] as number);
    const y = ctx.allocateOutput(0, outShape);
    copyRegion(
      ctx,
      elem(ctx, x.dtype),
      x,
      0,
      perm.map((p) => inS[p] as number),
      y,
      0,
      stridesOf(outShape),
      outShape,
    );
  },
});

const concatV2Gpu = defineKernel(ops.ConcatV2, {
  deviceType: 'GPU',
  typeConstraints: { T: ALL_DEVICE, Tidx: INDEX_TYPES },
  hostMemory: ['axis'],
  create: () => (ctx) => {
    const values = inputList(ctx, 'values');
    const first = values[0] as DeviceTensor;
    const rank = first.shape.length;
    const axisArg = ctx.hostInput(ctx.numInputs - 1);
    if (axisArg.rank > 1 || axisArg.size !== 1) {
      throw invalidArgument(
        `axis tensor should be a scalar integer, but got shape ${shapeString(axisArg.shape)}`,
      );
    }
    let axis = intValues(axisArg)[0] as number;
    if (axis < -rank || axis >= rank) {
      throw invalidArgument(
        `ConcatOp : Expected concatenating dimensions in the range [${-rank}, ${rank}), but got ${axis}`,
      );
    }
    if (axis < 0) axis += rank;
    let total = 0;
    values.forEach((v, i) => {
      if (v.shape.length !== rank) {
        throw invalidArgument(
          `ConcatOp : Ranks of all input tensors should match: shape[0] = ${shapeString(first.shape)} vs. shape[${i}] = ${shapeString(v.shape)}`,
        );
      }
      v.shape.forEach((d, k) => {
        if (k !== axis && d !== first.shape[k]) {
          throw invalidArgument(
            `ConcatOp : Dimension ${k} in both shapes must be equal: shape[0] = ${shapeString(first.shape)} vs. shape[${i}] = ${shapeString(v.shape)}`,
          );
        }
      });
      total += v.shape[axis] as number;
    });
    const outShape = first.shape.map((d, k) => (k === axis ? total : d));
    const y = ctx.allocateOutput(0, outShape);
    const outS = stridesOf(outShape);
    let offset = 0;
    for (const v of values) {
      copyRegion(
        ctx,
        elem(ctx, v.dtype),
        v,
        0,
        stridesOf(v.shape),
        y,
        offset * (outS[axis] as number),
        outS,
        v.shape,
      );
      offset += v.shape[axis] as number;
    }
  },
});

const sliceGpu = defineKernel(ops.Slice, {
  deviceType: 'GPU',
  typeConstraints: { T: ALL_DEVICE, Index: INDEX_TYPES },
  hostMemory: ['begin', 'size'],
  create: () => (ctx) => {
    const x = input(ctx, 0);
    const beginArg = ctx.hostInput(1);
    const sizeArg = ctx.hostInput(2);
    const rank = x.shape.length;
    if (
      beginArg.rank !== 1 ||
      sizeArg.rank !== 1 ||
      beginArg.size !== rank ||
      sizeArg.size !== rank
    ) {
      throw invalidArgument(
        `Expected begin and size arguments to be 1-D tensors of size ${rank}, but got shapes ${shapeString(beginArg.shape)} and ${shapeString(sizeArg.shape)} instead.`,
      );
    }
    const begin = intValues(beginArg);
    const size = intValues(sizeArg).map((s, d) =>
      s === -1 ? (x.shape[d] as number) - (begin[d] as number) : s,
    );
    size.forEach((s, d) => {
      const b = begin[d] as number;
      const dim = x.shape[d] as number;
      if (b < 0 || b > dim) {
        throw invalidArgument(`Expected begin[${d}] in [0, ${dim}], but got ${b}`);
      }
      if (s < 0 || b + s > dim) {
        throw invalidArgument(`Expected size[${d}] in [0, ${dim - b}], but got ${s}`);
      }
    });
    const y = ctx.allocateOutput(0, size);
    const inS = stridesOf(x.shape);
    const base = begin.reduce((acc, b, d) => acc + b * (inS[d] as number), 0);
    copyRegion(ctx, elem(ctx, x.dtype), x, base, inS, y, 0, stridesOf(size), size);
  },
});

interface StridedAttrs {
  readonly begin_mask: number;
  readonly end_mask: number;
  readonly ellipsis_mask: number;
  readonly new_axis_mask: number;
  readonly shrink_axis_mask: number;
}

/** TF's StridedSlice spec resolved against a shape: per real dim begin/stride/size, final shape. */
export function resolveStridedSlice(
  shape: readonly number[],
  begin: readonly number[],
  end: readonly number[],
  strides: readonly number[],
  m: StridedAttrs,
): { begins: number[]; steps: number[]; sizes: number[]; finalShape: number[] } {
  const rank = shape.length;
  const sparse = begin.length;
  const bit = (mask: number, i: number) => ((mask >> i) & 1) === 1;
  let real = 0;
  let ellipses = 0;
  for (let i = 0; i < sparse; i++) {
    if (bit(m.ellipsis_mask, i)) ellipses++;
    else if (!bit(m.new_axis_mask, i)) real++;
  }
  if (ellipses > 1) throw invalidArgument('Multiple ellipses in slice spec not allowed');
  const begins: number[] = [];
  const steps: number[] = [];
  const sizes: number[] = [];
  const finalShape: number[] = [];
  let d = 0;
  const full = () => {
    begins.push(0);
    steps.push(1);
    sizes.push(shape[d] as number);
    finalShape.push(shape[d] as number);
    d++;
  };
  let sawEllipsis = false;
  for (let i = 0; i < sparse; i++) {
    if (bit(m.ellipsis_mask, i)) {
      if (sawEllipsis) continue;
      sawEllipsis = true;
      const fill = rank - real;
      for (let k = 0; k < fill; k++) full();
      continue;
    }
    if (bit(m.new_axis_mask, i)) {
      finalShape.push(1);
      continue;
    }
    if (d >= rank) {
      throw invalidArgument(`Index out of range using input dim ${d}; input has only ${rank} dims`);
    }
    const dim = shape[d] as number;
    const s = strides[i] as number;
    if (s === 0) throw invalidArgument(`strides[${i}] must be non-zero`);
    if (bit(m.shrink_axis_mask, i)) {
      let b = begin[i] as number;
      if (b < 0) b += dim;
      if (b < 0 || b >= dim) {
        throw invalidArgument(`slice index ${begin[i]} of dimension ${d} out of bounds.`);
      }
      begins.push(b);
      steps.push(1);
      sizes.push(1);
      d++;
      continue;
    }
    const [lo, hi] = s > 0 ? [0, dim] : [-1, dim - 1];
    const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + dim : v, lo), hi);
    const b = bit(m.begin_mask, i) ? (s > 0 ? 0 : dim - 1) : clamp(begin[i] as number);
    const e = bit(m.end_mask, i) ? (s > 0 ? dim : -1) : clamp(end[i] as number);
    const size = s > 0 ? Math.max(0, Math.ceil((e - b) / s)) : Math.max(0, Math.ceil((b - e) / -s));
    begins.push(b);
    steps.push(s);
    sizes.push(size);
    finalShape.push(size);
    d++;
  }
  while (d < rank) full();
  return { begins, steps, sizes, finalShape };
}

const stridedSliceGpu = defineKernel(ops.StridedSlice, {
  deviceType: 'GPU',
  typeConstraints: { T: ALL_DEVICE, Index: INDEX_TYPES },
  hostMemory: ['begin', 'end', 'strides'],
  create:
    ({ attrs }) =>
    (ctx) => {
      const x = input(ctx, 0);
      const [b, e, s] = [1, 2, 3].map((i) => ctx.hostInput(i));
      if (b === undefined || e === undefined || s === undefined) return;
      if (b.rank !== 1 || e.rank !== 1 || s.rank !== 1 || b.size !== e.size || b.size !== s.size) {
        throw invalidArgument(
          `Expected begin, end, and strides to be 1D equal size tensors, but got shapes ${shapeString(b.shape)}, ${shapeString(e.shape)}, and ${shapeString(s.shape)} instead.`,
        );
      }
      const spec = resolveStridedSlice(x.shape, intValues(b), intValues(e), intValues(s), attrs);
      const y = ctx.allocateOutput(0, spec.finalShape);
      const inS = stridesOf(x.shape);
      const base = spec.begins.reduce((acc, v, d) => acc + v * (inS[d] as number), 0);
      const steps = spec.steps.map((st, d) => st * (inS[d] as number));
      copyRegion(ctx, elem(ctx, x.dtype), x, base, steps, y, 0, stridesOf(spec.sizes), spec.sizes);
    },
});

function padKernel(op: typeof ops.Pad | typeof ops.PadV2): KernelDef {
  const v2 = op === ops.PadV2;
  return defineKernel(op, {
    deviceType: 'GPU',
    typeConstraints: { T: ALL_DEVICE, Tpaddings: INDEX_TYPES },
    hostMemory: v2 ? ['paddings', 'constant_values'] : ['paddings'],
    create: () => (ctx) => {
      const x = input(ctx, 0);
      const padArg = ctx.hostInput(1);
      const rank = x.shape.length;
      if (padArg.rank !== 2 || padArg.shape[0] !== rank || padArg.shape[1] !== 2) {
        throw invalidArgument(
          `The first dimension of paddings must be the rank of inputs${shapeString(padArg.shape)} ${shapeString(x.shape)}`,
        );
      }
      const pads = intValues(padArg);
      if (pads.some((p) => p < 0)) throw invalidArgument('Paddings must be non-negative');
      const outShape = x.shape.map(
        (d, i) => d + (pads[2 * i] as number) + (pads[2 * i + 1] as number),
      );
      const y = ctx.allocateOutput(0, outShape);
      const es = elem(ctx, x.dtype);
      const n = sizeOf(outShape);
      if (n === 0) return;
      let bits = 0n;
      if (v2) {
        const c = ctx.hostInput(2);
        if (c.rank !== 0) {
          throw invalidArgument(`constant_values must be a scalar. Found: ${shapeString(c.shape)}`);
        }
        const view = new DataView(new ArrayBuffer(8));
        const v = (c.data as ArrayLike<number | bigint>)[0] ?? 0;
        if (x.dtype === 'float32') view.setFloat32(0, Number(v), true);
        else if (x.dtype === 'int64') view.setBigInt64(0, BigInt(v), true);
        else if (x.dtype === 'bool') view.setUint8(0, Number(v) ? 1 : 0);
        else view.setInt32(0, Number(v), true);
        bits = view.getBigUint64(0, true);
      }
      launch(ctx, (a, id) => a.fill(id, es, addr(y), n, bits));
      const outS = stridesOf(outShape);
      const base = x.shape.reduce(
        (acc, _, d) => acc + (pads[2 * d] as number) * (outS[d] as number),
        0,
      );
      copyRegion(ctx, es, x, 0, stridesOf(x.shape), y, base, outS, x.shape);
    },
  });
}

/** GatherV2 (with batch_dims); out-of-range indices give zeros, as TF's GPU kernel does. */
const gatherV2Gpu = defineKernel(ops.GatherV2, {
  deviceType: 'GPU',
  typeConstraints: { Tparams: ALL_DEVICE, Tindices: INDEX_TYPES, Taxis: INDEX_TYPES },
  hostMemory: ['axis'],
  create:
    ({ attrs }) =>
    (ctx) => {
      const params = input(ctx, 0);
      const indices = input(ctx, 1);
      const axisArg = ctx.hostInput(2);
      if (axisArg.rank !== 0) throw invalidArgument('axis must be scalar');
      const rank = params.shape.length;
      const irank = indices.shape.length;
      let axis = intValues(axisArg)[0] as number;
      if (axis < -rank || axis >= rank) {
        throw invalidArgument(`Expected axis in the range [${-rank}, ${rank}), but got ${axis}`);
      }
      if (axis < 0) axis += rank;
      let batchDims = attrs.batch_dims;
      if (batchDims < -irank || batchDims > irank) {
        throw invalidArgument(
          `Expected batch_dims in the range [${-irank}, ${irank}], but got ${batchDims}`,
        );
      }
      if (batchDims < 0) batchDims += irank;
      if (batchDims >= rank) {
        throw invalidArgument(
          `batch_dims (${batchDims}) must be less than rank(params) (${rank}).`,
        );
      }
      if (axis < batchDims) {
        throw invalidArgument(
          `batch_dims (${batchDims}) must be less than or equal to axis (${axis}).`,
        );
      }
      for (let d = 0; d < batchDims; d++) {
        if (params.shape[d] !== indices.shape[d]) {
          throw invalidArgument(
            `params.shape[${d}]: ${params.shape[d]} should be equal to indices.shape[${d}]: ${indices.shape[d]}`,
          );
        }
      }
      const batch = sizeOf(params.shape.slice(0, batchDims));
      const outer = sizeOf(params.shape.slice(batchDims, axis));
      const inner = sizeOf(params.shape.slice(axis + 1));
      const n = sizeOf(indices.shape.slice(batchDims));
      const outShape = [
        ...params.shape.slice(0, axis),
        ...indices.shape.slice(batchDims),
        ...params.shape.slice(axis + 1),
      ];
      const y = ctx.allocateOutput(0, outShape);
      if (sizeOf(outShape) === 0) return;
      launch(ctx, (a, id) =>
        a.gather(
          id,
          elem(ctx, params.dtype),
          addr(params),
          addr(indices),
          indices.dtype === 'int64',
          addr(y),
          batch,
          outer,
          params.shape[axis] as number,
          n,
          inner,
        ),
      );
    },
});

export const COPY_KERNELS: readonly KernelDef[] = [
  transposeGpu,
  concatV2Gpu,
  sliceGpu,
  stridedSliceGpu,
  padKernel(ops.Pad),
  padKernel(ops.PadV2),
  gatherV2Gpu,
];
