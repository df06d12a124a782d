import { defineKernel, ops, storageOf, type DType, type KernelContext } from '@tensorgraph/core';
import { inputArray } from '../../kernel-helpers.js';
import {
  allocate,
  intValues,
  invalidArgument,
  output,
  shapeString,
  sizeOf,
  sliceDebugString,
  type Slots,
} from './buffers.js';
import { INDEX_16_32_64, INDEX_32_64, NUMBER, REAL } from './dtype-sets.js';
import { extremumReducer, sumReducer, type Reducer } from './element-math.js';
import { fillSlots } from './fill.js';
import { copyRun } from './strided-copy.js';

function unsortedSegment(reducerOf: (dtype: DType) => Reducer) {
  return ({ attrs }: { attrs: { T: DType } }) => {
    const { init, combine } = reducerOf(attrs.T);
    return (ctx: KernelContext) => {
      const data = inputArray(ctx, 0);
      const ids = inputArray(ctx, 1);
      const numArg = inputArray(ctx, 2);
      if (numArg.rank !== 0) {
        throw invalidArgument(
          `num_segments should be a scalar, not shape ${shapeString(numArg.shape)}`,
        );
      }
      if (ids.rank > data.rank || ids.shape.some((d, i) => d !== data.shape[i])) {
        throw invalidArgument(
          `data.shape = ${shapeString(data.shape)} does not start with segment_ids.shape = ${shapeString(ids.shape)}`,
        );
      }
      const rows = intValues(numArg)[0] as number;
      if (rows < 0) {
        throw invalidArgument(`Input num_segments == ${rows} must not be negative.`);
      }
      const shape = [rows, ...data.shape.slice(ids.rank)];
      const out = allocate(data.dtype, shape) as Slots;
      const slots = storageOf(data.dtype).slotsPerElement;
      if (out.length === 0) {
        output(ctx, 0, data.dtype, shape, out);
        return;
      }
      fillSlots(out, init, slots);
      const inner = sizeOf(shape.slice(1));
      const seg = intValues(ids);
      const src = data.data as Slots;
      if (data.size > 0) {
        seg.forEach((j, i) => {
          if (j < 0) return; // negative ids are dropped
          if (j >= rows) {
            throw invalidArgument(
              `segment_ids${sliceDebugString(ids.shape, i)} = ${j} is out of range [0, ${rows})`,
            );
          }
          for (let e = 0; e < inner; e++) combine(out, j * inner + e, src, i * inner + e);
        });
      }
      output(ctx, 0, data.dtype, shape, out);
    };
  };
}

export const unsortedSegmentSumCpu = defineKernel(ops.UnsortedSegmentSum, {
  deviceType: 'CPU',
  typeConstraints: { T: NUMBER, Tindices: INDEX_16_32_64, Tnumsegments: INDEX_32_64 },
  create: unsortedSegment(sumReducer),
});

export const unsortedSegmentMaxCpu = defineKernel(ops.UnsortedSegmentMax, {
  deviceType: 'CPU',
  typeConstraints: { T: REAL, Tindices: INDEX_16_32_64, Tnumsegments: INDEX_32_64 },
  create: unsortedSegment((t) => extremumReducer(t, true)),
});

export const unsortedSegmentMinCpu = defineKernel(ops.UnsortedSegmentMin, {
  deviceType: 'CPU',
  typeConstraints: { T: REAL, Tindices: INDEX_16_32_64, Tnumsegments: INDEX_32_64 },
  create: unsortedSegment((t) => extremumReducer(t, false)),
});

/** SegmentSum: sorted ids; rows between used ids are zero. */
export const segmentSumCpu = defineKernel(ops.SegmentSum, {
  deviceType: 'CPU',
  typeConstraints: { T: NUMBER, Tindices: INDEX_32_64 },
  create: ({ attrs }) => {
    const { combine } = sumReducer(attrs.T);
    return (ctx) => {
      const data = inputArray(ctx, 0);
      const ids = inputArray(ctx, 1);
      if (data.rank < 1) throw invalidArgument('input must be at least rank 1');
      if (ids.rank !== 1) throw invalidArgument('segment_ids should be a vector.');
      const n = ids.size;
      if (n !== data.shape[0]) {
        throw invalidArgument('segment_ids should be the same size as dimension 0 of input.');
      }
      const seg = intValues(ids);
      const rows = n > 0 ? (seg[n - 1] as number) + 1 : 0;
      if (rows < 0) throw invalidArgument('segment ids must be >= 0');
      const shape = [rows, ...data.shape.slice(1)];
      const out = allocate(data.dtype, shape) as Slots;
      if (n > 0 && rows <= 0) throw invalidArgument('segment ids must be >= 0');
      const inner = sizeOf(shape.slice(1));
      const src = data.data as Slots;
      const slots = storageOf(data.dtype).slotsPerElement;
      // Walk runs of equal ids in order, checking order and range as TF does per run.
      let start = 0;
      while (start < n) {
        const id = seg[start] as number;
        let end = start + 1;
        while (end < n && seg[end] === id) end++;
        if (end < n && !(id < (seg[end] as number))) {
          throw invalidArgument('segment ids are not increasing');
        }
        if (id < 0 || id >= rows) {
          throw invalidArgument(
            `Segment id ${id} out of range [0, ${rows}), possibly because 'segment_ids' input is not sorted.`,
          );
        }
        if (end === start + 1) {
          // A one-row segment is copied (so -0 stays -0), as TF does.
          copyRun(out, id * inner * slots, src, start * inner * slots, inner * slots);
        } else {
          for (let i = start; i < end; i++) {
            for (let e = 0; e < inner; e++) combine(out, id * inner + e, src, i * inner + e);
          }
        }
        start = end;
      }
      output(ctx, 0, data.dtype, shape, out);
    };
  },
});
